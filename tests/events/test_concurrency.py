"""Parallel requests, accepts and cancels never create duplicates or double bookings.

Real threads with their own database connections, on PostgreSQL only: SQLite runs one writer at
a time, so there a missing row lock would go unnoticed (tests/conftest.py skips these on SQLite;
CI runs the suite again on PostgreSQL, where they run).
"""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection

from partnerup.events import domain
from partnerup.events.models import Meeting, MeetingRequest, MeetingSeat, TypeCap
from tests import factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


def run_together(*calls):
    """Start every call at the same moment in its own thread; return results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as exc:
            results[index] = exc
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_mutual_requests_at_the_same_moment_make_one_request():
    event = factories.make_event()
    pairs = [
        (factories.make_participant(event), factories.make_participant(event)) for _ in range(4)
    ]
    calls = []
    for a, b in pairs:
        calls += [
            lambda a=a, b=b: domain.request_meeting(a, b),
            lambda a=a, b=b: domain.request_meeting(b, a),
        ]
    results = run_together(*calls)
    errors = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(e, domain.EventError) for e in errors), errors
    for a, b in pairs:
        low, high = sorted((a.pk, b.pk))
        assert MeetingRequest.objects.filter(pair_low=low, pair_high=high).count() == 1


def test_parallel_accepts_respect_the_meeting_cap():
    event = factories.make_event()
    TypeCap.objects.create(event=event, type="pharma", max_meetings=1)
    scout = factories.make_participant(event, participant_type="pharma")
    requests = [domain.request_meeting(factories.make_participant(event), scout) for _ in range(5)]
    results = run_together(
        *[lambda r=r: domain.accept_request(r, actor=scout.user) for r in requests]
    )
    accepted = [r for r in results if isinstance(r, MeetingRequest)]
    assert len(accepted) == 1, results
    assert all(isinstance(r, domain.EventError) for r in results if r not in accepted)
    assert MeetingSeat.objects.filter(participant=scout, active=True).count() == 1


def test_accept_and_cancel_at_the_same_moment_stay_consistent():
    event = factories.make_event()
    for _ in range(4):
        sender, recipient = factories.make_participant(event), factories.make_participant(event)
        request = domain.request_meeting(sender, recipient)
        run_together(
            lambda r=request, u=recipient.user: domain.accept_request(r, actor=u),
            lambda r=request, u=sender.user: domain.cancel_request(r, actor=u),
            lambda r=request, u=recipient.user: domain.accept_request(r, actor=u),
        )
        request.refresh_from_db()
        meetings = Meeting.objects.filter(request=request)
        assert meetings.count() <= 1
        if request.status == "cancelled":
            assert not MeetingSeat.objects.filter(meeting__request=request, active=True).exists()
        else:
            assert request.status == "accepted"
            assert meetings.get().seats.filter(active=True).count() == 2
