"""Small factories for tests: real model objects, saved through the ORM."""

from __future__ import annotations

import itertools

from django.utils.text import slugify

from partnerup.accounts.models import User
from partnerup.directory.models import (
    Asset,
    Membership,
    Organisation,
    PartneringProfile,
    Person,
    Term,
)

_counter = itertools.count(1)
PASSWORD = "a-Long-test-password-1"


def make_organisation(name: str | None = None, kind: str = "startup", **fields) -> Organisation:
    name = name or f"Organisation {next(_counter)}"
    organisation = Organisation.objects.create(
        name=name, slug=fields.pop("slug", slugify(name)), kind=kind, **fields
    )
    PartneringProfile.objects.create(organisation=organisation)
    return organisation


def make_user(email: str | None = None, **fields) -> User:
    from allauth.account.models import EmailAddress

    email = email or f"user{next(_counter)}@example.org"
    user = User.objects.create_user(email, PASSWORD, **fields)
    # Sign-up verifies the address (ACCOUNT_EMAIL_VERIFICATION is mandatory).
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def make_person(
    organisation: Organisation | None = None, role: str = "member", user=None, **fields
) -> Person:
    person = Person.objects.create(
        name=fields.pop("name", f"Person {next(_counter)}"), user=user, **fields
    )
    if organisation is not None:
        Membership.objects.create(
            person=person,
            organisation=organisation,
            role=role,
            is_mentor=fields.get("is_mentor", False),
        )
    return person


def make_member(organisation: Organisation, role: str = "member", **user_fields) -> User:
    user = make_user(**user_fields)
    make_person(organisation, role=role, user=user, name=user.email)
    return user


def term(facet: str, slug: str) -> Term:
    return Term.objects.get(facet=facet, slug=slug)


def make_asset(
    organisation: Organisation,
    visibility: str = "public",
    audience=(),
    title: str | None = None,
    **fields,
) -> Asset:
    asset = Asset.objects.create(
        organisation=organisation,
        title=title or f"Asset {next(_counter)}",
        modality=fields.pop("modality", term("modality", "adc")),
        indication=fields.pop("indication", term("cancer_type", "breast")),
        stage=fields.pop("stage", term("stage", "preclinical")),
        summary=fields.pop("summary", "A summary."),
        visibility=visibility,
        **fields,
    )
    if audience:
        asset.audience.set(audience)
    return asset


def make_organiser(email: str | None = None) -> User:
    """An organiser with TOTP set up, as the MFA requirement demands."""
    from allauth.mfa.totp.internal.auth import TOTP

    user = make_user(email, is_organiser=True, is_staff=True)
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    return user


def make_programme(schools=()):
    from partnerup.placements.models import Programme, SchoolYear

    programme = Programme.objects.create(name="School programme", since_year=2012)
    programme.schools.set(schools)
    return programme, SchoolYear.objects.create(programme=programme, start_year=2026)


def make_round(school_year, status="open", **fields):
    from datetime import timedelta

    from django.utils import timezone

    from partnerup.placements.models import PlacementRound

    now = timezone.now()
    return PlacementRound.objects.create(
        school_year=school_year,
        name=fields.pop("name", "Spring round"),
        status=status,
        opens=fields.pop("opens", now - timedelta(days=1)),
        deadline=fields.pop("deadline", now + timedelta(days=30)),
        **fields,
    )


def make_offer(placement_round, host, capacity=2, **fields):
    from datetime import date

    from partnerup.placements.models import PlacementOffer

    return PlacementOffer.objects.create(
        round=placement_round,
        host=host,
        title=fields.pop("title", f"Offer {next(_counter)}"),
        field=fields.pop("field", "lab"),
        description="Lab work.",
        starts=date(2027, 3, 1),
        ends=date(2027, 3, 5),
        place="Oslo",
        capacity=capacity,
        **fields,
    )


def make_pupil(school, name=None, user=None, consent=False, **fields):
    from datetime import date

    from partnerup.placements.models import GuardianConsent, Pupil

    pupil = Pupil.objects.create(
        name=name or f"Pupil {next(_counter)}",
        school=school,
        level=fields.pop("level", 2),
        user=user,
        **fields,
    )
    if consent:
        GuardianConsent.objects.create(
            pupil=pupil, guardian_name="Parent", given_on=date(2026, 8, 1)
        )
    return pupil


def make_event(**fields):
    from datetime import date, time, timedelta

    from django.utils import timezone

    from partnerup.events.models import Event, EventDay, Table, Venue

    now = timezone.now()
    event = Event.objects.create(
        name=fields.pop("name", "Partnering days"),
        slug=fields.pop("slug", "partnering-days"),
        registration_opens=now - timedelta(days=5),
        registration_closes=now + timedelta(days=20),
        request_deadline=now + timedelta(days=25),
        published=True,
        auto_approve=fields.pop("auto_approve", True),
        **fields,
    )
    venue = Venue.objects.create(event=event, name="Innovation Park")
    day = EventDay.objects.create(
        event=event, date=date(2027, 3, 2), meetings_from=time(9), meetings_until=time(12)
    )
    day.venues.set([venue])
    for index in range(3):
        Table.objects.create(venue=venue, name=f"T{index + 1}")
    return event


def make_participant(event, organisation=None, participant_type="startup", **user_fields):
    from partnerup.events.models import Participant

    organisation = organisation or make_organisation()
    user = make_member(organisation, **user_fields)
    return Participant.objects.create(
        event=event, user=user, organisation=organisation, type=participant_type, status="approved"
    )
