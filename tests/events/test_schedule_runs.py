"""Scheduler runs survive their worker: claimed once, a heartbeat, taken over when it stops,
given up after too many attempts; without a broker they run beside the request, not in it."""

from __future__ import annotations

import io
import random
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from partnerup.common.models import ActivityLog
from partnerup.events import domain
from partnerup.events.domain.schedule_runs import claim_schedule_run, recover_schedule_runs
from partnerup.events.models import ScheduleRun
from partnerup.events.scheduling import to_problem
from partnerup.scheduling import validate
from partnerup.scheduling.io import solution_from_dict
from tests import factories
from tests.conftest import login


def small_event():
    """Four participants, four accepted meetings: solved in a moment."""
    event = factories.make_event()
    domain.build_slots(event)
    people = [factories.make_participant(event, email=f"p{i}@example.org") for i in range(4)]
    for a, b in [(0, 1), (0, 2), (1, 3), (2, 3)]:
        domain.accept_request(domain.request_meeting(people[a], people[b]), actor=people[b].user)
    return event


def busy_event(participants: int = 16, meetings: int = 48):
    """More meetings than places: the solver searches for several seconds."""
    event = factories.make_event()
    domain.build_slots(event)
    people = [
        factories.make_participant(event, email=f"p{i}@example.org") for i in range(participants)
    ]
    pairs: set[tuple[int, int]] = set()
    pick = random.Random(7)
    while len(pairs) < meetings:
        a, b = sorted(pick.sample(range(participants), 2))
        if (a, b) not in pairs:
            pairs.add((a, b))
            request = domain.request_meeting(people[a], people[b])
            domain.accept_request(request, actor=people[b].user)
    return event


def _stale(run: ScheduleRun) -> None:
    """As if the attempt's worker died a minute ago: its heartbeat stopped."""
    ScheduleRun.objects.filter(pk=run.pk).update(heartbeat=timezone.now() - timedelta(seconds=60))


def _queued(event) -> ScheduleRun:
    organiser = factories.make_organiser()
    return domain.start_schedule_run(event, organiser, time_limit=2)  # not run: no commit


def test_only_one_of_two_deliveries_claims_a_run(db):
    run = _queued(small_event())
    assert claim_schedule_run(run.pk) == 1
    assert claim_schedule_run(run.pk) is None  # in hand: its heartbeat is fresh
    domain.execute_schedule_run(run.pk)  # a redelivered task
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("running", 1)


def test_a_redelivered_task_takes_over_a_run_whose_heartbeat_stopped(db):
    event = small_event()
    run = _queued(event)
    ScheduleRun.objects.filter(pk=run.pk).update(status="running", attempts=1, progress=40)
    _stale(run)

    domain.execute_schedule_run(run.pk)

    run.refresh_from_db()
    assert (run.status, run.attempts, run.progress) == ("done", 2, 100), run.message
    assert validate(to_problem(event), solution_from_dict(run.solution)) == []
    finished = ActivityLog.objects.filter(action="events.schedule.finished")
    assert [entry.data for entry in finished] == [{"attempt": 2}]


def test_an_attempt_taken_over_writes_nothing(db):
    run = _queued(small_event())
    first = claim_schedule_run(run.pk)
    _stale(run)
    assert claim_schedule_run(run.pk) == first + 1
    # The first attempt's worker was only slow; its late writes name its attempt and miss.
    from partnerup.events.domain.schedule_runs import _fenced

    assert _fenced(run.pk, first).update(status="done", progress=100) == 0


def test_recovery_runs_a_stale_run_again(db, django_capture_on_commit_callbacks):
    run = _queued(small_event())
    claim_schedule_run(run.pk)
    _stale(run)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("recover_schedule_runs", stdout=io.StringIO())

    run.refresh_from_db()
    assert (run.status, run.attempts) == ("done", 2), run.message
    assert ActivityLog.objects.filter(action="events.schedule.requeued").count() == 1


