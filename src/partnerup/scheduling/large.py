"""Heuristics for large events (thousands of participants) where full CP-SAT is too big.

1. Order: meetings by LP value y_m (the LP relaxation of `bound.py` says which to select),
   then weight, then fewest candidate slots; weight-ordered greedy placement that prefers slots
   back to back with the participants' other meetings.
2. Repair by ejection chains: for each unplaced meeting (heaviest first) and each candidate
   slot, if a single meeting blocks it (a participant busy, or the slot's tables full), try to
   move the blocker to another slot where it fits; if the blocker is lighter, it may also be
   replaced outright (and put back elsewhere if possible). Repeated while it gains weight.
3. Gap reduction: move single meetings to free slots where the gaps of their participants drop.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from partnerup.scheduling.compiled import Compiled
from partnerup.scheduling.greedy import greedy, place_fixed
from partnerup.scheduling.state import Schedule, gaps_of

Progress = Callable[[str], None]


def lp_order(c: Compiled, y: list[float]) -> list[int]:
    """Meetings that are not fixed, in greedy order (fixed ones are placed first anyway)."""
    demand = [len(ms) for ms in c.person_meetings]
    return sorted(
        (m for m in range(c.n_meetings) if c.fixed_slot[m] is None),
        key=lambda m: (
            -round(y[m], 3) if y else 0,
            -c.weight[m],
            len(c.cand[m]),
            -max(demand[p] for p in c.members[m]),
            m,
        ),
    )


def _blockers(sched: Schedule, m: int, s: int) -> set[int] | None:
    """Meetings that stand in the way of placing m at s (None: m can never go there)."""
    c = sched.c
    out: set[int] = set()
    for p in c.members[m]:
        out.update(sched.person_blockers(p, s))
    if not sched.table_free(m, s):
        # any movable meeting at s with enough people frees a table
        at_s = [
            b for b in _meetings_at(sched, s) if c.size[b] >= c.size[m] and c.fixed_table[b] is None
        ]
        if not at_s:
            return None
        out.add(min(at_s, key=lambda b: (c.weight[b], len(c.cand[b]))))
    return out


def _meetings_at(sched: Schedule, s: int) -> list[int]:
    return sched.slots_meetings.get(s, [])  # type: ignore[attr-defined]


def _relocate(sched: Schedule, b: int, avoid: int) -> int | None:
    """Move meeting b to another free slot (not `avoid`); return the new slot or None."""
    c = sched.c
    if c.fixed_slot[b] is not None:
        return None
    old = sched.slot_of[b]
    _remove(sched, b)
    for s in c.cand[b]:
        if s != old and s != avoid and sched.can_place(b, s):
            _place(sched, b, s)
            return s
    _place(sched, b, old)
    return None


def _place(sched: Schedule, m: int, s: int) -> None:
    sched.place(m, s)
    sched.slots_meetings.setdefault(s, []).append(m)  # type: ignore[attr-defined]


def _remove(sched: Schedule, m: int) -> int:
    s = sched.remove(m)
    sched.slots_meetings[s].remove(m)  # type: ignore[attr-defined]
    return s


def repair(sched: Schedule, deadline: float, rng: random.Random) -> int:
    """One pass of ejection chains over the unplaced meetings; returns the weight gained."""
    c = sched.c
    gained = 0
    unplaced = [m for m in range(c.n_meetings) if m not in sched.slot_of and c.cand[m]]
    unplaced.sort(key=lambda m: (-c.weight[m], len(c.cand[m])))
    for i, m in enumerate(unplaced):
        if i % 16 == 0 and time.monotonic() > deadline:
            break
        if m in sched.slot_of or not sched.under_max(m):
            continue
        done = False
        slots = list(c.cand[m])
        rng.shuffle(slots)
        for s in slots:
            if sched.can_place_nomax(m, s):
                _place(sched, m, s)
                gained += c.weight[m]
                done = True
                break
            blockers = _blockers(sched, m, s)
            if blockers is None or len(blockers) != 1:
                continue
            (b,) = blockers
            if c.fixed_slot[b] is not None:
                continue
            if _relocate(sched, b, s) is not None and sched.can_place(m, s):
                _place(sched, m, s)
                gained += c.weight[m]
                done = True
                break
            if c.weight[b] < c.weight[m] and b in sched.slot_of:
                old = _remove(sched, b)
                if sched.can_place(m, s):
                    _place(sched, m, s)
                    gained += c.weight[m] - c.weight[b]
                    for t in c.cand[b]:
                        if sched.can_place(b, t):
                            _place(sched, b, t)
                            gained += c.weight[b]
                            break
                    done = True
                    break
                _place(sched, b, old)
        if done:
            continue
    return gained


def reduce_gaps(sched: Schedule, deadline: float) -> int:
    """Move single meetings to free slots where their participants' gaps drop."""
    c = sched.c
    saved = 0
    for m in list(sched.slot_of):
        if time.monotonic() > deadline:
            break
        if c.fixed_slot[m] is not None:
            continue
        members = c.members[m]
        if all(len(sched.busy[p]) < 2 for p in members):
            continue
        before = sum(gaps_of(c, list(sched.busy[p])) for p in members)
        if before == 0:
            continue
        old = _remove(sched, m)
        best, best_gain = old, 0
        for s in c.cand[m]:
            if s == old or not sched.can_place(m, s):
                continue
            after = sum(gaps_of(c, [*sched.busy[p], s]) for p in members)
            if before - after > best_gain:
                best, best_gain = s, before - after
        _place(sched, m, best)
        saved += best_gain
    return saved


def improve(c: Compiled, sched: Schedule, seconds: float, seed: int = 0) -> Schedule:
    """Ejection-chain repair of a schedule (used to hint the exact solver)."""
    deadline = time.monotonic() + seconds
    sched.slots_meetings = {}  # type: ignore[attr-defined]
    for m, s in sched.slot_of.items():
        sched.slots_meetings.setdefault(s, []).append(m)  # type: ignore[attr-defined]
    rng = random.Random(seed)
    while time.monotonic() < deadline and repair(sched, deadline, rng) > 0:
        pass
    return sched


def solve_large(
    c: Compiled,
    time_limit: float,
    seed: int = 0,
    y: list[float] | None = None,
    progress: Progress | None = None,
) -> Schedule:
    t0 = time.monotonic()
    deadline = t0 + time_limit
    rng = random.Random(seed)
    sched = Schedule(c)
    sched.slots_meetings = {}  # type: ignore[attr-defined]
    place_fixed(c, sched)
    for m, s in sched.slot_of.items():
        sched.slots_meetings.setdefault(s, []).append(m)  # type: ignore[attr-defined]
    greedy(c, order=lp_order(c, y or []), sched=sched)
    sched.slots_meetings = {}  # type: ignore[attr-defined]
    for m, s in sched.slot_of.items():
        sched.slots_meetings.setdefault(s, []).append(m)  # type: ignore[attr-defined]
    if progress:
        progress(f"greedy: weight {sched.weight()}, {len(sched.slot_of)} placed")
    gap_share = 0.25
    repair_deadline = t0 + time_limit * (1 - gap_share)
    rounds = 0
    while time.monotonic() < repair_deadline:
        gained = repair(sched, repair_deadline, rng)
        rounds += 1
        if progress:
            progress(f"repair round {rounds}: +{gained}, weight {sched.weight()}")
        if gained == 0:
            break
    while time.monotonic() < deadline:
        saved = reduce_gaps(sched, deadline)
        if progress:
            progress(f"gap moves: -{saved} gaps")
        if saved == 0:
            break
    return sched
