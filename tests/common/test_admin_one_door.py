"""The admin is one more window onto the domain, not a way around it: stateful rows are
read-only there, set-up stays editable and logged, and who may do what comes from the rules."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from partnerup.common.admin import LoggedAdmin
from tests.conftest import login

# Stateful models: their changes go through domain functions only.
READ_ONLY = {
    "events.participant": lambda w: w["meeting_request"].sender,
    "events.meetingrequest": lambda w: w["meeting_request"],
    "events.meeting": lambda w: w["meeting"],
    "events.slot": None,
    "placements.pupil": lambda w: w["pupil"],
    "placements.placement": lambda w: w["placement"],
    "placements.placementround": lambda w: w["round"],
    "placements.placementoffer": lambda w: w["offer"],
    "placements.application": None,
    "placements.activity": None,
    "directory.person": lambda w: w["private_person"],
    "directory.asset": lambda w: w["assets"]["restricted"],
    "directory.partneringprofile": None,
    "accounts.user": lambda w: w["roles"]["pupil"],
    "accounts.invitation": None,
    "common.activitylog": None,
}
EDITABLE = [
    "events.event",
    "events.eventday",
    "events.venue",
    "events.table",
    "events.traveltime",
    "events.programmesession",
    "directory.organisation",
    "directory.term",
    "placements.programme",
    "placements.schoolyear",
    "placements.schoolclass",
    "placements.schoolsettings",
]


def admin_url(label: str, view: str, *args) -> str:
    app, model = label.split(".")
    return reverse(f"admin:{app}_{model}_{view}", args=args)


def own_registrations():
    return {
        f"{model._meta.app_label}.{model._meta.model_name}": model_admin
        for model, model_admin in admin.site._registry.items()
        if model.__module__.startswith("partnerup.")
    }


def test_every_admin_of_ours_logs_and_asks_the_rules():
    registered = own_registrations()
    assert set(registered) == set(READ_ONLY) | set(EDITABLE)
    for label, model_admin in registered.items():
        assert isinstance(model_admin, LoggedAdmin), label
        assert model_admin.read_only == (label in READ_ONLY), label


@pytest.mark.parametrize("label", sorted(READ_ONLY))
def test_stateful_models_are_read_only(client, world, label):
    login(client, world["roles"]["organiser"])
    assert client.get(admin_url(label, "changelist")).status_code == 200
    assert client.get(admin_url(label, "add")).status_code == 403
    assert client.post(admin_url(label, "add"), {}).status_code == 403
    get_object = READ_ONLY[label]
    if get_object is None:
        return
    obj = get_object(world)
    page = client.get(admin_url(label, "change", obj.pk))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    # A hand-made POST changes nothing either.
    before = type(obj).objects.filter(pk=obj.pk).values().get()
    client.post(admin_url(label, "change", obj.pk), {"name": "Changed", "status": "cancelled"})
    assert type(obj).objects.filter(pk=obj.pk).values().get() == before
    assert client.post(admin_url(label, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("label", EDITABLE)
def test_set_up_models_are_editable_by_organisers(client, world, label):
    login(client, world["roles"]["organiser"])
    assert client.get(admin_url(label, "add")).status_code == 200


def test_bulk_delete_of_set_up_is_logged(client, world):
    from partnerup.common.models import ActivityLog
    from partnerup.events.models import Venue

    venues = [Venue.objects.create(event=world["event"], name=f"Hall {n}") for n in (1, 2)]
    login(client, world["roles"]["organiser"])
    response = client.post(
        admin_url("events.venue", "changelist"),
        {"action": "delete_selected", "_selected_action": [v.pk for v in venues], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Venue.objects.filter(pk__in=[v.pk for v in venues]).exists()
    assert ActivityLog.objects.filter(action="events.venue.deleted").count() == 2


@pytest.mark.parametrize("role", ["org_admin", "org_member", "coordinator", "mentor", "pupil"])
def test_only_organisers_open_the_admin(client, world, role):
    login(client, world["roles"][role])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert client.get(admin_url("placements.pupil", "changelist")).status_code == 302


def test_organisers_do_not_see_allauth_secrets(client, world):
    """E-mail addresses and second factors are the operator's business (superuser), not an
    organiser's: a changed address or a removed authenticator would open someone's account."""
    login(client, world["roles"]["organiser"])
    assert client.get(reverse("admin:account_emailaddress_changelist")).status_code == 403
    assert client.get(reverse("admin:mfa_authenticator_changelist")).status_code == 403


def test_organiser_role_is_taken_away_through_the_domain(client, world):
    from partnerup.common.models import ActivityLog
    from tests import factories

    organiser = world["roles"]["organiser"]
    colleague = factories.make_organiser("colleague@example.org")
    login(client, organiser)
    url = admin_url("accounts.user", "changelist")
    response = client.post(
        url,
        {"action": "revoke_organiser_role", "_selected_action": [colleague.pk, organiser.pk]},
        follow=True,
    )
    assert response.status_code == 200
    colleague.refresh_from_db()
    organiser.refresh_from_db()
    assert not colleague.is_organiser
    assert organiser.is_organiser  # nobody takes their own role away
    entry = ActivityLog.objects.get(action="accounts.role.revoked")
    assert (entry.object_id, entry.actor) == (str(colleague.pk), organiser)
