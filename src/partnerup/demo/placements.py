"""The demo's school programme: 15 school years whose totals are the cluster's reported ones
(539 placements, 10,206 participants), a published round of this year with real pupils, and an
open round that takes applications."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from partnerup.accounts.models import User
from partnerup.directory.models import Membership, Organisation, Person
from partnerup.placements import domain
from partnerup.placements.models import (
    Activity,
    Application,
    Attendance,
    GuardianConsent,
    Placement,
    PlacementOffer,
    PlacementRound,
    Programme,
    Pupil,
    SchoolClass,
    SchoolSettings,
    SchoolYear,
)

TOTAL_PLACEMENTS = 539
TOTAL_PARTICIPANTS = 10206
FIRST_YEAR = 2012
CURRENT_YEAR = 2026  # school year 2026/27, the 15th
SCHOOL_SLUG = "fjellvang-upper-secondary-school"
HOSPITAL_SLUG = "nordic-university-hospital-institute-for-cancer-research"

OFFER_TEMPLATES = [
    ("Cancer research lab week", "lab", "Join a research group: cell culture, PCR and microscopy."),
    ("A week at the radiopharmacy", "lab", "Follow how radiotracers are made and quality tested."),
    ("Clinical trials unit", "clinic", "See how patients take part in early clinical trials."),
    ("Data science for oncology", "data", "Analyse real, anonymised tumour data with Python."),
    ("Pharma from lab to patient", "industry", "Regulatory, medical and market access teams."),
    ("Start-up life", "business", "Work with a biotech start-up's founders for a week."),
    ("Pathology and diagnostics", "clinic", "Tissue samples, biomarkers and digital pathology."),
    ("Instrument engineering", "industry", "Build and test lab instruments with engineers."),
]


def _split(total: int, weights: list[float]) -> list[int]:
    """Whole numbers in proportion to `weights` that add up to exactly `total`."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _aware(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def build_programme(rng: random.Random, organiser: User) -> Programme:
    school = Organisation.objects.get(slug=SCHOOL_SLUG)
    other_school = (
        Organisation.objects.filter(kind=Organisation.Kind.SCHOOL).exclude(pk=school.pk).first()
    )
    programme = Programme.objects.create(
        name="Cancer Cluster School Programme",
        since_year=FIRST_YEAR,
        description="Work placements, lectures, lab visits and theme days for pupils aged "
        "16–18, with the cluster's members as hosts and mentors.",
    )
    programme.schools.set([s for s in (school, other_school) if s is not None])
    SchoolSettings.objects.create(school=school, requires_guardian_consent=True)
    hosts = list(
        Organisation.objects.filter(
            kind__in=["pharma", "hospital", "biotech", "academic", "service", "startup"]
        ).order_by("pk")[:40]
    )

    live_placements, live_participants = _current_year(rng, programme, school, hosts, organiser)
    _history(
        rng,
        programme,
        hosts,
        TOTAL_PLACEMENTS - live_placements,
        TOTAL_PARTICIPANTS - live_participants,
    )
    return programme


def _history(rng, programme, hosts, placements_total, participants_total) -> None:
    years = list(range(FIRST_YEAR, CURRENT_YEAR))
    per_year = _split(placements_total, [20 + 2.5 * i for i in range(len(years))])
    people = _split(participants_total, [400 + 40 * i for i in range(len(years))])
    fields = [f for f, *_rest in PlacementOffer.Field.choices]
    for year, count, attendance in zip(years, per_year, people, strict=True):
        Placement.objects.bulk_create(
            Placement(
                host=rng.choice(hosts),
                field=rng.choices(fields, [5, 4, 3, 2, 1, 1])[0],
                year=year,
                status=Placement.Status.DONE,
                imported=True,
            )
            for _ in range(count)
        )
        kinds = [
            Activity.Kind.LECTURE,
            Activity.Kind.LAB_VISIT,
            Activity.Kind.THEME_DAY,
            Activity.Kind.RESEARCH_DAY,
            Activity.Kind.CELEBRATION,
        ]
        shares = _split(attendance, [5, 3, 4, 3, 2])
        for kind, people_count, month in zip(kinds, shares, [9, 11, 2, 4, 6], strict=True):
            activity_year = year if month >= 8 else year + 1
            activity = Activity.objects.create(
                programme=programme,
                kind=kind,
                date=date(activity_year, month, 15),
                title=f"{Activity.Kind(kind).label} {year}/{str(year + 1)[-2:]}",
                host=rng.choice(hosts),
                imported=True,
            )
            pupils, teachers, members = _split(people_count, [66, 6, 28])
            for role, n in (("pupils", pupils), ("teachers", teachers), ("members", members)):
                Attendance.objects.create(activity=activity, role=role, count=n)


