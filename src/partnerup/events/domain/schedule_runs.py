"""Scheduler runs in the background: claiming, heartbeat, execution and crash recovery.

A run is executed by whoever claims it: a Celery worker, or a thread of the app process when
there is no broker (`common.background`). Claiming is one conditional UPDATE on (status,
attempts), so two deliveries of the same run never both run it. The attempt number is also a
fence: every later write of an attempt names it, so an attempt that was given up for dead writes
nothing once another has taken over. While it runs, an attempt touches `heartbeat` every
`SCHEDULE_HEARTBEAT` seconds; a run whose heartbeat is older than `SCHEDULE_STALE_AFTER` has died
(worker killed, app restarted) and is run again by `recover_schedule_runs` or by a redelivered
task, at most `SCHEDULE_MAX_ATTEMPTS` times.
"""

from __future__ import annotations

import logging
import threading
import time as clock
from datetime import timedelta

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone

from partnerup.common.activity import log_action
from partnerup.events.models import Meeting, ScheduleRun

logger = logging.getLogger(__name__)
Status = ScheduleRun.Status


def queue_schedule_run(run_id: int) -> None:
    """Hand the run to a worker (or a thread of this process) once the transaction commits."""
    from partnerup.common.background import run_in_background, uses_broker

    if uses_broker():
        from partnerup.events.tasks import run_schedule

        transaction.on_commit(lambda: run_schedule.delay(run_id))
    else:
        run_in_background(execute_schedule_run, run_id)


def _stale_before():
    return timezone.now() - timedelta(seconds=settings.SCHEDULE_STALE_AFTER)


def is_stale(run: ScheduleRun) -> bool:
    """Whether a running run has stopped touching its heartbeat (its worker died)."""
    return run.status == Status.RUNNING and (
        run.heartbeat is None or run.heartbeat < _stale_before()
    )


def _give_up(run_id: int, attempts: int, status: str) -> bool:
    return bool(
        ScheduleRun.objects.filter(pk=run_id, status=status, attempts=attempts).update(
            status=Status.FAILED,
            failure=ScheduleRun.Failure.CRASHED,
            message=f"stopped unexpectedly {attempts} times",
            finished=timezone.now(),
        )
    )


def claim_schedule_run(run_id: int) -> int | None:
    """Take a queued run, or a running one whose heartbeat is stale, for this delivery.

    Side effects: the run becomes RUNNING with one more attempt and a fresh heartbeat (a
    compare-and-set, so only one of two concurrent deliveries wins), or FAILED when it is out of
    attempts. Returns the attempt number, or None when the run is done, failed or in hand.
    """
    run = ScheduleRun.objects.filter(pk=run_id).values("status", "attempts", "heartbeat").first()
    if run is None:
        return None
    stale = run["status"] == Status.RUNNING and (
        run["heartbeat"] is None or run["heartbeat"] < _stale_before()
    )
    if run["status"] != Status.QUEUED and not stale:
        return None
    if run["attempts"] >= settings.SCHEDULE_MAX_ATTEMPTS:
        _give_up(run_id, run["attempts"], run["status"])
        return None
    attempt = run["attempts"] + 1
    claimed = ScheduleRun.objects.filter(
        pk=run_id, status=run["status"], attempts=run["attempts"]
    ).update(
        status=Status.RUNNING,
        attempts=attempt,
        heartbeat=timezone.now(),
        progress=1,
        message="",
        failure="",
    )
    return attempt if claimed else None


def _fenced(run_id: int, attempt: int):
    return ScheduleRun.objects.filter(pk=run_id, attempts=attempt, status=Status.RUNNING)


class _Heartbeat(threading.Thread):
    """Touches the run's heartbeat while the solver runs. It stops at `deadline` (seconds), so
    a solver stuck for ever lets the heartbeat go stale and the run is taken over. The deadline
    is generous: with one worker the engine counts deterministic time, which on a busy machine
    can take many times the time limit on the wall clock."""

    def __init__(self, run_id: int, attempt: int, deadline: float) -> None:
        super().__init__(name=f"schedule-run-{run_id}-heartbeat", daemon=True)
        self.run_id, self.attempt = run_id, attempt
        self.deadline = clock.monotonic() + deadline
        self.done = threading.Event()

    def run(self) -> None:
        try:
            while not self.done.wait(settings.SCHEDULE_HEARTBEAT):
                if clock.monotonic() > self.deadline:
                    return
                if not _fenced(self.run_id, self.attempt).update(heartbeat=timezone.now()):
                    return  # finished, or taken over by another attempt
        except Exception:
            logger.exception("Heartbeat of schedule run %s failed", self.run_id)
        finally:
            connections.close_all()


def _basis(event) -> dict[str, list]:
    """The meetings as the run reads them, to tell at publication what changed since."""
    return {
        str(m.pk): _meeting_state(m)
        for m in Meeting.objects.filter(event=event).prefetch_related("seats")
    }


def _meeting_state(meeting: Meeting) -> list:
    people = sorted(s.participant_id for s in meeting.seats.all() if s.active)
    return [
        meeting.status,
        meeting.slot_id,
        meeting.table_id,
        meeting.locked,
        meeting.sequence,
        people,
    ]


