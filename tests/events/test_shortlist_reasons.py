"""Shortlisting pitches: when someone is not invited, the host is told why."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerup.events import domain
from partnerup.events.models import MeetingRequest, Pitch, ScoutingCall
from tests import factories
from tests.conftest import login


@pytest.fixture
def call(db):
    event = factories.make_event()
    pharma = factories.make_organisation("Aurora Pharma", kind="pharma")
    event.hosts.set([pharma])
    scout = factories.make_participant(
        event, organisation=pharma, participant_type="pharma", name="Sara Scout"
    )
    call = ScoutingCall.objects.create(
        event=event,
        host=pharma,
        title="Radioligands wanted",
        description="PSMA and beyond",
        deadline=timezone.now() + timedelta(days=3),
    )
    call.scout = scout
    return call


def pitch(call, name: str, status: str = "submitted") -> Pitch:
    participant = factories.make_participant(call.event, name=name)
    return Pitch.objects.create(
        call=call,
        participant=participant,
        title=f"{name}'s programme",
        summary="Non-confidential summary",
        stage=factories.term("stage", "phase-1"),
        modality=factories.term("modality", "radiopharmaceutical"),
        status=status,
    )


def invite(client, call, *pitches):
    login(client, call.scout.user)
    response = client.post(
        reverse("events:call", args=[call.pk]),
        {"invite": "1", "pitch": [p.pk for p in pitches], "message": ""},
        follow=True,
    )
    assert response.status_code == 200
    return [str(message) for message in response.context["messages"]]


def test_each_pitch_not_invited_is_named_with_its_reason(client, call):
    withdrawn = pitch(call, "Wenche Withdrawn", status="withdrawn")
    asked = pitch(call, "Arne Asked")
    domain.request_meeting(call.scout, asked.participant)
    fresh = pitch(call, "Frida Fresh")
    assert invite(client, call, withdrawn, asked, fresh) == [
        "1 pitcher invited to a meeting.",
        "Not invited: Wenche Withdrawn's programme (Wenche Withdrawn). "
        "The pitcher has withdrawn it.",
        "Not invited: Arne Asked's programme (Arne Asked). "
        "You two already have an open request or a meeting.",
    ]
    assert MeetingRequest.objects.filter(recipient=fresh.participant).exists()


def test_nobody_invited_after_the_request_deadline_says_so(client, call):
    late = pitch(call, "Lars Late")
    call.event.request_deadline = timezone.now() - timedelta(hours=1)
    call.event.save(update_fields=["request_deadline"])
    assert invite(client, call, late) == [
        "No one was invited.",
        "Not invited: Lars Late's programme (Lars Late). "
        "The deadline for meeting requests has passed.",
    ]
    late.refresh_from_db()
    assert late.status == "shortlisted"


def test_nobody_invited_without_a_choice_or_a_host_participant(client, call):
    assert invite(client, call) == ["No one was invited: tick the pitches to invite first."]
    first = pitch(call, "Frida First")
    organiser = factories.make_organiser()
    call.scout.delete()
    login(client, organiser)
    response = client.post(
        reverse("events:call", args=[call.pk]), {"invite": "1", "pitch": [first.pk]}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "No one was invited: the invitations come from someone of Aurora Pharma taking part in "
        "the event. Register one of them first."
    ]
