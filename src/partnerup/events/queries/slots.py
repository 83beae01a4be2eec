"""Free slots for self-service scheduling (reads only)."""

from __future__ import annotations

from django.db.models import Count

from partnerup.events.models import Meeting, MeetingSeat, Slot, Table


def free_common_slots(meeting: Meeting) -> list[Slot]:
    """Slots in which every participant of the meeting is free and a table big enough is free.

    A fixed number of queries however many slots, tables and meetings the event has.
    """
    event_id = meeting.event_id
    people = list(
        MeetingSeat.objects.filter(meeting=meeting, active=True).values_list(
            "participant_id", flat=True
        )
    )
    size = len(people)
    unavailable = set(
        Slot.objects.filter(event_id=event_id, unavailable_participants__in=people).values_list(
            "pk", flat=True
        )
    )
    busy = list(
        MeetingSeat.objects.filter(participant__in=people, active=True, slot__isnull=False)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .values_list("slot__starts", "slot__ends")
    )
    tables = dict(
        Table.objects.filter(venue__event_id=event_id, seats__gte=size)
        .values_list("venue")
        .annotate(n=Count("pk"))
        .order_by()
    )
    taken = dict(
        Meeting.objects.filter(event_id=event_id, slot__isnull=False, table__seats__gte=size)
        .exclude(status=Meeting.Status.CANCELLED)
        .values_list("slot")
        .annotate(n=Count("pk"))
        .order_by()
    )
    free = []
    for slot in Slot.objects.filter(event_id=event_id).select_related("venue").order_by("starts"):
        if slot.pk in unavailable:
            continue
        if any(starts < slot.ends and ends > slot.starts for starts, ends in busy):
            continue
        if taken.get(slot.pk, 0) < tables.get(slot.venue_id, 0):
            free.append(slot)
    return free
