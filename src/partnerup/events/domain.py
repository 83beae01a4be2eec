"""State changes of partnering events. Views, the API and tasks call these and nothing else.

Concurrency: every change to a request or meeting locks the rows it reads (select_for_update, in
a fixed order: participants by id, then the request), and the database refuses what would still
slip through (one active request per pair; one meeting per table and slot; one meeting per
participant and slot). Locks are FOR NO KEY UPDATE OF the named table only: joined rows (the
event, users) stay unlocked, and inserts that reference a locked row (whose foreign keys take
KEY SHARE locks) do not wait, which is what kept concurrent requests from deadlocking.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerup.common.activity import log_action
from partnerup.common.mail import send_after_commit
from partnerup.events.models import (
    Event,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    Participant,
    Slot,
    TypeCap,
)


class EventError(Exception):
    """A change the event's rules do not allow; the message is shown to the user."""


# --- Set-up -------------------------------------------------------------------------------------


@transaction.atomic
def build_slots(event: Event) -> int:
    """Derive the slot grid from the days, venues, hours, breaks and meeting length.

    Side effects: creates the missing slots; removes slots that no longer fit and hold no
    meeting. Returns the number of slots.
    """
    zone = ZoneInfo(event.timezone)
    length = timedelta(minutes=event.meeting_minutes)
    wanted: set[tuple[int, datetime]] = set()
    for day in event.days.prefetch_related("venues", "breaks"):
        breaks = [
            (datetime.combine(day.date, b.starts, zone), datetime.combine(day.date, b.ends, zone))
            for b in day.breaks.all()
        ]
        start = datetime.combine(day.date, day.meetings_from, zone)
        end = datetime.combine(day.date, day.meetings_until, zone)
        while start + length <= end:
            clash = next(
                (b_end for b_start, b_end in breaks if start < b_end and b_start < start + length),
                None,
            )
            if clash is not None:
                start = clash
                continue
            for venue in day.venues.all():
                wanted.add((venue.pk, start))
            start += length
    existing = {(slot.venue_id, slot.starts): slot for slot in event.slots.all()}
    for venue_id, starts in sorted(wanted - set(existing), key=lambda item: (item[1], item[0])):
        Slot.objects.create(event=event, venue_id=venue_id, starts=starts, ends=starts + length)
    for key, slot in existing.items():
        if key not in wanted and not slot.meetings.exists():
            slot.delete()
    return event.slots.count()


# --- Registration -------------------------------------------------------------------------------


@transaction.atomic
def register(
    event: Event,
    user,
    organisation,
    participant_type: str,
    *,
    headline: str = "",
    profile_text: str = "",
    offers=(),
    seeks=(),
    unavailable=(),
    actor=None,
) -> Participant:
    """Register a user for an event, for one of their organisations.

    Side effects: a Participant, approved at once when the event approves automatically (or
    when an organiser registers them); logs `events.participant.registered`.
    """
    now = timezone.now()
    on_behalf = actor is not None and actor.is_organiser
    # Organisers may register anyone at any time: that is how invitation-only events fill.
    if not on_behalf:
        if not event.published or not event.registration_opens <= now < event.registration_closes:
            raise EventError(_("Registration for this event is not open."))
        if event.visibility == Event.Visibility.INVITATION:
            raise EventError(_("This event is by invitation only."))
    if Participant.objects.filter(event=event, user=user).exists():
        raise EventError(_("You are registered already."))
    participant = Participant.objects.create(
        event=event,
        user=user,
        organisation=organisation,
        type=participant_type,
        headline=headline,
        profile_text=profile_text,
        status=Participant.Status.APPROVED
        if event.auto_approve or on_behalf
        else Participant.Status.PENDING,
    )
    participant.offers.set(offers)
    participant.seeks.set(seeks)
    participant.unavailable.set(unavailable)
    log_action(
        participant, "events.participant.registered", actor or user, {"on_behalf": on_behalf}
    )
    return participant


@transaction.atomic
def decide_registration(participant: Participant, approve: bool, actor) -> Participant:
    """Side effects: sets the status; e-mails the participant after commit; logs it."""
    participant = Participant.objects.select_for_update(no_key=True, of=("self",)).get(
        pk=participant.pk
    )
    participant.status = Participant.Status.APPROVED if approve else Participant.Status.REJECTED
    participant.save(update_fields=["status"])
    log_action(
        participant,
        "events.participant.approved" if approve else "events.participant.rejected",
        actor,
    )
    send_after_commit(
        participant.user.email,
        "events/mail/registration",
        {"participant": participant, "event": participant.event},
        participant.user.language,
    )
    return participant


