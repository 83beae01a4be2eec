"""Reading a meeting or a call is one permission; each write on it is another (common/rules.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerup.common.models import ActivityLog
from partnerup.events import domain
from partnerup.events.models import Meeting, MeetingFeedback, MeetingSeat, ScoutingCall, Slot
from tests import factories
from tests.conftest import login


@pytest.fixture
def held(db):
    """A meeting that started an hour ago, between a and b."""
    event = factories.make_event()
    domain.build_slots(event)
    a = factories.make_participant(event)
    b = factories.make_participant(event, participant_type="pharma")
    meeting = Meeting.objects.get(
        request=domain.accept_request(domain.request_meeting(a, b), actor=b.user)
    )
    slot = event.slots.first()
    starts = timezone.now() - timedelta(hours=1)
    Slot.objects.filter(pk=slot.pk).update(starts=starts, ends=starts + timedelta(minutes=30))
    meeting.slot, meeting.table, meeting.status = slot, slot.venue.tables.first(), "scheduled"
    meeting.save()
    MeetingSeat.objects.filter(meeting=meeting).update(slot=slot)
    return {"event": event, "a": a, "b": b, "meeting": meeting}


def test_organisers_read_a_meeting_but_give_no_feedback_in_its_name(client, held):
    url = reverse("events:meeting", args=[held["meeting"].pk])
    login(client, factories.make_organiser())
    assert client.get(url).status_code == 200
    assert client.post(url, {"rating": 5, "outcome": "nda"}).status_code == 403
    assert not MeetingFeedback.objects.exists()
    # Marking held is a write organisers may do (at the door).
    assert client.post(url, {"held": "1"}).status_code == 302
    held["meeting"].refresh_from_db()
    assert held["meeting"].status == "held"


def test_people_outside_the_meeting_get_404_for_reads_and_writes(client, held):
    outsider = factories.make_participant(held["event"])
    login(client, outsider.user)
    url = reverse("events:meeting", args=[held["meeting"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"held": "1"}).status_code == 404
    assert client.post(url, {"rating": 5, "outcome": "nda"}).status_code == 404
    pick = reverse("events:meeting_pick_slot", args=[held["meeting"].pk])
    assert client.post(pick, {"slot": held["meeting"].slot_id}).status_code == 404


def test_the_rules_keep_reads_and_writes_apart(held):
    organiser = factories.make_organiser()
    meeting, a = held["meeting"], held["a"]
    assert organiser.has_perm("events.view_meeting", meeting)
    assert not organiser.has_perm("events.give_feedback", meeting)
    assert a.user.has_perm("events.give_feedback", meeting)
    assert a.user.has_perm("events.pick_slot", meeting)
    request = meeting.request
    assert request.sender.user.has_perm("events.view_request", request)
    assert request.sender.user.has_perm("events.cancel_request", request)
    assert not request.sender.user.has_perm("events.accept_request", request)
    assert request.recipient.user.has_perm("events.accept_request", request)


@pytest.fixture
def hosted(db):
    event = factories.make_event()
    pharma = factories.make_organisation("Pharma", kind="pharma")
    event.hosts.set([pharma])
    scout_user = factories.make_member(pharma)
    return {"event": event, "pharma": pharma, "scout": scout_user}


def _call_data(host, **extra):
    deadline = timezone.localtime() + timedelta(days=3)
    return {
        "host": host.pk,
        "title": "Radioligands wanted",
        "description": "PSMA and beyond",
        "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        **extra,
    }


def test_a_host_publishes_a_call_through_the_domain(client, hosted):
    login(client, hosted["scout"])
    response = client.post(
        reverse("events:calls", args=[hosted["event"].slug]), _call_data(hosted["pharma"])
    )
    call = ScoutingCall.objects.get()
    assert response.status_code == 302
    assert (call.event, call.host, call.title) == (
        hosted["event"],
        hosted["pharma"],
        "Radioligands wanted",
    )
    entry = ActivityLog.objects.get(action="events.call.created")
    assert (entry.actor, entry.object_id) == (hosted["scout"], str(call.pk))


def test_others_cannot_publish_calls_or_invite_pitchers(client, hosted):
    outsider = factories.make_member(factories.make_organisation("Other"))
    login(client, outsider)
    response = client.post(
        reverse("events:calls", args=[hosted["event"].slug]), _call_data(hosted["pharma"])
    )
    assert response.status_code == 403
    assert not ScoutingCall.objects.exists()
    call = domain.create_scouting_call(
        hosted["event"],
        hosted["pharma"],
        title="t",
        description="d",
        deadline=timezone.now() + timedelta(days=1),
        actor=hosted["scout"],
    )
    response = client.post(reverse("events:call", args=[call.pk]), {"invite": "1"})
    assert response.status_code == 403


def test_create_scouting_call_refuses_a_non_host_and_a_past_deadline(hosted):
    other = factories.make_organisation("Other")
    with pytest.raises(domain.EventError, match="host partners"):
        domain.create_scouting_call(
            hosted["event"],
            other,
            title="t",
            description="d",
            deadline=timezone.now() + timedelta(days=1),
            actor=hosted["scout"],
        )
    with pytest.raises(domain.EventError, match="future"):
        domain.create_scouting_call(
            hosted["event"],
            hosted["pharma"],
            title="t",
            description="d",
            deadline=timezone.now() - timedelta(days=1),
            actor=hosted["scout"],
        )
