from __future__ import annotations

import pytest
from playwright.sync_api import expect

from partnerup.events.models import MeetingRequest
from tests import factories
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def event(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    event = factories.make_event(name="Oncology Partnering Days", slug="opd")
    pharma = factories.make_organisation("Aurora Pharma", kind="pharma", slug="aurora")
    factories.make_participant(
        event,
        organisation=pharma,
        participant_type="pharma",
        email="scout@example.org",
        name="Sara Scout",
    )
    startup = factories.make_organisation("Isbre Oncology", kind="startup", slug="isbre")
    startup.profile.offers.set([factories.term("modality", "radiopharmaceutical")])
    factories.make_member(startup, email="founder@example.org", name="Frida Founder")
    return event


def test_register_request_and_accept(page, event):
    sign_in(page, "founder@example.org", factories.PASSWORD)
    page.goto("/events/opd/")
    page.get_by_role("link", name="Register").click()
    # Prefilled from the organisation's partnering profile.
    expect(page.get_by_role("checkbox", name="Radiopharmaceuticals").first).to_be_checked()
    page.get_by_label("Participant type").select_option("startup")
    page.get_by_label("Headline").fill("PSMA radioligands")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You are registered.")).to_be_visible()
    page.get_by_role("link", name="Find people to meet").click()
    card = page.locator("article", has_text="Aurora Pharma")
    card.get_by_text("Request a meeting").click()
    card.get_by_label("Message").fill("We would like to present ISB-101.")
    card.get_by_label("Priority").select_option("3")
    card.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request has been sent.")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, "scout@example.org", factories.PASSWORD)
    page.goto("/events/opd/requests/")
    row = page.get_by_role("row", name="Frida Founder")
    expect(row).to_contain_text("We would like to present ISB-101.")
    row.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Accepted: the meeting will be scheduled.")).to_be_visible()
    assert MeetingRequest.objects.get().status == "accepted"
