"""The private iCal feed: text from participants cannot add lines (or events) to a feed, long
lines are folded, the feed follows the event's time zone and stops for inactive accounts."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from partnerup.common.models import ActivityLog
from partnerup.events import domain
from partnerup.events.calendar import build_calendar
from partnerup.events.models import Meeting, MeetingSeat
from tests import factories
from tests.conftest import login

INJECTION = "Hi\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:Free money\r\nX:1\n;,\\"


def _unfold(body: str) -> list[str]:
    # As a lenient calendar reads it: a lone CR or LF ends a line too.
    return re.split(r"\r\n|\r|\n", body.replace("\r\n ", ""))


def _item(**fields):
    return {
        "uid": "meeting-1",
        "start": datetime(2027, 3, 2, 9, tzinfo=UTC),
        "end": datetime(2027, 3, 2, 9, 30, tzinfo=UTC),
        "summary": "Meeting",
        "location": "Park",
        "description": "",
        **fields,
    }


def test_line_breaks_of_every_kind_are_escaped():
    body = build_calendar("Days", [_item(description=INJECTION, summary="A\rB")])
    # Only CRLF separates lines, and no line starts a second event.
    assert "\r" not in body.replace("\r\n", "")
    assert "\n" not in body.replace("\r\n", "")
    lines = _unfold(body)
    assert lines.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:A\\nB" in lines
    assert (
        "DESCRIPTION:Hi\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:Free money\\nX:1\\n\\;\\,\\\\"
        in lines
    )


def test_long_lines_are_folded_at_75_octets():
    body = build_calendar("Days", [_item(description="ø" * 200)])
    for line in body.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert "DESCRIPTION:" + "ø" * 200 in _unfold(body)


def test_times_follow_the_events_zone():
    oslo = build_calendar("Days", [_item()], "Europe/Oslo")
    assert "DTSTART;TZID=Europe/Oslo:20270302T100000" in oslo
    helsinki = build_calendar("Days", [_item()], "Europe/Helsinki")
    assert "DTSTART:20270302T090000Z" in helsinki
    assert "X-WR-TIMEZONE:Europe/Helsinki" in helsinki
    assert "TZID:Europe/Oslo" not in helsinki


@pytest.fixture
def booked(db):
    event = factories.make_event()
    domain.build_slots(event)
    a = factories.make_participant(event, name="Anna\rEND:VEVENT")
    b = factories.make_participant(event, participant_type="pharma")
    meeting = Meeting.objects.get(
        request=domain.accept_request(
            domain.request_meeting(a, b, message="x\rBEGIN:VEVENT"), actor=b.user
        )
    )
    slot = event.slots.first()
    meeting.slot, meeting.table, meeting.status = (
        slot,
        event.venues.get().tables.first(),
        "scheduled",
    )
    meeting.save()
    MeetingSeat.objects.filter(meeting=meeting).update(slot=slot)
    return {"event": event, "a": a, "b": b}


def test_a_name_with_a_carriage_return_cannot_inject_into_the_others_feed(client, booked):
    response = client.get(reverse("events:calendar", args=[booked["b"].calendar_token]))
    assert response.status_code == 200
    lines = _unfold(response.content.decode())
    assert lines.count("BEGIN:VEVENT") == 1
    assert lines.count("END:VEVENT") == 1


def test_feed_stops_for_an_inactive_account_or_a_withdrawn_participation(client, booked):
    a = booked["a"]
    url = reverse("events:calendar", args=[a.calendar_token])
    assert client.get(url).status_code == 200
    a.user.is_active = False
    a.user.save()
    assert client.get(url).status_code == 404
    a.user.is_active = True
    a.user.save()
    a.status = "cancelled"
    a.save()
    assert client.get(url).status_code == 404


def test_renewing_the_link_is_logged(client, booked):
    a = booked["a"]
    old = a.calendar_token
    login(client, a.user)
    client.post(reverse("events:agenda", args=[booked["event"].slug]))
    a.refresh_from_db()
    assert a.calendar_token != old
    entry = ActivityLog.objects.get(action="events.participant.calendar_renewed")
    assert (entry.actor, entry.object_id) == (a.user, str(a.pk))
    assert old not in str(entry.data) and a.calendar_token not in str(entry.data)