# --- Requests -----------------------------------------------------------------------------------


def _cap(event: Event, participant_type: str) -> TypeCap | None:
    return TypeCap.objects.filter(event=event, type=participant_type).first()


def _lock(*participants: Participant) -> dict[int, Participant]:
    ids = sorted({p.pk for p in participants})
    return {
        p.pk: p
        for p in Participant.objects.select_for_update(no_key=True, of=("self",))
        .filter(pk__in=ids)
        .order_by("pk")
        .select_related("event", "user", "organisation")
    }


def active_meeting_count(participant: Participant) -> int:
    return (
        MeetingSeat.objects.filter(participant=participant, active=True)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .count()
    )


@transaction.atomic
def request_meeting(
    sender: Participant, recipient: Participant, *, message: str = "", priority: int = 2, actor=None
) -> MeetingRequest:
    """Ask another participant for a one-to-one meeting.

    Side effects: a pending request (accepted at once when the event auto-accepts, see
    `accept_request`); an e-mail to the recipient after commit; logs `events.request.sent`.
    Refused: unapproved participants, oneself or one's own organisation, after the request
    deadline, over the sender's cap, or when the two already have an open request or meeting.
    """
    locked = _lock(sender, recipient)
    sender, recipient = locked[sender.pk], locked[recipient.pk]
    event = sender.event
    if sender.event_id != recipient.event_id:
        raise EventError(_("Both must take part in the same event."))
    if sender.pk == recipient.pk:
        raise EventError(_("You cannot request a meeting with yourself."))
    if sender.organisation_id == recipient.organisation_id:
        raise EventError(_("Meet your own colleagues outside the partnering programme."))
    if (
        sender.status != Participant.Status.APPROVED
        or recipient.status != Participant.Status.APPROVED
    ):
        raise EventError(_("Both participants must be approved."))
    if timezone.now() >= event.request_deadline:
        raise EventError(_("The deadline for meeting requests has passed."))
    cap = _cap(event, sender.type)
    if cap and cap.max_requests is not None:
        sent = (
            MeetingRequest.objects.filter(sender=sender)
            .exclude(status=MeetingRequest.Status.CANCELLED)
            .count()
        )
        if sent >= cap.max_requests:
            raise EventError(
                _("You have sent the most requests allowed (%(count)d).")
                % {"count": cap.max_requests}
            )
    low, high = sorted((sender.pk, recipient.pk))
    expires = (
        timezone.now() + timedelta(hours=event.request_expiry_hours)
        if event.request_expiry_hours
        else None
    )
    try:
        with transaction.atomic():
            request = MeetingRequest.objects.create(
                event=event,
                sender=sender,
                recipient=recipient,
                pair_low=low,
                pair_high=high,
                message=message,
                priority=priority,
                expires=expires,
                acted_by=actor or sender.user,
            )
    except IntegrityError:
        raise EventError(_("You two already have an open request or a meeting.")) from None
    log_action(request, "events.request.sent", actor or sender.user)
    if event.request_mode == Event.RequestMode.AUTO_ACCEPT:
        return accept_request(request, actor=actor or sender.user, _notify_sender=False)
    send_after_commit(
        recipient.user.email,
        "events/mail/request_received",
        {"request": request, "event": event},
        recipient.user.language,
    )
    return request


@transaction.atomic
def accept_request(
    request: MeetingRequest, *, actor=None, _notify_sender: bool = True
) -> MeetingRequest:
    """Accept a pending request: it becomes a meeting to be scheduled.

    Side effects: the request is `accepted`; a Meeting with a seat for each side; an e-mail to
    the sender after commit; logs `events.request.accepted`. Refused over either side's meeting
    cap or when the request is no longer pending (someone acted first).
    """
    locked = _lock(request.sender, request.recipient)
    request = MeetingRequest.objects.select_for_update(no_key=True, of=("self",)).get(pk=request.pk)
    if request.status != MeetingRequest.Status.PENDING:
        raise EventError(_("This request is no longer waiting for an answer."))
    for participant in locked.values():
        cap = _cap(request.event, participant.type)
        if (
            cap
            and cap.max_meetings is not None
            and active_meeting_count(participant) >= cap.max_meetings
        ):
            raise EventError(
                _("%(name)s has the most meetings allowed.")
                % {"name": participant.user.get_full_name()}
            )
    request.status = MeetingRequest.Status.ACCEPTED
    request.answered = timezone.now()
    request.acted_by = actor
    request.save(update_fields=["status", "answered", "acted_by"])
    meeting = Meeting.objects.create(event=request.event, request=request, weight=request.priority)
    for participant in (request.sender, request.recipient):
        MeetingSeat.objects.create(meeting=meeting, participant=participant)
    log_action(request, "events.request.accepted", actor)
    if _notify_sender:
        send_after_commit(
            request.sender.user.email,
            "events/mail/request_accepted",
            {"request": request, "event": request.event},
            request.sender.user.language,
        )
    return request


