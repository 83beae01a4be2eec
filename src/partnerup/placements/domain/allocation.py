"""The allocation of a round: preview, adjustment by hand, publication."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerup.allocation import Offer as EngineOffer
from partnerup.allocation import PlacementProblem, allocate
from partnerup.allocation import Pupil as EnginePupil
from partnerup.common.activity import log_action
from partnerup.common.mail import send_after_commit
from partnerup.directory.models import Membership, Person
from partnerup.placements.domain.errors import ProgrammeError
from partnerup.placements.models import (
    Application,
    GuardianConsent,
    Placement,
    PlacementOffer,
    PlacementRound,
    Pupil,
    SchoolSettings,
)


@dataclass(frozen=True)
class Preview:
    """The stored allocation preview of a round, as the pages show it."""

    assignments: dict[int, int]  # pupil id -> offer id
    unplaced: dict[int, str]  # pupil id -> reason
    stats: dict
    manual: set[int]  # pupils placed or moved by hand


def pupils_needing_consent(round: PlacementRound) -> set[int]:
    """Applicants whose school requires a guardian consent and who have none in force."""
    requiring = SchoolSettings.objects.filter(requires_guardian_consent=True).values("school")
    consented = GuardianConsent.objects.filter(withdrawn__isnull=True).values("pupil")
    missing = (
        Pupil.objects.filter(applications__offer__round=round, school__in=requiring)
        .exclude(pk__in=consented)
        .distinct()
    )
    return set(missing.values_list("pk", flat=True))


def build_problem(round: PlacementRound) -> tuple[PlacementProblem, set[int]]:
    """The engine's problem for a round, and the pupils left out for lack of consent."""
    without_consent = pupils_needing_consent(round)
    applications = (
        Application.objects.filter(offer__round=round)
        .exclude(pupil__in=without_consent)
        .order_by("pupil_id", "rank")
    )
    preferences: dict[int, list[str]] = {}
    ranked: dict[int, list[tuple[int, int]]] = {}
    for application in applications:
        preferences.setdefault(application.pupil_id, []).append(str(application.offer_id))
        if application.host_rank is not None:
            ranked.setdefault(application.offer_id, []).append(
                (application.host_rank, application.pupil_id)
            )
    offers = []
    for offer in round.offers.order_by("pk"):
        ranking = None
        if offer.host_ranks:
            ranking = tuple(str(pupil) for _rank, pupil in sorted(ranked.get(offer.pk, [])))
        offers.append(EngineOffer(id=str(offer.pk), capacity=offer.capacity, ranking=ranking))
    pupils = tuple(
        EnginePupil(id=str(pupil), preferences=tuple(prefs))
        for pupil, prefs in sorted(preferences.items())
    )
    return PlacementProblem(pupils=pupils, offers=tuple(offers), seed=round.seed), without_consent


def _reason(pupil_id: int, problem: PlacementProblem, without_consent: set[int]) -> str:
    if pupil_id in without_consent:
        return "no_consent"
    prefs = next((p.preferences for p in problem.pupils if p.id == str(pupil_id)), ())
    if not prefs:
        return "no_choices"
    offers = {offer.id: offer for offer in problem.offers}
    if all(offers[o].ranking is not None and str(pupil_id) not in offers[o].ranking for o in prefs):
        return "not_ranked"
    return "filled"


REASONS = {
    "no_consent": lambda: _("No guardian consent is recorded, which the school requires."),
    "no_choices": lambda: _("Chose no offers."),
    "not_ranked": lambda: _("No host of the chosen offers accepted this pupil."),
    "filled": lambda: _(
        "Every chosen offer was filled by pupils ahead in the host's ranking or the lottery."
    ),
    "manual": lambda: _("Removed by hand."),
}


def reason_text(code: str) -> str:
    return str(REASONS.get(code, lambda: code)())


@transaction.atomic
def run_allocation(round: PlacementRound, actor) -> Preview:
    """Run the allocation engine on a round's applications and store the preview.

    Side effects: closes the round to applications; stores the preview (assignments, reasons,
    statistics) on the round with status `allocated`; logs `placements.round.allocated`.
    Nothing is published and nobody is told until `publish_allocation`.
    """
    round = PlacementRound.objects.select_for_update(no_key=True, of=("self",)).get(pk=round.pk)
    if round.status == PlacementRound.Status.PUBLISHED:
        raise ProgrammeError(_("This round has been published already."))
    problem, without_consent = build_problem(round)
    result = allocate(problem)
    unplaced = {int(p): _reason(int(p), problem, without_consent) for p in result.unassigned}
    unplaced.update(dict.fromkeys(without_consent, "no_consent"))
    stats = {
        "placed": result.stats.placed,
        "applicants": len(problem.pupils) + len(without_consent),
        "first_choice": result.stats.first_choice,
        "rank_histogram": {str(k): v for k, v in result.stats.rank_histogram.items()},
        "max_placeable": result.stats.max_placeable,
        "seconds": round_seconds(result.stats.seconds),
    }
    round.allocation = {
        "assignments": {a.pupil: int(a.offer) for a in result.assignments},
        "unplaced": {str(k): v for k, v in unplaced.items()},
        "stats": stats,
        "manual": [],
    }
    round.status = PlacementRound.Status.ALLOCATED
    round.save(update_fields=["allocation", "status"])
    log_action(
        round,
        "placements.round.allocated",
        actor,
        {"placed": stats["placed"], "applicants": stats["applicants"]},
    )
    return preview_of(round)


def round_seconds(value: float) -> float:
    return float(f"{value:.4f}")


