"""Scheduling: scheduler runs, moves by hand, publication."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerup.common.activity import log_action
from partnerup.common.mail import send_after_commit
from partnerup.events.domain.errors import EventError
from partnerup.events.domain.setup import build_slots
from partnerup.events.models import Event, Meeting, MeetingSeat, Participant, Slot


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