def execute_schedule_run(run_id: int) -> None:
    """Run the engine for a queued run, or take over one whose worker died (the task's body).

    Side effects: claims the run (see `claim_schedule_run`); records when it read the event and
    the meetings as it read them; the run's heartbeat, progress and message while it runs; its
    solution when done, or FAILED with a failure code and the detail. Writes no meeting
    (publishing does). Logs `events.schedule.finished` once per run.
    """
    from partnerup.events.scheduling import to_problem
    from partnerup.scheduling import solve, validate
    from partnerup.scheduling.io import (
        ProblemError,
        check_problem,
        solution_from_dict,
        solution_to_dict,
    )

    attempt = claim_schedule_run(run_id)
    if attempt is None:
        return  # done, failed, or in the hands of a live attempt
    run = ScheduleRun.objects.select_related("event").get(pk=run_id)
    began = clock.monotonic()
    heartbeat = _Heartbeat(run_id, attempt, deadline=25 * run.time_limit + 300)
    heartbeat.start()

    def progress(message: str) -> None:
        share = min(99, int(100 * (clock.monotonic() - began) / max(run.time_limit, 1)))
        _fenced(run_id, attempt).update(
            progress=max(share, 1), message=message[:300], heartbeat=timezone.now()
        )

    try:
        basis = _basis(run.event)
        _fenced(run_id, attempt).update(started=timezone.now(), basis=basis)
        problem = to_problem(run.event)
        check_problem(problem)  # locked meetings that contradict the set-up, named
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
    except ProblemError as exc:
        _fail(run, attempt, ScheduleRun.Failure.LOCKED, str(exc))
        return
    except Exception as exc:
        logger.exception("Schedule run %s failed", run_id)
        _fail(run, attempt, ScheduleRun.Failure.ERROR, f"{type(exc).__name__}: {exc}")
        return
    finally:
        heartbeat.done.set()
    if violations:
        _fail(run, attempt, ScheduleRun.Failure.INVALID, "; ".join(map(str, violations[:5])))
        return
    if _fenced(run_id, attempt).update(
        status=Status.DONE,
        progress=100,
        solution=solution_to_dict(solution),
        message="",
        heartbeat=timezone.now(),
        finished=timezone.now(),
    ):
        log_action(run, "events.schedule.finished", None, {"attempt": attempt})


def _fail(run: ScheduleRun, attempt: int, failure: str, detail: str) -> None:
    if _fenced(run.pk, attempt).update(
        status=Status.FAILED, failure=failure, message=detail[:300], finished=timezone.now()
    ):
        log_action(run, "events.schedule.failed", None, {"attempt": attempt, "failure": failure})


def _requeue_dead(run: ScheduleRun, actor) -> str | None:
    """Queue a dead run again, or fail it when out of attempts: "requeued", "failed", or None
    when another check or delivery acted first."""
    if run.attempts >= settings.SCHEDULE_MAX_ATTEMPTS:
        if _give_up(run.pk, run.attempts, Status.RUNNING):
            log_action(run, "events.schedule.gave_up", actor, {"attempts": run.attempts})
            return "failed"
        return None
    if ScheduleRun.objects.filter(
        pk=run.pk, status=Status.RUNNING, attempts=run.attempts, heartbeat=run.heartbeat
    ).update(status=Status.QUEUED, heartbeat=timezone.now()):
        log_action(run, "events.schedule.requeued", actor, {"attempts": run.attempts})
        queue_schedule_run(run.pk)
        return "requeued"
    return None


@transaction.atomic
def restart_schedule_run(run: ScheduleRun, actor) -> str:
    """An organiser restarts a run whose worker died, without waiting for the periodic check.

    Side effects: as `recover_schedule_runs` for this one run (queued again, or FAILED when out
    of attempts), logged with the organiser as actor. Returns "requeued" or "failed".
    """
    from django.utils.translation import gettext as _

    from partnerup.events.domain.errors import EventError

    run = ScheduleRun.objects.get(pk=run.pk)
    outcome = _requeue_dead(run, actor) if is_stale(run) else None
    if outcome is None:
        raise EventError(_("This run is not stuck: it is still working, or it has ended."))
    return outcome


def recover_schedule_runs() -> dict[str, int]:
    """Run again the runs whose worker died; give up on those out of attempts.

    Side effects: a running run with a stale heartbeat goes back to QUEUED and is handed to a
    worker after commit (or becomes FAILED, failure `crashed`, after SCHEDULE_MAX_ATTEMPTS); a
    run queued for longer than SCHEDULE_STALE_AFTER is handed out again (a lost message; a
    duplicate is harmless, claiming is atomic). Logs `events.schedule.requeued` and
    `events.schedule.gave_up`. Returns counts of requeued, resent and failed runs.
    """
    stale = _stale_before()
    counts = {"requeued": 0, "resent": 0, "failed": 0}
    dead = ScheduleRun.objects.filter(status=Status.RUNNING).filter(
        Q(heartbeat__lt=stale) | Q(heartbeat__isnull=True)
    )
    for run in dead:
        outcome = _requeue_dead(run, None)
        if outcome:
            counts[outcome] += 1
    lost = ScheduleRun.objects.filter(status=Status.QUEUED).filter(
        Q(heartbeat__lt=stale) | Q(heartbeat__isnull=True, created__lt=stale)
    )
    for run in lost:
        if (
            ScheduleRun.objects.filter(pk=run.pk, status=Status.QUEUED, attempts=run.attempts)
            .filter(Q(heartbeat=run.heartbeat) if run.heartbeat else Q(heartbeat__isnull=True))
            .update(heartbeat=timezone.now())
        ):
            counts["resent"] += 1
            queue_schedule_run(run.pk)
    return counts


__all__ = [
    "claim_schedule_run",
    "execute_schedule_run",
    "is_stale",
    "queue_schedule_run",
    "recover_schedule_runs",
    "restart_schedule_run",
]
