"""An independent checker of every hard rule, and the objective measures of a schedule.

It works on the public dataclasses only (not on the solvers' internal index structures), so
tests and the CLI can use it to check any solver's answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise
from zoneinfo import ZoneInfo

from partnerup.scheduling.io import slots_conflict
from partnerup.scheduling.model import Assignment, Problem, Solution


def validate(problem: Problem, solution: Solution | Iterable[Assignment]) -> list[str]:
    """Return a list of human-readable violations of the hard rules (empty when valid)."""
    assignments = solution.assignments if isinstance(solution, Solution) else list(solution)
    errors: list[str] = []
    slots = {s.id: s for s in problem.slots}
    tables = {t.id: t for t in problem.tables}
    meetings = {m.id: m for m in problem.meetings}
    people = {p.id: p for p in problem.participants}
    travel = problem.travel_minutes()

    seen: set[str] = set()
    table_use: dict[tuple[str, str], str] = {}
    by_person: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for a in assignments:
        m = meetings.get(a.meeting)
        if m is None:
            errors.append(f"assignment of unknown meeting {a.meeting!r}")
            continue
        if a.meeting in seen:
            errors.append(f"meeting {a.meeting!r} is placed more than once")
            continue
        seen.add(a.meeting)
        slot = slots.get(a.slot)
        table = tables.get(a.table)
        if slot is None:
            errors.append(f"meeting {m.id!r} at unknown slot {a.slot!r}")
            continue
        if table is None:
            errors.append(f"meeting {m.id!r} at unknown table {a.table!r}")
            continue
        if table.venue != slot.venue:
            errors.append(
                f"meeting {m.id!r}: table {table.id!r} is not at the venue of slot {slot.id!r}"
            )
        if table.seats < len(m.participants):
            errors.append(
                f"meeting {m.id!r}: table {table.id!r} has {table.seats} seats "
                f"for {len(m.participants)} participants"
            )
        key = (slot.id, table.id)
        if key in table_use:
            errors.append(
                f"table {table.id!r} holds meetings {table_use[key]!r} and {m.id!r} "
                f"in slot {slot.id!r}"
            )
        else:
            table_use[key] = m.id
        if m.allowed_slots is not None and slot.id not in m.allowed_slots:
            errors.append(f"meeting {m.id!r} at slot {slot.id!r} outside its allowed_slots")
        for pid in m.participants:
            p = people[pid]
            if slot.id in p.unavailable or (p.available is not None and slot.id not in p.available):
                errors.append(f"meeting {m.id!r}: participant {pid!r} unavailable at {slot.id!r}")
            by_person[pid].append((m.id, slot.id))
        if m.fixed is not None:
            if m.fixed.slot != slot.id:
                errors.append(f"fixed meeting {m.id!r} not at its fixed slot {m.fixed.slot!r}")
            if m.fixed.table is not None and m.fixed.table != table.id:
                errors.append(f"fixed meeting {m.id!r} not at its fixed table {m.fixed.table!r}")
    for m in problem.meetings:
        if m.fixed is not None and m.id not in seen:
            errors.append(f"fixed meeting {m.id!r} is not placed")
    for pid, items in by_person.items():
        items.sort(key=lambda it: (slots[it[1]].start, it[1]))
        for i, (m1, s1) in enumerate(items):
            for m2, s2 in items[i + 1 :]:
                if slots[s2].start >= slots[s1].end + _max_travel(travel):
                    break
                if slots_conflict(slots[s1], slots[s2], travel):
                    errors.append(
                        f"participant {pid!r} is in meetings {m1!r} ({s1}) and {m2!r} ({s2}) "
                        "which overlap or leave too little travel time"
                    )
        mm = people[pid].max_meetings
        if mm is not None and len(items) > mm:
            errors.append(f"participant {pid!r} has {len(items)} meetings, max_meetings={mm}")
    return errors


def _max_travel(travel: dict[tuple[str, str], int]):  # -> timedelta
    from datetime import timedelta

    return timedelta(minutes=max(travel.values(), default=0))


def count_gaps(problem: Problem, assignments: Iterable[Assignment]) -> dict[str, int]:
    """Gaps per participant: consecutive meetings on one day where the next starts later than
    the previous ends (days are calendar days in the problem's time zone)."""
    slots = {s.id: s for s in problem.slots}
    meetings = {m.id: m for m in problem.meetings}
    zone = ZoneInfo(problem.timezone)
    by_person: dict[str, list[str]] = defaultdict(list)
    for a in assignments:
        for pid in meetings[a.meeting].participants:
            by_person[pid].append(a.slot)
    out: dict[str, int] = {}
    for pid, sids in by_person.items():
        ordered = sorted((slots[s] for s in sids), key=lambda s: (s.start, s.id))
        gaps = 0
        for prev, nxt in pairwise(ordered):
            same_day = prev.start.astimezone(zone).date() == nxt.start.astimezone(zone).date()
            if same_day and nxt.start > prev.end:
                gaps += 1
        out[pid] = gaps
    return out


def placed_weight(problem: Problem, assignments: Iterable[Assignment]) -> int:
    weights = {m.id: m.weight for m in problem.meetings}
    return sum(weights[a.meeting] for a in assignments)
