"""A confidential asset reaches its audience only, on every channel."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import login

VISIBLE = {
    # role: titles of the world's assets the role may see
    "anonymous": {"Public asset"},
    "pupil": {"Public asset"},
    "outsider": {"Public asset", "Members asset"},
    "coordinator": {"Public asset", "Members asset"},
    "mentor": {"Public asset", "Members asset", "Secret asset"},  # works at the audience
    "org_member": {"Public asset", "Members asset", "Secret asset"},  # owner's colleague
    "org_admin": {"Public asset", "Members asset", "Secret asset"},
    "organiser": {"Public asset", "Members asset", "Secret asset"},
}
ALL_TITLES = {"Public asset", "Members asset", "Secret asset"}


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_asset_list_and_search_show_only_visible_assets(client, world, role):
    login(client, world["roles"][role])
    for query in ("", "?q=asset", "?q=secret"):
        content = client.get(reverse("directory:assets") + query).content.decode()
        shown = {title for title in ALL_TITLES if title in content}
        expected = VISIBLE[role] if query != "?q=secret" else VISIBLE[role] & {"Secret asset"}
        assert shown == expected, query


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_organisation_page_shows_only_visible_assets(client, world, role):
    login(client, world["roles"][role])
    content = client.get(world["startup"].get_absolute_url()).content.decode()
    assert {title for title in ALL_TITLES if title in content} == VISIBLE[role]


@pytest.mark.parametrize("role", sorted(set(VISIBLE) - {"anonymous", "pupil"}))
def test_exports_contain_only_visible_assets(client, world, role):
    login(client, world["roles"][role])
    csv_text = client.get(reverse("directory:export_assets", args=["csv"])).content.decode(
        "utf-8-sig"
    )
    assert {title for title in ALL_TITLES if title in csv_text} == VISIBLE[role]
    xlsx = client.get(reverse("directory:export_assets", args=["xlsx"])).content
    rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
    assert {row[0] for row in rows[1:]} == VISIBLE[role]


@pytest.mark.parametrize("role", ["outsider", "coordinator", "pupil", "anonymous"])
def test_confidential_asset_page_is_not_found_outside_its_audience(client, world, role):
    login(client, world["roles"][role])
    secret = world["assets"]["restricted"]
    assert client.get(reverse("directory:asset", args=[secret.pk])).status_code == 404


def test_confidential_asset_stays_hidden_in_organisation_search_text(client, world):
    """Organisation search does not match on asset text, so it cannot reveal an asset."""
    world["assets"]["restricted"].summary = "zebrafish-unique-word"
    world["assets"]["restricted"].save()
    login(client, world["roles"]["outsider"])
    response = client.get(reverse("directory:organisations") + "?q=zebrafish-unique-word")
    assert response.context["page"].paginator.count == 0


def test_widening_visibility_clears_the_audience(client, world):
    login(client, world["roles"]["org_admin"])
    secret = world["assets"]["restricted"]
    data = {
        "title": secret.title,
        "modality": secret.modality_id,
        "indication": secret.indication_id,
        "stage": secret.stage_id,
        "summary": secret.summary,
        "visibility": "public",
    }
    response = client.post(reverse("directory:asset_edit", args=[secret.pk]), data)
    assert response.status_code == 302
    secret.refresh_from_db()
    assert secret.visibility == "public"
    assert list(secret.audience.all()) == []


def test_unlisted_organisation_is_visible_to_its_own_people(client, world):
    member = __import__("tests.factories", fromlist=["make_member"]).make_member(world["hidden"])
    login(client, member)
    assert client.get(world["hidden"].get_absolute_url()).status_code == 200
    listing = client.get(reverse("directory:organisations")).content.decode()
    assert "Hidden Co" in listing
    client.logout()
    listing = client.get(reverse("directory:organisations")).content.decode()
    assert "Hidden Co" not in listing
