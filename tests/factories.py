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
    email = email or f"user{next(_counter)}@example.org"
    return User.objects.create_user(email, PASSWORD, **fields)


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

    user = make_user(email, is_organiser=True, is_staff=True, is_superuser=True)
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    return user
