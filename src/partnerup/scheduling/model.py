"""Dataclasses of the meeting-scheduler engine: the problem in, the solution out.

Everything here is plain Python (no Django). `Problem` mirrors the JSON format
`partnerup.schedule-problem/1`; `Solution` mirrors `partnerup.schedule/2`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

PROBLEM_FORMAT = "partnerup.schedule-problem/1"
SOLUTION_FORMAT = "partnerup.schedule/2"


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


# Why a meeting is not placed, or did not keep its place (docs/scheduling.md, "Reasons").
REASON_CODES: tuple[str, ...] = (
    "no_common_availability",  # participants: no slot all of them are available at
    "no_allowed_slot",  # participants: none of the meeting's allowed slots suits them all
    "no_table_for_size",  # count (seats), venues: no table that large where they could meet
    "max_meetings",  # participants (one), count: that participant has its maximum already
    "no_free_slot",  # participants (one), count (slots): all taken by their other meetings
    "no_free_slot_heavier",  # the same, by meetings of equal or higher weight
    "tables_taken",  # count (slots): every table is taken in each slot it could use
    "busy_or_tables_taken",  # participants, count: in each slot one is busy or tables are full
    "fixed_elsewhere",  # the problem now fixes the kept meeting elsewhere
    "slot_gone",  # slot: the kept slot no longer exists
    "table_gone",  # table: the kept table no longer exists
    "table_unsuitable",  # table: the kept table no longer suits the meeting
    "slot_not_allowed",  # slot: no longer among the meeting's allowed slots
    "unavailable",  # participants (one), slot: no longer available then
    "clash",  # participants (one), meeting: now has that meeting at a clashing time
    "table_taken",  # table, meeting: the kept table is now taken by that meeting
    "could_not_keep_place",  # a better schedule needed its place
)


@dataclass(frozen=True, slots=True)
class Reason:
    """A reason as a code with parameters (see REASON_CODES); callers render it."""

    code: str
    participants: tuple[str, ...] = ()
    venues: tuple[str, ...] = ()
    slot: str = ""
    table: str = ""
    meeting: str = ""
    count: int = 0

    def to_dict(self) -> dict:
        out: dict = {"code": self.code}
        for key in ("participants", "venues"):
            if getattr(self, key):
                out[key] = list(getattr(self, key))
        for key in ("slot", "table", "meeting", "count"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Reason:
        return cls(
            code=str(data.get("code", "")),
            participants=tuple(str(p) for p in data.get("participants", ())),
            venues=tuple(str(v) for v in data.get("venues", ())),
            slot=str(data.get("slot", "")),
            table=str(data.get("table", "")),
            meeting=str(data.get("meeting", "")),
            count=int(data.get("count", 0)),
        )


@dataclass(frozen=True)
class Unscheduled:
    meeting: str
    reason: Reason


@dataclass(frozen=True)
class Moved:
    """A meeting of the kept (previous) schedule that did not keep its slot and table."""

    meeting: str
    previous_slot: str
    previous_table: str
    slot: str | None  # None: no longer placed
    table: str | None
    reason: Reason


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