def _current_year(rng, programme, school, hosts, organiser) -> tuple[int, int]:
    """This school year: pupils, a published autumn round, an open spring round, activities."""
    school_year = SchoolYear.objects.create(programme=programme, start_year=CURRENT_YEAR)
    classes = [
        SchoolClass.objects.create(school=school, school_year=school_year, name=name)
        for name in ("2STA", "2STB", "3STA")
    ]
    from partnerup.demo.names import FIRST_NAMES, LAST_NAMES

    pupils = []
    for index in range(60):
        pupil = Pupil.objects.create(
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            school=school,
            school_class=classes[index % 3],
            level=2 if index % 3 < 2 else 3,
            language=rng.choice(["nb", "nb", "en"]),
        )
        if rng.random() < 0.93:
            GuardianConsent.objects.create(
                pupil=pupil,
                guardian_name="Guardian",
                given_on=date(CURRENT_YEAR, 8, 20),
                recorded_by=organiser,
            )
        pupils.append(pupil)
    demo_pupil = pupils[0]
    demo_pupil.name = "Petter Pupil"
    demo_pupil.user = User.objects.get(email="pupil@example.org")
    demo_pupil.email = "pupil@example.org"
    demo_pupil.save()
    GuardianConsent.objects.get_or_create(
        pupil=demo_pupil,
        defaults={
            "guardian_name": "Guardian",
            "given_on": date(CURRENT_YEAR, 8, 20),
            "recorded_by": organiser,
        },
    )

    hospital = Organisation.objects.get(slug=HOSPITAL_SLUG)
    mentor = Person.objects.get(user__email="mentor@example.org")
    autumn = PlacementRound.objects.create(
        school_year=school_year,
        name="Autumn placements",
        status=PlacementRound.Status.OPEN,
        opens=_aware(date(CURRENT_YEAR, 8, 25)),
        deadline=_aware(date(CURRENT_YEAR, 9, 20)),
        max_choices=5,
        seed=2026,
    )
    offers = _offers(rng, autumn, [hospital, *hosts[:9]], date(CURRENT_YEAR, 10, 12))
    offers[0].mentors.set([mentor])
    for pupil in pupils:
        choices = rng.sample(offers, 5)
        if pupil is demo_pupil:
            choices = [offers[0], *[o for o in choices if o != offers[0]][:4]]
        for rank, offer in enumerate(choices, start=1):
            Application.objects.create(
                pupil=pupil,
                offer=offer,
                rank=rank,
                motivation="I want to learn how cancer research works.",
            )
    autumn.status = PlacementRound.Status.CLOSED
    autumn.save(update_fields=["status"])
    preview = domain.run_allocation(autumn, organiser)
    if preview.assignments.get(demo_pupil.pk) != offers[0].pk:
        domain.adjust_allocation(autumn, demo_pupil, offers[0], organiser)
    placements = domain.publish_allocation(autumn, organiser)
    for placement in placements:
        placement.mentor = placement.mentor or next(
            iter(Person.objects.filter(memberships__organisation=placement.host)), None
        )
        placement.save(update_fields=["mentor"])

    now = timezone.now()
    spring = PlacementRound.objects.create(
        school_year=school_year,
        name="Spring placements",
        status=PlacementRound.Status.OPEN,
        opens=now - timedelta(days=10),
        deadline=now + timedelta(days=60),
        max_choices=5,
        seed=7,
    )
    _offers(rng, spring, [hospital, *hosts[10:17]], date(CURRENT_YEAR + 1, 3, 8))
    Membership.objects.filter(person=mentor).update(is_mentor=True)

    participants = 0
    for kind, day, title in (
        (
            Activity.Kind.LECTURE,
            date(CURRENT_YEAR, 9, 3),
            "Opening lecture: what is precision oncology?",
        ),
        (Activity.Kind.LAB_VISIT, date(CURRENT_YEAR, 10, 22), "Lab visit at the cyclotron centre"),
    ):
        activity = Activity.objects.create(
            programme=programme, kind=kind, date=day, title=title, host=rng.choice(hosts)
        )
        for role, count in (("pupils", 58), ("teachers", 4), ("members", 9)):
            Attendance.objects.create(activity=activity, role=role, count=count)
            participants += count
    return len(placements), participants


def _offers(rng, placement_round, hosts, first_day: date) -> list[PlacementOffer]:
    offers = []
    for index, host in enumerate(hosts):
        title, field, description = OFFER_TEMPLATES[index % len(OFFER_TEMPLATES)]
        offers.append(
            PlacementOffer.objects.create(
                round=placement_round,
                host=host,
                title=title,
                field=field,
                description=description,
                starts=first_day,
                ends=first_day + timedelta(days=4),
                place=host.city or "Oslo",
                capacity=6 if index == 0 else rng.randint(3, 6),
                requirements="Interest in science; bring indoor shoes.",
            )
        )
    return offers
