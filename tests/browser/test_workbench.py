"""The organiser's workbench in a real browser: check-in and acting for a participant."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.test_programme import sign_in_organiser

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def event(transactional_db):
    event = factories.make_event(name="Oncology Partnering Days", slug="opd")
    factories.make_participant(event, name="Sara Scout", email="scout@example.org")
    factories.make_participant(event, name="Sam Second", email="second@example.org")
    factories.make_organiser("organiser@example.org")
    return event


def test_check_in_updates_the_counter(page, event):
    sign_in_organiser(page, "organiser@example.org")
    page.goto("/events/opd/check-in/")
    counter = page.locator("#checked-in-count")
    expect(counter).to_have_text("0 checked in")
    page.get_by_role("row", name="Sara Scout").get_by_role("button", name="Check in").click()
    expect(page.get_by_role("row", name="Sara Scout")).not_to_contain_text("Check in")
    expect(counter).to_have_text("1 checked in")
    page.get_by_role("row", name="Sam Second").get_by_role("button", name="Check in").click()
    expect(counter).to_have_text("2 checked in")
