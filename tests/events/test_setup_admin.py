"""Organisers set an event up in the admin; the slot grid follows every change."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from partnerup.events.models import Event, EventDay, Venue
from tests import factories
from tests.conftest import login


def inline(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def test_organiser_sets_up_an_event_in_the_admin(client, db):
    login(client, factories.make_organiser())
    now = timezone.localtime()
    when = lambda delta: (now + delta).strftime("%Y-%m-%d")  # noqa: E731
    data = {
        "name": "Set-up days",
        "slug": "setup-days",
        "description": "",
        "timezone": "Europe/Oslo",
        "registration_opens_0": when(timedelta(days=-1)),
        "registration_opens_1": "09:00",
        "registration_closes_0": when(timedelta(days=10)),
        "registration_closes_1": "09:00",
        "request_deadline_0": when(timedelta(days=12)),
        "request_deadline_1": "09:00",
        "meeting_minutes": "30",
        "request_mode": "approval",
        "visibility": "open",
        "published": "on",
        **inline("venues", [{"name": "Innovation Park", "address": ""}]),
        **inline("days", []),
        **inline("caps", [{"type": "startup", "max_requests": "10", "max_meetings": ""}]),
    }
    response = client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    event = Event.objects.get(slug="setup-days")
    venue = Venue.objects.get(event=event)
    assert event.caps.get().max_requests == 10
    day_data = {
        "event": event.pk,
        "date": when(timedelta(days=20)),
        "venues": [venue.pk],
        "meetings_from": "09:00",
        "meetings_until": "11:00",
        **inline("breaks", [{"title": "Coffee", "starts": "10:00", "ends": "10:30"}]),
    }
    response = client.post(reverse("admin:events_eventday_add"), day_data)
    assert response.status_code == 302
    # 09:00, 09:30, (coffee), 10:30 — derived as soon as the day is saved.
    assert event.slots.count() == 3
    day = EventDay.objects.get(event=event)
    coffee = day.breaks.get()
    # What the admin's change form posts when the organiser ticks "Delete" on the coffee break
    # and moves the end of the day to 12:00.
    day_data.update(meetings_until="12:00")
    day_data.update(inline("breaks", [{"id": coffee.pk, "day": day.pk, "DELETE": "on"}]))
    day_data["breaks-INITIAL_FORMS"] = "1"
    for key in ("title", "starts", "ends"):
        day_data[f"breaks-0-{key}"] = {"title": "Coffee", "starts": "10:00", "ends": "10:30"}[key]
    response = client.post(reverse("admin:events_eventday_change", args=[day.pk]), day_data)
    assert response.status_code == 302
    assert not day.breaks.exists()
    # 09:00 … 11:30 without the break: six slots, rebuilt through build_slots.
    assert event.slots.count() == 6
