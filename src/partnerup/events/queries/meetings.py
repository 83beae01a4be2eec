"""Meeting counts (reads only)."""

from __future__ import annotations

from partnerup.events.models import Meeting, MeetingSeat, Participant


def active_meeting_count(participant: Participant) -> int:
    return (
        MeetingSeat.objects.filter(participant=participant, active=True)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .count()
    )