@transaction.atomic
def decline_request(request: MeetingRequest, *, reason: str = "", actor=None) -> MeetingRequest:
    """Side effects: the request is `declined` with the optional reason; the sender is told
    after commit; logs `events.request.declined`."""
    request = MeetingRequest.objects.select_for_update(no_key=True, of=("self",)).get(pk=request.pk)
    if request.status != MeetingRequest.Status.PENDING:
        raise EventError(_("This request is no longer waiting for an answer."))
    request.status = MeetingRequest.Status.DECLINED
    request.decline_reason = reason[:300]
    request.answered = timezone.now()
    request.acted_by = actor
    request.save(update_fields=["status", "decline_reason", "answered", "acted_by"])
    log_action(request, "events.request.declined", actor)
    send_after_commit(
        request.sender.user.email,
        "events/mail/request_declined",
        {"request": request, "event": request.event},
        request.sender.user.language,
    )
    return request


@transaction.atomic
def cancel_request(request: MeetingRequest, *, actor=None) -> MeetingRequest:
    """Withdraw a pending request, or call off an accepted meeting.

    Side effects: the request is `cancelled`; its meeting, if any, is cancelled and its seats
    freed (the slot and table become free); the other side is told after commit; logs
    `events.request.cancelled`.
    """
    request = MeetingRequest.objects.select_for_update(no_key=True, of=("self",)).get(pk=request.pk)
    if request.status not in {MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED}:
        raise EventError(_("This request cannot be cancelled any more."))
    request.status = MeetingRequest.Status.CANCELLED
    request.acted_by = actor
    request.save(update_fields=["status", "acted_by"])
    meeting = (
        Meeting.objects.select_for_update(no_key=True, of=("self",)).filter(request=request).first()
    )
    if meeting is not None:
        meeting.status = Meeting.Status.CANCELLED
        meeting.save(update_fields=["status"])
        meeting.seats.update(active=False)
    log_action(request, "events.request.cancelled", actor)
    other = (
        request.recipient if actor is None or actor.pk == request.sender.user_id else request.sender
    )
    send_after_commit(
        other.user.email,
        "events/mail/request_cancelled",
        {"request": request, "event": request.event},
        other.user.language,
    )
    return request


