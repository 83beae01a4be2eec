"""Issue 11, "Trust": unlisted organisations stay hidden on every channel, a GET never writes,
and the signed-in audience is verified cluster members, not anyone who signs up."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partnerup.accounts.models import User
from partnerup.directory.models import Asset, PartneringProfile
from tests import factories
from tests.conftest import login

HIDDEN_TITLE = "Hidden lab asset"


@pytest.fixture
def hidden(world):
    """An unlisted organisation with a public asset and a public person also at Start Co."""
    hidden = world["hidden"]
    asset = factories.make_asset(hidden, "public", title=HIDDEN_TITLE)
    person = factories.make_person(world["startup"], name="Dual Person")
    from partnerup.directory.models import Membership

    Membership.objects.create(person=person, organisation=hidden)
    insider = factories.make_member(hidden, email="insider@example.org")
    return {"organisation": hidden, "asset": asset, "person": person, "insider": insider}


# Who may see the unlisted organisation: its own people and organisers only.
SEES_HIDDEN = {"organiser": True, "insider": True, "outsider": False, "org_admin": False}
SEES_HIDDEN_ANONYMOUS = {**SEES_HIDDEN, "anonymous": False, "pupil": False}


def _user(world, hidden, role):
    return hidden["insider"] if role == "insider" else world["roles"][role]


@pytest.mark.parametrize(("role", "sees"), sorted(SEES_HIDDEN.items()))
def test_people_list_names_no_unlisted_organisation(client, world, hidden, role, sees):
    login(client, _user(world, hidden, role))
    content = client.get(reverse("directory:people"), {"q": "Dual"}).content.decode()
    assert "Dual Person" in content
    assert "Start Co" in content
    assert ("Hidden Co" in content) is sees


@pytest.mark.parametrize(("role", "sees"), sorted(SEES_HIDDEN_ANONYMOUS.items()))
def test_asset_page_of_unlisted_organisation_is_not_found(client, world, hidden, role, sees):
    login(client, _user(world, hidden, role))
    response = client.get(reverse("directory:asset", args=[hidden["asset"].pk]))
    assert response.status_code == (200 if sees else 404)


@pytest.mark.parametrize(("role", "sees"), sorted(SEES_HIDDEN_ANONYMOUS.items()))
def test_asset_search_hides_unlisted_organisations_assets(client, world, hidden, role, sees):
    login(client, _user(world, hidden, role))
    for query in ({}, {"q": "Hidden"}):
        content = client.get(reverse("directory:assets"), query).content.decode()
        assert (HIDDEN_TITLE in content) is sees


@pytest.mark.parametrize(("role", "sees"), sorted(SEES_HIDDEN.items()))
def test_asset_exports_hide_unlisted_organisations_assets(client, world, hidden, role, sees):
    login(client, _user(world, hidden, role))
    csv_text = client.get(reverse("directory:export_assets", args=["csv"])).content.decode(
        "utf-8-sig"
    )
    assert (HIDDEN_TITLE in csv_text) is sees
    xlsx = client.get(reverse("directory:export_assets", args=["xlsx"])).content
    titles = {row[0] for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True)}
    assert (HIDDEN_TITLE in titles) is sees


@pytest.mark.parametrize(("role", "sees"), sorted(SEES_HIDDEN_ANONYMOUS.items()))
def test_home_page_counts_no_unlisted_organisations_assets(client, world, hidden, role, sees):
    login(client, _user(world, hidden, role))
    response = client.get(reverse("home"))
    user = _user(world, hidden, role)
    expected = Asset.objects.visible_to(user).count()
    assert response.context["asset_count"] == expected
    assert Asset.objects.visible_to(user).filter(pk=hidden["asset"].pk).exists() is sees


@pytest.mark.parametrize(("role", "sees"), [("org_admin", False), ("organiser", True)])
def test_audience_picker_lists_no_unlisted_organisation(client, world, hidden, role, sees):
    login(client, world["roles"][role])
    response = client.get(reverse("directory:asset_create", args=[world["startup"].slug]))
    choices = {str(org) for org in response.context["form"].fields["audience"].queryset}
    assert "Pharma Co" in choices
    assert ("Hidden Co" in choices) is sees
    assert ("Hidden Co" in response.content.decode()) is sees


def test_editing_an_asset_keeps_grants_the_editor_cannot_see(client, world, hidden):
    """An organiser shared it with the unlisted organisation; a member edits the asset."""
    secret = world["assets"]["restricted"]
    secret.audience.add(hidden["organisation"])
    login(client, world["roles"]["org_admin"])
    response = client.post(
        reverse("directory:asset_edit", args=[secret.pk]),
        {
            "title": "Secret asset, renamed",
            "modality": secret.modality_id,
            "indication": secret.indication_id,
            "stage": secret.stage_id,
            "summary": secret.summary,
            "visibility": "restricted",
            "audience": [world["pharma"].pk],
        },
    )
    assert response.status_code == 302
    assert set(secret.audience.all()) == {world["pharma"], hidden["organisation"]}
    page = client.get(reverse("directory:asset", args=[secret.pk])).content.decode()
    assert "Hidden Co" not in page


# --- A GET never writes ---------------------------------------------------------------------------


def test_get_of_the_edit_page_creates_no_profile(client, world):
    PartneringProfile.objects.filter(organisation=world["startup"]).delete()
    login(client, world["roles"]["org_admin"])
    url = reverse("directory:organisation_edit", args=[world["startup"].slug])
    assert client.get(url).status_code == 200
    assert not PartneringProfile.objects.filter(organisation=world["startup"]).exists()
    response = client.post(
        url,
        {
            "name": "Start Co",
            "kind": "startup",
            "country": "Norway",
            "listed": "on",
            "profile-offers_text": "Radioligands",
        },
    )
    assert response.status_code == 302
    assert PartneringProfile.objects.get(organisation=world["startup"]).offers_text == (
        "Radioligands"
    )


# --- Verified cluster members ---------------------------------------------------------------------


def _fresh_signup(email="fresh@example.org"):
    """An account as sign-up leaves it before the e-mail is confirmed."""
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(email, factories.PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
    return user


def _unverified_member(world):
    user = factories.make_member(world["other"], email="unverified@example.org")
    user.emailaddress_set.update(verified=False)
    return user


def _member_of_a_non_member(world):
    outside = factories.make_organisation("Guest Org", kind="biotech", is_member=False)
    return factories.make_member(outside, email="guest@example.org")


ACCOUNTS = {
    "fresh sign-up": lambda world: _fresh_signup(),
    "verified, no membership": lambda world: factories.make_user("alone@example.org"),
    "member, unverified e-mail": _unverified_member,
    "verified, at a non-member organisation": _member_of_a_non_member,
}


@pytest.mark.parametrize("account", sorted(ACCOUNTS))
def test_signed_in_audience_is_verified_cluster_members_only(client, world, account):
    user = ACCOUNTS[account](world)
    login(client, user)
    members_asset = world["assets"]["signed_in"]
    assert client.get(reverse("directory:asset", args=[members_asset.pk])).status_code == 404
    listing = client.get(reverse("directory:assets")).content.decode()
    assert "Public asset" in listing
    assert "Members asset" not in listing
    csv_text = client.get(reverse("directory:export_assets", args=["csv"])).content.decode(
        "utf-8-sig"
    )
    assert "Members asset" not in csv_text
    home = client.get(reverse("home"))
    assert home.context["asset_count"] == 1
    # Public people are for verified members too.
    public_person = factories.make_person(world["pharma"], name="Public Pia")
    assert client.get(reverse("directory:people")).status_code == 403
    assert client.get(reverse("directory:person", args=[public_person.pk])).status_code in {
        403,
        404,
    }
    assert not user.has_perm("directory.view_asset", members_asset)


def test_verified_member_sees_the_signed_in_audience(client, world):
    user = world["roles"]["outsider"]
    login(client, user)
    members_asset = world["assets"]["signed_in"]
    assert client.get(reverse("directory:asset", args=[members_asset.pk])).status_code == 200
    public_person = factories.make_person(world["pharma"], name="Public Pia")
    assert "Public Pia" in client.get(reverse("directory:people")).content.decode()
    assert client.get(reverse("directory:person", args=[public_person.pk])).status_code == 200


def test_the_audience_is_named_in_the_form_and_on_the_asset_page(client, world):
    login(client, world["roles"]["org_admin"])
    form_page = client.get(reverse("directory:asset_create", args=[world["startup"].slug]))
    content = form_page.content.decode()
    assert "Verified cluster members" in content
    assert "confirmed e-mail address" in content
    assert "All signed-in users" not in content
    asset_page = client.get(reverse("directory:asset", args=[world["assets"]["signed_in"].pk]))
    assert "confirmed e-mail address" in asset_page.content.decode()


def test_recommendation_reasons_use_signed_in_assets_for_member_organisations_only(world):
    from partnerup.directory.recommendations import engine_assets

    guest = factories.make_organisation("Guest Org", kind="biotech", is_member=False)
    members_asset = world["assets"]["signed_in"]
    assets = engine_assets([world["startup"].pk])[world["startup"].pk]
    audience = next(a.audience for a in assets if a.id == str(members_asset.pk))
    assert str(world["pharma"].pk) in audience
    assert str(guest.pk) not in audience


def test_no_recommendations_for_an_unverified_member(client, world):
    radio = factories.term("modality", "radiopharmaceutical")
    world["other"].profile.seeks.set([radio])
    world["startup"].profile.offers.set([radio])
    url = reverse("directory:organisations")
    login(client, world["roles"]["outsider"])  # verified, at Other Co: the control
    assert client.get(url).context["recommended"]
    client.logout()
    login(client, _unverified_member(world))  # also at Other Co
    assert client.get(url).context["recommended"] == []


def test_people_filter_by_kind_ignores_memberships_of_unlisted_organisations(client, world):
    """Dual Person's only start-up is unlisted: filtering by start-up must not find them."""
    from partnerup.directory.models import Membership

    person = factories.make_person(world["pharma"], name="Dual Person")
    Membership.objects.create(person=person, organisation=world["hidden"])
    login(client, world["roles"]["outsider"])
    url = reverse("directory:people")
    assert "Dual Person" in client.get(url, {"organisation_kind": "pharma"}).content.decode()
    assert "Dual Person" not in client.get(url, {"organisation_kind": "startup"}).content.decode()


def test_directory_views_and_forms_do_not_write_to_the_orm():
    """One door for every change: writes go through directory.domain."""
    import re
    from pathlib import Path

    import partnerup.directory

    root = Path(partnerup.directory.__file__).parent
    for path in (root / "views.py", root / "interfaces" / "forms.py"):
        source = path.read_text()
        found = re.findall(
            r"\.(save|create|update|delete|get_or_create|update_or_create)\(", source
        )
        assert not found, f"{path.name} writes to the ORM: {found}"
