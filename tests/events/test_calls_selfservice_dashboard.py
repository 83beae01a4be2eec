from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partnerup.events import domain
from partnerup.events.models import Meeting, MeetingRequest, Pitch, ScoutingCall
from tests import factories
from tests.conftest import login


@pytest.fixture
def call_setup(db):
    event = factories.make_event()
    pharma = factories.make_organisation("Pharma", kind="pharma")
    event.hosts.set([pharma])
    scout = factories.make_participant(event, organisation=pharma, participant_type="pharma")
    call = ScoutingCall.objects.create(
        event=event,
        host=pharma,
        title="Radioligands wanted",
        description="PSMA and beyond",
        deadline=timezone.now() + timedelta(days=3),
    )
    pitchers = [factories.make_participant(event) for _ in range(3)]
    return {"event": event, "pharma": pharma, "scout": scout, "call": call, "pitchers": pitchers}


def pitch_data(**extra):
    return {
        "title": "ISB-101",
        "summary": "Non-confidential summary",
        "stage": factories.term("stage", "phase-1").pk,
        "modality": factories.term("modality", "radiopharmaceutical").pk,
        **extra,
    }


def test_pitch_with_pdf_then_shortlist_and_invite_in_one_step(client, call_setup):
    call = call_setup["call"]
    pitcher = call_setup["pitchers"][0]
    login(client, pitcher.user)
    pdf = SimpleUploadedFile("deck.pdf", b"%PDF-1.4 small deck", content_type="application/pdf")
    response = client.post(reverse("events:call", args=[call.pk]), pitch_data(attachment=pdf))
    assert response.status_code == 302
    fake = SimpleUploadedFile("deck.pdf", b"MZ not a pdf", content_type="application/pdf")
    login(client, call_setup["pitchers"][1].user)
    response = client.post(reverse("events:call", args=[call.pk]), pitch_data(attachment=fake))
    assert response.context["form"].errors["attachment"] == ["Attach a PDF file."]
    client.post(reverse("events:call", args=[call.pk]), pitch_data())
    pitches = list(Pitch.objects.order_by("pk"))
    assert len(pitches) == 2
    login(client, call_setup["scout"].user)
    page = client.get(reverse("events:call", args=[call.pk])).content.decode()
    assert "Non-confidential summary" in page
    client.post(
        reverse("events:call", args=[call.pk]),
        {"invite": "1", "pitch": [pitches[0].pk], "message": "Let us meet"},
    )
    pitches[0].refresh_from_db()
    assert pitches[0].status == "invited"
    request = MeetingRequest.objects.get()
    assert (request.sender, request.recipient, request.priority) == (
        call_setup["scout"],
        pitcher,
        3,
    )


def test_pitches_are_refused_after_the_deadline_and_from_the_host(call_setup):
    call = call_setup["call"]
    with pytest.raises(domain.EventError, match="own organisation"):
        domain.submit_pitch(
            call,
            call_setup["scout"],
            title="t",
            summary="s",
            stage=factories.term("stage", "phase-1"),
            modality=factories.term("modality", "adc"),
        )
    call.deadline = timezone.now() - timedelta(minutes=1)
    with pytest.raises(domain.EventError, match="deadline"):
        domain.submit_pitch(
            call,
            call_setup["pitchers"][0],
            title="t",
            summary="s",
            stage=factories.term("stage", "phase-1"),
            modality=factories.term("modality", "adc"),
        )


def test_other_participants_do_not_see_pitches(client, call_setup):
    domain.submit_pitch(
        call_setup["call"],
        call_setup["pitchers"][0],
        title="Secret sauce",
        summary="s",
        stage=factories.term("stage", "phase-1"),
        modality=factories.term("modality", "adc"),
    )
    login(client, call_setup["pitchers"][1].user)
    page = client.get(reverse("events:call", args=[call_setup["call"].pk])).content.decode()
    assert "Secret sauce" not in page


def _offered_slots(client, meeting) -> list[int]:
    """The slot buttons the meeting page offers, as the participant sees them."""
    import re

    page = client.get(reverse("events:meeting", args=[meeting.pk]))
    assert page.status_code == 200
    return [int(pk) for pk in re.findall(r'data-slot="(\d+)"', page.content.decode())]


def test_self_service_slot_booking_through_the_meeting_page(client, call_setup):
    event = call_setup["event"]
    event.self_service = True
    event.save()
    domain.build_slots(event)
    a, b = call_setup["pitchers"][:2]
    request = domain.accept_request(domain.request_meeting(a, b), actor=b.user)
    meeting = Meeting.objects.get(request=request)
    login(client, a.user)
    offered = _offered_slots(client, meeting)
    assert len(offered) == event.slots.count()
    response = client.post(
        reverse("events:meeting_pick_slot", args=[meeting.pk]), {"slot": offered[0]}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.slot_id, meeting.status) == (offered[0], "scheduled")
    assert meeting.table is not None
    assert _offered_slots(client, meeting) == []  # booked: nothing more to pick
    # Now b is busy at that slot: the page of b's next meeting does not offer it.
    c = call_setup["pitchers"][2]
    other = Meeting.objects.get(
        request=domain.accept_request(domain.request_meeting(b, c), actor=c.user)
    )
    login(client, c.user)
    offered_to_c = _offered_slots(client, other)
    assert offered[0] not in offered_to_c
    assert len(offered_to_c) == event.slots.count() - 1
    # Posting it anyway is refused with a reason.
    response = client.post(
        reverse("events:meeting_pick_slot", args=[other.pk]), {"slot": offered[0]}, follow=True
    )
    assert "is not free then" in response.content.decode()
    other.refresh_from_db()
    assert other.slot_id is None


def test_dashboard_and_exports(client, call_setup):
    a, b = call_setup["pitchers"][:2]
    domain.accept_request(domain.request_meeting(a, b), actor=b.user)
    domain.decline_request(domain.request_meeting(call_setup["pitchers"][2], b), actor=b.user)
    login(client, factories.make_organiser())
    page = client.get(reverse("events:dashboard", args=[call_setup["event"].slug]))
    assert page.context["acceptance"] == 50
    assert page.content.decode().count("<svg") == 4
    xlsx = client.get(
        reverse("events:export", args=[call_setup["event"].slug, "requests", "xlsx"])
    ).content
    rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
    assert len(rows) == 3
    assert {row[5] for row in rows[1:]} == {"Accepted", "Declined"}
    bad = client.get(reverse("events:export", args=[call_setup["event"].slug, "secrets", "csv"]))
    assert bad.status_code == 404
