"""State changes of the school programme. Views, commands and tasks call these functions only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerup.allocation import Offer as EngineOffer
from partnerup.allocation import PlacementProblem, allocate
from partnerup.allocation import Pupil as EnginePupil
from partnerup.common.activity import forget_in_log, log_action
from partnerup.common.mail import forget_in_outbox, send_after_commit
from partnerup.directory.models import Membership, Organisation, Person
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


class ProgrammeError(Exception):
    """A state change that the rules do not allow; the message is shown to the user."""


# --- Rounds and offers -------------------------------------------------------------------------


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


# --- Pupils -------------------------------------------------------------------------------------


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


# --- Applications -------------------------------------------------------------------------------


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


# --- Allocation ---------------------------------------------------------------------------------


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


# --- Placements ---------------------------------------------------------------------------------


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


@transaction.atomic
def record_consent(pupil: Pupil, guardian_name: str, given_on: date, actor) -> GuardianConsent:
    """Side effects: a consent record; logs `placements.consent.recorded`."""
    consent = GuardianConsent.objects.create(
        pupil=pupil, guardian_name=guardian_name, given_on=given_on, recorded_by=actor
    )
    log_action(pupil, "placements.consent.recorded", actor)
    return consent


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
            raise ProgrammeError(_("Give each role and organisation one line."))
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


# --- Privacy ------------------------------------------------------------------------------------


def export_pupil_data(pupil: Pupil) -> dict:
    """Everything PartnerUp holds about a pupil, for a subject-access request."""
    return {
        "pupil": {
            "name": pupil.name,
            "school": pupil.school.name,
            "class": str(pupil.school_class) if pupil.school_class else None,
            "year": pupil.get_level_display(),
            "email": pupil.email,
            "language": pupil.language,
            "created": pupil.created.isoformat(),
            "account": pupil.user.email if pupil.user else None,
        },
        "guardian_consents": [
            {
                "guardian": c.guardian_name,
                "given_on": c.given_on.isoformat(),
                "withdrawn": c.withdrawn.isoformat() if c.withdrawn else None,
            }
            for c in pupil.consents.all()
        ],
        "applications": [
            {
                "round": str(a.offer.round),
                "offer": a.offer.title,
                "host": a.offer.host.name,
                "choice": a.rank,
                "motivation": a.motivation,
            }
            for a in pupil.applications.select_related("offer__round", "offer__host")
        ],
        "placements": [
            {
                "year": p.year,
                "host": p.host.name,
                "field": p.get_field_display(),
                "status": p.get_status_display(),
                "days_attended": p.days_attended,
                "mentor": p.mentor.name if p.mentor else None,
                "pupil_evaluation": p.pupil_evaluation,
                "pupil_rating": p.pupil_rating,
                "mentor_evaluation": p.mentor_evaluation,
                "mentor_rating": p.mentor_rating,
            }
            for p in pupil.placements.select_related("host", "mentor")
        ],
    }


@transaction.atomic
def erase_pupil(pupil: Pupil, actor, reason: str = "request") -> None:
    """Erase a pupil's personal data everywhere; keep the anonymous counts.

    Side effects: deletes the pupil, their applications and consent records and their account;
    their placements stay with year, host, field and status but without pupil, evaluations or
    attendance; activity-log entries about the pupil, their placements, applications, consents
    and account lose their name and details, and any other entry or e-mail naming them (name,
    e-mail address, guardian) has it replaced; e-mails to them are deleted; logs
    `placements.pupil.erased` without personal data.
    """
    pupil = Pupil.objects.select_for_update(of=("self",)).select_related("user").get(pk=pupil.pk)
    user = pupil.user
    erased = _("(erased pupil)")
    needles = [pupil.name, pupil.email]
    needles += list(pupil.consents.values_list("guardian_name", flat=True))
    # What they wrote, in case an e-mail or log entry quotes it (short texts would blank out
    # others' words; names and addresses are needles anyway).
    texts = list(pupil.applications.values_list("motivation", flat=True))
    texts += list(pupil.placements.values_list("pupil_evaluation", flat=True))
    needles += [text for text in texts if len(text.strip()) >= 12]
    addresses = [pupil.email]
    objects: list[tuple[type, object, str]] = [(Pupil, pupil.pk, erased)]
    objects += [(Application, pk, erased) for pk in pupil.applications.values_list("pk", flat=True)]
    objects += [(GuardianConsent, pk, erased) for pk in pupil.consents.values_list("pk", flat=True)]
    placements = list(pupil.placements.select_related("host"))
    if user is not None:
        needles += [user.name, user.email]
        addresses.append(user.email)
        objects.append((type(user), user.pk, erased))
    pupil.placements.update(
        pupil=None,
        pupil_evaluation="",
        pupil_rating=None,
        mentor_evaluation="",
        mentor_rating=None,
        days_attended=None,
    )
    for placement in placements:
        placement.pupil = None
        objects.append((Placement, placement.pk, str(placement)))
    pupil_id = pupil.pk
    school = pupil.school
    pupil.delete()
    if user is not None:
        from partnerup.accounts.domain import delete_account

        # Whatever else the account holds (event registrations, e-mail addresses) goes too.
        delete_account(user, actor, reason=reason)
    forget_in_log(objects=objects, needles=needles, replacement=erased)
    forget_in_outbox(addresses=addresses, needles=needles, replacement=erased)
    log_action(school, "placements.pupil.erased", actor, {"pupil": pupil_id, "reason": reason})


def last_placement_day(pupil: Pupil) -> date | None:
    """The last day of the pupil's last placement; for history without dates, the end of its
    school year (30 June)."""
    ends = pupil.placements.aggregate(last=Max("offer__ends"), year=Max("year"))
    if ends["last"] is not None:
        return ends["last"]
    if ends["year"] is not None:
        return date(ends["year"] + 1, 6, 30)
    return None


def retention_due(now=None) -> list[Pupil]:
    """Pupils whose data is older than their programme's retention setting allows.

    The clock starts at the last day of their last placement, or when they were added if they
    never had one. A pupil of several programmes' schools keeps the longest retention.
    """
    from partnerup.placements.models import Programme

    now = now or timezone.now()
    months_by_school: dict[int, int] = {}
    for programme in Programme.objects.prefetch_related("schools"):
        for school in programme.schools.all():
            months_by_school[school.pk] = max(
                months_by_school.get(school.pk, 0), programme.retention_months
            )
    due: list[Pupil] = []
    for pupil in Pupil.objects.filter(school__in=list(months_by_school)):
        cutoff = now - timedelta(days=round(months_by_school[pupil.school_id] * 30.44))
        last = last_placement_day(pupil)
        started = last if last is not None else pupil.created.date()
        if started < cutoff.date():
            due.append(pupil)
    return due


def apply_retention(now=None) -> int:
    """Erase every pupil past retention. Returns how many were erased."""
    pupils = retention_due(now)
    for pupil in pupils:
        erase_pupil(pupil, None, reason="retention")
    return len(pupils)
