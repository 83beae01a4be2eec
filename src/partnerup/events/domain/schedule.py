"""Scheduling: scheduler runs, moves by hand, publication."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerup.common.activity import log_action
from partnerup.common.dates import event_time
from partnerup.common.mail import send_after_commit
from partnerup.events.domain.errors import EventError
from partnerup.events.domain.schedule_runs import (
    _meeting_state,
    execute_schedule_run,
    queue_schedule_run,
    recover_schedule_runs,
)
from partnerup.events.domain.setup import build_slots
from partnerup.events.models import Event, Meeting, MeetingSeat, Participant, Slot
from partnerup.events.queries.agenda import agenda


@transaction.atomic
def start_schedule_run(event: Event, actor, *, time_limit: int = 30, incremental: bool = False):
    """Queue a scheduler run; it runs after commit on a worker, or without a broker in a thread
    of this process (see `schedule_runs`).

    Side effects: a ScheduleRun with the next version number; logs `events.schedule.started`.
    """
    from django.db.models import Max

    from partnerup.events.models import ScheduleRun

    Event.objects.select_for_update(no_key=True, of=("self",)).get(pk=event.pk)
    build_slots(event)  # the grid reflects the set-up as it is now
    if incremental and not event.schedule_runs.filter(published__isnull=False).exists():
        raise EventError(_("Publish a schedule before fitting changes into it."))
    version = (event.schedule_runs.aggregate(v=Max("version"))["v"] or 0) + 1
    run = ScheduleRun.objects.create(
        event=event,
        version=version,
        time_limit=time_limit,
        incremental=incremental,
        started_by=actor,
        heartbeat=timezone.now(),  # when it was queued, for the recovery check
    )
    log_action(run, "events.schedule.started", actor, {"version": version})
    queue_schedule_run(run.pk)
    return run


@transaction.atomic
def move_meeting(meeting: Meeting, slot: Slot | None, table, actor, *, lock: bool = True):
    """Put a meeting at a slot and table by hand (or take it out), and lock it there so the
    scheduler keeps it.

    Side effects: the meeting's slot, table, status and lock, and its seats' slot; the database
    refuses a double-booked table or participant (answered with a clear message); logs
    `events.meeting.moved`. Participants are told when the schedule is published.
    """
    meeting = Meeting.objects.select_for_update(no_key=True, of=("self",)).get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise EventError(_("This meeting was cancelled."))
    if slot is not None and (table is None or table.venue_id != slot.venue_id):
        raise EventError(_("Choose a table at the slot's venue."))
    if slot is not None and table.seats < meeting.seats.filter(active=True).count():
        raise EventError(_("The table has too few seats."))
    try:
        with transaction.atomic():
            meeting.slot, meeting.table = slot, table if slot else None
            meeting.status = Meeting.Status.SCHEDULED if slot else Meeting.Status.ACCEPTED
            meeting.locked = lock and slot is not None
            meeting.sequence += 1
            meeting.save(update_fields=["slot", "table", "status", "locked", "sequence"])
            meeting.seats.filter(active=True).update(slot=slot)
    except IntegrityError:
        raise EventError(_("That table or one of the participants is taken then.")) from None
    log_action(
        meeting,
        "events.meeting.moved",
        actor,
        {"slot": slot.pk if slot else None, "locked": meeting.locked},
    )
    return meeting


@transaction.atomic
def publish_schedule(run, actor) -> dict[str, int]:
    """Apply a finished run to the meetings and tell everyone whose agenda changed.

    Meetings locked by hand, and meetings changed since the run read the event (moved, given a
    slot by their participants, accepted, joined), keep their place: the run did not plan them.
    When the run would put another meeting on their table or one of their participants at the
    same time, publishing is refused with the list of those meetings and nothing is written.

    Side effects: the other meetings get their slot and table (unplaced ones lose theirs), in
    two passes so swaps never trip the double-booking constraints; changed meetings get a new
    calendar sequence; each participant with a changed agenda gets one e-mail; the run is marked
    published; logs `events.schedule.published`. Returns counts of placed, changed, unplaced and
    kept (changed since the run started).
    """
    from partnerup.events.models import ScheduleRun
    from partnerup.events.scheduling import db_id

    run = (
        ScheduleRun.objects.select_for_update(no_key=True, of=("self",))
        .select_related("event")
        .get(pk=run.pk)
    )
    if run.status != ScheduleRun.Status.DONE:
        raise EventError(_("Only a finished run can be published."))
    event = run.event
    planned = {
        db_id(a["meeting"]): (db_id(a["slot"]), db_id(a["table"]))
        for a in run.solution["assignments"]
    }
    meetings = {
        m.pk: m
        for m in Meeting.objects.select_for_update(no_key=True, of=("self",))
        .filter(event=event)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("slot")
        .prefetch_related("seats__participant__user")
        .order_by("pk")
    }
    basis = run.basis
    # A version published after this run started moved meetings too; that is no change by hand
    # to keep: publishing this run instead replaces it.
    later = (
        event.schedule_runs.filter(published__gt=run.started)
        .exclude(pk=run.pk)
        .order_by("-published")
        .first()
        if run.started
        else None
    )
    republished = (
        {
            db_id(a["meeting"]): (db_id(a["slot"]), db_id(a["table"]))
            for a in later.solution["assignments"]
        }
        if later
        else None
    )
    kept: dict[int, Meeting] = {}  # keep their place, whatever the run says
    for pk, meeting in meetings.items():
        if meeting.locked:
            kept[pk] = meeting
        elif basis is not None and _changed_since(meeting, basis.get(str(pk)), republished):
            kept[pk] = meeting  # changed (or new) since the run read the event
    _refuse_clashes(event, planned, meetings, kept)
    changed: list[Meeting] = []
    for pk, meeting in meetings.items():
        if pk not in kept and (meeting.slot_id, meeting.table_id) != planned.get(pk, (None, None)):
            changed.append(meeting)
    try:
        with transaction.atomic():
            # Pass 1: free every changed meeting's place; pass 2: put them where the run says.
            for meeting in changed:
                Meeting.objects.filter(pk=meeting.pk).update(slot=None, table=None)
                MeetingSeat.objects.filter(meeting=meeting).update(slot=None)
            for meeting in changed:
                slot_id, table_id = planned.get(meeting.pk, (None, None))
                status = Meeting.Status.SCHEDULED if slot_id else Meeting.Status.ACCEPTED
                Meeting.objects.filter(pk=meeting.pk).update(
                    slot_id=slot_id, table_id=table_id, status=status, sequence=meeting.sequence + 1
                )
                MeetingSeat.objects.filter(meeting=meeting, active=True).update(slot_id=slot_id)
    except IntegrityError:
        # Something the checks above do not see (a participant's seats changed under the run).
        raise EventError(
            _(
                "This run no longer fits the meetings as they are now. Run the scheduler again "
                "to plan around the changes."
            )
        ) from None
    run.published = timezone.now()
    run.save(update_fields=["published"])
    affected = (
        Participant.objects.filter(seats__meeting__in=[m.pk for m in changed])
        .distinct()
        .select_related("user")
    )
    first_publication = (
        not event.schedule_runs.filter(published__isnull=False).exclude(pk=run.pk).exists()
    )
    for participant in affected:
        send_after_commit(
            participant.user.email,
            "events/mail/schedule_published"
            if first_publication
            else "events/mail/schedule_changed",
            {
                "participant": participant,
                "event": event,
                "meetings": [
                    item
                    for item in agenda(participant)
                    if item["kind"] == "meeting" and item["start"] is not None
                ],
            },
            participant.user.language,
        )
    applied = [pk for pk in planned if pk in meetings and pk not in kept]
    kept_since = [pk for pk, m in kept.items() if not m.locked]
    log_action(
        run,
        "events.schedule.published",
        actor,
        {"placed": len(applied), "changed": len(changed), "kept": sorted(kept)},
    )
    placed = len(applied) + sum(1 for m in kept.values() if m.slot_id)
    return {
        "placed": placed,
        "changed": len(changed),
        "unplaced": len(meetings) - placed,
        "kept": len(kept_since),
    }


def _changed_since(meeting: Meeting, then: list | None, republished: dict | None) -> bool:
    """Whether the meeting changed since the run read it, other than by publishing a later
    version (which leaves lock and participants alone and the meeting where that version put
    it)."""
    now = _meeting_state(meeting)
    if then is None or now == then:
        return then is None
    if republished is None or (now[3], now[5]) != (then[3], then[5]):
        return True
    return (meeting.slot_id, meeting.table_id) != republished.get(meeting.pk, (None, None))


def _refuse_clashes(event, planned, meetings: dict[int, Meeting], kept: dict[int, Meeting]):
    """Refuse (EventError listing them) when the run puts another meeting on a kept meeting's
    table, or one of its participants elsewhere at an overlapping time."""
    from partnerup.events.models import Slot

    slots = {s.pk: s for s in Slot.objects.filter(event=event)}
    tables: dict[tuple[int, int], int] = {}
    busy: dict[int, list[tuple[Slot, int]]] = {}
    for pk, meeting in kept.items():
        if meeting.slot_id:
            tables[(meeting.slot_id, meeting.table_id)] = pk
            for seat in meeting.seats.all():
                if seat.active:
                    busy.setdefault(seat.participant_id, []).append((meeting.slot, pk))
    clashing: set[int] = set()
    for pk, (slot_id, table_id) in planned.items():
        meeting = meetings.get(pk)
        if meeting is None or pk in kept:
            continue
        if (slot_id, table_id) in tables:
            clashing.add(tables[(slot_id, table_id)])
        slot = slots[slot_id]
        for seat in meeting.seats.all():
            for other, other_pk in busy.get(seat.participant_id, []) if seat.active else []:
                if other.starts < slot.ends and slot.starts < other.ends:
                    clashing.add(other_pk)
    if not clashing:
        return
    zone = ZoneInfo(event.timezone)
    listed = "; ".join(_describe(kept[pk], zone) for pk in sorted(clashing))
    raise EventError(
        ngettext(
            "%(count)d meeting was changed or locked after this run started and this run "
            "clashes with it: %(meetings)s. Nothing was published. Run the scheduler again to "
            "plan around it.",
            "%(count)d meetings were changed or locked after this run started and this run "
            "clashes with them: %(meetings)s. Nothing was published. Run the scheduler again to "
            "plan around them.",
            len(clashing),
        )
        % {"count": len(clashing), "meetings": listed}
    )


def _describe(meeting: Meeting, zone: ZoneInfo) -> str:
    """'#12 (Ann Berg, Ola Nordmann; Tue 2 Mar, 10:30)', in the event's zone."""
    names = ", ".join(s.participant.user.get_full_name() for s in meeting.seats.all() if s.active)
    if meeting.slot is None:
        return f"#{meeting.pk} ({names})"
    when = event_time(meeting.slot.starts, zone.key, "DAY_TIME_FORMAT")
    return f"#{meeting.pk} ({names}; {when})"


__all__ = [
    "execute_schedule_run",
    "move_meeting",
    "publish_schedule",
    "recover_schedule_runs",
    "start_schedule_run",
]
