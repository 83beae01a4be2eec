"""Application → allocation → adjustment → publication, through the domain functions and pages."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from partnerup.allocation import allocate, check_allocation
from partnerup.placements import domain
from partnerup.placements.models import Application, Placement, PlacementRound
from partnerup.placements.statistics import compute
from tests import factories
from tests.conftest import login


@pytest.fixture
def cohort(world):
    """Three offers, five pupils with consent (one without), choices and one host ranking."""
    school, pharma, startup = world["school"], world["pharma"], world["startup"]
    placement_round = factories.make_round(world["round"].school_year, name="Cohort round")
    offers = [
        factories.make_offer(placement_round, pharma, capacity=1, title="Lab"),
        factories.make_offer(placement_round, startup, capacity=2, title="Start-up"),
        factories.make_offer(placement_round, pharma, capacity=1, title="Clinic"),
    ]
    from partnerup.placements.models import SchoolSettings

    SchoolSettings.objects.create(school=school, requires_guardian_consent=True)
    pupils = [
        factories.make_pupil(
            school,
            f"P{i}",
            consent=i != 4,
            email=f"p{i}@example.org",
            language="nb" if i % 2 else "en",
        )
        for i in range(5)
    ]
    choices = {0: [0, 1], 1: [0, 2], 2: [0, 1, 2], 3: [2], 4: [0]}
    for index, wanted in choices.items():
        for rank, offer_index in enumerate(wanted, start=1):
            Application.objects.create(pupil=pupils[index], offer=offers[offer_index], rank=rank)
    return {**world, "round": placement_round, "offers": offers, "pupils": pupils}


def _by_name(cohort, preview):
    names = {pupil.pk: pupil.name for pupil in cohort["pupils"]}
    titles = {offer.pk: offer.title for offer in cohort["offers"]}
    placed = {names[p]: titles[o] for p, o in preview.assignments.items()}
    return placed, {names[p]: reason for p, reason in preview.unplaced.items()}


def test_allocation_is_the_engines_valid_stable_answer(cohort):
    organiser = cohort["roles"]["organiser"]
    preview = domain.run_allocation(cohort["round"], organiser)
    problem, without_consent = domain.build_problem(cohort["round"])
    assert without_consent == {cohort["pupils"][4].pk}
    check_allocation(problem, allocate(problem))  # raises if invalid or unstable
    # Seed 0's lottery orders P2 before P0 and P1 for the lab, and P1 before P3 for the clinic.
    placed, unplaced = _by_name(cohort, preview)
    assert placed == {"P0": "Start-up", "P1": "Clinic", "P2": "Lab"}
    assert unplaced == {"P3": "filled", "P4": "no_consent"}
    assert preview.stats["placed"] == 3
    assert preview.stats["applicants"] == 5
    assert preview.stats["first_choice"] == 1
    assert preview.stats["rank_histogram"] == {"1": 1, "2": 2}
    assert preview.stats["max_placeable"] == 4  # capacities 1 + 2 + 1, all reachable
    cohort["round"].refresh_from_db()
    assert cohort["round"].status == "allocated"


def test_host_ranking_decides_over_the_lottery(cohort):
    lab = cohort["offers"][0]
    ranked = [Application.objects.get(offer=lab, pupil=cohort["pupils"][2])]
    domain.rank_applicants(lab, ranked, cohort["roles"]["mentor"])
    preview = domain.run_allocation(cohort["round"], cohort["roles"]["organiser"])
    assert preview.assignments[cohort["pupils"][2].pk] == lab.pk
    # Applicants the host left out are not placed there.
    assert preview.assignments.get(cohort["pupils"][0].pk) != lab.pk


def test_adjust_respects_capacity_and_publish_notifies(cohort, django_capture_on_commit_callbacks):
    organiser = cohort["roles"]["organiser"]
    preview = domain.run_allocation(cohort["round"], organiser)
    full_offer = cohort["offers"][0]
    p0 = cohort["pupils"][0]  # placed at the start-up; the lab is full (P2)
    with pytest.raises(domain.ProgrammeError, match="no free place"):
        domain.adjust_allocation(cohort["round"], p0, full_offer, organiser)
    with pytest.raises(domain.ProgrammeError, match="consent"):
        domain.adjust_allocation(
            cohort["round"], cohort["pupils"][4], cohort["offers"][1], organiser
        )
    preview = domain.adjust_allocation(cohort["round"], p0, None, organiser)
    assert preview.unplaced[p0.pk] == "manual"
    assert preview.manual == {p0.pk}
    assert preview.stats["placed"] == 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        placements = domain.publish_allocation(cohort["round"], organiser)
    assert sorted((p.pupil.name, p.offer.title) for p in placements) == [
        ("P1", "Clinic"),
        ("P2", "Lab"),
    ]
    assert {p.year for p in placements} == {2026}
    recipients = sorted(address for message in mail.outbox for address in message.to)
    # Two placed and three unplaced pupils and the school coordinator; both placements are at
    # Pharma Co, which has no admin, so the start-up's admin is not written to.
    assert recipients == sorted(
        [f"p{i}@example.org" for i in range(5)] + ["coordinator@example.org"]
    )
    # Each pupil is written to in their own language.
    for placement in placements:
        message = next(m for m in mail.outbox if m.to == [placement.pupil.email])
        expected = "utplassering" if placement.pupil.language == "nb" else "work placement"
        assert expected in message.subject.lower()
    with pytest.raises(domain.ProgrammeError):
        domain.publish_allocation(cohort["round"], organiser)


def test_a_pupil_holds_one_placement_per_round_in_the_database(cohort):
    pupil, offer = cohort["pupils"][0], cohort["offers"][0]
    Placement.objects.create(
        pupil=pupil, offer=offer, round=cohort["round"], host=offer.host, field="lab", year=2026
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(
            pupil=pupil,
            offer=cohort["offers"][1],
            round=cohort["round"],
            host=offer.host,
            field="lab",
            year=2026,
        )


def test_pupil_applies_from_the_phone_page(client, world):
    offers = [
        factories.make_offer(world["round"], world["pharma"], title=f"O{i}") for i in range(3)
    ]
    login(client, world["roles"]["pupil"])
    url = reverse("placements:apply", args=[world["round"].pk])
    response = client.post(
        url,
        {
            f"rank_{offers[0].pk}": "2",
            f"rank_{offers[2].pk}": "1",
            f"motivation_{offers[2].pk}": "I love chemistry",
        },
    )
    assert response.status_code == 302
    choices = list(
        world["pupil"].applications.order_by("rank").values_list("offer__title", "motivation")
    )
    assert choices == [("O2", "I love chemistry"), ("O0", "")]
    # Same number twice: a clear error, nothing changed.
    response = client.post(url, {f"rank_{offers[0].pk}": "1", f"rank_{offers[1].pk}": "1"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Give each chosen offer a different number."
    ]
    assert world["pupil"].applications.count() == 2


def test_applications_are_refused_after_the_deadline(world):
    from datetime import timedelta

    from django.utils import timezone

    closed = factories.make_round(
        world["round"].school_year,
        name="Late",
        opens=timezone.now() - timedelta(days=9),
        deadline=timezone.now() - timedelta(days=1),
    )
    offer = factories.make_offer(closed, world["pharma"])
    with pytest.raises(domain.ProgrammeError):
        domain.submit_application(world["pupil"], closed, [(offer, "")])


def test_organiser_runs_and_publishes_from_the_round_page(client, cohort):
    login(client, cohort["roles"]["organiser"])
    url = reverse("placements:round", args=[cohort["round"].pk])
    client.post(reverse("placements:round_allocate", args=[cohort["round"].pk]))
    page = client.get(url)
    placed = page.context["preview"].stats["placed"]
    assert placed == 3
    assert "No guardian consent is recorded" in page.content.decode()
    client.post(reverse("placements:round_publish", args=[cohort["round"].pk]))
    cohort["round"].refresh_from_db()
    assert cohort["round"].status == PlacementRound.Status.PUBLISHED
    assert compute(cohort["programme"]).years[-1].placements == placed + 1  # + the world's
