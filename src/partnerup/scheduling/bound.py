"""Upper bound on the placeable weight: an LP relaxation of meeting selection, solved with
SciPy's HiGHS.

Variables y_m in [0, 1] (0 when m has no candidate slot, 1 when fixed). Constraints, each valid
for every schedule:
- per participant p: its meetings <= the most slots p can attend among the slots its meetings
  could use (interval scheduling on the time line) and <= max_meetings; the same per day;
- per seat threshold k and slot set D (all slots, each day, each venue, each venue-day): the
  meetings of >= k people whose candidate slots all lie in D <= the tables with >= k seats in D.
The LP optimum, rounded down (weights are integers), bounds the best schedule's weight.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from partnerup.scheduling.compiled import Compiled


def max_attendable(c: Compiled, slots: set[int]) -> int:
    """Most of these slots one person can attend (pairwise non-overlapping): interval scheduling
    by end time. Travel is ignored, which keeps this an upper bound."""
    count, last_end = 0, -math.inf
    for s in sorted(slots, key=lambda s: (c.slot_end[s], c.slot_start[s])):
        if c.slot_start[s] >= last_end:
            count += 1
            last_end = c.slot_end[s]
    return count


def lp_bound(c: Compiled) -> tuple[float, list[float]]:
    """Return (LP optimum, y values)."""
    n = c.n_meetings
    if n == 0:
        return 0.0, []
    rows: list[list[int]] = []
    rhs: list[float] = []

    def add(ms: list[int], limit: float) -> None:
        if ms and limit < len(ms):
            rows.append(ms)
            rhs.append(limit)

    for p, ms in enumerate(c.person_meetings):
        ms = [m for m in ms if c.cand[m]]
        if not ms:
            continue
        umask = 0
        for m in ms:
            umask |= c.cand_mask[m]
        usable = {s for s in range(c.n_slots) if (umask >> s) & 1}
        limit = max_attendable(c, usable)
        if c.person_max[p] is not None:
            limit = min(limit, c.person_max[p])
        add(ms, limit)
        by_day: dict[int, list[int]] = defaultdict(list)
        for m in ms:
            days = {c.slot_day[s] for s in c.cand[m]}
            if len(days) == 1:
                by_day[days.pop()].append(m)
        for d, dm in by_day.items():
            add(dm, max_attendable(c, {s for s in usable if c.slot_day[s] == d}))

    groups: dict[tuple[str, int], set[int]] = defaultdict(set)
    for s in range(c.n_slots):
        groups[("all", 0)].add(s)
        groups[("day", c.slot_day[s])].add(s)
        groups[("venue", c.slot_venue[s])].add(s)
        groups[("vd", c.slot_venue[s] * 100000 + c.slot_day[s])].add(s)
    unique = {frozenset(g) for g in groups.values()}
    for k in c.thresholds:
        for g in unique:
            gmask = sum(1 << s for s in g)
            ms = [
                m
                for m in range(n)
                if c.cand_mask[m] and c.size[m] >= k and c.cand_mask[m] & ~gmask == 0
            ]
            # fixed-table meetings are outside the per-slot capacities
            fixed_tab = [m for m in ms if c.fixed_table[m] is not None]
            ms = [m for m in ms if c.fixed_table[m] is None]
            add(ms, sum(c.cap[s][k] for s in g))
            del fixed_tab

    cost = -np.asarray(c.weight, dtype=float)
    bounds = [
        (1.0, 1.0) if c.fixed_slot[m] is not None else (0.0, 1.0 if c.cand[m] else 0.0)
        for m in range(n)
    ]
    if rows:
        indptr = np.cumsum([0] + [len(r) for r in rows])
        indices = np.concatenate([np.asarray(r, dtype=np.int64) for r in rows])
        a = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), n))
        res = linprog(cost, A_ub=a, b_ub=np.asarray(rhs), bounds=bounds, method="highs")
    else:
        res = linprog(cost, bounds=bounds, method="highs")
    if res.status != 0:
        # infeasible only through fixed meetings; fall back to the trivial bound
        return float(sum(c.weight[m] for m in range(n) if c.cand[m])), [1.0] * n
    return float(-res.fun), [float(v) for v in res.x]


def integer_bound(value: float) -> int:
    return math.floor(value + 1e-6)
