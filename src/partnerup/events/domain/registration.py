"""Participants: registration, approval, check-in and their private calendar link."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerup.common.activity import log_action
from partnerup.common.mail import send_after_commit
from partnerup.events.domain.errors import EventError
from partnerup.events.models import Event, Participant
from partnerup.events.recommendations import changed as recommendations_changed

# Long enough for a sentence or two in an e-mail; the form field has the same limit.
REASON_MAX_LENGTH = 500


@transaction.atomic
def register(
    event: Event,
    user,
    organisation,
    participant_type: str,
    *,
    headline: str = "",
    profile_text: str = "",
    offers=(),
    seeks=(),
    unavailable=(),
    actor=None,
) -> Participant:
    """Register a user for an event, for one of their organisations.

    Side effects: a Participant, approved at once when the event approves automatically (or
    when an organiser registers them); logs `events.participant.registered`. Refused with
    EventError when the user is registered already, also when two submissions race (the
    database's one-participation-per-event constraint decides).
    """
    now = timezone.now()
    on_behalf = actor is not None and actor.is_organiser
    # Organisers may register anyone at any time: that is how invitation-only events fill.
    if not on_behalf:
        if not event.published or not event.registration_opens <= now < event.registration_closes:
            raise EventError(_("Registration for this event is not open."))
        if event.visibility == Event.Visibility.INVITATION:
            raise EventError(_("This event is by invitation only."))
    if Participant.objects.filter(event=event, user=user).exists():
        raise EventError(_("You are registered already."))
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                event=event,
                user=user,
                organisation=organisation,
                type=participant_type,
                headline=headline,
                profile_text=profile_text,
                status=Participant.Status.APPROVED
                if event.auto_approve or on_behalf
                else Participant.Status.PENDING,
            )
    except IntegrityError:
        raise EventError(_("You are registered already.")) from None
    participant.offers.set(offers)
    participant.seeks.set(seeks)
    participant.unavailable.set(unavailable)
    log_action(
        participant, "events.participant.registered", actor or user, {"on_behalf": on_behalf}
    )
    recommendations_changed(event.pk)
    return participant


@transaction.atomic
def decide_registration(
    participant: Participant, approve: bool, actor, *, reason: str = ""
) -> Participant:
    """Approve or reject a registration; `reason` (optional) is told to the participant in the
    rejection e-mail and kept in the log.

    Side effects: sets the status; e-mails the participant after commit; logs
    `events.participant.approved` or `.rejected` (with the reason); the event's recommendations
    are computed anew (an approved participant shows at once). A registration already in the
    asked-for status is left alone: no second e-mail, no log entry.
    """
    participant = Participant.objects.select_for_update(no_key=True, of=("self",)).get(
        pk=participant.pk
    )
    status = Participant.Status.APPROVED if approve else Participant.Status.REJECTED
    if participant.status == status:
        return participant
    reason = reason.strip()[:REASON_MAX_LENGTH]
    participant.status = status
    participant.save(update_fields=["status"])
    log_action(
        participant,
        "events.participant.approved" if approve else "events.participant.rejected",
        actor,
        {"reason": reason} if reason else None,
    )
    recommendations_changed(participant.event_id)
    send_after_commit(
        participant.user.email,
        "events/mail/registration",
        {
            "participant": participant,
            "event": participant.event,
            "reason": "" if approve else reason,
        },
        participant.user.language,
    )
    return participant


@transaction.atomic
def decide_registrations(participants, approve: bool, actor, *, reason: str = "") -> int:
    """Approve or reject several registrations at once, all or none (one transaction), each
    through `decide_registration` with its side effects. Rows are locked in id order so two
    organisers deciding overlapping lists do not deadlock. Returns how many changed status."""
    status = Participant.Status.APPROVED if approve else Participant.Status.REJECTED
    changed = 0
    for participant in sorted(participants, key=lambda p: p.pk):
        changed += participant.status != status
        decide_registration(participant, approve, actor, reason=reason)
    return changed


@transaction.atomic
def rotate_calendar_token(participant: Participant, actor=None) -> Participant:
    """Side effects: a new private calendar link (the row locked, so two renewals at once
    leave one valid link); the old one stops working; logs `events.participant.calendar_renewed`
    without the token."""
    from partnerup.events.models import _calendar_token

    participant = Participant.objects.select_for_update(no_key=True, of=("self",)).get(
        pk=participant.pk
    )
    participant.calendar_token = _calendar_token()
    participant.save(update_fields=["calendar_token"])
    log_action(participant, "events.participant.calendar_renewed", actor or participant.user)
    return participant


@transaction.atomic
def check_in(participant: Participant, actor) -> Participant:
    """Side effects: records the check-in time (once); logs `events.participant.checked_in`."""
    participant = Participant.objects.select_for_update(no_key=True, of=("self",)).get(
        pk=participant.pk
    )
    if participant.checked_in is None:
        participant.checked_in = timezone.now()
        participant.save(update_fields=["checked_in"])
        log_action(participant, "events.participant.checked_in", actor)
    return participant
