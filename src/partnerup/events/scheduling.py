"""The thin adapter between the event models and the scheduler engine (partnerup.scheduling).

Ids in the engine's problem are the database ids with a prefix: slots `s<pk>`, tables `t<pk>`,
venues `v<pk>`, participants `p<pk>`, meetings `m<pk>`.
"""

from __future__ import annotations

from partnerup.events.models import Event, Meeting, Participant, TravelTime
from partnerup.scheduling.model import Fixed, Problem, Slot, Table, Travel, Venue
from partnerup.scheduling.model import Meeting as EngineMeeting
from partnerup.scheduling.model import Participant as EngineParticipant


def to_problem(event: Event) -> Problem:
    """Accepted and scheduled meetings of approved participants; locked meetings are fixed."""
    venues = list(event.venues.all())
    slots = list(event.slots.all())
    participants = list(
        event.participants.filter(status=Participant.Status.APPROVED).prefetch_related(
            "unavailable"
        )
    )
    approved = {p.pk for p in participants}
    meetings = []
    for meeting in (
        Meeting.objects.filter(event=event)
        .exclude(status=Meeting.Status.CANCELLED)
        .prefetch_related("seats")
    ):
        members = tuple(f"p{s.participant_id}" for s in meeting.seats.all() if s.active)
        if len(members) < 2 or any(int(m[1:]) not in approved for m in members):
            continue
        fixed = None
        if meeting.locked and meeting.slot_id:
            fixed = Fixed(slot=f"s{meeting.slot_id}", table=f"t{meeting.table_id}")
        meetings.append(
            EngineMeeting(
                id=f"m{meeting.pk}", participants=members, weight=meeting.weight, fixed=fixed
            )
        )
    return Problem(
        venues=[Venue(id=f"v{v.pk}", name=v.name) for v in venues],
        slots=[
            Slot(id=f"s{s.pk}", venue=f"v{s.venue_id}", start=s.starts, end=s.ends) for s in slots
        ],
        tables=[
            Table(id=f"t{t.pk}", venue=f"v{t.venue_id}", seats=t.seats)
            for v in venues
            for t in v.tables.all()
        ],
        participants=[
            EngineParticipant(
                id=f"p{p.pk}", unavailable=tuple(f"s{s.pk}" for s in p.unavailable.all())
            )
            for p in participants
        ],
        meetings=meetings,
        travel=[
            Travel(from_venue=f"v{t.origin_id}", to_venue=f"v{t.destination_id}", minutes=t.minutes)
            for t in TravelTime.objects.filter(event=event)
        ],
        timezone=event.timezone,
    )


def db_id(engine_id: str) -> int:
    return int(engine_id[1:])
