from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def cluster(transactional_db):
    pharma = factories.make_organisation("Aurora Pharma", kind="pharma", slug="aurora")
    startup = factories.make_organisation(
        "Isbre Oncology",
        kind="startup",
        slug="isbre",
        description="Radioligands for prostate cancer",
    )
    startup.profile.offers.set([factories.term("modality", "radiopharmaceutical")])
    other = factories.make_organisation("Other Bio", kind="biotech", slug="other")
    for index in range(5):
        factories.make_organisation(f"Filler {index}", kind="investor")
    factories.make_asset(startup, "restricted", audience=[pharma], title="ISB-177 secret")
    factories.make_asset(startup, "public", title="ISB-101 imaging")
    return {
        "admin": factories.make_member(startup, role="admin", email="admin@example.org"),
        "scout": factories.make_member(pharma, email="scout@example.org"),
        "outsider": factories.make_member(other, email="outsider@example.org"),
    }


def test_sign_in_switch_language_and_search(page, cluster):
    sign_in(page, "outsider@example.org", factories.PASSWORD)
    expect(page.get_by_role("link", name="Organisations")).to_be_visible()

    page.goto("/directory/organisations/")
    page.get_by_label("Search").first.fill("radioligands")
    page.get_by_role("button", name="Filter").click()
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Isbre Oncology")).to_be_visible()
    expect(results.get_by_role("link", name="Aurora Pharma")).to_have_count(0)

    # Filter by kind through htmx: the result list updates without a full reload.
    page.goto("/directory/organisations/")
    page.get_by_label("Investor").check()
    expect(results.get_by_role("link", name="Filler 0")).to_be_visible()
    expect(results.get_by_role("link", name="Isbre Oncology")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"kind=investor"))

    page.get_by_label("Language").select_option("nb")
    page.get_by_role("button", name="Switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("link", name="Organisasjoner")).to_be_visible()


def test_edit_own_organisation_profile(page, cluster):
    sign_in(page, "admin@example.org", factories.PASSWORD)
    page.goto("/directory/organisations/isbre/")
    page.get_by_role("link", name="Edit organisation and profile").click()
    page.get_by_label("Description").fill("PSMA-targeted radioligand therapy.")
    page.locator("details", has_text="Target or biomarker").first.locator("summary").click()
    page.get_by_role("checkbox", name="PSMA").first.check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The organisation has been saved.")).to_be_visible()
    expect(page.get_by_text("PSMA-targeted radioligand therapy.")).to_be_visible()
    expect(page.locator(".tag", has_text="PSMA")).to_be_visible()


def test_edit_form_errors_are_shown_and_announced(page, cluster):
    sign_in(page, "admin@example.org", factories.PASSWORD)
    page.goto("/directory/organisations/isbre/edit/")
    page.get_by_label("Name").fill("")
    page.get_by_label("Website").fill("not a url")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").filter(has_text="This field is required.")).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="Enter a valid URL.")).to_be_visible()


def test_confidential_asset_only_for_its_audience(page, cluster):
    sign_in(page, "scout@example.org", factories.PASSWORD)
    page.goto("/directory/assets/")
    expect(page.get_by_role("link", name="ISB-177 secret")).to_be_visible()
    page.get_by_role("link", name="ISB-177 secret").click()
    expect(page.get_by_role("heading", name="ISB-177 secret")).to_be_visible()
    secret_url = page.url

    page.context.clear_cookies()
    sign_in(page, "outsider@example.org", factories.PASSWORD)
    page.goto("/directory/assets/")
    expect(page.get_by_role("link", name="ISB-101 imaging")).to_be_visible()
    expect(page.get_by_role("link", name="ISB-177 secret")).to_have_count(0)
    response = page.goto(secret_url)
    assert response.status == 404
    page.goto("/directory/organisations/isbre/")
    expect(page.get_by_text("ISB-177")).to_have_count(0)
