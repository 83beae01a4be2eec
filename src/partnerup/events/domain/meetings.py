"""Accepted meetings: self-service slots, colleagues joining, held or no-show."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerup.common.activity import log_action
from partnerup.events.domain._locks import _lock
from partnerup.events.domain.errors import EventError
from partnerup.events.models import Meeting, MeetingSeat, Participant, Slot


@transaction.atomic
def pick_slot(meeting: Meeting, slot: Slot, actor) -> Meeting:
    """Put an accepted meeting in a free common slot, at a free table, by the participants.

    Side effects: the meeting gets the slot and the first free table of the slot's venue with
    enough seats (row-locked; the database refuses a double booking that still slips through);
    logs `events.meeting.self_scheduled`.
    """
    from partnerup.events.models import Table

    meeting = (
        Meeting.objects.select_for_update(no_key=True, of=("self",))
        .select_related("event")
        .get(pk=meeting.pk)
    )
    if not meeting.event.self_service:
        raise EventError(_("The organisers schedule the meetings of this event."))
    if meeting.status != Meeting.Status.ACCEPTED or meeting.slot_id:
        raise EventError(_("Only accepted, unscheduled meetings can be given a slot."))
    if slot.event_id != meeting.event_id:
        raise EventError(_("Choose a slot of this event."))
    seats = list(meeting.seats.select_related("participant"))
    _lock(*[seat.participant for seat in seats])
    for seat in seats:
        if (
            seat.participant.unavailable.filter(pk=slot.pk).exists()
            or MeetingSeat.objects.filter(
                participant=seat.participant,
                active=True,
                slot__starts__lt=slot.ends,
                slot__ends__gt=slot.starts,
            ).exists()
        ):
            raise EventError(
                _("%(name)s is not free then.") % {"name": seat.participant.user.get_full_name()}
            )
    busy_tables = (
        Meeting.objects.filter(slot=slot).exclude(status=Meeting.Status.CANCELLED).values("table")
    )
    table = (
        Table.objects.select_for_update(no_key=True, of=("self",))
        .filter(venue=slot.venue_id, seats__gte=len(seats))
        .exclude(pk__in=busy_tables)
        .order_by("seats", "name")
        .first()
    )
    if table is None:
        raise EventError(_("No table is free then."))
    try:
        with transaction.atomic():
            meeting.slot, meeting.table = slot, table
            meeting.status = Meeting.Status.SCHEDULED
            meeting.sequence += 1
            meeting.save(update_fields=["slot", "table", "status", "sequence"])
            MeetingSeat.objects.filter(meeting=meeting).update(slot=slot)
    except IntegrityError:
        raise EventError(_("Someone took that slot a moment ago; choose another.")) from None
    log_action(meeting, "events.meeting.self_scheduled", actor, {"slot": slot.pk})
    return meeting


@transaction.atomic
def join_meeting(meeting: Meeting, colleague: Participant, actor) -> Meeting:
    """Add a colleague to a meeting of their organisation's team.

    Side effects: a seat for the colleague (with the meeting's slot, so the database refuses a
    clash with their other meetings); the meeting's calendar sequence is raised; logs
    `events.meeting.joined`. Refused for someone from outside the two sides' organisations, or
    when the table has no seat left.
    """
    meeting = (
        Meeting.objects.select_for_update(no_key=True, of=("self",))
        .select_related("table")
        .get(pk=meeting.pk)
    )
    if meeting.status == Meeting.Status.CANCELLED:
        raise EventError(_("This meeting was cancelled."))
    # The colleague's row is locked too, so a concurrent change of their participation (or a
    # second join) waits for this one.
    colleague = _lock(colleague)[colleague.pk]
    seats = list(meeting.seats.filter(active=True).select_related("participant"))
    organisations = {seat.participant.organisation_id for seat in seats}
    if colleague.event_id != meeting.event_id or colleague.status != Participant.Status.APPROVED:
        raise EventError(_("Only approved participants of the event can join."))
    if colleague.organisation_id not in organisations:
        raise EventError(_("Only colleagues of the people meeting can join."))
    if any(seat.participant_id == colleague.pk for seat in seats):
        raise EventError(
            _("%(name)s is in this meeting already.") % {"name": colleague.user.get_full_name()}
        )
    if meeting.table is not None and meeting.table.seats < len(seats) + 1:
        raise EventError(_("The table has no seat left."))
    try:
        with transaction.atomic():
            MeetingSeat.objects.update_or_create(
                meeting=meeting,
                participant=colleague,
                defaults={"slot": meeting.slot, "active": True},
            )
    except IntegrityError:
        raise EventError(
            _("%(name)s has another meeting then.") % {"name": colleague.user.get_full_name()}
        ) from None
    meeting.sequence += 1
    meeting.save(update_fields=["sequence"])
    log_action(meeting, "events.meeting.joined", actor, {"participant": colleague.pk})
    return meeting


def has_started(meeting: Meeting, now=None) -> bool:
    """Whether the meeting's slot has begun: before that nobody can say it was held."""
    return meeting.slot is not None and meeting.slot.starts <= (now or timezone.now())


def refuse_before_start(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise EventError(_("This meeting was cancelled."))
    if meeting.slot is None:
        raise EventError(_("This meeting has no time yet, so it cannot have taken place."))
    if not has_started(meeting):
        raise EventError(
            _("This meeting has not started yet; come back after it to record how it went.")
        )


@transaction.atomic
def mark_meeting(meeting: Meeting, held: bool, actor) -> Meeting:
    """Record that a meeting took place, or that someone did not come.

    Side effects: the meeting is `held` or `no_show`; logs `events.meeting.marked`. Refused
    before the meeting's start and for cancelled meetings.
    """
    meeting = (
        Meeting.objects.select_for_update(no_key=True, of=("self",))
        .select_related("slot")
        .get(pk=meeting.pk)
    )
    refuse_before_start(meeting)
    meeting.status = Meeting.Status.HELD if held else Meeting.Status.NO_SHOW
    meeting.save(update_fields=["status"])
    log_action(meeting, "events.meeting.marked", actor, {"status": meeting.status})
    return meeting
