from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from partnerup.common.models import ActivityLog
from tests import factories
from tests.conftest import login


def png_bytes(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "purple").save(buffer, format="PNG")
    return buffer.getvalue()


def organisation_data(organisation, **changes):
    data = {
        "name": organisation.name,
        "kind": organisation.kind,
        "website": "",
        "description": "",
        "city": "",
        "country": "Norway",
        "listed": "on",
        "profile-offers_text": "",
        "profile-seeks_text": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def admin_client(client, world):
    return login(client, world["roles"]["org_admin"])


def test_edit_profile_saves_terms_and_logs(admin_client, world):
    radio = factories.term("modality", "radiopharmaceutical")
    psma = factories.term("target", "psma")
    url = reverse("directory:organisation_edit", args=[world["startup"].slug])
    response = admin_client.post(
        url,
        organisation_data(
            world["startup"],
            description="New text",
            **{"profile-offers": [radio.pk], "profile-seeks": [psma.pk]},
        ),
    )
    assert response.status_code == 302
    profile = world["startup"].profile
    assert list(profile.offers.all()) == [radio]
    assert list(profile.seeks.all()) == [psma]
    actions = set(ActivityLog.objects.values_list("action", flat=True))
    assert {"directory.organisation.changed", "directory.profile.changed"} <= actions


def test_required_fields_and_bad_url_give_messages_in_both_languages(admin_client, world):
    url = reverse("directory:organisation_edit", args=[world["startup"].slug])
    data = organisation_data(world["startup"], name="", website="not a url")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["This field is required."]
    assert response.context["form"].errors["website"] == ["Enter a valid URL."]
    world["roles"]["org_admin"].language = "nb"
    world["roles"]["org_admin"].save()
    response = admin_client.post(url, data)
    assert response.context["form"].errors["name"] == ["Feltet er påkrevet."]
    assert response.context["form"].errors["website"] == ["Oppgi en gyldig nettadresse."]


def test_logo_upload_accepts_a_png(admin_client, world):
    url = reverse("directory:organisation_edit", args=[world["startup"].slug])
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = admin_client.post(url, {**organisation_data(world["startup"]), "logo": logo})
    assert response.status_code == 302
    world["startup"].refresh_from_db()
    assert world["startup"].logo.name.startswith("logos/logo")


def test_logo_upload_refuses_wrong_type_and_fake_images(admin_client, world):
    url = reverse("directory:organisation_edit", args=[world["startup"].slug])
    text = SimpleUploadedFile("logo.txt", b"hello", content_type="text/plain")
    response = admin_client.post(url, {**organisation_data(world["startup"]), "logo": text})
    assert response.status_code == 200
    assert response.context["form"].errors["logo"]
    fake = SimpleUploadedFile("logo.png", b"not an image at all", content_type="image/png")
    response = admin_client.post(url, {**organisation_data(world["startup"]), "logo": fake})
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors


def test_logo_upload_refuses_oversize_files(admin_client, world, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    url = reverse("directory:organisation_edit", args=[world["startup"].slug])
    big = SimpleUploadedFile(
        "logo.png", png_bytes((400, 400)) + b"\0" * 2000, content_type="image/png"
    )
    response = admin_client.post(url, {**organisation_data(world["startup"]), "logo": big})
    assert response.status_code == 200
    assert any("largest allowed" in error for error in response.context["form"].errors["logo"])


def test_restricted_asset_needs_an_audience(admin_client, world):
    url = reverse("directory:asset_create", args=[world["startup"].slug])
    data = {
        "title": "X",
        "modality": factories.term("modality", "adc").pk,
        "stage": factories.term("stage", "phase-1").pk,
        "summary": "S",
        "visibility": "restricted",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["audience"] == [
        "Name at least one organisation that may see this asset."
    ]
    with translation.override("nb"):
        from partnerup.directory.interfaces.forms import AssetForm

        form = AssetForm(data, owner=world["startup"], viewer=world["roles"]["org_admin"])
        assert not form.is_valid()
        assert form.errors["audience"] == [
            "Oppgi minst én organisasjon som kan se denne eiendelen."
        ]


def test_asset_create_delete_round_trip(admin_client, world):
    url = reverse("directory:asset_create", args=[world["startup"].slug])
    data = {
        "title": "New ADC",
        "modality": factories.term("modality", "adc").pk,
        "stage": factories.term("stage", "phase-1").pk,
        "summary": "S",
        "visibility": "restricted",
        "audience": [world["pharma"].pk],
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302
    asset = world["startup"].assets.get(title="New ADC")
    assert list(asset.audience.all()) == [world["pharma"]]
    response = admin_client.post(reverse("directory:asset_delete", args=[asset.pk]))
    assert response.status_code == 302
    assert not world["startup"].assets.filter(title="New ADC").exists()
    assert ActivityLog.objects.filter(action="directory.asset.deleted").count() == 1


# --- Random input never gives a server error ---------------------------------------------------

text = st.text(max_size=300)
form_values = st.one_of(
    text,
    st.integers(-(10**12), 10**12).map(str),
    st.sampled_from(["", "on", "restricted", "public", "0", "-1", "99999"]),
)


FUZZ_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture
def fuzz(client, db):
    organisation = factories.make_organisation("Fuzz Co", slug="fuzz-co")
    client.force_login(factories.make_member(organisation, role="admin"))
    return {"client": client, "asset": factories.make_asset(organisation)}


def post_rolled_back(client, url, data):
    """Post, then undo whatever it wrote, so each example starts from the same data."""
    with transaction.atomic():
        response = client.post(url, data)
        transaction.set_rollback(True)
    assert response.status_code in {200, 302}, (url, data, response.status_code)


@FUZZ_SETTINGS
@given(
    data=st.dictionaries(
        st.sampled_from(
            [
                "name",
                "kind",
                "website",
                "description",
                "city",
                "country",
                "listed",
                "profile-offers",
                "profile-seeks",
                "profile-offers_text",
                "profile-seeks_text",
            ]
        ),
        form_values,
    )
)
def test_organisation_form_never_fails_on_random_input(fuzz, data):
    post_rolled_back(fuzz["client"], reverse("directory:organisation_edit", args=["fuzz-co"]), data)


@FUZZ_SETTINGS
@given(
    data=st.dictionaries(
        st.sampled_from(
            [
                "title",
                "modality",
                "indication",
                "targets",
                "stage",
                "summary",
                "visibility",
                "audience",
            ]
        ),
        form_values,
    )
)
def test_asset_forms_never_fail_on_random_input(fuzz, data):
    post_rolled_back(fuzz["client"], reverse("directory:asset_create", args=["fuzz-co"]), data)
    post_rolled_back(fuzz["client"], reverse("directory:asset_edit", args=[fuzz["asset"].pk]), data)


@FUZZ_SETTINGS
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "q",
                "kind",
                "terms",
                "side",
                "members_only",
                "page",
                "modality",
                "stage",
                "target",
                "indication",
                "expertise",
                "organisation_kind",
            ]
        ),
        form_values,
    )
)
def test_search_forms_never_fail_on_random_input(fuzz, params):
    for name in ("directory:organisations", "directory:assets", "directory:people"):
        assert fuzz["client"].get(reverse(name), params).status_code == 200
