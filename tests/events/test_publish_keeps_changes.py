"""Publishing a run keeps what organisers and participants did after the run read the event."""

from __future__ import annotations

import pytest
from django.core import mail

from partnerup.common.models import ActivityLog
from partnerup.events import domain
from partnerup.events.models import Meeting, MeetingSeat, ScheduleRun
from partnerup.events.scheduling import db_id
from tests import factories


@pytest.fixture
def accepted(db):
    """Six participants, seven accepted meetings, six slots, three tables; self-service on."""
    event = factories.make_event(self_service=True)
    domain.build_slots(event)
    people = [factories.make_participant(event, email=f"p{i}@example.org") for i in range(6)]
    pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (3, 4), (4, 5), (2, 5)]
    for a, b in pairs:
        domain.accept_request(domain.request_meeting(people[a], people[b]), actor=people[b].user)
    return {"event": event, "people": people, "organiser": factories.make_organiser()}


def _run(accepted, capture) -> ScheduleRun:
    with capture(execute=True):
        run = domain.start_schedule_run(accepted["event"], accepted["organiser"], time_limit=3)
    run.refresh_from_db()
    assert run.status == "done", run.message
    return run


def _plan(run) -> dict[int, tuple[int, int]]:
    return {
        db_id(a["meeting"]): (db_id(a["slot"]), db_id(a["table"]))
        for a in run.solution["assignments"]
    }


def _free_place(event, run, people: set[int], meeting: int | None = None, first_table=False):
    """A slot and table the run leaves free, where none of `people` has another planned
    meeting, other than `meeting`'s own planned place. `first_table`: the table `pick_slot`
    would choose."""
    plan = _plan(run)
    seats = {
        pk: {s.participant_id for s in MeetingSeat.objects.filter(meeting_id=pk)} for pk in plan
    }
    for slot in event.slots.order_by("starts"):
        if any(s == slot.pk and seats[pk] & people for pk, (s, _) in plan.items() if pk != meeting):
            continue
        taken = {t for s, t in plan.values() if s == slot.pk}
        tables = list(slot.venue.tables.order_by("seats", "name"))
        for table in tables[:1] if first_table else tables:
            if table.pk not in taken:
                return slot, table
    raise AssertionError("no free place")


def _places(event) -> dict[int, tuple]:
    return {
        m.pk: (m.status, m.slot_id, m.table_id, m.sequence)
        for m in Meeting.objects.filter(event=event)
    }


def test_publish_keeps_a_meeting_moved_and_locked_after_the_run_started(
    accepted, django_capture_on_commit_callbacks
):
    event, organiser = accepted["event"], accepted["organiser"]
    run = _run(accepted, django_capture_on_commit_callbacks)
    meeting = Meeting.objects.filter(event=event).order_by("pk").first()
    people = {s.participant_id for s in meeting.seats.all()}
    slot, table = _free_place(event, run, people, meeting=meeting.pk)
    assert (slot.pk, table.pk) != _plan(run)[meeting.pk]
    domain.move_meeting(meeting, slot, table, organiser)

    counts = domain.publish_schedule(run, organiser)

    meeting.refresh_from_db()
    assert (meeting.slot_id, meeting.table_id, meeting.locked) == (slot.pk, table.pk, True)
    others = Meeting.objects.filter(event=event).exclude(pk=meeting.pk)
    assert {m.pk: (m.slot_id, m.table_id) for m in others} == {
        pk: place for pk, place in _plan(run).items() if pk != meeting.pk
    }
    assert counts["kept"] == 0  # locked, so not counted as merely changed
    assert counts["placed"] == 7