def preview_of(round: PlacementRound) -> Preview | None:
    if not round.allocation:
        return None
    data = round.allocation
    return Preview(
        assignments={int(k): v for k, v in data["assignments"].items()},
        unplaced={int(k): v for k, v in data["unplaced"].items()},
        stats=data["stats"],
        manual=set(data.get("manual", [])),
    )


@transaction.atomic
def adjust_allocation(
    round: PlacementRound, pupil: Pupil, offer: PlacementOffer | None, actor
) -> Preview:
    """Move a pupil to another offer, or out of the allocation, by hand before publishing.

    Side effects: updates the stored preview (checked: the offer is in the round and has a free
    place); logs `placements.round.adjusted`.
    """
    round = PlacementRound.objects.select_for_update(no_key=True, of=("self",)).get(pk=round.pk)
    if round.status != PlacementRound.Status.ALLOCATED or not round.allocation:
        raise ProgrammeError(_("Run the allocation before adjusting it."))
    data = round.allocation
    key = str(pupil.pk)
    if offer is not None:
        if offer.round_id != round.pk:
            raise ProgrammeError(_("Choose an offer of this round."))
        taken = sum(1 for p, o in data["assignments"].items() if o == offer.pk and p != key)
        if taken >= offer.capacity:
            raise ProgrammeError(_("%(offer)s has no free place.") % {"offer": offer.title})
        if pupil.pk in pupils_needing_consent(round):
            raise ProgrammeError(_("No guardian consent is recorded, which the school requires."))
        data["assignments"][key] = offer.pk
        data["unplaced"].pop(key, None)
    else:
        data["assignments"].pop(key, None)
        data["unplaced"][key] = "manual"
    if pupil.pk not in data["manual"]:
        data["manual"].append(pupil.pk)
    data["stats"]["placed"] = len(data["assignments"])
    round.allocation = data
    round.save(update_fields=["allocation"])
    log_action(
        round,
        "placements.round.adjusted",
        actor,
        {"pupil": pupil.pk, "offer": offer.pk if offer else None},
    )
    return preview_of(round)


@transaction.atomic
def publish_allocation(round: PlacementRound, actor) -> list[Placement]:
    """Turn the preview into placements and tell everyone concerned.

    Side effects: creates one Placement per assignment (first mentor of the offer); sets the
    round `published`; e-mails, after commit and each in their own language, every placed or
    unplaced pupil with an address, the schools' coordinators, the hosts' admins and the mentors;
    logs `placements.round.published`.
    """
    round = PlacementRound.objects.select_for_update(no_key=True, of=("self",)).get(pk=round.pk)
    if round.status != PlacementRound.Status.ALLOCATED or not round.allocation:
        raise ProgrammeError(_("Run the allocation before publishing it."))
    preview = preview_of(round)
    offers = {o.pk: o for o in round.offers.prefetch_related("mentors").select_related("host")}
    pupils = Pupil.objects.in_bulk(list(preview.assignments) + list(preview.unplaced))
    placements = []
    for pupil_id, offer_id in sorted(preview.assignments.items()):
        offer = offers[offer_id]
        placements.append(
            Placement.objects.create(
                pupil=pupils[pupil_id],
                offer=offer,
                round=round,
                host=offer.host,
                field=offer.field,
                year=round.school_year.start_year,
                mentor=next(iter(offer.mentors.all()), None),
            )
        )
    round.status = PlacementRound.Status.PUBLISHED
    round.published = timezone.now()
    round.save(update_fields=["status", "published"])
    log_action(round, "placements.round.published", actor, {"placements": len(placements)})
    _notify_publication(round, placements, [pupils[p] for p in preview.unplaced if p in pupils])
    return placements


def _notify_publication(round, placements: list[Placement], unplaced: list[Pupil]) -> None:
    for placement in placements:
        if placement.pupil.email:
            send_after_commit(
                placement.pupil.email,
                "placements/mail/placed",
                {"placement": placement, "round": round},
                placement.pupil.language,
            )
    for pupil in unplaced:
        if pupil.email:
            send_after_commit(
                pupil.email,
                "placements/mail/unplaced",
                {"pupil": pupil, "round": round},
                pupil.language,
            )
    by_school: dict[int, list[Placement]] = {}
    by_host: dict[int, list[Placement]] = {}
    by_mentor: dict[int, list[Placement]] = {}
    for placement in placements:
        by_school.setdefault(placement.pupil.school_id, []).append(placement)
        by_host.setdefault(placement.host_id, []).append(placement)
        if placement.mentor_id:
            by_mentor.setdefault(placement.mentor_id, []).append(placement)
    recipients: list[tuple[Person, list[Placement]]] = []
    for school_id, items in by_school.items():
        for membership in Membership.objects.filter(
            organisation_id=school_id, role="coordinator"
        ).select_related("person__user"):
            recipients.append((membership.person, items))
    for host_id, items in by_host.items():
        for membership in Membership.objects.filter(
            organisation_id=host_id, role="admin"
        ).select_related("person__user"):
            recipients.append((membership.person, items))
    for mentor_id, items in by_mentor.items():
        recipients.append((Person.objects.select_related("user").get(pk=mentor_id), items))
    # One e-mail per person, listing each of their placements once (a coordinator may also
    # be a mentor, a host admin may host several pupils).
    grouped: dict[int, tuple[Person, dict[int, Placement]]] = {}
    for person, items in recipients:
        entry = grouped.setdefault(person.pk, (person, {}))
        entry[1].update({item.pk: item for item in items})
    for person, items in grouped.values():
        user = person.user
        address = user.email if user else person.email
        if address:
            send_after_commit(
                address,
                "placements/mail/published_staff",
                {"person": person, "placements": list(items.values()), "round": round},
                user.language if user else "nb",
            )
