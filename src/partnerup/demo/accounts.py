"""One log-in for each role, and the anchor objects the browser tests and the tour rely on."""

from __future__ import annotations

from partnerup.accounts.models import User
from partnerup.demo.directory import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_PROFILES,
    DEMO_TOTP_SECRET,
)
from partnerup.directory.models import Asset, Membership, Organisation, Person, Term


def build_accounts() -> list[tuple[str, str]]:
    """Create the demo log-ins; returns (email, role) pairs."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP

    created = []
    for email, name, role, slug in DEMO_ACCOUNTS:
        user = User.objects.create_user(
            email,
            DEMO_PASSWORD,
            name=name,
            is_organiser=role == "organiser",
            is_staff=role == "organiser",
            is_pupil=role == "pupil",
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if role == "organiser":
            TOTP.activate(user, DEMO_TOTP_SECRET)
        if slug is not None:
            organisation = Organisation.objects.get(slug=slug)
            title, expertise, modalities = DEMO_PROFILES.get(email, (role.capitalize(), "", ()))
            person = Person.objects.create(
                user=user,
                name=name,
                email=email,
                title=title,
                expertise=expertise,
                languages="Norwegian, English",
            )
            if modalities:
                person.expertise_terms.set(
                    Term.objects.filter(facet="modality", slug__in=modalities)
                )
            Membership.objects.create(
                person=person,
                organisation=organisation,
                role={"admin": "admin", "coordinator": "coordinator", "teacher": "teacher"}.get(
                    role, "member"
                ),
                is_mentor=role == "mentor",
            )
        created.append((email, role))
    return created


def build_anchor_assets() -> None:
    """A confidential asset the member's start-up shares with the pharma company only."""
    owner = Organisation.objects.get(slug="isbre-oncology")
    pharma = Organisation.objects.get(slug="aurora-pharma-norway")
    radio = Term.objects.get(facet="modality", slug="radiopharmaceutical")
    prostate = Term.objects.get(facet="cancer_type", slug="prostate")
    psma = Term.objects.get(facet="target", slug="psma")
    public = Asset.objects.create(
        organisation=owner,
        title="ISB-101 PSMA imaging agent",
        modality=radio,
        indication=prostate,
        stage=Term.objects.get(facet="stage", slug="phase-1"),
        summary="A PET imaging agent that selects patients for PSMA-targeted therapy.",
        visibility=Asset.Visibility.PUBLIC,
    )
    public.targets.set([psma])
    confidential = Asset.objects.create(
        organisation=owner,
        title="ISB-177 confidential radioligand",
        modality=radio,
        indication=prostate,
        stage=Term.objects.get(facet="stage", slug="preclinical"),
        summary="Lutetium-177 radioligand for PSMA-low tumours; data room under NDA.",
        visibility=Asset.Visibility.RESTRICTED,
    )
    confidential.targets.set([psma])
    confidential.audience.set([pharma])
