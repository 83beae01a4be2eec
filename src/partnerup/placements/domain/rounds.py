"""State changes of placement rounds and offers."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from partnerup.common.activity import log_action
from partnerup.directory.models import Organisation, Person
from partnerup.placements.domain.errors import ProgrammeError
from partnerup.placements.models import (
    PlacementOffer,
    PlacementRound,
    SchoolYear,
)


@transaction.atomic
def save_round(
    round: PlacementRound | None,
    *,
    school_year: SchoolYear,
    name: str,
    opens: datetime,
    deadline: datetime,
    max_choices: int,
    status: str,
    seed: int,
    actor,
) -> PlacementRound:
    """Create a round (`round` None) or change one.

    Side effects: saves the round (allocation and publication only through their own
    functions); logs `placements.round.created` or `placements.round.changed`.
    """
    created = round is None
    round = round or PlacementRound()
    if status != round.status and not {status, round.status} <= EDITABLE_ROUND_STATUSES:
        raise ProgrammeError(_("Allocation and publication have their own buttons."))
    round.school_year = school_year
    round.name = name
    round.opens = opens
    round.deadline = deadline
    round.max_choices = max_choices
    round.status = status
    round.seed = seed
    round.full_clean()
    round.save()
    log_action(
        round,
        "placements.round.created" if created else "placements.round.changed",
        actor,
        {"status": status},
    )
    return round


EDITABLE_ROUND_STATUSES = {
    PlacementRound.Status.DRAFT,
    PlacementRound.Status.OPEN,
    PlacementRound.Status.CLOSED,
}


@transaction.atomic
def save_offer(
    offer: PlacementOffer | None,
    *,
    round: PlacementRound,
    host: Organisation,
    title: str,
    field: str,
    description: str,
    starts: date,
    ends: date,
    place: str,
    capacity: int,
    requirements: str,
    mentors: list[Person],
    actor,
) -> PlacementOffer:
    """Create an offer (`offer` None) or change one.

    Side effects: saves the offer and sets its mentors (who must work at the host); logs
    `placements.offer.created` or `placements.offer.changed`.
    """
    created = offer is None
    offer = offer or PlacementOffer()
    if any(not m.memberships.filter(organisation=host).exists() for m in mentors):
        raise ProgrammeError(_("Mentors must work at the host organisation."))
    offer.round = round
    offer.host = host
    offer.title = title
    offer.field = field
    offer.description = description
    offer.starts = starts
    offer.ends = ends
    offer.place = place
    offer.capacity = capacity
    offer.requirements = requirements
    offer.full_clean()
    offer.save()
    offer.mentors.set(mentors)
    log_action(offer, "placements.offer.created" if created else "placements.offer.changed", actor)
    return offer
