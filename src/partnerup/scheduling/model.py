"""Dataclasses of the meeting-scheduler engine: the problem in, the solution out.

Everything here is plain Python (no Django). `Problem` mirrors the JSON format
`partnerup.schedule-problem/1`; `Solution` mirrors `partnerup.schedule/1`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

PROBLEM_FORMAT = "partnerup.schedule-problem/1"
SOLUTION_FORMAT = "partnerup.schedule/1"


@dataclass(frozen=True)
class Venue:
    id: str
    name: str = ""


@dataclass(frozen=True)
class Slot:
    id: str
    venue: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Table:
    id: str
    venue: str
    seats: int = 2


@dataclass(frozen=True)
class Participant:
    id: str
    available: tuple[str, ...] | None = None  # None: every slot
    unavailable: tuple[str, ...] = ()
    max_meetings: int | None = None


@dataclass(frozen=True)
class Fixed:
    slot: str
    table: str | None = None


@dataclass(frozen=True)
class Meeting:
    id: str
    participants: tuple[str, ...]
    weight: int = 1
    allowed_slots: tuple[str, ...] | None = None
    fixed: Fixed | None = None


@dataclass(frozen=True)
class Travel:
    from_venue: str
    to_venue: str
    minutes: int


@dataclass
class Problem:
    venues: list[Venue]
    slots: list[Slot]
    tables: list[Table]
    participants: list[Participant]
    meetings: list[Meeting]
    travel: list[Travel] = field(default_factory=list)
    timezone: str = "UTC"

    def travel_minutes(self) -> dict[tuple[str, str], int]:
        """Travel minutes between venues; a given direction also applies in reverse unless given."""
        out: dict[tuple[str, str], int] = {}
        for t in self.travel:
            out[(t.from_venue, t.to_venue)] = t.minutes
        for t in self.travel:
            out.setdefault((t.to_venue, t.from_venue), t.minutes)
        return out


@dataclass(frozen=True)
class Assignment:
    meeting: str
    slot: str
    table: str


@dataclass(frozen=True)
class Unscheduled:
    meeting: str
    reason: str


@dataclass(frozen=True)
class Moved:
    """A meeting of the kept (previous) schedule that did not keep its slot and table."""

    meeting: str
    previous_slot: str
    previous_table: str
    slot: str | None  # None: no longer placed
    table: str | None
    reason: str


@dataclass(frozen=True)
class Bound:
    weight: float  # proven upper bound on the placeable weight
    proven_optimal: bool  # the placed weight equals the bound
    method: str = ""


@dataclass
class Stats:
    placed: int = 0
    weight: int = 0
    gaps: int = 0
    seconds: float = 0.0
    method: str = ""
    meetings: int = 0
    gaps_proven_optimal: bool = False
    gaps_bound: int | None = None
    max_unplaced_per_participant: int = 0
    extra: dict[str, object] = field(default_factory=dict)


@dataclass
class Solution:
    assignments: list[Assignment]
    unscheduled: list[Unscheduled]
    bound: Bound
    stats: Stats
    moved: list[Moved] = field(default_factory=list)
