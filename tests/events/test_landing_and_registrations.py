"""An event's public landing page and the organisers' registrations list (issue 12)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerup.common.models import ActivityLog, OutboxMail
from partnerup.events.models import Participant, ProgrammeSession
from tests import factories
from tests.conftest import login


@pytest.fixture
def event(db):
    return factories.make_event(description="Two days of partnering in Oslo.")


def _participant(event, status="approved", participant_type="startup", **user_fields):
    participant = factories.make_participant(
        event,
        organisation=user_fields.pop("organisation", None),
        participant_type=participant_type,
        **user_fields,
    )
    Participant.objects.filter(pk=participant.pk).update(status=status)
    participant.refresh_from_db()
    return participant


# --- The landing page ---------------------------------------------------------------------------


def test_anonymous_visitor_reads_a_published_event(client, event):
    venue = event.venues.get()
    ProgrammeSession.objects.create(
        event=event,
        kind="talk",
        title="Opening keynote",
        venue=venue,
        starts=timezone.now() + timedelta(days=30),
        ends=timezone.now() + timedelta(days=30, hours=1),
    )
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Two days of partnering in Oslo." in page
    assert "Opening keynote" in page


def test_unpublished_event_is_404_for_everyone_but_organisers(client, event):
    event.published = False
    event.save()
    url = event.get_absolute_url()
    assert client.get(url).status_code == 404
    login(client, factories.make_member(factories.make_organisation()))
    assert client.get(url).status_code == 404
    login(client, factories.make_organiser())
    assert client.get(url).status_code == 200


def test_landing_page_counts_who_is_coming_but_names_nobody(client, event):
    pharma = factories.make_organisation("Secretive Pharma AS", kind="pharma")
    _participant(event, participant_type="pharma", organisation=pharma, email="ola@pharma.example")
    _participant(event, participant_type="pharma", organisation=pharma, email="kari@pharma.example")
    _participant(event, participant_type="investor", email="ivar@fund.example")
    _participant(event, status="pending", participant_type="clinician", email="pen@ding.example")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "3 confirmed participants" in page
    assert "2 organisations" in page
    assert "<strong>2</strong> Pharma" in page
    assert "<strong>1</strong> Investor" in page
    assert "Clinician" not in page  # pending registrations are not counted
    for secret in ("ola@pharma.example", "kari@pharma", "ivar@", "Secretive Pharma AS"):
        assert secret not in page


def test_register_button_per_role(client, event):
    url = event.get_absolute_url()
    register_url = reverse("events:register", args=[event.slug])

    page = client.get(url).content.decode()
    assert "Sign up or log in to register" in page
    assert f'href="{reverse("events:register", args=[event.slug])}"' not in page

    login(client, factories.make_member(factories.make_organisation()))
    page = client.get(url).content.decode()
    assert f'href="{register_url}">Register</a>' in page
    assert "Sign up or log in" not in page

    pending = _participant(event, status="pending")
    login(client, pending.user)
    page = client.get(url).content.decode()
    assert "Waiting for approval" in page
    assert f'href="{register_url}"' not in page

    login(client, factories.make_organiser())
    page = client.get(url).content.decode()
    assert ">Manage</a>" in page
    assert f'href="{register_url}"' not in page


def test_anonymous_register_button_returns_to_the_registration_form(client, event):
    page = client.get(event.get_absolute_url()).content.decode()
    register_url = reverse("events:register", args=[event.slug])
    assert f'href="{reverse("account_login")}?next={register_url}"' in page
    assert f'href="{reverse("account_signup")}?next={register_url}"' in page


# --- The registrations list ---------------------------------------------------------------------


@pytest.fixture
def organiser(client, db):
    user = factories.make_organiser()
    login(client, user)
    return user


def _list(client, event, **params):
    response = client.get(reverse("events:registrations", args=[event.slug]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_filters_by_status_type_organisation_and_search(client, event, organiser):
    biotech = factories.make_organisation("Fjord Biotech", kind="biotech")
    a = _participant(event, status="pending", participant_type="biotech", organisation=biotech)
    b = _participant(event, status="approved", participant_type="investor", email="vc@fund.example")
    c = _participant(event, status="rejected", participant_type="biotech")

    def shown(**params):
        page = _list(client, event, **params)
        return {p for p in (a, b, c) if p.user.email in page}

    assert shown() == {a, b, c}
    assert shown(status="pending") == {a}
    assert shown(type="biotech") == {a, c}
    assert shown(organisation=biotech.pk) == {a}
    assert shown(q="fund.exam") == {b}
    assert shown(q="fjord") == {a}
    assert shown(type="biotech", status="rejected") == {c}


@pytest.mark.parametrize(
    "params",
    [{"status": "maybe"}, {"type": "alien"}, {"organisation": "abc"}, {"q": "x" * 101}],
)
def test_bad_filters_answer_400_with_a_reason(client, event, organiser, params):
    response = client.get(reverse("events:registrations", args=[event.slug]), params)
    assert response.status_code == 400


def test_approved_people_have_no_approve_button(client, event, organiser):
    approved = _participant(event, status="approved")
    pending = _participant(event, status="pending")
    rejected = _participant(event, status="rejected")
    page = _list(client, event)
    assert f'value="approve:{approved.pk}"' not in page
    assert f'value="reject:{approved.pk}"' in page
    assert f'value="approve:{pending.pk}"' in page
    assert f'value="reject:{pending.pk}"' in page
    assert f'value="approve:{rejected.pk}"' in page
    assert f'value="reject:{rejected.pk}"' not in page


def test_bulk_reject_with_a_reason_in_the_mail_and_the_log(client, event, organiser):
    first = _participant(event, status="pending")
    second = _participant(event, status="pending")
    untouched = _participant(event, status="pending")
    response = client.post(
        reverse("events:registrations", args=[event.slug]),
        {
            "participant": [first.pk, second.pk],
            "decision": "reject",
            "reason": "The event is full: we give priority to member organisations.",
            "filter_status": "pending",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?status=pending")
    statuses = dict(Participant.objects.values_list("pk", "status"))
    assert (statuses[first.pk], statuses[second.pk], statuses[untouched.pk]) == (
        "rejected",
        "rejected",
        "pending",
    )
    for participant in (first, second):
        mail = OutboxMail.objects.get(to=participant.user.email)
        assert "The event is full: we give priority to member organisations." in mail.body
        log = ActivityLog.objects.get(
            action="events.participant.rejected", object_id=str(participant.pk)
        )
        assert log.data["reason"].startswith("The event is full")
    assert not OutboxMail.objects.filter(to=untouched.user.email).exists()


def test_bulk_approve_skips_those_already_approved(client, event, organiser):
    approved = _participant(event, status="approved")
    pending = _participant(event, status="pending")
    response = client.post(
        reverse("events:registrations", args=[event.slug]),
        {"participant": [approved.pk, pending.pk], "decision": "approve"},
        follow=True,
    )
    assert "1 registration approved." in response.content.decode()
    assert not OutboxMail.objects.filter(to=approved.user.email).exists()
    mail = OutboxMail.objects.get(to=pending.user.email)
    assert "Approved" in mail.body and "Reason" not in mail.body


def test_one_row_button_decides_that_row_only(client, event, organiser):
    ticked = _participant(event, status="pending")
    row = _participant(event, status="pending")
    client.post(
        reverse("events:registrations", args=[event.slug]),
        {"participant": [ticked.pk], "row": f"approve:{row.pk}"},
    )
    statuses = dict(Participant.objects.values_list("pk", "status"))
    assert (statuses[ticked.pk], statuses[row.pk]) == ("pending", "approved")


def test_a_registration_of_another_event_is_refused_and_nothing_changes(client, event, organiser):
    mine = _participant(event, status="pending")
    other_event = factories.make_event(slug="other-days")
    theirs = _participant(other_event, status="pending")
    response = client.post(
        reverse("events:registrations", args=[event.slug]),
        {"participant": [mine.pk, theirs.pk], "decision": "approve"},
    )
    assert response.status_code == 400
    assert set(Participant.objects.values_list("status", flat=True)) == {"pending"}


def test_a_too_long_reason_is_a_message_and_nothing_changes(client, event, organiser):
    pending = _participant(event, status="pending")
    response = client.post(
        reverse("events:registrations", args=[event.slug]),
        {"participant": [pending.pk], "decision": "reject", "reason": "x" * 501},
        follow=True,
    )
    assert "Keep the reason under 500 characters." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_landing_page_and_filtered_list_run_a_fixed_number_of_queries(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    organiser = factories.make_organiser()
    counts = []
    for size in (1, 3):
        event = factories.make_event(slug=f"days-{size}")
        venue = event.venues.get()
        for index in range(size):
            _participant(event, participant_type=["pharma", "investor", "academic"][index])
            _participant(event, status="pending", email=f"wait{size}-{index}@bio.example")
            ProgrammeSession.objects.create(
                event=event,
                kind="talk",
                title=f"Talk {index}",
                venue=venue,
                starts=timezone.now() + timedelta(days=30 + index),
                ends=timezone.now() + timedelta(days=30 + index, hours=1),
            )
        seen = []
        for user, url in (
            (None, event.get_absolute_url()),
            (
                organiser,
                reverse("events:registrations", args=[event.slug]) + "?q=bio&status=pending",
            ),
        ):
            client.logout()
            login(client, user)
            client.get(url)  # warm caches that are not under test (sessions, content types)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            seen.append(len(captured))
        counts.append(seen)
    assert counts[0] == counts[1], counts


def test_a_pupil_reads_the_landing_page_but_is_not_offered_registration(client, event):
    login(client, factories.make_user("pupil@example.org", is_pupil=True))
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Your account cannot register for partnering events." in page
    assert reverse("events:register", args=[event.slug]) not in page
