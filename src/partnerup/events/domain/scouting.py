"""Scouting calls: pitches and the host's invitations."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerup.common.activity import log_action
from partnerup.events.domain.errors import EventError
from partnerup.events.domain.requests import request_meeting
from partnerup.events.models import MeetingRequest, Participant


@transaction.atomic
def submit_pitch(
    call, participant: Participant, *, title: str, summary: str, stage, modality, attachment=None
):
    """Side effects: a Pitch (one per participant and call); logs `events.pitch.submitted`."""
    from partnerup.events.models import Pitch

    if timezone.now() >= call.deadline:
        raise EventError(_("The deadline of this call has passed."))
    if participant.event_id != call.event_id or participant.status != "approved":
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
) -> list[MeetingRequest]:
    """Shortlist pitches and invite each pitcher to a meeting, in one step.

    Side effects: each pitch becomes `invited`; a meeting request from the host's participant to
    each pitcher (high priority), with the usual e-mail; pitches whose pitchers already have a
    request or meeting with the host are shortlisted only. Logs `events.call.invited`.
    """
    if host_participant.organisation_id != call.host_id:
        raise EventError(_("Invite from a participant of the host organisation."))
    created = []
    for pitch in pitches:
        if pitch.call_id != call.pk:
            raise EventError(_("Choose pitches of this call only."))
        pitch.status = pitch.Status.SHORTLISTED
        try:
            created.append(
                request_meeting(
                    host_participant, pitch.participant, message=message, priority=3, actor=actor
                )
            )
            pitch.status = pitch.Status.INVITED
        except EventError:
            pass
        pitch.save(update_fields=["status"])
    log_action(call, "events.call.invited", actor, {"invited": len(created)})
    return created
