"""Scouting calls: pitches and the host's invitations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerup.common.activity import log_action
from partnerup.directory.models import Organisation
from partnerup.events.domain.errors import EventError
from partnerup.events.domain.requests import request_meeting
from partnerup.events.models import Event, MeetingRequest, Participant, Pitch, ScoutingCall


@dataclass
class InviteOutcome:
    """What `shortlist_and_invite` did: the requests it sent, and each pitch it could not invite
    with the reason (in the active language)."""

    invited: list[MeetingRequest] = field(default_factory=list)
    not_invited: list[tuple[Pitch, str]] = field(default_factory=list)


@transaction.atomic
def create_scouting_call(
    event: Event,
    host: Organisation,
    *,
    title: str,
    description: str,
    deadline: datetime,
    terms=(),
    actor,
) -> ScoutingCall:
    """Publish a host partner's call for innovations at an event.

    Side effects: a ScoutingCall with its taxonomy terms; logs `events.call.created`. Refused
    for an organisation that is not a host partner of the event, or a deadline in the past.
    """
    if not event.hosts.filter(pk=host.pk).exists():
        raise EventError(_("Only the event's host partners can publish calls."))
    if deadline <= timezone.now():
        raise EventError(_("Choose a pitch deadline in the future."))
    call = ScoutingCall.objects.create(
        event=event, host=host, title=title, description=description, deadline=deadline
    )
    call.terms.set(terms)
    log_action(call, "events.call.created", actor)
    return call


@transaction.atomic
def decline_pitch(pitch: Pitch, actor) -> Pitch:
    """The host does not take a pitch further.

    Side effects: the pitch becomes `not_selected`; from then on only the pitcher and the
    organisers may download its attachment; logs `events.pitch.declined`. Refused for a pitch
    already invited to a meeting (cancel that meeting instead) or withdrawn.
    """
    pitch = Pitch.objects.select_for_update(of=("self",)).get(pk=pitch.pk)
    if pitch.status in (Pitch.Status.INVITED, Pitch.Status.WITHDRAWN):
        raise EventError(_("This pitch can no longer be declined."))
    pitch.status = Pitch.Status.NOT_SELECTED
    pitch.save(update_fields=["status"])
    log_action(pitch, "events.pitch.declined", actor)
    return pitch


@transaction.atomic
def withdraw_pitch(pitch: Pitch, actor) -> Pitch:
    """The pitcher takes a pitch back.

    Side effects: the pitch becomes `withdrawn`; the host's people can no longer download its
    attachment (organisers still can); logs `events.pitch.withdrawn`.
    """
    pitch = Pitch.objects.select_for_update(of=("self",)).get(pk=pitch.pk)
    if pitch.status == Pitch.Status.WITHDRAWN:
        raise EventError(_("You have withdrawn this pitch already."))
    pitch.status = Pitch.Status.WITHDRAWN
    pitch.save(update_fields=["status"])
    log_action(pitch, "events.pitch.withdrawn", actor)
    return pitch


@transaction.atomic
def submit_pitch(
    call, participant: Participant, *, title: str, summary: str, stage, modality, attachment=None
):
    """Side effects: a Pitch (one per participant and call), its attachment stored privately
    under a random name; logs `events.pitch.submitted`."""
    if timezone.now() >= call.deadline:
        raise EventError(_("The deadline of this call has passed."))
    if participant.event_id != call.event_id or participant.status != Participant.Status.APPROVED:
        raise EventError(_("Only approved participants of the event can pitch."))
    if participant.organisation_id == call.host_id:
        raise EventError(_("You cannot pitch to your own organisation's call."))
    if Pitch.objects.filter(call=call, participant=participant).exists():
        raise EventError(_("You have pitched to this call already."))
    pitch = Pitch.objects.create(
        call=call,
        participant=participant,
        title=title,
        summary=summary,
        stage=stage,
        modality=modality,
        attachment=attachment or "",
    )
    log_action(pitch, "events.pitch.submitted", participant.user)
    return pitch


@transaction.atomic
def shortlist_and_invite(
    call, pitches, host_participant: Participant, *, message: str, actor
) -> InviteOutcome:
    """Shortlist pitches and invite each pitcher to a meeting, in one step.

    Side effects: each pitch becomes `invited`; a meeting request from the host's participant to
    each pitcher (high priority), with the usual e-mail; pitches whose pitchers cannot be asked
    (e.g. they already have a request or meeting with the host, or the request deadline has
    passed) are shortlisted only, and withdrawn pitches are left alone: the outcome names each
    with the reason. Logs `events.call.invited`.
    """
    if host_participant.organisation_id != call.host_id:
        raise EventError(_("Invite from a participant of the host organisation."))
    outcome = InviteOutcome()
    for pitch in pitches:
        if pitch.call_id != call.pk:
            raise EventError(_("Choose pitches of this call only."))
        if pitch.status == Pitch.Status.WITHDRAWN:
            outcome.not_invited.append((pitch, _("The pitcher has withdrawn it.")))
            continue
        pitch.status = pitch.Status.SHORTLISTED
        try:
            outcome.invited.append(
                request_meeting(
                    host_participant, pitch.participant, message=message, priority=3, actor=actor
                )
            )
            pitch.status = pitch.Status.INVITED
        except EventError as exc:
            outcome.not_invited.append((pitch, str(exc)))
        pitch.save(update_fields=["status"])
    log_action(call, "events.call.invited", actor, {"invited": len(outcome.invited)})
    return outcome
