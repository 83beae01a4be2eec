"""Organisers manage an event; its page never offers them to register for it."""

from __future__ import annotations

from django.urls import reverse

from tests import factories
from tests.conftest import login


def test_organisers_are_offered_manage_not_register(client, db):
    event = factories.make_event()
    register = reverse("events:register", args=[event.slug])
    organisation = factories.make_organisation()
    login(client, factories.make_member(organisation))
    assert register in client.get(event.get_absolute_url()).content.decode()
    login(client, factories.make_organiser())
    page = client.get(event.get_absolute_url()).content.decode()
    assert register not in page
    assert reverse("events:registrations", args=[event.slug]) in page
