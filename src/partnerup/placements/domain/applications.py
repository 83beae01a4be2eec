"""State changes of pupils' applications and hosts' rankings."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from partnerup.common.activity import log_action
from partnerup.placements.domain.errors import ProgrammeError
from partnerup.placements.models import (
    Application,
    PlacementOffer,
    PlacementRound,
    Pupil,
)


@transaction.atomic
def submit_application(
    pupil: Pupil, round: PlacementRound, choices: list[tuple[PlacementOffer, str]]
) -> list[Application]:
    """Replace the pupil's ranked choices in a round (most wanted first).

    Side effects: deletes the pupil's earlier choices in the round and creates the new ones;
    logs `placements.application.submitted` on the pupil.
    """
    round = PlacementRound.objects.select_for_update(no_key=True, of=("self",)).get(pk=round.pk)
    if not round.accepting_applications:
        raise ProgrammeError(_("This round does not take applications now."))
    if len(choices) > round.max_choices:
        raise ProgrammeError(_("Choose at most %(count)d offers.") % {"count": round.max_choices})
    offers = [offer for offer, _motivation in choices]
    if len({offer.pk for offer in offers}) != len(offers):
        raise ProgrammeError(_("Each offer can be chosen once."))
    if any(offer.round_id != round.pk for offer in offers):
        raise ProgrammeError(_("Choose offers of this round only."))
    Application.objects.filter(pupil=pupil, offer__round=round).delete()
    created = [
        Application.objects.create(pupil=pupil, offer=offer, rank=rank, motivation=motivation)
        for rank, (offer, motivation) in enumerate(choices, start=1)
    ]
    log_action(
        pupil,
        "placements.application.submitted",
        pupil.user,
        {"round": round.pk, "offers": [offer.pk for offer in offers]},
    )
    return created


@transaction.atomic
def rank_applicants(offer: PlacementOffer, ranked: list[Application], actor) -> None:
    """Set the host's order of its applicants; applicants left out are not accepted.

    Side effects: sets `host_rank` on every application to the offer and `host_ranks` on the
    offer; logs `placements.offer.ranked`.
    """
    if offer.round.status not in {PlacementRound.Status.OPEN, PlacementRound.Status.CLOSED}:
        raise ProgrammeError(_("Applicants can be ranked only before the allocation."))
    if any(application.offer_id != offer.pk for application in ranked):
        raise ProgrammeError(_("Rank applicants of this offer only."))
    offer.applications.update(host_rank=None)
    for position, application in enumerate(ranked, start=1):
        Application.objects.filter(pk=application.pk).update(host_rank=position)
    offer.host_ranks = True
    offer.save(update_fields=["host_ranks"])
    log_action(offer, "placements.offer.ranked", actor, {"ranked": len(ranked)})
