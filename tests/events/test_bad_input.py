"""Bad input to the events pages gets a clear answer (a form error or a 4xx with a reason),
never a 500."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from partnerup.events.models import MeetingRequest, Participant
from tests import factories
from tests.conftest import login


@pytest.fixture
def event(db):
    return factories.make_event()


@pytest.mark.parametrize("acting_as", [None, "", "abc", "99999999", "-1", "1e3"])
def test_organiser_request_needs_a_valid_as(client, event, acting_as):
    recipient = factories.make_participant(event, participant_type="pharma")
    login(client, factories.make_organiser())
    data = {"message": "Hello", "priority": 2}
    if acting_as is not None:
        data["as"] = acting_as
    response = client.post(
        reverse("events:request_create", args=[event.slug, recipient.pk]), data, follow=True
    )
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "participant of this event" in response.content.decode()
    else:
        assert "Choose the participant you are asking for." in response.content.decode()
    assert not MeetingRequest.objects.exists()


def test_organiser_request_as_a_participant_of_another_event_is_refused(client, event):
    other = factories.make_event(slug="other-event")
    stranger = factories.make_participant(other)
    recipient = factories.make_participant(event, participant_type="pharma")
    login(client, factories.make_organiser())
    response = client.post(
        reverse("events:request_create", args=[event.slug, recipient.pk]),
        {"message": "Hi", "priority": 2, "as": stranger.pk},
    )
    assert response.status_code == 400
    assert not MeetingRequest.objects.exists()


def test_organiser_request_on_behalf_works(client, event):
    sender = factories.make_participant(event)
    recipient = factories.make_participant(event, participant_type="pharma")
    organiser = factories.make_organiser()
    login(client, organiser)
    response = client.post(
        reverse("events:request_create", args=[event.slug, recipient.pk]),
        {"message": "Hi", "priority": 2, "as": sender.pk},
    )
    assert response.status_code == 302
    request = MeetingRequest.objects.get()
    assert (request.sender, request.acted_by) == (sender, organiser)


def test_double_submitted_registration_answers_with_a_message(client, event):
    """Two submissions of the registration form that both pass the "registered already?" check:
    the second one's insert meets the first one's row, and the database decides."""
    organisation = factories.make_organisation("Bio Start", kind="startup")
    user = factories.make_member(organisation, email="founder@example.org")
    login(client, user)

    raced = []

    def first_submission_lands_first(execute, sql, params, many, context):
        # Just before this request inserts its participant, the other submission commits one.
        if sql.startswith('INSERT INTO "events_participant"') and not raced:
            raced.append(True)
            Participant.objects.bulk_create(
                [Participant(event=event, user=user, organisation=organisation, type="startup")]
            )
        return execute(sql, params, many, context)

    with connection.execute_wrapper(first_submission_lands_first):
        response = client.post(
            reverse("events:register", args=[event.slug]),
            {"organisation": organisation.pk, "type": "startup", "headline": "Radioligands"},
        )
    assert response.status_code == 200
    assert "You are registered already." in response.content.decode()
    assert raced  # the race did happen


@pytest.mark.parametrize("value", ["abc", "", "1.5", "99999999999999999999999", "0"])
def test_registrations_and_checkin_with_bad_ids_answer_400(client, event, value):
    participant = factories.make_participant(event)
    login(client, factories.make_organiser())
    for name in ("registrations", "checkin"):
        response = client.post(
            reverse(f"events:{name}", args=[event.slug]),
            {"participant": value, "decision": "approve"},
        )
        assert response.status_code == 400, name
        assert "from the list" in response.content.decode()
    response = client.post(
        reverse("events:registrations", args=[event.slug]),
        {"participant": participant.pk, "decision": "maybe"},
    )
    assert response.status_code == 400
    participant.refresh_from_db()
    assert participant.status == "approved"


def test_register_on_behalf_with_a_bad_organisation_is_a_message(client, event):
    user = factories.make_user("guest@example.org")
    login(client, factories.make_organiser())
    response = client.post(
        reverse("events:registrations", args=[event.slug]),
        {"email": user.email, "organisation": "abc", "type": "startup"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Give the e-mail of an existing account" in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "", "99999999"])
def test_meeting_forms_with_bad_ids_answer_400(client, event, value):
    from partnerup.events import domain
    from partnerup.events.models import Meeting

    event.self_service = True
    event.save()
    domain.build_slots(event)
    a = factories.make_participant(event)
    b = factories.make_participant(event, participant_type="pharma")
    meeting = Meeting.objects.get(
        request=domain.accept_request(domain.request_meeting(a, b), actor=b.user)
    )
    login(client, a.user)
    response = client.post(reverse("events:meeting_pick_slot", args=[meeting.pk]), {"slot": value})
    assert response.status_code == 400
    response = client.post(reverse("events:meeting", args=[meeting.pk]), {"colleague": value})
    assert response.status_code == 400
    response = client.post(reverse("events:meeting", args=[meeting.pk]), {"held": "maybe"})
    assert response.status_code == 400
