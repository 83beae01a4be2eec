"""State changes of partnering events. Views, the API and tasks call these and nothing else.

Concurrency: every change to a request or meeting locks the rows it reads (select_for_update, in
a fixed order: participants by id, then the request), and the database refuses what would still
slip through (one active request per pair; one meeting per table and slot; one meeting per
participant and slot).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerup.common.activity import log_action
from partnerup.common.mail import send_after_commit
from partnerup.events.models import (
    Event,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    Participant,
    Slot,
    TypeCap,
)


class EventError(Exception):
    """A change the event's rules do not allow; the message is shown to the user."""


# --- Set-up -------------------------------------------------------------------------------------


@transaction.atomic
def build_slots(event: Event) -> int:
    """Derive the slot grid from the days, venues, hours, breaks and meeting length.

    Side effects: creates the missing slots; removes slots that no longer fit and hold no
    meeting. Returns the number of slots.
    """
    zone = ZoneInfo(event.timezone)
    length = timedelta(minutes=event.meeting_minutes)
    wanted: set[tuple[int, datetime]] = set()
    for day in event.days.prefetch_related("venues", "breaks"):
        breaks = [
            (datetime.combine(day.date, b.starts, zone), datetime.combine(day.date, b.ends, zone))
            for b in day.breaks.all()
        ]
        start = datetime.combine(day.date, day.meetings_from, zone)
        end = datetime.combine(day.date, day.meetings_until, zone)
        while start + length <= end:
            clash = next(
                (b_end for b_start, b_end in breaks if start < b_end and b_start < start + length),
                None,
            )
            if clash is not None:
                start = clash
                continue
            for venue in day.venues.all():
                wanted.add((venue.pk, start))
            start += length
    existing = {(slot.venue_id, slot.starts): slot for slot in event.slots.all()}
    for venue_id, starts in sorted(wanted - set(existing), key=lambda item: (item[1], item[0])):
        Slot.objects.create(event=event, venue_id=venue_id, starts=starts, ends=starts + length)
    for key, slot in existing.items():
        if key not in wanted and not slot.meetings.exists():
            slot.delete()
    return event.slots.count()


# --- Registration -------------------------------------------------------------------------------


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
) -> Participant:
    """Register a user for an event, for one of their organisations.

    Side effects: a Participant, approved at once when the event approves automatically;
    logs `events.participant.registered`.
    """
    now = timezone.now()
    if not event.published or not event.registration_opens <= now < event.registration_closes:
        raise EventError(_("Registration for this event is not open."))
    if event.visibility == Event.Visibility.INVITATION and not user.is_organiser:
        raise EventError(_("This event is by invitation only."))
    if Participant.objects.filter(event=event, user=user).exists():
        raise EventError(_("You are registered already."))
    participant = Participant.objects.create(
        event=event,
        user=user,
        organisation=organisation,
        type=participant_type,
        headline=headline,
        profile_text=profile_text,
        status=Participant.Status.APPROVED if event.auto_approve else Participant.Status.PENDING,
    )
    participant.offers.set(offers)
    participant.seeks.set(seeks)
    participant.unavailable.set(unavailable)
    log_action(participant, "events.participant.registered", user)
    return participant


@transaction.atomic
def decide_registration(participant: Participant, approve: bool, actor) -> Participant:
    """Side effects: sets the status; e-mails the participant after commit; logs it."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    participant.status = Participant.Status.APPROVED if approve else Participant.Status.REJECTED
    participant.save(update_fields=["status"])
    log_action(
        participant,
        "events.participant.approved" if approve else "events.participant.rejected",
        actor,
    )
    send_after_commit(
        participant.user.email,
        "events/mail/registration",
        {"participant": participant, "event": participant.event},
        participant.user.language,
    )
    return participant


# --- Requests -----------------------------------------------------------------------------------


def _cap(event: Event, participant_type: str) -> TypeCap | None:
    return TypeCap.objects.filter(event=event, type=participant_type).first()


def _lock(*participants: Participant) -> dict[int, Participant]:
    ids = sorted({p.pk for p in participants})
    return {
        p.pk: p
        for p in Participant.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .select_related("event", "user", "organisation")
    }


def active_meeting_count(participant: Participant) -> int:
    return (
        MeetingSeat.objects.filter(participant=participant, active=True)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .count()
    )


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
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
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
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != MeetingRequest.Status.PENDING:
        raise EventError(_("This request is no longer waiting for an answer."))
    request.status = MeetingRequest.Status.DECLINED
    request.decline_reason = reason[:300]
    request.answered = timezone.now()
    request.acted_by = actor
    request.save(update_fields=["status", "decline_reason", "answered", "acted_by"])
    log_action(request, "events.request.declined", actor)
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
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in {MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED}:
        raise EventError(_("This request cannot be cancelled any more."))
    request.status = MeetingRequest.Status.CANCELLED
    request.acted_by = actor
    request.save(update_fields=["status", "acted_by"])
    meeting = Meeting.objects.select_for_update().filter(request=request).first()
    if meeting is not None:
        meeting.status = Meeting.Status.CANCELLED
        meeting.save(update_fields=["status"])
        meeting.seats.update(active=False)
    log_action(request, "events.request.cancelled", actor)
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
            request = MeetingRequest.objects.select_for_update().get(pk=pk)
            if request.status != MeetingRequest.Status.PENDING:
                continue
            request.status = MeetingRequest.Status.EXPIRED
            request.save(update_fields=["status"])
            log_action(request, "events.request.expired", None)
            send_after_commit(
                request.sender.user.email,
                "events/mail/request_expired",
                {"request": request, "event": request.event},
                request.sender.user.language,
            )
            count += 1
    return count
