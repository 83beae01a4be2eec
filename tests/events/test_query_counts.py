"""Every events list page runs the same number of queries for one item as for three."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerup.events import domain, queries
from partnerup.events.models import EventDay, Meeting, MeetingSeat, Table, Venue
from tests import factories
from tests.conftest import login


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _world(size: int):
    """An event with `size` of everything: participants with requests and meetings, venues
    with tables and slots, registrations."""
    from datetime import time

    event = factories.make_event(slug=f"days-{size}", self_service=True)
    day = event.days.get()
    for index in range(size - 1):
        venue = Venue.objects.create(event=event, name=f"Venue {index}")
        day.venues.add(venue)
        Table.objects.create(venue=venue, name="T1")
    EventDay.objects.filter(pk=day.pk).update(meetings_from=time(9), meetings_until=time(9 + size))
    domain.build_slots(event)
    me = factories.make_participant(event, participant_type="pharma")
    others = [factories.make_participant(event) for _ in range(size)]
    for index, other in enumerate(others):
        request = domain.request_meeting(other, me, message="Hello")
        if index % 2 == 0:
            domain.accept_request(request, actor=me.user)
    slots = list(event.slots.order_by("starts"))
    for index, meeting in enumerate(Meeting.objects.filter(event=event)):
        slot = slots[index]
        meeting.slot, meeting.table, meeting.status = (
            slot,
            slot.venue.tables.first(),
            "scheduled",
        )
        meeting.save()
        MeetingSeat.objects.filter(meeting=meeting).update(slot=slot)
    for _ in range(size):
        pending = factories.make_participant(event)
        pending.status = "pending"
        pending.save()
    return event, me


@pytest.mark.parametrize(
    ("name", "as_organiser"),
    [
        ("events:participants", False),
        ("events:requests", False),
        ("events:agenda", False),
        ("events:registrations", True),
        ("events:checkin", True),
        ("events:dashboard", True),
    ],
)
def test_list_pages_run_a_fixed_number_of_queries(client, db, name, as_organiser):
    counts = []
    organiser = factories.make_organiser()
    for size in (1, 3):
        event, me = _world(size)
        login(client, organiser if as_organiser else me.user)
        url = reverse(name, args=[event.slug])
        _queries(client, url)  # warm caches that are not under test (sessions, content types)
        counts.append(_queries(client, url))
    assert counts[0] == counts[1], counts


def test_free_common_slots_runs_a_fixed_number_of_queries(db):
    counts = []
    for size in (1, 3):
        event, me = _world(size)
        other = factories.make_participant(event)
        meeting = Meeting.objects.get(
            request=domain.accept_request(domain.request_meeting(other, me), actor=me.user)
        )
        with CaptureQueriesContext(connection) as captured:
            free = queries.free_common_slots(meeting)
        assert free
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
