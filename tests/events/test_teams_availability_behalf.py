from __future__ import annotations

import pytest
from django.urls import reverse

from partnerup.events import domain
from partnerup.events.models import Event, Meeting, MeetingRequest, Participant
from tests import factories
from tests.conftest import login


@pytest.fixture
def event(db):
    event = factories.make_event()
    domain.build_slots(event)
    return event


def test_registration_with_availability_marks_slots(client, event):
    organisation = factories.make_organisation("Avail Bio")
    user = factories.make_member(organisation)
    login(client, user)
    day = event.days.get()  # meetings 09:00-12:00
    response = client.post(
        reverse("events:register", args=[event.slug]),
        {"organisation": organisation.pk, "type": "biotech", f"day_{day.pk}": "afternoon"},
    )
    assert response.status_code == 302
    participant = Participant.objects.get(user=user)
    assert set(participant.unavailable.all()) == set(event.slots.all())
    other = factories.make_member(organisation)
    login(client, other)
    client.post(
        reverse("events:register", args=[event.slug]),
        {"organisation": organisation.pk, "type": "biotech", f"day_{day.pk}": "all"},
    )
    assert not Participant.objects.get(user=other).unavailable.exists()


def test_a_colleague_joins_a_meeting_and_clashes_are_refused(event):
    pharma = factories.make_organisation("Pharma", kind="pharma")
    scout = factories.make_participant(event, organisation=pharma, participant_type="pharma")
    colleague = factories.make_participant(event, organisation=pharma, participant_type="pharma")
    startup = factories.make_participant(event)
    outsider = factories.make_participant(event)
    meeting = Meeting.objects.get(
        request=domain.accept_request(domain.request_meeting(startup, scout), actor=scout.user)
    )
    slot = event.slots.order_by("starts").first()
    big, small = list(event.venues.get().tables.all())[:2]
    big.seats = 4
    big.save()
    domain.move_meeting(meeting, slot, small, None)
    with pytest.raises(domain.EventError, match="no seat left"):
        domain.join_meeting(meeting, colleague, scout.user)
    domain.move_meeting(meeting, slot, big, None)
    domain.join_meeting(meeting, colleague, scout.user)
    assert meeting.seats.filter(active=True).count() == 3
    with pytest.raises(domain.EventError, match="colleagues"):
        domain.join_meeting(meeting, outsider, scout.user)
    # The colleague is busy in that slot now: their own meeting cannot go there too.
    own = Meeting.objects.get(
        request=domain.accept_request(
            domain.request_meeting(outsider, colleague), actor=colleague.user
        )
    )
    with pytest.raises(domain.EventError, match="taken"):
        domain.move_meeting(own, slot, small, None)


def test_team_meeting_has_three_seats_in_the_engine_problem(event):
    from partnerup.events.scheduling import to_problem

    pharma = factories.make_organisation("Pharma", kind="pharma")
    scout = factories.make_participant(event, organisation=pharma, participant_type="pharma")
    colleague = factories.make_participant(event, organisation=pharma, participant_type="pharma")
    startup = factories.make_participant(event)
    meeting = Meeting.objects.get(
        request=domain.accept_request(domain.request_meeting(startup, scout), actor=scout.user)
    )
    domain.join_meeting(meeting, colleague, scout.user)
    problem = to_problem(event)
    assert len(problem.meetings[0].participants) == 3


def test_organiser_registers_for_invitation_only_event_and_acts_on_behalf(client, event):
    event.visibility = Event.Visibility.INVITATION
    event.save()
    organisation = factories.make_organisation("Invited Bio")
    user = factories.make_member(organisation, email="invited@example.org")
    with pytest.raises(domain.EventError, match="invitation only"):
        domain.register(event, user, organisation, "biotech", actor=user)
    organiser = factories.make_organiser()
    login(client, organiser)
    client.post(
        reverse("events:registrations", args=[event.slug]),
        {"email": "invited@example.org", "organisation": organisation.pk, "type": "biotech"},
    )
    invited = Participant.objects.get(user=user)
    assert invited.status == "approved"
    target = factories.make_participant(event)
    client.post(
        reverse("events:request_create", args=[event.slug, target.pk]),
        {"as": invited.pk, "priority": 2, "message": "on their behalf"},
    )
    request = MeetingRequest.objects.get()
    assert (request.sender, request.acted_by) == (invited, organiser)
    page = client.get(reverse("events:requests", args=[event.slug]) + f"?as={target.pk}")
    assert "Acting for" in page.content.decode()
