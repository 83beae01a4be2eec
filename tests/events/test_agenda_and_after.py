from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerup.events import domain
from partnerup.events.models import (
    Meeting,
    MeetingFeedback,
    MeetingSeat,
    ProgrammeSession,
    TravelTime,
    Venue,
)
from tests import factories
from tests.conftest import login


@pytest.fixture
def scheduled(db):
    """A two-venue event with one scheduled meeting on each day, and a talk."""
    event = factories.make_event()
    park = event.venues.get()
    science = Venue.objects.create(event=event, name="Science Park")
    TravelTime.objects.create(event=event, origin=park, destination=science, minutes=40)
    day = event.days.get()
    day.venues.add(science)
    domain.build_slots(event)
    from partnerup.events.models import Table

    science_table = Table.objects.create(venue=science, name="S1")
    a = factories.make_participant(event, email="a@example.org", name="Anna A")
    b = factories.make_participant(
        event, participant_type="pharma", email="b@example.org", name="Bo B"
    )
    c = factories.make_participant(
        event, participant_type="investor", email="c@example.org", name="Cy C"
    )
    first = domain.accept_request(
        domain.request_meeting(a, b, message="Radioligands"), actor=b.user
    )
    second = domain.accept_request(domain.request_meeting(a, c), actor=c.user)
    slots = list(event.slots.order_by("starts", "venue__name"))
    park_slot = next(s for s in slots if s.venue == park)
    later_science = next(s for s in slots if s.venue == science and s.starts > park_slot.starts)
    for request, slot, table in (
        (first, park_slot, park.tables.first()),
        (second, later_science, science_table),
    ):
        meeting = Meeting.objects.get(request=request)
        meeting.slot, meeting.table, meeting.status = slot, table, "scheduled"
        meeting.save()
        MeetingSeat.objects.filter(meeting=meeting).update(slot=slot)
    ProgrammeSession.objects.create(
        event=event,
        kind="talk",
        title="Opening talk",
        venue=park,
        starts=park_slot.starts - timedelta(hours=1),
        ends=park_slot.starts - timedelta(minutes=30),
    )
    return {
        "event": event,
        "a": a,
        "b": b,
        "c": c,
        "meetings": [Meeting.objects.get(request=first), Meeting.objects.get(request=second)],
    }


def test_agenda_orders_items_and_shows_travel(scheduled):
    items = domain.agenda(scheduled["a"])
    assert [i["kind"] for i in items] == ["session", "meeting", "meeting"]
    assert items[2]["travel_minutes"] == 40
    assert [o.user.name for o in items[1]["others"]] == ["Bo B"]


def test_calendar_feed_is_private_stable_and_revocable(client, scheduled):
    a = scheduled["a"]
    url = reverse("events:calendar", args=[a.calendar_token])
    body = client.get(url).content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Oslo" in body
    meeting = scheduled["meetings"][0]
    assert f"UID:meeting-{meeting.pk}@" in body
    assert "DTSTART;TZID=Europe/Oslo:20270302T0900" in body
    assert "Meeting: Bo B" in body
    assert body.count("BEGIN:VEVENT") == 3
    # Stable: the same UIDs on the next fetch.
    again = client.get(url).content.decode()
    uids = sorted(line for line in body.splitlines() if line.startswith("UID:"))
    assert uids == sorted(line for line in again.splitlines() if line.startswith("UID:"))
    # Nobody else's meetings; a renewed link revokes the old one.
    assert "Cy C" in body and "c@example.org" not in body
    login(client, a.user)
    client.post(reverse("events:agenda", args=[a.event.slug]))
    assert client.get(url).status_code == 404
    a.refresh_from_db()
    assert client.get(reverse("events:calendar", args=[a.calendar_token])).status_code == 200


def test_agenda_page_and_print(client, scheduled):
    login(client, scheduled["a"].user)
    page = client.get(reverse("events:agenda", args=[scheduled["event"].slug])).content.decode()
    assert "Travel to Science Park: 40 minutes" in page
    assert "Opening talk" in page


