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
    login(client, world["roles"]["organiser"])
    asset = world["assets"]["public"]
    response = client.get(reverse("admin:directory_asset_change", args=[asset.pk]))
    assert response.status_code == 200
    assert client.get(reverse("admin:directory_organisation_changelist")).status_code == 200
    assert client.get(reverse("admin:directory_term_changelist")).status_code == 200
