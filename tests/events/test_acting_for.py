"""Organisers acting for a participant (`as`): explicit, visible, and ended in one click."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from partnerup.events.models import MeetingRequest
from tests import factories
from tests.conftest import login


@pytest.fixture
def scene(db):
    cache.clear()
    event = factories.make_event()
    radio = factories.term("modality", "radiopharmaceutical")
    psma = factories.term("target", "psma")
    scout = factories.make_participant(event, participant_type="pharma", name="Sara Scout")
    scout.seeks.set([radio, psma])
    startup = factories.make_participant(event, participant_type="startup", name="Rita Radio")
    startup.offers.set([radio, psma])
    organiser = factories.make_organiser()
    return event, scout, startup, organiser


def test_organiser_requests_a_recommended_meeting_for_a_participant(client, scene):
    event, scout, startup, organiser = scene
    login(client, organiser)
    url = reverse("events:participants", args=[event.slug])
    page = client.get(url, {"as": scout.pk}).content.decode()
    assert "Recommended for Sara Scout" in page
    assert "Request a meeting with Rita Radio" in page
    # The one-click form of "Recommended for you" carries whom the organiser acts for.
    form = page[page.index("recommended-heading") :]
    form = form[: form.index("Request a meeting with Rita Radio")]
    assert f'name="as" value="{scout.pk}"' in form
    response = client.post(
        reverse("events:request_create", args=[event.slug, startup.pk]),
        {"priority": "2", "message": "", "as": scout.pk},
    )
    assert response.status_code == 302
    request = MeetingRequest.objects.get()
    assert (request.sender, request.recipient, request.acted_by) == (scout, startup, organiser)


def test_acting_is_visible_carried_only_by_its_links_and_ended_in_one_click(client, scene):
    event, scout, startup, organiser = scene
    login(client, organiser)
    requests_url = reverse("events:requests", args=[event.slug])
    participants_url = reverse("events:participants", args=[event.slug])
    # The organiser asks on the scout's behalf and lands on the scout's requests, acting still.
    response = client.post(
        reverse("events:request_create", args=[event.slug, startup.pk]),
        {"priority": "2", "message": "", "as": scout.pk},
    )
    assert response["Location"] == f"{requests_url}?as={scout.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Acting for Sara Scout" in page
    # One click ends it: back to the registrations, where acting started.
    stop = reverse("events:registrations", args=[event.slug])
    assert f'href="{stop}">Stop acting for them</a>' in page
    # The links between the pages of the participant's requests carry it; the event's does not.
    assert f'href="{participants_url}?as={scout.pk}"' in page
    assert f'href="{event.get_absolute_url()}"' in page
    # The startup answers; the organiser cancels for the scout and still sees the scout's page.
    request = MeetingRequest.objects.get()
    page_as_startup = client.get(requests_url, {"as": startup.pk}).content.decode()
    assert f'name="as" value="{startup.pk}"' in page_as_startup
    response = client.post(
        reverse("events:request_action", args=[request.pk, "cancel"]), {"as": scout.pk}
    )
    assert response["Location"] == f"{requests_url}?as={scout.pk}"
    # Without `as`, nothing sticks: the organiser's own pages act for no one.
    for url in (requests_url, participants_url, event.get_absolute_url()):
        assert "Acting for" not in client.get(url).content.decode(), url


def test_participants_cannot_act_for_others(client, scene):
    event, scout, startup, _organiser = scene
    login(client, startup.user)
    page = client.get(reverse("events:requests", args=[event.slug]), {"as": scout.pk})
    assert "Acting for" not in page.content.decode()
