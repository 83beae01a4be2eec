"""State changes of pupil records and guardian consents."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from partnerup.common.activity import log_action
from partnerup.directory.models import Organisation
from partnerup.placements.domain.errors import ProgrammeError
from partnerup.placements.models import (
    GuardianConsent,
    Pupil,
    SchoolClass,
)


@transaction.atomic
def save_pupil(
    pupil: Pupil | None,
    *,
    name: str,
    school: Organisation,
    school_class: SchoolClass | None,
    level: int,
    email: str,
    language: str,
    actor,
) -> Pupil:
    """Add a pupil (`pupil` None) or change one.

    Side effects: saves the pupil; logs `placements.pupil.created` or `placements.pupil.changed`
    with the names of the changed fields only (their values are personal).
    """
    created = pupil is None
    pupil = pupil or Pupil()
    values = {
        "name": name,
        "school": school,
        "school_class": school_class,
        "level": level,
        "email": email,
        "language": language,
    }
    changed = sorted(k for k, v in values.items() if created or getattr(pupil, k) != v)
    if school_class is not None and school_class.school_id != school.pk:
        raise ProgrammeError(_("Choose a class of the pupil's school."))
    for key, value in values.items():
        setattr(pupil, key, value)
    pupil.full_clean()
    pupil.save()
    log_action(
        pupil,
        "placements.pupil.created" if created else "placements.pupil.changed",
        actor,
        {"fields": changed},
    )
    return pupil


@transaction.atomic
def record_consent(pupil: Pupil, guardian_name: str, given_on: date, actor) -> GuardianConsent:
    """Side effects: a consent record; logs `placements.consent.recorded`."""
    consent = GuardianConsent.objects.create(
        pupil=pupil, guardian_name=guardian_name, given_on=given_on, recorded_by=actor
    )
    log_action(pupil, "placements.consent.recorded", actor)
    return consent
