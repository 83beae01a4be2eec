from __future__ import annotations

import pytest
from playwright.sync_api import expect

from partnerup.placements.models import Application, Placement, SchoolSettings
from tests import factories
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def sign_in_organiser(page, email: str) -> None:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    sign_in(page, email, factories.PASSWORD)
    counter = next(iter(yield_hotp_counters_from_time()))
    page.get_by_label("Code").fill(format_hotp_value(hotp_value(TOTP_SECRET, counter)))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


@pytest.fixture
def programme(transactional_db):
    school = factories.make_organisation("Fjellvang School", kind="school", slug="fjellvang")
    SchoolSettings.objects.create(school=school, requires_guardian_consent=True)
    hospital = factories.make_organisation("City Hospital", kind="hospital", slug="hospital")
    lab = factories.make_organisation("Lab Co", kind="biotech", slug="lab-co")
    programme, school_year = factories.make_programme([school])
    placement_round = factories.make_round(school_year, name="Spring round", max_choices=3)
    offers = [
        factories.make_offer(placement_round, hospital, capacity=1, title="Clinic week"),
        factories.make_offer(placement_round, lab, capacity=2, title="Lab week"),
        factories.make_offer(placement_round, lab, capacity=1, title="Data week"),
    ]
    pupil_user = factories.make_user("pupil@example.org", is_pupil=True)
    pupil = factories.make_pupil(school, "Petra Pupil", user=pupil_user, consent=True)
    others = [factories.make_pupil(school, f"Pupil {i}", consent=True) for i in range(3)]
    for index, other in enumerate(others):
        Application.objects.create(pupil=other, offer=offers[index % 2], rank=1)
    factories.make_organiser("organiser@example.org")
    return {
        "round": placement_round,
        "offers": offers,
        "pupil": pupil,
        "programme": programme,
        "school": school,
    }


def test_pupil_applies_on_a_phone(browser, live_server, programme):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    sign_in(page, "pupil@example.org", factories.PASSWORD)
    page.get_by_role("link", name="My placements").click()
    page.get_by_role("link", name="Choose placements: Spring round").click()
    page.locator("fieldset", has_text="Lab week").get_by_label("Choice number").select_option("1")
    lab = page.locator("fieldset", has_text="Lab week")
    lab.get_by_label("Why this placement? (optional)").fill("I like pipetting.")
    clinic = page.locator("fieldset", has_text="Clinic week")
    clinic.get_by_label("Choice number").select_option("2")
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your choices have been saved.")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Lab week")).to_be_visible()
    choices = list(
        programme["pupil"].applications.order_by("rank").values_list("offer__title", flat=True)
    )
    assert choices == ["Lab week", "Clinic week"]
    # The page fits the phone's width: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()


def test_organiser_runs_and_publishes_the_allocation(page, programme):
    Application.objects.create(pupil=programme["pupil"], offer=programme["offers"][2], rank=1)
    sign_in_organiser(page, "organiser@example.org")
    page.goto(f"/programme/rounds/{programme['round'].pk}/")
    page.get_by_role("button", name="Run the allocation").click()
    expect(page.get_by_text("The allocation has been run.")).to_be_visible()
    stats = page.get_by_test_id("allocation-stats")
    expect(stats).to_contain_text("3 placed")  # two pupils want the one clinic place
    expect(stats).to_contain_text("4 applicants")
    page.get_by_role("button", name="Publish and notify").click()
    expect(page.get_by_text("The allocation has been published")).to_be_visible()
    assert Placement.objects.filter(round=programme["round"]).count() == 3


def test_statistics_page_shows_totals_and_plots(page, programme):
    from partnerup.placements.interfaces.importer import import_history

    csv_text = (
        "year,type,role,host,field,count\n"
        "2012,placements,,Lab Co,lab,12\n2013,placements,,City Hospital,clinic,8\n"
        "2012,participants,pupils,,,300\n2013,participants,members,,,45\n"
    )
    import_history(programme["programme"], csv_text, None)
    sign_in_organiser(page, "organiser@example.org")
    page.goto("/programme/statistics/")
    expect(page.get_by_test_id("total-placements")).to_have_text("20")
    expect(page.get_by_test_id("total-participants")).to_have_text("345")
    expect(page.get_by_role("img", name="Placements per school year")).to_be_visible()
    expect(page.get_by_role("img", name="Participants per school year, by role")).to_be_visible()
    expect(page.get_by_role("row", name="2013/14")).to_contain_text("20")
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    assert download.value.suggested_filename == "programme-statistics.xlsx"
