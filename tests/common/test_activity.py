from __future__ import annotations

from django.urls import reverse

from partnerup.common.activity import log_action
from partnerup.common.models import ActivityLog
from tests.conftest import login


def test_log_masks_secrets(world):
    entry = log_action(
        world["startup"],
        "directory.organisation.changed",
        None,
        {"password": "x", "api_token": "y", "name": "Start Co"},
    )
    assert entry.data == {"password": "••••", "api_token": "••••", "name": "Start Co"}


def test_organisers_see_the_log_with_labels(client, world):
    login(client, world["roles"]["org_admin"])
    client.post(
        reverse("directory:organisation_edit", args=[world["startup"].slug]),
        {
            "name": "Start Co Renamed",
            "kind": "startup",
            "country": "Norway",
            "listed": "on",
        },
    )
    entry = ActivityLog.objects.get(action="directory.organisation.changed")
    assert entry.actor == world["roles"]["org_admin"]
    assert entry.data["name"] == "Start Co Renamed"
    login(client, world["roles"]["organiser"])
    page = client.get(reverse("activity")).content.decode()
    assert "Organisation changed" in page
    assert "Start Co Renamed" in page


def test_admin_changes_are_logged(client, world):
    """Changes posted through the admin land in the activity log with the fields they changed:
    set-up of the directory, of events and of the school programme."""
    from partnerup.directory.models import Term
    from partnerup.events.models import Venue
    from tests.admin_forms import admin_form_data

    organiser = world["roles"]["organiser"]
    login(client, organiser)
    venue = Venue.objects.create(event=world["event"], name="Hall A")
    term = Term.objects.filter(active=True).first()
    changes = [
        (world["startup"], "directory_organisation", {"city": "Bergen"}, "city"),
        (term, "directory_term", {"label_en": "Renamed term"}, "label_en"),
        (world["event"], "events_event", {"name": "Renamed days"}, "name"),
        (venue, "events_venue", {"name": "Hall B"}, "name"),
        (
            world["programme"],
            "placements_programme",
            {"retention_months": "36"},
            "retention_months",
        ),
    ]
    for obj, admin_name, new_values, field in changes:
        url = reverse(f"admin:{admin_name}_change", args=[obj.pk])
        data = {**admin_form_data(client.get(url)), **new_values}
        response = client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        action = admin_name.replace("_", ".", 1) + ".changed"  # e.g. directory.organisation.changed
        entry = ActivityLog.objects.get(object_id=str(obj.pk), action=action)
        assert entry.actor == organiser
        assert entry.data["via"] == "admin"
        assert entry.data["fields"] == [field]
    assert ActivityLog.objects.filter(data__via="admin").count() == len(changes)
    world["programme"].refresh_from_db()
    assert world["programme"].retention_months == 36

    # Deleting set-up is logged too.
    url = reverse("admin:events_venue_delete", args=[venue.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert ActivityLog.objects.filter(action="events.venue.deleted", actor=organiser).count() == 1