def test_recovery_leaves_a_live_run_alone(db, django_capture_on_commit_callbacks):
    run = _queued(small_event())
    claim_schedule_run(run.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert recover_schedule_runs() == {"requeued": 0, "resent": 0, "failed": 0}
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("running", 1)


def test_recovery_gives_up_after_the_last_attempt_and_the_page_says_why(
    client, db, settings, django_capture_on_commit_callbacks
):
    settings.SCHEDULE_MAX_ATTEMPTS = 2
    run = _queued(small_event())
    ScheduleRun.objects.filter(pk=run.pk).update(status="running", attempts=2)
    _stale(run)

    with django_capture_on_commit_callbacks(execute=True):
        assert recover_schedule_runs()["failed"] == 1

    run.refresh_from_db()
    assert (run.status, run.failure, run.attempts) == ("failed", "crashed", 2)
    login(client, factories.make_organiser())
    page = client.get(run.get_absolute_url()).content.decode()
    assert "stopped unexpectedly 2 times" in page
    assert "hx-trigger" not in page  # the page stops polling


def test_the_page_says_a_run_whose_worker_died_is_restarting(client, db):
    run = _queued(small_event())
    claim_schedule_run(run.pk)
    _stale(run)
    login(client, factories.make_organiser())
    page = client.get(run.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "stopped unexpectedly" in page
    assert "restarting" in page


def test_a_failed_run_says_why_in_plain_words(client, db, django_capture_on_commit_callbacks):
    event = small_event()
    organiser = factories.make_organiser()
    first = event.meetings.order_by("pk").first()
    slot = event.slots.order_by("starts").first()
    table = event.venues.get().tables.order_by("name").first()
    domain.move_meeting(first, slot, table, organiser)
    # Later one of its participants says they are away then.
    first.seats.first().participant.unavailable.add(slot)
    with django_capture_on_commit_callbacks(execute=True):
        run = domain.start_schedule_run(event, organiser, time_limit=2)
    run.refresh_from_db()
    login(client, organiser)
    page = client.get(run.get_absolute_url()).content.decode()
    assert run.status == "failed", page[page.find("run-status") :][:1500]
    assert "The meetings locked by hand cannot all be kept" in page, page[
        page.find("run-status") :
    ][:1500]


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_run_goes_on_after_the_request_returns(client, settings):
    settings.BACKGROUND_THREADS = 2
    settings.SCHEDULE_HEARTBEAT = 1
    event = busy_event()
    login(client, factories.make_organiser())
    began = time.monotonic()
    response = client.post(reverse("events:schedule", args=[event.slug]), {"time_limit": "4"})
    answered = time.monotonic() - began
    run = ScheduleRun.objects.get()
    assert response.status_code == 302
    assert run.status in {"queued", "running"}  # still going when the organiser sees the page
    assert answered < 2.0
    deadline = time.monotonic() + 180
    beats = set()
    while run.status in {"queued", "running"} and time.monotonic() < deadline:
        time.sleep(0.2)
        run.refresh_from_db()
        beats.add(run.heartbeat)
    connections.close_all()
    assert run.status == "done", run.message
    assert validate(to_problem(event), solution_from_dict(run.solution)) == []
    assert len(beats) >= 2  # the heartbeat moved while it ran


def test_an_organiser_restarts_a_stuck_run_from_its_page(
    client, db, django_capture_on_commit_callbacks
):
    run = _queued(small_event())
    claim_schedule_run(run.pk)
    login(client, factories.make_organiser())
    response = client.post(run.get_absolute_url(), {"action": "restart"}, follow=True)
    assert "This run is not stuck" in response.content.decode()
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("running", 1)

    _stale(run)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(run.get_absolute_url(), {"action": "restart"})

    run.refresh_from_db()
    assert (run.status, run.attempts) == ("done", 2), run.message
    restarted = ActivityLog.objects.get(action="events.schedule.requeued")
    assert restarted.actor is not None


def test_the_versions_list_says_which_run_is_restarting(client, db):
    event = small_event()
    run = _queued(event)
    claim_schedule_run(run.pk)
    login(client, factories.make_organiser())
    url = reverse("events:schedule", args=[event.slug])
    assert "Stopped unexpectedly, restarting" not in client.get(url).content.decode()
    _stale(run)
    assert "Stopped unexpectedly, restarting" in client.get(url).content.decode()
