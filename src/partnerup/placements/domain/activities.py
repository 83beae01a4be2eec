"""State changes of programme activities and their attendance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from partnerup.common.activity import log_action
from partnerup.directory.models import Organisation
from partnerup.placements.domain.errors import ProgrammeError
from partnerup.placements.models import (
    Activity,
    Attendance,
    Programme,
)


@dataclass(frozen=True)
class AttendanceCount:
    """How many people of one role, from one organisation (or none), took part."""

    role: str
    organisation: Organisation | None
    count: int


@transaction.atomic
def create_activity(
    *,
    programme: Programme,
    kind: str,
    title: str,
    date: date,
    host: Organisation | None,
    attendance: list[AttendanceCount],
    actor,
) -> Activity:
    """Record an activity and how many took part.

    Side effects: the activity and one attendance row per role and organisation (each pair
    once); logs `placements.activity.saved` with the number of people.
    """
    seen = set()
    for row in attendance:
        key = (row.role, row.organisation.pk if row.organisation else None)
        if key in seen:
            raise ProgrammeError(
                _("Two groups have the same role and organisation; put them in one group.")
            )
        seen.add(key)
    activity = Activity(programme=programme, kind=kind, title=title, date=date, host=host)
    activity.full_clean()
    activity.save()
    Attendance.objects.bulk_create(
        Attendance(activity=activity, role=r.role, organisation=r.organisation, count=r.count)
        for r in attendance
    )
    log_action(
        activity,
        "placements.activity.saved",
        actor,
        {"people": sum(r.count for r in attendance)},
    )
    return activity