def _started(meeting, minutes_ago=60):
    """Move the meeting's slot into the past: it has started."""
    from partnerup.events.models import Slot

    starts = timezone.now() - timedelta(minutes=minutes_ago)
    Slot.objects.filter(pk=meeting.slot_id).update(
        starts=starts, ends=starts + timedelta(minutes=30)
    )
    meeting.refresh_from_db()


def test_held_and_feedback_are_refused_before_the_meeting_starts(client, scheduled):
    meeting = scheduled["meetings"][0]
    b = scheduled["b"]
    with pytest.raises(domain.EventError, match="not started yet"):
        domain.mark_meeting(meeting, True, b.user)
    with pytest.raises(domain.EventError, match="not started yet"):
        domain.give_feedback(meeting, b, rating=5, outcome="nda")
    login(client, b.user)
    page = client.get(reverse("events:meeting", args=[meeting.pk])).content.decode()
    assert 'name="held"' not in page
    assert 'name="rating"' not in page
    assert "After the meeting has started" in page
    response = client.post(reverse("events:meeting", args=[meeting.pk]), {"held": "1"})
    meeting.refresh_from_db()
    assert (response.status_code, meeting.status) == (302, "scheduled")
    _started(meeting)
    page = client.get(reverse("events:meeting", args=[meeting.pk])).content.decode()
    assert 'name="held"' in page
    assert 'name="rating"' in page


def test_check_in_and_mark_meeting_and_feedback(client, scheduled, settings):
    organiser = factories.make_organiser()
    login(client, organiser)
    a = scheduled["a"]
    response = client.post(
        reverse("events:checkin", args=[scheduled["event"].slug]),
        {"participant": a.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    a.refresh_from_db()
    first_check_in = a.checked_in
    assert first_check_in is not None
    domain.check_in(a, organiser)  # twice: keeps the first time
    a.refresh_from_db()
    assert a.checked_in == first_check_in
    meeting = scheduled["meetings"][0]
    _started(meeting)
    login(client, scheduled["b"].user)
    client.post(reverse("events:meeting", args=[meeting.pk]), {"held": "1"})
    meeting.refresh_from_db()
    assert meeting.status == "held"
    response = client.post(
        reverse("events:meeting", args=[meeting.pk]),
        {"rating": 5, "outcome": "nda", "note": "Strong data"},
    )
    assert response.status_code == 302
    feedback = MeetingFeedback.objects.get()
    assert (feedback.participant, feedback.rating, feedback.outcome) == (scheduled["b"], 5, "nda")
    # Someone who was not in the meeting cannot see it.
    login(client, scheduled["c"].user)
    assert client.get(reverse("events:meeting", args=[meeting.pk])).status_code == 404


def test_feedback_reminders_once_per_meeting_and_only_after_it(
    scheduled, django_capture_on_commit_callbacks
):
    from django.core import mail

    event = scheduled["event"]
    first, second = scheduled["meetings"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        # Nothing has taken place yet: no reminders, however scheduled the meetings are.
        assert domain.remind_feedback(event) == 0
    _started(first)
    with django_capture_on_commit_callbacks(execute=True):
        assert domain.remind_feedback(event) == 2  # a and b met
    with django_capture_on_commit_callbacks(execute=True):
        assert domain.remind_feedback(event) == 0  # the next day: not again
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    # The second meeting turned out a no-show: nobody is asked to rate it.
    _started(second, minutes_ago=30)
    domain.mark_meeting(second, False, scheduled["a"].user)
    with django_capture_on_commit_callbacks(execute=True):
        assert domain.remind_feedback(event) == 0
    assert len(mail.outbox) == 2


def test_feedback_reminder_skips_answered_meetings(scheduled):
    first = scheduled["meetings"][0]
    _started(first)
    domain.give_feedback(first, scheduled["a"], rating=4, outcome="none")
    domain.give_feedback(first, scheduled["b"], rating=4, outcome="none")
    assert domain.remind_feedback(scheduled["event"]) == 0


def test_periodic_commands_run(scheduled):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("expire_requests", stdout=out)
    call_command("remind_feedback", stdout=out)
    assert "requests expired" in out.getvalue()
    assert "reminders queued" in out.getvalue()
