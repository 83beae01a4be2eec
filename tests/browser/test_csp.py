"""Pages work in a real browser with the Content-Security-Policy on, and break none of it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def people(transactional_db):
    event = factories.make_event(name="Oncology Partnering Days", slug="opd")
    pharma = factories.make_organisation("Aurora Pharma", kind="pharma", slug="aurora")
    factories.make_participant(
        event, organisation=pharma, participant_type="pharma", email="scout@example.org"
    )
    factories.make_organisation("Isbre Oncology", kind="startup", slug="isbre")
    return event


def test_no_policy_violations_and_scripts_still_work(page, people):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script("window.print = () => { window.printed = true; };")
    sign_in(page, "scout@example.org", factories.PASSWORD)
    response = page.goto("/directory/organisations/")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    # htmx (a static script) filters the list in place: the page is not reloaded.
    page.evaluate("window.stayed = true")
    page.get_by_role("searchbox").press_sequentially("Isbre")
    expect(page.locator("#results")).to_contain_text("Isbre Oncology")
    expect(page.locator("#results")).not_to_contain_text("Aurora Pharma")
    assert page.evaluate("window.stayed") is True
    page.goto("/directory/organisations/aurora/")
    # The print link runs from partnerup.js, not from an inline handler.
    page.goto("/events/opd/agenda/")
    page.get_by_role("link", name="Print").click()
    assert page.evaluate("window.printed") is True
    assert violations == []
