from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from partnerup.events import domain
from partnerup.events.models import (
    Break,
    Event,
    EventDay,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    TypeCap,
    Venue,
)
from tests import factories
from tests.conftest import login


@pytest.fixture
def event(db):
    return factories.make_event()


@pytest.fixture
def pair(event):
    return (
        factories.make_participant(event, participant_type="startup"),
        factories.make_participant(event, participant_type="pharma"),
    )


def test_slot_grid_follows_days_venues_breaks_and_length(event):
    day = event.days.get()
    Break.objects.create(day=day, title="Coffee", starts=time(10, 15), ends=time(10, 45))
    second = Venue.objects.create(event=event, name="Science Park")
    day2 = EventDay.objects.create(
        event=event, date=date(2027, 3, 3), meetings_from=time(9), meetings_until=time(10)
    )
    day2.venues.set([second])
    assert domain.build_slots(event) == 6
    zone = timezone.get_current_timezone()
    starts = [
        f"{slot.starts.astimezone(zone):%d %H:%M} {slot.venue.name}"
        for slot in event.slots.order_by("starts")
    ]
    # 10:00 would run into the coffee break; 11:45 would end after 12:00.
    assert starts == [
        "02 09:00 Innovation Park",
        "02 09:30 Innovation Park",
        "02 10:45 Innovation Park",
        "02 11:15 Innovation Park",
        "03 09:00 Science Park",
        "03 09:30 Science Park",
    ]
    assert domain.build_slots(event) == 6  # idempotent


def test_request_accept_creates_a_meeting_and_notifies(pair, django_capture_on_commit_callbacks):
    sender, recipient = pair
    with django_capture_on_commit_callbacks(execute=True):
        request = domain.request_meeting(sender, recipient, message="Let's talk", priority=3)
    assert request.status == "pending"
    assert mail.outbox[-1].to == [recipient.user.email]
    with django_capture_on_commit_callbacks(execute=True):
        domain.accept_request(request, actor=recipient.user)
    meeting = Meeting.objects.get(request=request)
    assert meeting.weight == 3
    assert set(meeting.seats.values_list("participant", flat=True)) == {sender.pk, recipient.pk}
    assert mail.outbox[-1].to == [sender.user.email]
    with pytest.raises(domain.EventError, match="no longer waiting"):
        domain.decline_request(request, actor=recipient.user)


def test_one_open_request_per_pair_in_either_direction(pair):
    sender, recipient = pair
    domain.request_meeting(sender, recipient)
    with pytest.raises(domain.EventError, match="already have an open request"):
        domain.request_meeting(recipient, sender)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingRequest.objects.create(
            event=sender.event,
            sender=recipient,
            recipient=sender,
            pair_low=min(sender.pk, recipient.pk),
            pair_high=max(sender.pk, recipient.pk),
        )


def test_declined_pair_may_ask_again_later(pair):
    sender, recipient = pair
    first = domain.request_meeting(sender, recipient)
    domain.decline_request(first, reason="Not now", actor=recipient.user)
    again = domain.request_meeting(sender, recipient)
    assert again.status == "pending"


def test_caps_on_requests_and_meetings(event, pair):
    sender, recipient = pair
    TypeCap.objects.create(event=event, type="startup", max_requests=1)
    domain.request_meeting(sender, factories.make_participant(event))
    with pytest.raises(domain.EventError, match="most requests allowed"):
        domain.request_meeting(sender, recipient)
    TypeCap.objects.create(event=event, type="pharma", max_meetings=1)
    others = [factories.make_participant(event) for _ in range(2)]
    domain.accept_request(domain.request_meeting(others[0], recipient), actor=recipient.user)
    second = domain.request_meeting(others[1], recipient)
    with pytest.raises(domain.EventError, match="most meetings allowed"):
        domain.accept_request(second, actor=recipient.user)


def test_own_organisation_oneself_and_deadline_are_refused(event, pair):
    sender, recipient = pair
    colleague = factories.make_participant(event, organisation=sender.organisation)
    with pytest.raises(domain.EventError, match="own colleagues"):
        domain.request_meeting(sender, colleague)
    with pytest.raises(domain.EventError):
        domain.request_meeting(sender, sender)
    event.request_deadline = timezone.now() - timedelta(minutes=1)
    event.save()
    sender.event.refresh_from_db()
    with pytest.raises(domain.EventError, match="deadline"):
        domain.request_meeting(sender, recipient)


def test_auto_accept_and_expiry(event, pair):
    sender, recipient = pair
    event.request_mode = Event.RequestMode.AUTO_ACCEPT
    event.save()
    sender.event.refresh_from_db()
    assert domain.request_meeting(sender, recipient).status == "accepted"
    event.request_mode = Event.RequestMode.APPROVAL
    event.request_expiry_hours = 48
    event.save()
    third = factories.make_participant(event)
    third.event.refresh_from_db()
    pending = domain.request_meeting(third, recipient)
    assert domain.expire_requests(timezone.now()) == 0
    assert domain.expire_requests(timezone.now() + timedelta(hours=49)) == 1
    pending.refresh_from_db()
    assert pending.status == "expired"
    assert domain.expire_requests(timezone.now() + timedelta(hours=49)) == 0  # retried: no-op


def test_cancel_frees_the_meeting(pair):
    sender, recipient = pair
    request = domain.accept_request(domain.request_meeting(sender, recipient), actor=recipient.user)
    domain.cancel_request(request, actor=sender.user)
    meeting = Meeting.objects.get(request=request)
    assert meeting.status == "cancelled"
    assert not MeetingSeat.objects.filter(meeting=meeting, active=True).exists()


def test_database_refuses_double_booked_table_and_participant(event, pair):
    domain.build_slots(event)
    slot = event.slots.first()
    table = event.venues.get().tables.first()
    sender, recipient = pair
    third = factories.make_participant(event)
    first = Meeting.objects.create(event=event, slot=slot, table=table, status="scheduled")
    MeetingSeat.objects.create(meeting=first, participant=sender, slot=slot)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(event=event, slot=slot, table=table, status="scheduled")
    other_table = event.venues.get().tables.last()
    second = Meeting.objects.create(event=event, slot=slot, table=other_table, status="scheduled")
    MeetingSeat.objects.create(meeting=second, participant=third, slot=slot)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingSeat.objects.create(meeting=second, participant=sender, slot=slot)
    assert recipient  # unused in this check


def test_pages_register_request_accept(client, event):
    organisation = factories.make_organisation("Bio Start", kind="startup")
    user = factories.make_member(organisation, email="founder@example.org")
    other = factories.make_participant(event, participant_type="pharma", email="scout@example.org")
    login(client, user)
    response = client.post(
        reverse("events:register", args=[event.slug]),
        {"organisation": organisation.pk, "type": "startup", "headline": "Radioligands"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("events:request_create", args=[event.slug, other.pk]),
        {"message": "Hello", "priority": 3},
    )
    assert response.status_code == 302
    request = MeetingRequest.objects.get()
    assert request.sender.user == user
    # The sender cannot accept their own request (common/rules.py: the recipient answers).
    response = client.post(reverse("events:request_action", args=[request.pk, "accept"]))
    assert response.status_code == 403
    response = client.post(reverse("events:request_action", args=[request.pk, "bogus"]))
    assert response.status_code == 400
    login(client, other.user)
    client.post(reverse("events:request_action", args=[request.pk, "accept"]))
    request.refresh_from_db()
    assert request.status == "accepted"
    page = client.get(reverse("events:requests", args=[event.slug])).content.decode()
    assert "Accepted" in page
