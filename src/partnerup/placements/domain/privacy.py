"""Pupils' personal data: export, erasure and retention."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerup.common.activity import forget_in_log, log_action
from partnerup.common.mail import forget_in_outbox
from partnerup.placements.models import (
    Application,
    GuardianConsent,
    Placement,
    Programme,
    Pupil,
)


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