def test_publish_keeps_a_slot_picked_by_participants_after_the_run_started(
    accepted, django_capture_on_commit_callbacks
):
    event, people, organiser = accepted["event"], accepted["people"], accepted["organiser"]
    run = _run(accepted, django_capture_on_commit_callbacks)
    request = domain.request_meeting(people[1], people[5])
    domain.accept_request(request, actor=people[5].user)
    new = Meeting.objects.get(request=request)
    slot, _table = _free_place(event, run, {people[1].pk, people[5].pk}, first_table=True)
    domain.pick_slot(new, slot, people[1].user)
    new.refresh_from_db()
    picked = (new.slot_id, new.table_id)

    counts = domain.publish_schedule(run, organiser)

    new.refresh_from_db()
    assert (new.status, new.slot_id, new.table_id) == ("scheduled", *picked)
    assert counts == {"placed": 8, "changed": 7, "unplaced": 0, "kept": 1}


def test_publish_keeps_meetings_accepted_or_cancelled_after_the_run_started(
    accepted, django_capture_on_commit_callbacks
):
    event, people, organiser = accepted["event"], accepted["people"], accepted["organiser"]
    run = _run(accepted, django_capture_on_commit_callbacks)
    cancelled = Meeting.objects.filter(event=event).order_by("pk").first()
    domain.cancel_request(cancelled.request, actor=cancelled.request.sender.user)
    request = domain.request_meeting(people[1], people[5])
    domain.accept_request(request, actor=people[5].user)

    domain.publish_schedule(run, organiser)

    cancelled.refresh_from_db()
    new = Meeting.objects.get(request=request)
    assert (cancelled.status, cancelled.slot_id) == ("cancelled", None)
    assert (new.status, new.slot_id) == ("accepted", None)


def test_publish_refuses_a_run_that_clashes_with_later_changes_and_writes_nothing(
    accepted, django_capture_on_commit_callbacks
):
    event, organiser = accepted["event"], accepted["organiser"]
    run = _run(accepted, django_capture_on_commit_callbacks)
    plan = _plan(run)
    first, second = Meeting.objects.filter(event=event).order_by("pk")[:2]
    # Move the first meeting by hand onto the place the run gives the second.
    slot_id, table_id = plan[second.pk]
    assert plan[first.pk] != (slot_id, table_id)
    table = event.venues.get().tables.get(pk=table_id)
    domain.move_meeting(first, event.slots.get(pk=slot_id), table, organiser)
    before = _places(event)
    logged = ActivityLog.objects.count()
    mail.outbox.clear()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(domain.EventError) as refused,
    ):
        domain.publish_schedule(run, organiser)

    message = str(refused.value)
    assert message.startswith("1 meeting was changed or locked after this run started")
    assert f"#{first.pk} (" in message
    assert "Run the scheduler again" in message
    assert _places(event) == before
    run.refresh_from_db()
    assert run.published is None
    assert ActivityLog.objects.count() == logged
    assert mail.outbox == []


def test_publishing_another_version_replaces_the_published_one(
    accepted, django_capture_on_commit_callbacks
):
    event, organiser = accepted["event"], accepted["organiser"]
    first = _run(accepted, django_capture_on_commit_callbacks)
    second = _run(accepted, django_capture_on_commit_callbacks)
    domain.publish_schedule(first, organiser)
    # The organiser prefers the second version after all: a change of version, not by hand.
    ScheduleRun.objects.filter(pk=second.pk).update(
        solution={**second.solution, "assignments": list(reversed_plan(second, event))}
    )
    second.refresh_from_db()

    counts = domain.publish_schedule(second, organiser)

    assert counts["kept"] == 0
    assert {m.pk: (m.slot_id, m.table_id) for m in Meeting.objects.filter(event=event)} == _plan(
        second
    )


def reversed_plan(run, event):
    """The run's assignments with the slots in reverse order: a different, equally valid
    schedule (the grid has one venue; a participant's meetings stay in distinct slots)."""
    slots = list(event.slots.order_by("starts").values_list("pk", flat=True))
    mirror = dict(zip(slots, reversed(slots), strict=True))
    for a in run.solution["assignments"]:
        yield {**a, "slot": f"s{mirror[db_id(a['slot'])]}"}
