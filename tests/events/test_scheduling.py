"""The organiser's path through the scheduler engine: run, preview, move, publish, fit in."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from partnerup.events import domain
from partnerup.events.models import Meeting, MeetingSeat, ScheduleRun
from partnerup.events.scheduling import to_problem
from partnerup.scheduling import validate
from partnerup.scheduling.io import solution_from_dict
from tests import factories
from tests.conftest import login


@pytest.fixture
def accepted(db):
    """Six participants, seven accepted meetings, six slots, three tables."""
    event = factories.make_event()
    domain.build_slots(event)
    people = [factories.make_participant(event, email=f"p{i}@example.org") for i in range(6)]
    pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (3, 4), (4, 5), (2, 5)]
    for a, b in pairs:
        domain.accept_request(domain.request_meeting(people[a], people[b]), actor=people[b].user)
    return {"event": event, "people": people, "organiser": factories.make_organiser()}


def test_run_preview_publish_and_agenda(client, accepted, django_capture_on_commit_callbacks):
    event = accepted["event"]
    login(client, accepted["organiser"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:schedule", args=[event.slug]), {"time_limit": "5"})
    run = ScheduleRun.objects.get()
    assert response["Location"] == run.get_absolute_url()
    assert run.status == "done", run.message
    solution = solution_from_dict(run.solution)
    assert validate(to_problem(event), solution) == []
    assert len(solution.assignments) == run.solution["stats"]["placed"] == 7  # room for all
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Every meeting is placed." in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(run.get_absolute_url(), {"action": "publish"})
    assert Meeting.objects.filter(event=event, status="scheduled").count() == 7
    # Each participant is told once; their seats carry the slot, so the database guards them.
    assert sorted(m.to[0] for m in mail.outbox) == [f"p{i}@example.org" for i in range(6)]
    assert not MeetingSeat.objects.filter(meeting__event=event, slot__isnull=True).exists()
    items = domain.agenda(accepted["people"][0])
    assert [i["kind"] for i in items] == ["meeting"] * 3
    assert all(i["table"] is not None for i in items)


def test_incremental_run_keeps_published_meetings(
    client, accepted, django_capture_on_commit_callbacks
):
    event, people = accepted["event"], accepted["people"]
    login(client, accepted["organiser"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:schedule", args=[event.slug]), {"time_limit": "5"})
    first = ScheduleRun.objects.get()
    domain.publish_schedule(first, accepted["organiser"])
    before = {m.pk: (m.slot_id, m.table_id) for m in Meeting.objects.filter(event=event)}
    cancelled = Meeting.objects.filter(event=event).first()
    domain.cancel_request(cancelled.request, actor=cancelled.request.sender.user)
    domain.accept_request(domain.request_meeting(people[1], people[5]), actor=people[5].user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("events:schedule", args=[event.slug]), {"time_limit": "5", "incremental": "1"}
        )
    second = ScheduleRun.objects.get(version=2)
    assert second.status == "done", second.message
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counts = domain.publish_schedule(second, accepted["organiser"])
    after = {
        m.pk: (m.slot_id, m.table_id)
        for m in Meeting.objects.filter(event=event).exclude(status="cancelled")
    }
    kept = [pk for pk in after if pk in before and pk != cancelled.pk]
    assert all(after[pk] == before[pk] for pk in kept)
    new = Meeting.objects.get(request__sender=people[1], request__recipient=people[5])
    assert new.slot_id is not None
    assert counts["changed"] == 1
    # Only the two people of the new meeting are told.
    assert sorted(m.to[0] for m in mail.outbox) == ["p1@example.org", "p5@example.org"]


def test_move_and_lock_by_hand_and_double_booking_refused(accepted):
    event = accepted["event"]
    slot = event.slots.order_by("starts").first()
    tables = list(event.venues.get().tables.all())
    first, second = Meeting.objects.filter(event=event).order_by("pk")[:2]
    domain.move_meeting(first, slot, tables[0], accepted["organiser"])
    first.refresh_from_db()
    assert (first.slot, first.table, first.locked) == (slot, tables[0], True)
    with pytest.raises(domain.EventError, match="taken"):
        domain.move_meeting(second, slot, tables[0], accepted["organiser"])  # same table
    with pytest.raises(domain.EventError, match="taken"):
        domain.move_meeting(second, slot, tables[1], accepted["organiser"])  # same person
    problem = to_problem(event)
    fixed = {m.id: m.fixed for m in problem.meetings if m.fixed}
    assert fixed == {f"m{first.pk}": fixed[f"m{first.pk}"]}