def expire_requests(now=None) -> int:
    """Let unanswered requests past their expiry lapse, so they stop holding anyone's time.

    Side effects per request: `expired`; the sender is told after commit; logged. Returns how
    many lapsed. Each request is its own transaction, so a retried task does no harm.
    """
    now = now or timezone.now()
    count = 0
    for pk in MeetingRequest.objects.filter(
        status=MeetingRequest.Status.PENDING, expires__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            request = MeetingRequest.objects.select_for_update(no_key=True, of=("self",)).get(pk=pk)
            if request.status != MeetingRequest.Status.PENDING:
                continue
            request.status = MeetingRequest.Status.EXPIRED
            request.save(update_fields=["status"])
            log_action(request, "events.request.expired", None)
            send_after_commit(
                request.sender.user.email,
                "events/mail/request_expired",
                {"request": request, "event": request.event},
                request.sender.user.language,
            )
            count += 1
    return count


# --- Agenda, on the day, after ------------------------------------------------------------------


def agenda(participant: Participant) -> list[dict]:
    """The participant's meetings and the event's talks in time order, with the travel time
    before an item at another venue than the one before it."""
    from partnerup.events.models import ProgrammeSession, TravelTime

    items: list[dict] = []
    seats = (
        MeetingSeat.objects.filter(participant=participant)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting__slot__venue", "meeting__table")
        .prefetch_related(
            "meeting__seats__participant__user", "meeting__seats__participant__organisation"
        )
    )
    for seat in seats:
        meeting = seat.meeting
        others = [s.participant for s in meeting.seats.all() if s.participant_id != participant.pk]
        items.append(
            {
                "kind": "meeting",
                "meeting": meeting,
                "others": others,
                "start": meeting.slot.starts if meeting.slot else None,
                "end": meeting.slot.ends if meeting.slot else None,
                "venue": meeting.slot.venue if meeting.slot else None,
                "table": meeting.table,
            }
        )
    for session in ProgrammeSession.objects.filter(event=participant.event).select_related("venue"):
        items.append(
            {
                "kind": "session",
                "session": session,
                "start": session.starts,
                "end": session.ends,
                "venue": session.venue,
                "table": None,
            }
        )
    scheduled = sorted((i for i in items if i["start"] is not None), key=lambda i: i["start"])
    travel = {
        (t.origin_id, t.destination_id): t.minutes
        for t in TravelTime.objects.filter(event=participant.event)
    }
    previous = None
    for item in scheduled:
        if (
            previous is not None
            and previous["venue"]
            and item["venue"]
            and previous["venue"].pk != item["venue"].pk
            and previous["start"].date() == item["start"].date()
        ):
            item["travel_minutes"] = travel.get((previous["venue"].pk, item["venue"].pk))
        if item["kind"] == "meeting":
            previous = item
    unscheduled = [i for i in items if i["start"] is None]
    return scheduled + unscheduled


def calendar_items(participant: Participant) -> list[dict]:
    items = []
    for item in agenda(participant):
        if item["start"] is None:
            continue
        if item["kind"] == "meeting":
            meeting = item["meeting"]
            names = ", ".join(
                f"{o.user.get_full_name()} ({o.organisation.name})" for o in item["others"]
            )
            items.append(
                {
                    "uid": f"meeting-{meeting.pk}",
                    "start": item["start"],
                    "end": item["end"],
                    "summary": _("Meeting: %(names)s") % {"names": names},
                    "location": f"{item['venue'].name}, {item['table'].name}",
                    "description": meeting.request.message if meeting.request else "",
                    "sequence": meeting.sequence,
                }
            )
        else:
            session = item["session"]
            items.append(
                {
                    "uid": f"session-{session.pk}",
                    "start": item["start"],
                    "end": item["end"],
                    "summary": session.title,
                    "location": f"{session.venue.name} {session.room}".strip(),
                }
            )
    return items


@transaction.atomic
def rotate_calendar_token(participant: Participant) -> Participant:
    """Side effects: a new private calendar link; the old one stops working."""
    from partnerup.events.models import _calendar_token

    participant.calendar_token = _calendar_token()
    participant.save(update_fields=["calendar_token"])
    return participant


@transaction.atomic
def check_in(participant: Participant, actor) -> Participant:
    """Side effects: records the check-in time (once); logs `events.participant.checked_in`."""
    participant = Participant.objects.select_for_update(no_key=True, of=("self",)).get(
        pk=participant.pk
    )
    if participant.checked_in is None:
        participant.checked_in = timezone.now()
        participant.save(update_fields=["checked_in"])
        log_action(participant, "events.participant.checked_in", actor)
    return participant


@transaction.atomic
def mark_meeting(meeting: Meeting, held: bool, actor) -> Meeting:
    """Side effects: the meeting is `held` or `no_show`; logs `events.meeting.marked`."""
    meeting = Meeting.objects.select_for_update(no_key=True, of=("self",)).get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise EventError(_("This meeting was cancelled."))
    meeting.status = Meeting.Status.HELD if held else Meeting.Status.NO_SHOW
    meeting.save(update_fields=["status"])
    log_action(meeting, "events.meeting.marked", actor, {"status": meeting.status})
    return meeting


@transaction.atomic
def give_feedback(
    meeting: Meeting, participant: Participant, *, rating: int, outcome: str, note: str = ""
):
    """Record or change one side's rating and follow-up of a meeting they took part in.

    Side effects: a MeetingFeedback row (one per side and meeting); logs it.
    """
    from partnerup.events.models import MeetingFeedback

    if not meeting.seats.filter(participant=participant).exists():
        raise EventError(_("You did not take part in this meeting."))
    if meeting.status == Meeting.Status.CANCELLED:
        raise EventError(_("This meeting was cancelled."))
    feedback, _created = MeetingFeedback.objects.update_or_create(
        meeting=meeting,
        participant=participant,
        defaults={"rating": rating, "outcome": outcome, "note": note},
    )
    log_action(meeting, "events.meeting.feedback", participant.user, {"outcome": outcome})
    return feedback


def remind_feedback(event: Event) -> int:
    """E-mail every participant who has held meetings without feedback (run daily after the
    event until everyone has answered). Returns the number of reminders queued."""
    from partnerup.events.models import MeetingFeedback

    if event.days.order_by("-date").values_list("date", flat=True).first() is None:
        return 0
    last_day = event.days.order_by("-date").first().date
    if timezone.localdate() <= last_day:
        return 0
    count = 0
    for participant in event.participants.filter(status=Participant.Status.APPROVED):
        held = Meeting.objects.filter(
            seats__participant=participant,
            status__in=[Meeting.Status.HELD, Meeting.Status.SCHEDULED],
        )
        answered = MeetingFeedback.objects.filter(participant=participant).values("meeting")
        missing = held.exclude(pk__in=answered).count()
        if missing:
            with transaction.atomic():
                send_after_commit(
                    participant.user.email,
                    "events/mail/feedback_reminder",
                    {"participant": participant, "event": event, "missing": missing},
                    participant.user.language,
                )
            count += 1
    return count


# --- Scouting calls -----------------------------------------------------------------------------


@transaction.atomic
def submit_pitch(
    call, participant: Participant, *, title: str, summary: str, stage, modality, attachment=None
):
    """Side effects: a Pitch (one per participant and call); logs `events.pitch.submitted`."""
    from partnerup.events.models import Pitch

    if timezone.now() >= call.deadline:
        raise EventError(_("The deadline of this call has passed."))
    if participant.event_id != call.event_id or participant.status != "approved":
        raise EventError(_("Only approved participants of the event can pitch."))
    if participant.organisation_id == call.host_id:
        raise EventError(_("You cannot pitch to your own organisation's call."))
    if Pitch.objects.filter(call=call, participant=participant).exists():
        raise EventError(_("You have pitched to this call already."))
    pitch = Pitch.objects.create(
        call=call,
        participant=participant,
        title=title,
        summary=summary,
        stage=stage,
        modality=modality,
        attachment=attachment or "",
    )
    log_action(pitch, "events.pitch.submitted", participant.user)
    return pitch


@transaction.atomic
def shortlist_and_invite(
    call, pitches, host_participant: Participant, *, message: str, actor
) -> list[MeetingRequest]:
    """Shortlist pitches and invite each pitcher to a meeting, in one step.

    Side effects: each pitch becomes `invited`; a meeting request from the host's participant to
    each pitcher (high priority), with the usual e-mail; pitches whose pitchers already have a
    request or meeting with the host are shortlisted only. Logs `events.call.invited`.
    """
    if host_participant.organisation_id != call.host_id:
        raise EventError(_("Invite from a participant of the host organisation."))
    created = []
    for pitch in pitches:
        if pitch.call_id != call.pk:
            raise EventError(_("Choose pitches of this call only."))
        pitch.status = pitch.Status.SHORTLISTED
        try:
            created.append(
                request_meeting(
                    host_participant, pitch.participant, message=message, priority=3, actor=actor
                )
            )
            pitch.status = pitch.Status.INVITED
        except EventError:
            pass
        pitch.save(update_fields=["status"])
    log_action(call, "events.call.invited", actor, {"invited": len(created)})
    return created


# --- Self-service -------------------------------------------------------------------------------


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


def free_common_slots(meeting: Meeting) -> list[Slot]:
    """Slots in which every participant of the meeting is free and a table is free."""
    participants = [seat.participant for seat in meeting.seats.select_related("participant")]
    slots = []
    for slot in meeting.event.slots.select_related("venue").order_by("starts"):
        if any(p.unavailable.filter(pk=slot.pk).exists() for p in participants):
            continue
        if MeetingSeat.objects.filter(
            participant__in=participants,
            active=True,
            slot__starts__lt=slot.ends,
            slot__ends__gt=slot.starts,
        ).exists():
            continue
        taken = Meeting.objects.filter(slot=slot).exclude(status="cancelled").count()
        if taken < slot.venue.tables.filter(seats__gte=len(participants)).count():
            slots.append(slot)
    return slots


# --- Scheduling ---------------------------------------------------------------------------------


@transaction.atomic
def start_schedule_run(event: Event, actor, *, time_limit: int = 30, incremental: bool = False):
    """Queue a scheduler run; it runs after commit (inline without a broker, on a worker with one).

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
    )
    log_action(run, "events.schedule.started", actor, {"version": version})

    def queue():
        from partnerup.events.tasks import run_schedule

        run_schedule.delay(run.pk)

    transaction.on_commit(queue)
    return run


def execute_schedule_run(run_id: int) -> None:
    """Run the engine for a queued run, writing progress as it goes (the task's body).

    Side effects: the run's status, progress and message; its solution when done. Reads the
    event as it is now; writes no meeting (publishing does).
    """
    import time as clock

    from partnerup.events.models import ScheduleRun
    from partnerup.events.scheduling import to_problem
    from partnerup.scheduling import solve, validate
    from partnerup.scheduling.io import solution_from_dict, solution_to_dict

    run = ScheduleRun.objects.select_related("event").get(pk=run_id)
    if run.status in {ScheduleRun.Status.DONE, ScheduleRun.Status.RUNNING}:
        return  # a retried task: the run is done or in hand
    started = clock.monotonic()
    ScheduleRun.objects.filter(pk=run.pk).update(status=ScheduleRun.Status.RUNNING, progress=1)

    def progress(message: str) -> None:
        share = min(99, int(100 * (clock.monotonic() - started) / max(run.time_limit, 1)))
        ScheduleRun.objects.filter(pk=run.pk).update(progress=max(share, 1), message=message[:300])

    try:
        problem = to_problem(run.event)
        keep = None
        if run.incremental:
            previous = (
                run.event.schedule_runs.filter(published__isnull=False)
                .order_by("-published")
                .first()
            )
            keep = solution_from_dict(previous.solution)
        solution = solve(
            problem, time_limit=run.time_limit, seed=run.version, keep=keep, progress=progress
        )
        violations = validate(problem, solution)
        if violations:
            raise RuntimeError("; ".join(str(v) for v in violations[:5]))
    except Exception as exc:
        ScheduleRun.objects.filter(pk=run.pk).update(
            status=ScheduleRun.Status.FAILED, message=str(exc)[:300], finished=timezone.now()
        )
        raise
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=ScheduleRun.Status.DONE,
        progress=100,
        solution=solution_to_dict(solution),
        message="",
        finished=timezone.now(),
    )


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

    Side effects: meetings get their slot and table (unplaced ones lose theirs), in two passes
    so swaps never trip the double-booking constraints; changed meetings get a new calendar
    sequence; each participant with a changed agenda gets one e-mail; the run is marked
    published; logs `events.schedule.published`. Returns counts of placed, changed, unplaced.
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
    placed = {
        db_id(a["meeting"]): (db_id(a["slot"]), db_id(a["table"]))
        for a in run.solution["assignments"]
    }
    meetings = {
        m.pk: m
        for m in Meeting.objects.select_for_update(no_key=True, of=("self",))
        .filter(event=event)
        .exclude(status=Meeting.Status.CANCELLED)
    }
    changed: list[Meeting] = []
    for pk, meeting in meetings.items():
        target = placed.get(pk, (None, None))
        if (meeting.slot_id, meeting.table_id) != target:
            changed.append(meeting)
    # Pass 1: free every changed meeting's place; pass 2: put them where the run says.
    for meeting in changed:
        Meeting.objects.filter(pk=meeting.pk).update(slot=None, table=None)
        MeetingSeat.objects.filter(meeting=meeting).update(slot=None)
    for meeting in changed:
        slot_id, table_id = placed.get(meeting.pk, (None, None))
        status = Meeting.Status.SCHEDULED if slot_id else Meeting.Status.ACCEPTED
        Meeting.objects.filter(pk=meeting.pk).update(
            slot_id=slot_id, table_id=table_id, status=status, sequence=meeting.sequence + 1
        )
        MeetingSeat.objects.filter(meeting=meeting, active=True).update(slot_id=slot_id)
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
            {"participant": participant, "event": event},
            participant.user.language,
        )
    log_action(
        run, "events.schedule.published", actor, {"placed": len(placed), "changed": len(changed)}
    )
    return {"placed": len(placed), "changed": len(changed), "unplaced": len(meetings) - len(placed)}


# --- Teams --------------------------------------------------------------------------------------


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
    seats = list(meeting.seats.filter(active=True).select_related("participant"))
    organisations = {seat.participant.organisation_id for seat in seats}
    if colleague.event_id != meeting.event_id or colleague.status != "approved":
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
