"""State changes of placements: attendance, status, evaluations."""

from __future__ import annotations

from django.db import transaction

from partnerup.common.activity import log_action
from partnerup.placements.domain.errors import ProgrammeError
from partnerup.placements.models import (
    Placement,
)


@transaction.atomic
def update_placement(placement: Placement, actor, **changes) -> Placement:
    """Record status, attendance and evaluations of a placement.

    Side effects: saves the given fields; logs `placements.placement.changed` with their names
    (not their values: evaluations are personal).
    """
    allowed = {
        "status",
        "days_attended",
        "mentor",
        "pupil_rating",
        "pupil_evaluation",
        "mentor_rating",
        "mentor_evaluation",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ProgrammeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(placement, name, value)
    placement.full_clean()
    placement.save(update_fields=list(changes))
    log_action(placement, "placements.placement.changed", actor, {"fields": sorted(changes)})
    return placement
