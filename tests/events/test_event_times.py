"""An event's times are shown in the event's own time zone and the reader's language: pages,
e-mails and exports alike; a zone other than the readers' is named beside the times."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from partnerup.common.mail import render_mail
from partnerup.events import domain
from partnerup.events.interfaces.exporters import MeetingExporter
from partnerup.events.models import Event, Meeting, MeetingSeat, Venue
from tests import factories
from tests.conftest import login


def _event_with_meeting(zone: str, slug: str) -> dict:
    """An event in `zone` whose one meeting is at 09:30 local time on 13 January 2027."""
    event = factories.make_event(slug=slug, timezone=zone)
    event.days.update(date=date(2027, 1, 13), meetings_from=time(9, 30), meetings_until=time(11))
    domain.build_slots(event)
    a = factories.make_participant(event, email=f"a-{slug}@example.org", name="Anna A")
    b = factories.make_participant(event, email=f"b-{slug}@example.org", name="Bo B")
    meeting = Meeting.objects.get(
        request=domain.accept_request(domain.request_meeting(a, b), actor=b.user)
    )
    slot = event.slots.order_by("starts").first()
    meeting.slot, meeting.table, meeting.status = (
        slot,
        event.venues.get().tables.first(),
        "scheduled",
    )
    meeting.save()
    MeetingSeat.objects.filter(meeting=meeting).update(slot=slot)
    return {"event": event, "a": a, "b": b, "meeting": meeting}


@pytest.fixture
def oslo(db):
    return _event_with_meeting("Europe/Oslo", "oslo-days")


@pytest.fixture
def new_york(db):
    return _event_with_meeting("America/New_York", "boston-days")


def _page(client, participant, language: str, name: str, *args) -> str:
    participant.user.language = language
    participant.user.save()
    login(client, participant.user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def _text(page: str) -> str:
    """The page's words as a reader sees them, one space between."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Wed 13 Jan 09:30–10:00 Meeting"), ("nb", "ons. 13. jan. 09.30–10.00 Møte")],
)
def test_agenda_in_oslo(client, oslo, language, expected):
    page = _page(client, oslo["a"], language, "events:agenda", oslo["event"].slug)
    assert expected in _text(page)
    assert "CET" not in page
    assert "Times are local to the event" not in page
    assert "Tidspunktene er lokal tid" not in page


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Wed 13 Jan 09:30–10:00 EST Meeting"), ("nb", "ons. 13. jan. 09.30–10.00 EST Møte")],
)
def test_agenda_in_new_york_names_the_zone(client, new_york, language, expected):
    page = _page(client, new_york["a"], language, "events:agenda", new_york["event"].slug)
    assert expected in _text(page)
    assert "America/New York" in page


def test_meeting_page_in_the_events_zone(client, new_york):
    page = _page(client, new_york["a"], "en", "events:meeting", new_york["meeting"].pk)
    assert "Wed 13 Jan, 09:30 EST" in page


def test_export_writes_local_times_with_their_offset(oslo, new_york):
    (oslo_row,) = MeetingExporter(oslo["event"]).rows()
    (new_york_row,) = MeetingExporter(new_york["event"]).rows()
    assert oslo_row[3] == "2027-01-13T09:30:00+01:00"
    assert new_york_row[3] == "2027-01-13T09:30:00-05:00"


def test_schedule_mail_in_the_recipients_language_and_the_events_zone(new_york):
    a, event = new_york["a"], new_york["event"]
    context = {
        "participant": a,
        "event": event,
        "meetings": [i for i in domain.agenda(a) if i["kind"] == "meeting"],
    }
    _, body = render_mail("events/mail/schedule_published", context, "nb")
    assert "- ons. 13. jan. kl. 09.30 EST: Bo B" in body
    _, body = render_mail("events/mail/schedule_published", context, "en")
    assert "- Wed 13 Jan, 09:30 EST: Bo B" in body


def test_dashboard_counts_a_late_meeting_on_the_events_own_day(client, new_york):
    # 21:30 in New York on 13 January is already 14 January in Oslo and in UTC.
    event, meeting = new_york["event"], new_york["meeting"]
    event.days.update(meetings_from=time(21), meetings_until=time(22))
    domain.build_slots(event)
    slot = event.slots.get(
        starts=datetime(2027, 1, 13, 21, 30, tzinfo=ZoneInfo("America/New_York"))
    )
    Meeting.objects.filter(pk=meeting.pk).update(slot=slot)
    MeetingSeat.objects.filter(meeting=meeting).update(slot=slot)
    login(client, factories.make_organiser())
    page = client.get(reverse("events:dashboard", args=[event.slug])).content.decode()
    assert "13 Jan Innovation Park" in page
    assert "14 Jan" not in page


def test_a_call_deadline_is_typed_in_the_events_zone(client, new_york):
    from partnerup.events.models import ScoutingCall

    event = new_york["event"]
    pharma = factories.make_organisation("Pharma", kind="pharma")
    event.hosts.set([pharma])
    login(client, factories.make_member(pharma))
    response = client.post(
        reverse("events:calls", args=[event.slug]),
        {
            "host": pharma.pk,
            "title": "Radioligands wanted",
            "description": "PSMA and beyond",
            "deadline": "2027-01-10T17:00",
        },
    )
    assert response.status_code == 302
    call = ScoutingCall.objects.get()
    assert call.deadline == datetime(2027, 1, 10, 17, tzinfo=ZoneInfo("America/New_York"))
    page = client.get(reverse("events:calls", args=[event.slug])).content.decode()
    assert "10 Jan 2027, 17:00 EST" in page


def test_the_admin_reads_an_events_times_in_its_zone(client, db):
    from tests.events.test_setup_admin import inline

    login(client, factories.make_organiser())
    data = {
        "name": "Boston days",
        "slug": "boston",
        "description": "",
        "timezone": "America/New_York",
        "registration_opens_0": "2026-12-01",
        "registration_opens_1": "09:00",
        "registration_closes_0": "2027-01-10",
        "registration_closes_1": "17:00",
        "request_deadline_0": "2027-01-11",
        "request_deadline_1": "17:00",
        "meeting_minutes": "30",
        "request_mode": "approval",
        "visibility": "open",
        **inline("venues", []),
        **inline("days", []),
        **inline("caps", []),
    }
    response = client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302
    event = Event.objects.get(slug="boston")
    new_york = ZoneInfo("America/New_York")
    assert event.registration_closes == datetime(2027, 1, 10, 17, tzinfo=new_york)
    # Coming back, the organiser sees the same clock.
    page = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert 'name="registration_closes_1" value="17:00:00"' in page
    # A programme session of that event is typed in New York time too.
    response = client.post(
        reverse("admin:events_programmesession_add"),
        {
            "event": event.pk,
            "kind": "talk",
            "title": "Opening",
            "venue": Venue.objects.create(event=event, name="Seaport").pk,
            "room": "",
            "starts_0": "2027-01-13",
            "starts_1": "08:45",
            "ends_0": "2027-01-13",
            "ends_1": "09:15",
        },
    )
    assert response.status_code == 302
    assert event.sessions.get().starts == datetime(2027, 1, 13, 8, 45, tzinfo=new_york)


def test_a_slot_is_named_by_the_events_clock(new_york):
    assert str(new_york["meeting"].slot) == "Innovation Park 2027-01-13 09:30"


def test_event_page_names_days_in_the_readers_language(client, oslo):
    page = _text(_page(client, oslo["a"], "nb", "events:event", oslo["event"].slug))
    assert "Onsdag 13. januar 2027: Innovation Park" in page
    assert "09.30–11.00" in page
