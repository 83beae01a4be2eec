"""Meeting requests: send, accept, decline, cancel and let lapse.

Each change also makes the event's recommendations be computed anew (a pair that asked is not
suggested again).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerup.common.activity import log_action
from partnerup.common.mail import send_after_commit
from partnerup.events.domain._locks import _lock
from partnerup.events.domain.errors import EventError
from partnerup.events.models import (
    Event,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    Participant,
    TypeCap,
)
from partnerup.events.queries.meetings import active_meeting_count
from partnerup.events.recommendations import changed as recommendations_changed


def _cap(event: Event, participant_type: str) -> TypeCap | None:
    return TypeCap.objects.filter(event=event, type=participant_type).first()


@transaction.atomic
def request_meeting(
    sender: Participant, recipient: Participant, *, message: str = "", priority: int = 2, actor=None
) -> MeetingRequest:
    """Ask another participant for a one-to-one meeting.

    Side effects: a pending request (accepted at once when the event auto-accepts, see
    `accept_request`); an e-mail to the recipient after commit; logs `events.request.sent`.
    Refused: unapproved participants, oneself or one's own organisation, after the request
    deadline, over the sender's cap, or when the two already have an open request or meeting.
    """
    locked = _lock(sender, recipient)
    sender, recipient = locked[sender.pk], locked[recipient.pk]
    event = sender.event
    if sender.event_id != recipient.event_id:
        raise EventError(_("Both must take part in the same event."))
    if sender.pk == recipient.pk:
        raise EventError(_("You cannot request a meeting with yourself."))
    if sender.organisation_id == recipient.organisation_id:
        raise EventError(_("Meet your own colleagues outside the partnering programme."))
    if (
        sender.status != Participant.Status.APPROVED
        or recipient.status != Participant.Status.APPROVED
    ):
        raise EventError(_("Both participants must be approved."))
    if timezone.now() >= event.request_deadline:
        raise EventError(_("The deadline for meeting requests has passed."))
    cap = _cap(event, sender.type)
    if cap and cap.max_requests is not None:
        sent = (
            MeetingRequest.objects.filter(sender=sender)
            .exclude(status=MeetingRequest.Status.CANCELLED)
            .count()
        )
        if sent >= cap.max_requests:
            raise EventError(
                _("You have sent the most requests allowed (%(count)d).")
                % {"count": cap.max_requests}
            )
    low, high = sorted((sender.pk, recipient.pk))
    expires = (
        timezone.now() + timedelta(hours=event.request_expiry_hours)
        if event.request_expiry_hours
        else None
    )
    try:
        with transaction.atomic():
            request = MeetingRequest.objects.create(
                event=event,
                sender=sender,
                recipient=recipient,
                pair_low=low,
                pair_high=high,
                message=message,
                priority=priority,
                expires=expires,
                acted_by=actor or sender.user,
            )
    except IntegrityError:
        raise EventError(_("You two already have an open request or a meeting.")) from None
    log_action(request, "events.request.sent", actor or sender.user)
    recommendations_changed(event.pk)
    if event.request_mode == Event.RequestMode.AUTO_ACCEPT:
        return accept_request(request, actor=actor or sender.user, _notify_sender=False)
    send_after_commit(
        recipient.user.email,
        "events/mail/request_received",
        {"request": request, "event": event},
        recipient.user.language,
    )
    return request


@transaction.atomic
def accept_request(
    request: MeetingRequest, *, actor=None, _notify_sender: bool = True
) -> MeetingRequest:
    """Accept a pending request: it becomes a meeting to be scheduled.

    Side effects: the request is `accepted`; a Meeting with a seat for each side; an e-mail to
    the sender after commit; logs `events.request.accepted`. Refused over either side's meeting
    cap or when the request is no longer pending (someone acted first).
    """
    locked = _lock(request.sender, request.recipient)
    request = MeetingRequest.objects.select_for_update(no_key=True, of=("self",)).get(pk=request.pk)
    if request.status != MeetingRequest.Status.PENDING:
        raise EventError(_("This request is no longer waiting for an answer."))
    for participant in locked.values():
        cap = _cap(request.event, participant.type)
        if (
            cap
            and cap.max_meetings is not None
            and active_meeting_count(participant) >= cap.max_meetings
        ):
            raise EventError(
                _("%(name)s has the most meetings allowed.")
                % {"name": participant.user.get_full_name()}
            )
    request.status = MeetingRequest.Status.ACCEPTED
    request.answered = timezone.now()
    request.acted_by = actor
    request.save(update_fields=["status", "answered", "acted_by"])
    meeting = Meeting.objects.create(event=request.event, request=request, weight=request.priority)
    for participant in (request.sender, request.recipient):
        MeetingSeat.objects.create(meeting=meeting, participant=participant)
    log_action(request, "events.request.accepted", actor)
    recommendations_changed(request.event_id)
    if _notify_sender:
        send_after_commit(
            request.sender.user.email,
            "events/mail/request_accepted",
            {"request": request, "event": request.event},
            request.sender.user.language,
        )
    return request


@transaction.atomic
def decline_request(request: MeetingRequest, *, reason: str = "", actor=None) -> MeetingRequest:
    """Side effects: the request is `declined` with the optional reason; the sender is told
    after commit; logs `events.request.declined`."""
    request = MeetingRequest.objects.select_for_update(no_key=True, of=("self",)).get(pk=request.pk)
    if request.status != MeetingRequest.Status.PENDING:
        raise EventError(_("This request is no longer waiting for an answer."))
    request.status = MeetingRequest.Status.DECLINED
    request.decline_reason = reason[:300]
    request.answered = timezone.now()
    request.acted_by = actor
    request.save(update_fields=["status", "decline_reason", "answered", "acted_by"])
    log_action(request, "events.request.declined", actor)
    recommendations_changed(request.event_id)
    send_after_commit(
        request.sender.user.email,
        "events/mail/request_declined",
        {"request": request, "event": request.event},
        request.sender.user.language,
    )
    return request


@transaction.atomic
def cancel_request(request: MeetingRequest, *, actor=None) -> MeetingRequest:
    """Withdraw a pending request, or call off an accepted meeting.

    Side effects: the request is `cancelled`; its meeting, if any, is cancelled and its seats
    freed (the slot and table become free); the other side is told after commit; logs
    `events.request.cancelled`.
    """
    request = MeetingRequest.objects.select_for_update(no_key=True, of=("self",)).get(pk=request.pk)
    if request.status not in {MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED}:
        raise EventError(_("This request cannot be cancelled any more."))
    request.status = MeetingRequest.Status.CANCELLED
    request.acted_by = actor
    request.save(update_fields=["status", "acted_by"])
    meeting = (
        Meeting.objects.select_for_update(no_key=True, of=("self",)).filter(request=request).first()
    )
    if meeting is not None:
        meeting.status = Meeting.Status.CANCELLED
        meeting.save(update_fields=["status"])
        meeting.seats.update(active=False)
    log_action(request, "events.request.cancelled", actor)
    recommendations_changed(request.event_id)
    other = (
        request.recipient if actor is None or actor.pk == request.sender.user_id else request.sender
    )
    send_after_commit(
        other.user.email,
        "events/mail/request_cancelled",
        {"request": request, "event": request.event},
        other.user.language,
    )
    return request


def expire_requests(now=None) -> int:
    """Let unanswered requests past their expiry lapse, so they stop holding anyone's time.

    Side effects per request: `expired`; the sender is told after commit; logged. Returns how
    many lapsed. Each request is its own transaction, so a retried task does no harm.
    """
    now = now or timezone.now()
    count = 0
    for pk in MeetingRequest.objects.filter(
        status=MeetingRequest.Status.PENDING, expires__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            request = MeetingRequest.objects.select_for_update(no_key=True, of=("self",)).get(pk=pk)
            if request.status != MeetingRequest.Status.PENDING:
                continue
            request.status = MeetingRequest.Status.EXPIRED
            request.save(update_fields=["status"])
            log_action(request, "events.request.expired", None)
            recommendations_changed(request.event_id)
            send_after_commit(
                request.sender.user.email,
                "events/mail/request_expired",
                {"request": request, "event": request.event},
                request.sender.user.language,
            )
            count += 1
    return count
