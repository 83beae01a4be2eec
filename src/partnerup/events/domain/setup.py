"""Event set-up: the slot grid."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from partnerup.events.models import Event, Slot


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
