from __future__ import annotations

import pytest
from playwright.sync_api import expect

from partnerup.events.models import MeetingRequest
from tests import factories
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def event(transactional_db):
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


def test_whole_path_schedule_agenda_checkin_followup(page, event):
    from partnerup.events import domain
    from partnerup.events.models import Meeting, MeetingFeedback, Participant
    from tests.browser.test_programme import sign_in_organiser

    domain.build_slots(event)
    founder = factories.make_user("second@example.org", name="Sam Second")
    startup = factories.make_organisation("Second Bio", kind="biotech", slug="second")
    factories.make_person(startup, user=founder, name="Sam Second")
    participant = domain.register(event, founder, startup, "biotech")
    scout = Participant.objects.get(user__email="scout@example.org")
    domain.accept_request(
        domain.request_meeting(participant, scout, message="Hello"), actor=scout.user
    )
    factories.make_organiser("organiser@example.org")

    sign_in_organiser(page, "organiser@example.org")
    page.goto("/events/opd/schedule/")
    page.get_by_label("Time limit (seconds)").fill("5")
    page.get_by_role("button", name="Run the scheduler").click()
    expect(page.get_by_test_id("schedule-stats")).to_contain_text(
        "1 of 1 accepted meeting placed — provably the most possible"
    )
    page.get_by_role("button", name="Publish this schedule").click()
    expect(page.get_by_text("Published: 1 meetings placed")).to_be_visible()
    meeting = Meeting.objects.get()
    assert meeting.status == "scheduled"
    page.goto("/events/opd/check-in/")
    row = page.get_by_role("row", name="Sam Second")
    row.get_by_role("button", name="Check in").click()
    expect(page.get_by_role("row", name="Sam Second")).not_to_contain_text("Check in")

    page.context.clear_cookies()
    sign_in(page, "second@example.org", factories.PASSWORD)
    page.goto("/events/opd/agenda/")
    expect(page.get_by_role("row", name="Sara Scout")).to_contain_text("table T")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download (.ics)").click()
    from pathlib import Path

    body = Path(download.value.path()).read_text(encoding="utf-8")
    assert f"UID:meeting-{meeting.pk}@" in body
    page.get_by_role("link", name="Meeting").click()
    # Before the meeting starts the page offers neither "We met" nor a rating.
    expect(page.get_by_text("After the meeting has started")).to_be_visible()
    expect(page.get_by_role("button", name="We met")).to_have_count(0)
    from datetime import timedelta

    from django.utils import timezone

    from partnerup.events.models import Slot

    meeting.refresh_from_db()
    starts = timezone.now() - timedelta(hours=1)
    Slot.objects.filter(pk=meeting.slot_id).update(
        starts=starts, ends=starts + timedelta(minutes=30)
    )
    page.reload()
    page.get_by_role("button", name="We met").click()
    page.get_by_label("Rating").select_option("5")
    page.get_by_label("Follow-up").select_option("nda")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Thank you: your follow-up has been recorded.")).to_be_visible()
    assert MeetingFeedback.objects.get().outcome == "nda"
    assert Participant.objects.get(pk=participant.pk).checked_in is not None
