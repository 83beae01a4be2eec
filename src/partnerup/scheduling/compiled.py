"""Index-based view of a `Problem` that the solvers share.

Slots, participants, meetings and tables become integers; per meeting the candidate slots (every
participant available, among `allowed_slots`, a table with enough seats at the slot's venue),
per slot pair whether one person can attend both (time overlap and travel), per slot the slots
that end exactly when it starts on the same day (back to back), and per slot the table capacity
by seat threshold.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

from partnerup.scheduling.io import slots_conflict
from partnerup.scheduling.model import Problem


@dataclass
class Compiled:
    problem: Problem
    slot_ids: list[str]
    slot_venue: list[int]
    slot_day: list[int]
    slot_start: list[float]  # POSIX seconds
    slot_end: list[float]
    conflict: list[set[int]]  # per slot, the other slots a person cannot also attend
    prev: list[list[int]]  # per slot, slots ending exactly at its start, same day, attendable
    cliques: list[list[int]]  # groups of mutually conflicting slots (overlap in time)
    travel_pairs: list[tuple[int, int]]  # conflicting slot pairs not covered by a clique
    venue_ids: list[str]
    person_ids: list[str]
    person_avail: list[set[int]]
    person_max: list[int | None]
    person_meetings: list[list[int]]
    meeting_ids: list[str]
    members: list[tuple[int, ...]]
    weight: list[int]
    size: list[int]
    cand: list[list[int]]
    fixed_slot: list[int | None]
    fixed_table: list[int | None]
    table_ids: list[str]
    table_venue: list[int]
    table_seats: list[int]
    thresholds: list[int]  # distinct meeting sizes (seat thresholds), ascending
    cap: list[dict[int, int]]  # per slot: threshold -> free tables with >= threshold seats
    conflict_mask: list[int] = field(default_factory=list)  # bit s | bits of conflict[s]
    adj_mask: list[int] = field(default_factory=list)  # slots back to back with s
    cand_mask: list[int] = field(default_factory=list)
    slot_index: dict[str, int] = field(default_factory=dict)
    meeting_index: dict[str, int] = field(default_factory=dict)
    person_index: dict[str, int] = field(default_factory=dict)
    table_index: dict[str, int] = field(default_factory=dict)

    @property
    def n_slots(self) -> int:
        return len(self.slot_ids)

    @property
    def n_meetings(self) -> int:
        return len(self.meeting_ids)

    @property
    def n_people(self) -> int:
        return len(self.person_ids)

    def __post_init__(self) -> None:
        n = len(self.slot_ids)
        self.conflict_mask = [(1 << s) | sum(1 << t for t in self.conflict[s]) for s in range(n)]
        adj = [0] * n
        for s in range(n):
            for t in self.prev[s]:
                adj[s] |= 1 << t
                adj[t] |= 1 << s
        self.adj_mask = adj
        if len(self.cand_mask) != len(self.cand):
            self.cand_mask = [sum(1 << s for s in cs) for cs in self.cand]


def compile_problem(problem: Problem) -> Compiled:
    zone = ZoneInfo(problem.timezone)
    travel = problem.travel_minutes()
    venue_ids = [v.id for v in problem.venues]
    venue_index = {v: i for i, v in enumerate(venue_ids)}
    order = sorted(range(len(problem.slots)), key=lambda i: (problem.slots[i].start, i))
    slots = [problem.slots[i] for i in order]
    slot_index = {s.id: i for i, s in enumerate(slots)}
    days: dict[object, int] = {}
    slot_day = []
    for s in slots:
        d = s.start.astimezone(zone).date()
        slot_day.append(days.setdefault(d, len(days)))
    n = len(slots)
    conflict: list[set[int]] = [set() for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            if slots_conflict(slots[i], slots[j], travel):
                conflict[i].add(j)
                conflict[j].add(i)
    prev: list[list[int]] = [[] for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if (
                slots[j].end == slots[i].start
                and slot_day[i] == slot_day[j]
                and j not in conflict[i]
            ):
                prev[i].append(j)
    # cliques of overlapping slots: for each start instant, the slots that contain it
    cliques: list[list[int]] = []
    covered: set[tuple[int, int]] = set()
    seen_cliques: set[tuple[int, ...]] = set()
    for i in range(n):
        t = slots[i].start
        group = tuple(j for j in range(n) if slots[j].start <= t < slots[j].end)
        if len(group) > 1 and group not in seen_cliques:
            seen_cliques.add(group)
            cliques.append(list(group))
            for a in group:
                for b in group:
                    if a < b:
                        covered.add((a, b))
    travel_pairs = [
        (i, j) for i in range(n) for j in conflict[i] if i < j and (i, j) not in covered
    ]

    person_ids = [p.id for p in problem.participants]
    person_index = {p: i for i, p in enumerate(person_ids)}
    person_avail = []
    avail_mask = []
    all_slots = frozenset(range(n))
    all_mask = (1 << n) - 1
    for p in problem.participants:
        if p.available is None and not p.unavailable:
            # the common case on big events: available everywhere (set copy, no per-slot work)
            person_avail.append(set(all_slots))
            avail_mask.append(all_mask)
            continue
        base = set(all_slots) if p.available is None else {slot_index[s] for s in p.available}
        base -= {slot_index[s] for s in p.unavailable}
        person_avail.append(base)
        mask = 0
        for s in base:
            mask |= 1 << s
        avail_mask.append(mask)
    person_max = [p.max_meetings for p in problem.participants]

    table_ids = [t.id for t in problem.tables]
    table_index = {t: i for i, t in enumerate(table_ids)}
    table_venue = [venue_index[t.venue] for t in problem.tables]
    table_seats = [t.seats for t in problem.tables]
    max_seats: dict[int, int] = defaultdict(int)
    for v, seats in zip(table_venue, table_seats, strict=True):
        max_seats[v] = max(max_seats[v], seats)

    slot_venue = [venue_index[s.venue] for s in slots]
    fit_mask: dict[int, int] = {}

    def _fit(k: int) -> int:
        fit_mask[k] = sum(1 << s for s in range(n) if max_seats[slot_venue[s]] >= k)
        return fit_mask[k]

    meeting_ids = [m.id for m in problem.meetings]
    members, weight, size, cand, fixed_slot, fixed_table = [], [], [], [], [], []
    cand_mask: list[int] = []
    person_meetings: list[list[int]] = [[] for _ in person_ids]
    for k, m in enumerate(problem.meetings):
        mem = tuple(person_index[p] for p in m.participants)
        members.append(mem)
        weight.append(m.weight)
        size.append(len(mem))
        for p in mem:
            person_meetings[p].append(k)
        if m.fixed is not None:
            fixed_slot.append(slot_index[m.fixed.slot])
            fixed_table.append(None if m.fixed.table is None else table_index[m.fixed.table])
            cand.append([slot_index[m.fixed.slot]])
            cand_mask.append(1 << slot_index[m.fixed.slot])
            continue
        fixed_slot.append(None)
        fixed_table.append(None)
        mask = fit_mask[len(mem)] if len(mem) in fit_mask else _fit(len(mem))
        for p in mem:
            mask &= avail_mask[p]
        if m.allowed_slots is not None:
            mask &= sum(1 << slot_index[s] for s in set(m.allowed_slots))
        cand.append(_bits(mask))
        cand_mask.append(mask)

    thresholds = sorted(set(size))
    used_fixed: dict[int, set[int]] = defaultdict(set)
    for k in range(len(meeting_ids)):
        if fixed_table[k] is not None:
            used_fixed[fixed_slot[k]].add(fixed_table[k])
    by_venue: dict[int, list[int]] = defaultdict(list)
    for t, v in enumerate(table_venue):
        by_venue[v].append(t)
    cap = []
    for s in range(n):
        free = [t for t in by_venue[slot_venue[s]] if t not in used_fixed[s]]
        cap.append({k: sum(1 for t in free if table_seats[t] >= k) for k in thresholds})

    return Compiled(
        problem=problem,
        slot_ids=[s.id for s in slots],
        slot_venue=slot_venue,
        slot_day=slot_day,
        slot_start=[s.start.timestamp() for s in slots],
        slot_end=[s.end.timestamp() for s in slots],
        conflict=conflict,
        prev=prev,
        cliques=cliques,
        travel_pairs=travel_pairs,
        venue_ids=venue_ids,
        person_ids=person_ids,
        person_avail=person_avail,
        person_max=person_max,
        person_meetings=person_meetings,
        meeting_ids=meeting_ids,
        members=members,
        weight=weight,
        size=size,
        cand=cand,
        fixed_slot=fixed_slot,
        fixed_table=fixed_table,
        table_ids=table_ids,
        table_venue=table_venue,
        table_seats=table_seats,
        thresholds=thresholds,
        cap=cap,
        cand_mask=cand_mask,
        slot_index=slot_index,
        meeting_index={m: i for i, m in enumerate(meeting_ids)},
        person_index=person_index,
        table_index=table_index,
    )


@lru_cache(maxsize=1 << 16)
def _chunk_bits(base: int, chunk: int) -> tuple[int, ...]:
    return tuple(base + i for i in range(16) if (chunk >> i) & 1)


def _bits(mask: int) -> list[int]:
    """Indices of the set bits, ascending."""
    out: list[int] = []
    base = 0
    while mask:
        chunk = mask & 0xFFFF
        if chunk:
            out.extend(_chunk_bits(base, chunk))
        mask >>= 16
        base += 16
    return out


def assign_tables(c: Compiled, slot_of: dict[int, int]) -> dict[int, int]:
    """Give each placed meeting a table. Per slot, meetings with a fixed table keep it; the others,
    largest first, take the smallest free table with enough seats. With nested seat thresholds
    this succeeds whenever the per-threshold capacities hold (Hall's condition)."""
    by_slot: dict[int, list[int]] = defaultdict(list)
    for m, s in slot_of.items():
        by_slot[s].append(m)
    by_venue: dict[int, list[int]] = defaultdict(list)
    for t, v in enumerate(c.table_venue):
        by_venue[v].append(t)
    for v in by_venue:
        by_venue[v].sort(key=lambda t: (c.table_seats[t], t))
    out: dict[int, int] = {}
    for s, ms in by_slot.items():
        used = {c.fixed_table[m] for m in ms if c.fixed_table[m] is not None}
        for m in ms:
            if c.fixed_table[m] is not None:
                out[m] = c.fixed_table[m]
        free = [t for t in by_venue[c.slot_venue[s]] if t not in used]
        for m in sorted((m for m in ms if c.fixed_table[m] is None), key=lambda m: -c.size[m]):
            pick = next((t for t in free if c.table_seats[t] >= c.size[m]), None)
            if pick is None:
                raise RuntimeError(f"no table left for meeting {c.meeting_ids[m]} at slot {s}")
            free.remove(pick)
            out[m] = pick
    return out
