"""JSON parsing and serialisation of `partnerup.schedule-problem/1` and `partnerup.schedule/2`.

`parse_problem` raises `ProblemError(field, message)` naming the offending item for malformed
input, and for contradictory input (see `check_problem`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from partnerup.scheduling.model import (
    PROBLEM_FORMAT,
    SOLUTION_FORMAT,
    Assignment,
    Bound,
    Fixed,
    Meeting,
    Participant,
    Problem,
    Reason,
    Slot,
    Solution,
    Stats,
    Table,
    Travel,
    Unscheduled,
    Venue,
)


class ProblemError(ValueError):
    """Malformed or contradictory input; `field` names the offending item, e.g.
    `meetings[m3].fixed`."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProblemError(where, f"expected an object, got {type(value).__name__}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ProblemError(where, f"expected a list, got {type(value).__name__}")
    return value


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise ProblemError(where, "expected a non-empty string")
    return value


def _int(value: Any, where: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProblemError(where, f"expected an integer, got {value!r}")
    if value < minimum:
        raise ProblemError(where, f"must be at least {minimum}, got {value}")
    return value


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    return tuple(_str(v, f"{where}[{i}]") for i, v in enumerate(_list(value, where)))


def _datetime(value: Any, where: str) -> datetime:
    text = _str(value, where)
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise ProblemError(where, f"not an ISO 8601 date-time: {text!r}") from None
    if dt.tzinfo is None:
        raise ProblemError(where, f"date-time needs a UTC offset, e.g. +01:00: {text!r}")
    return dt


def _unique(items: list[Any], kind: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ProblemError(f"{kind}[{item.id}]", f"duplicate id {item.id!r}")
        seen.add(item.id)


def problem_from_dict(data: Any) -> Problem:
    data = _obj(data, "problem")
    fmt = data.get("format", PROBLEM_FORMAT)
    if fmt != PROBLEM_FORMAT:
        raise ProblemError("format", f"expected {PROBLEM_FORMAT!r}, got {fmt!r}")
    timezone = _str(data.get("timezone", "UTC"), "timezone")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ProblemError("timezone", f"unknown time zone {timezone!r}") from None

    venues = []
    for i, v in enumerate(_list(data.get("venues", []), "venues")):
        v = _obj(v, f"venues[{i}]")
        vid = _str(v.get("id"), f"venues[{i}].id")
        venues.append(Venue(id=vid, name=str(v.get("name") or "")))
    _unique(venues, "venues")
    venue_ids = {v.id for v in venues}

    slots = []
    for i, s in enumerate(_list(data.get("slots", []), "slots")):
        s = _obj(s, f"slots[{i}]")
        sid = _str(s.get("id"), f"slots[{i}].id")
        where = f"slots[{sid}]"
        venue = _str(s.get("venue"), f"{where}.venue")
        if venue not in venue_ids:
            raise ProblemError(f"{where}.venue", f"unknown venue {venue!r}")
        start = _datetime(s.get("start"), f"{where}.start")
        end = _datetime(s.get("end"), f"{where}.end")
        if end <= start:
            raise ProblemError(where, "end must be after start")
        slots.append(Slot(id=sid, venue=venue, start=start, end=end))
    _unique(slots, "slots")
    slot_ids = {s.id for s in slots}

    tables = []
    for i, t in enumerate(_list(data.get("tables", []), "tables")):
        t = _obj(t, f"tables[{i}]")
        tid = _str(t.get("id"), f"tables[{i}].id")
        where = f"tables[{tid}]"
        venue = _str(t.get("venue"), f"{where}.venue")
        if venue not in venue_ids:
            raise ProblemError(f"{where}.venue", f"unknown venue {venue!r}")
        seats = _int(t.get("seats", 2), f"{where}.seats", 1)
        tables.append(Table(id=tid, venue=venue, seats=seats))
    _unique(tables, "tables")

    travel = []
    for i, t in enumerate(_list(data.get("travel_minutes") or [], "travel_minutes")):
        t = _obj(t, f"travel_minutes[{i}]")
        a = _str(t.get("from"), f"travel_minutes[{i}].from")
        b = _str(t.get("to"), f"travel_minutes[{i}].to")
        for key, vid in (("from", a), ("to", b)):
            if vid not in venue_ids:
                raise ProblemError(f"travel_minutes[{i}].{key}", f"unknown venue {vid!r}")
        travel.append(Travel(a, b, _int(t.get("minutes"), f"travel_minutes[{i}].minutes")))

    participants = []
    for i, p in enumerate(_list(data.get("participants", []), "participants")):
        p = _obj(p, f"participants[{i}]")
        pid = _str(p.get("id"), f"participants[{i}].id")
        where = f"participants[{pid}]"
        available = p.get("available")
        avail = None if available is None else _str_list(available, f"{where}.available")
        unavail = _str_list(p.get("unavailable") or [], f"{where}.unavailable")
        for key, ids in (("available", avail or ()), ("unavailable", unavail)):
            for sid in ids:
                if sid not in slot_ids:
                    raise ProblemError(f"{where}.{key}", f"unknown slot {sid!r}")
        mm = p.get("max_meetings")
        max_meetings = None if mm is None else _int(mm, f"{where}.max_meetings")
        participants.append(Participant(pid, avail, unavail, max_meetings))
    _unique(participants, "participants")
    participant_ids = {p.id for p in participants}

    meetings = []
    for i, m in enumerate(_list(data.get("meetings", []), "meetings")):
        m = _obj(m, f"meetings[{i}]")
        mid = _str(m.get("id"), f"meetings[{i}].id")
        where = f"meetings[{mid}]"
        members = _str_list(m.get("participants"), f"{where}.participants")
        if len(members) < 2:
            raise ProblemError(f"{where}.participants", "a meeting needs two or more participants")
        if len(set(members)) != len(members):
            raise ProblemError(f"{where}.participants", "a participant is listed twice")
        for pid in members:
            if pid not in participant_ids:
                raise ProblemError(f"{where}.participants", f"unknown participant {pid!r}")
        weight = _int(m.get("weight", 1), f"{where}.weight")
        allowed = m.get("allowed_slots")
        allowed_slots = None if allowed is None else _str_list(allowed, f"{where}.allowed_slots")
        for sid in allowed_slots or ():
            if sid not in slot_ids:
                raise ProblemError(f"{where}.allowed_slots", f"unknown slot {sid!r}")
        fixed = None
        if m.get("fixed") is not None:
            f = _obj(m["fixed"], f"{where}.fixed")
            fslot = _str(f.get("slot"), f"{where}.fixed.slot")
            if fslot not in slot_ids:
                raise ProblemError(f"{where}.fixed.slot", f"unknown slot {fslot!r}")
            ftable = f.get("table")
            if ftable is not None:
                ftable = _str(ftable, f"{where}.fixed.table")
            fixed = Fixed(fslot, ftable)
        meetings.append(Meeting(mid, members, weight, allowed_slots, fixed))
    _unique(meetings, "meetings")

    problem = Problem(venues, slots, tables, participants, meetings, travel, timezone)
    check_problem(problem)
    return problem


def check_problem(problem: Problem) -> None:
    """Raise `ProblemError` for contradictory input, chiefly fixed meetings that cannot hold."""
    slots = {s.id: s for s in problem.slots}
    tables = {t.id: t for t in problem.tables}
    people = {p.id: p for p in problem.participants}
    travel = problem.travel_minutes()
    fixed_at: dict[tuple[str, str], str] = {}
    fixed_count: dict[tuple[str, str], int] = defaultdict(int)
    per_person: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for m in problem.meetings:
        if m.fixed is None:
            continue
        where = f"meetings[{m.id}].fixed"
        slot = slots[m.fixed.slot]
        if m.allowed_slots is not None and slot.id not in m.allowed_slots:
            raise ProblemError(where, f"slot {slot.id!r} is not among its allowed_slots")
        for pid in m.participants:
            p = people[pid]
            if slot.id in p.unavailable or (p.available is not None and slot.id not in p.available):
                raise ProblemError(where, f"participant {pid!r} is unavailable at slot {slot.id!r}")
            per_person[pid].append((m.id, slot.id))
        fitting = [t for t in problem.tables if t.venue == slot.venue]
        if not any(t.seats >= len(m.participants) for t in fitting):
            raise ProblemError(
                where,
                f"no table with {len(m.participants)} seats at venue {slot.venue!r}",
            )
        if m.fixed.table is not None:
            table = tables.get(m.fixed.table)
            if table is None:
                raise ProblemError(f"{where}.table", f"unknown table {m.fixed.table!r}")
            if table.venue != slot.venue:
                raise ProblemError(
                    f"{where}.table",
                    f"table {table.id!r} is at venue {table.venue!r}, "
                    f"slot {slot.id!r} at venue {slot.venue!r}",
                )
            if table.seats < len(m.participants):
                raise ProblemError(
                    f"{where}.table",
                    f"table {table.id!r} has {table.seats} seats, "
                    f"the meeting needs {len(m.participants)}",
                )
            key = (slot.id, table.id)
            if key in fixed_at:
                raise ProblemError(
                    f"{where}.table",
                    f"meetings {fixed_at[key]!r} and {m.id!r} are both fixed "
                    f"at table {table.id!r} in slot {slot.id!r}",
                )
            fixed_at[key] = m.id
        fixed_count[(slot.id, "")] += 1
        n_tables = sum(1 for t in fitting)
        if fixed_count[(slot.id, "")] > n_tables:
            raise ProblemError(
                where, f"more meetings fixed at slot {slot.id!r} than it has tables ({n_tables})"
            )
    for pid, items in per_person.items():
        for i, (m1, s1) in enumerate(items):
            for m2, s2 in items[i + 1 :]:
                if slots_conflict(slots[s1], slots[s2], travel):
                    raise ProblemError(
                        f"meetings[{m2}].fixed",
                        f"participant {pid!r} is fixed in meetings {m1!r} ({s1}) and "
                        f"{m2!r} ({s2}), which overlap or leave too little travel time",
                    )
        mm = people[pid].max_meetings
        if mm is not None and len(items) > mm:
            raise ProblemError(
                f"participants[{pid}].max_meetings",
                f"{len(items)} fixed meetings exceed max_meetings={mm}",
            )


def slots_conflict(a: Slot, b: Slot, travel: dict[tuple[str, str], int]) -> bool:
    """True when one person cannot attend both slots (overlap, or too little travel time)."""
    if a.id == b.id:
        return True
    if a.start < b.end and b.start < a.end:
        return True
    first, second = (a, b) if a.start < b.start else (b, a)
    if first.venue == second.venue:
        return False
    minutes = travel.get((first.venue, second.venue), 0)
    return (second.start - first.end).total_seconds() < minutes * 60


def load_problem(path: str | Path) -> Problem:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ProblemError(str(path), f"cannot read: {exc.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProblemError(str(path), f"invalid JSON: {exc}") from None
    return problem_from_dict(data)


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    def fixed(m: Meeting) -> dict[str, Any] | None:
        return None if m.fixed is None else {"slot": m.fixed.slot, "table": m.fixed.table}

    return {
        "format": PROBLEM_FORMAT,
        "timezone": problem.timezone,
        "venues": [{"id": v.id, "name": v.name} for v in problem.venues],
        "slots": [
            {"id": s.id, "venue": s.venue, "start": s.start.isoformat(), "end": s.end.isoformat()}
            for s in problem.slots
        ],
        "tables": [{"id": t.id, "venue": t.venue, "seats": t.seats} for t in problem.tables],
        "travel_minutes": [
            {"from": t.from_venue, "to": t.to_venue, "minutes": t.minutes} for t in problem.travel
        ],
        "participants": [
            {
                "id": p.id,
                "available": None if p.available is None else list(p.available),
                "unavailable": list(p.unavailable),
                "max_meetings": p.max_meetings,
            }
            for p in problem.participants
        ],
        "meetings": [
            {
                "id": m.id,
                "participants": list(m.participants),
                "weight": m.weight,
                "allowed_slots": None if m.allowed_slots is None else list(m.allowed_slots),
                "fixed": fixed(m),
            }
            for m in problem.meetings
        ],
    }


def solution_to_dict(solution: Solution) -> dict[str, Any]:
    stats = asdict(solution.stats)
    extra = stats.pop("extra")
    stats.update(extra)
    return {
        "format": SOLUTION_FORMAT,
        "assignments": [asdict(a) for a in solution.assignments],
        "unscheduled": [
            {"meeting": u.meeting, "reason": u.reason.to_dict()} for u in solution.unscheduled
        ],
        "moved": [{**asdict(m), "reason": m.reason.to_dict()} for m in solution.moved],
        "bound": asdict(solution.bound),
        "stats": stats,
    }


def solution_from_dict(data: Any, where: str = "previous") -> Solution:
    """Read a `partnerup.schedule/2`, or a `/1` whose reasons were sentences (only assignments
    are needed, e.g. for `--keep`)."""
    data = _obj(data, where)
    fmt = data.get("format", SOLUTION_FORMAT)
    if fmt not in (SOLUTION_FORMAT, "partnerup.schedule/1"):
        raise ProblemError(f"{where}.format", f"expected {SOLUTION_FORMAT!r}, got {fmt!r}")
    assignments = []
    for i, a in enumerate(_list(data.get("assignments", []), f"{where}.assignments")):
        a = _obj(a, f"{where}.assignments[{i}]")
        assignments.append(
            Assignment(
                meeting=_str(a.get("meeting"), f"{where}.assignments[{i}].meeting"),
                slot=_str(a.get("slot"), f"{where}.assignments[{i}].slot"),
                table=_str(a.get("table"), f"{where}.assignments[{i}].table"),
            )
        )
    unscheduled = [
        Unscheduled(
            str(u.get("meeting")),
            Reason.from_dict(u["reason"])
            if isinstance(u.get("reason"), dict)
            else Reason("could_not_keep_place"),
        )
        for u in data.get("unscheduled", [])
        if isinstance(u, dict)
    ]
    return Solution(assignments, unscheduled, Bound(0, False), Stats())


def load_solution(path: str | Path) -> Solution:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProblemError(str(path), f"cannot read: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise ProblemError(str(path), f"invalid JSON: {exc}") from None
    return solution_from_dict(data, str(path))
