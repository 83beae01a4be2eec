"""Reader of the B2B benchmark format (MiniZinc .dzn, Bofill et al., JAIR 2022) into a `Problem`.

Slots 1..nTotalSlots become back-to-back 30-minute slots on one day at one venue (breaks are
counted across the whole sequence, morning and afternoon alike), so the engine's gaps are exactly
the paper's breaks. Session 1 (morning) / 2 (afternoon) become `allowed_slots`; `forbidden`
becomes `unavailable`; `fixed` becomes a fixed slot. `table_fraction` < 1 cuts the tables (S4).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from partnerup.scheduling.model import Fixed, Meeting, Participant, Problem, Slot, Table, Venue


def _scalar(text: str, name: str) -> int:
    match = re.search(rf"\b{name}\s*=\s*(\d+)\s*;", text)
    if match is None:
        raise ValueError(f"{name} missing")
    return int(match.group(1))


def _block(text: str, name: str) -> str:
    match = re.search(rf"\b{name}\s*=\s*(.*?);", text, re.S)
    if match is None:
        raise ValueError(f"{name} missing")
    return match.group(1)


def read_b2b(path: str | Path, table_fraction: float = 1.0) -> Problem:
    text = re.sub(r"%[^\n]*", "", Path(path).read_text())
    n_business = _scalar(text, "nBusiness")
    n_meetings = _scalar(text, "nMeetings")
    n_tables = _scalar(text, "nTables")
    n_slots = _scalar(text, "nTotalSlots")
    n_morning = _scalar(text, "nMorningSlots")
    numbers = [int(v) for v in re.findall(r"\d+", _block(text, "requested"))]
    requested = [tuple(numbers[i : i + 3]) for i in range(0, len(numbers), 3)]
    if len(requested) != n_meetings:
        raise ValueError(f"{len(requested)} requested meetings, nMeetings = {n_meetings}")
    forbidden_sets = re.findall(r"\{([^}]*)\}", _block(text, "forbidden"))
    forbidden = [[int(v) for v in re.findall(r"\d+", f) if int(v) != 0] for f in forbidden_sets]
    fixed_text = re.search(r"\bfixed\s*=\s*\[(.*?)\]\s*;", text, re.S)
    fixed = [int(v) for v in re.findall(r"\d+", fixed_text.group(1))] if fixed_text else []

    day = datetime(2022, 1, 10, 9, 0, tzinfo=UTC)
    slots = [
        Slot(
            id=f"s{i}",
            venue="hall",
            start=day + timedelta(minutes=30 * (i - 1)),
            end=day + timedelta(minutes=30 * i),
        )
        for i in range(1, n_slots + 1)
    ]
    morning = tuple(f"s{i}" for i in range(1, n_morning + 1))
    afternoon = tuple(f"s{i}" for i in range(n_morning + 1, n_slots + 1))
    n_tab = max(1, math.floor(n_tables * table_fraction)) if table_fraction < 1 else n_tables
    tables = [Table(id=f"T{i:02d}", venue="hall", seats=2) for i in range(1, n_tab + 1)]
    participants = [
        Participant(
            id=f"b{i}",
            unavailable=tuple(
                f"s{s}" for s in (forbidden[i - 1] if i - 1 < len(forbidden) else [])
            ),
        )
        for i in range(1, n_business + 1)
    ]
    meetings = []
    for k, (a, b, session) in enumerate(requested, start=1):
        allowed = morning if session == 1 else afternoon if session == 2 else None
        fx = fixed[k - 1] if k - 1 < len(fixed) else 0
        meetings.append(
            Meeting(
                id=f"m{k}",
                participants=(f"b{a}", f"b{b}"),
                weight=1,
                allowed_slots=allowed,
                fixed=Fixed(f"s{fx}") if fx else None,
            )
        )
    return Problem(
        venues=[Venue("hall", "Brokerage hall")],
        slots=slots,
        tables=tables,
        participants=participants,
        meetings=meetings,
        timezone="UTC",
    )
