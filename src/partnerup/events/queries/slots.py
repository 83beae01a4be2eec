"""Free slots for self-service scheduling (reads only)."""

from __future__ import annotations

from partnerup.events.models import Meeting, MeetingSeat, Slot


def free_common_slots(meeting: Meeting) -> list[Slot]:
    """Slots in which every participant of the meeting is free and a table is free."""
    participants = [seat.participant for seat in meeting.seats.select_related("participant")]
    slots = []
    for slot in meeting.event.slots.select_related("venue").order_by("starts"):
        if any(p.unavailable.filter(pk=slot.pk).exists() for p in participants):
            continue
        if MeetingSeat.objects.filter(
            participant__in=participants,
            active=True,
            slot__starts__lt=slot.ends,
            slot__ends__gt=slot.starts,
        ).exists():
            continue
        taken = Meeting.objects.filter(slot=slot).exclude(status="cancelled").count()
        if taken < slot.venue.tables.filter(seats__gte=len(participants)).count():
            slots.append(slot)
    return slots
