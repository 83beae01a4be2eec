"""Constructive heuristics: first-come-first-served (the market baseline), weight-ordered greedy,
and the explanations of why a meeting stays unscheduled."""

from __future__ import annotations

from collections.abc import Sequence

from partnerup.scheduling.compiled import Compiled
from partnerup.scheduling.model import Reason
from partnerup.scheduling.state import Schedule


def place_fixed(c: Compiled, sched: Schedule) -> None:
    for m in range(c.n_meetings):
        if c.fixed_slot[m] is not None and m not in sched.slot_of:
            sched.place(m, c.fixed_slot[m])


def fcfs(c: Compiled) -> Schedule:
    """First-come-first-served: meetings in input order, each at its earliest possible slot."""
    sched = Schedule(c)
    place_fixed(c, sched)
    for m in range(c.n_meetings):
        if m in sched.slot_of or not sched.under_max(m):
            continue
        free = sched.free_mask(m)
        if free:
            sched.place(m, (free & -free).bit_length() - 1)  # earliest slot
    return sched


def greedy(
    c: Compiled,
    order: Sequence[int] | None = None,
    sched: Schedule | None = None,
) -> Schedule:
    """Place meetings in `order` (default: weight, then fewest candidate slots first), each at the
    slot that is back to back with most of its participants' meetings, else the least used."""
    sched = Schedule(c) if sched is None else sched
    place_fixed(c, sched)
    if order is None:
        order = default_order(c)
    for m in order:
        if m in sched.slot_of or not sched.under_max(m):
            continue
        free = sched.free_mask(m)
        if not free:
            continue
        # prefer slots back to back with the meetings of all, else some, participants
        near = [_near(c, sched, p) for p in c.members[m]]
        pick = free
        both = free
        for mask in near:
            both &= mask
        if both:
            pick = both
        else:
            some = 0
            for mask in near:
                some |= mask
            if free & some:
                pick = free & some
        best = min(_bits_iter(pick), key=lambda s: (sched.used[s][c.thresholds[0]], s))
        sched.place(m, best)
    return sched


def _near(c: Compiled, sched: Schedule, p: int) -> int:
    mask = 0
    for s in sched.busy[p]:
        mask |= c.adj_mask[s]
    return mask


def _bits_iter(mask: int):  # -> Iterator[int]
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def default_order(c: Compiled) -> list[int]:
    demand = [len(ms) for ms in c.person_meetings]
    return sorted(
        range(c.n_meetings),
        key=lambda m: (
            -c.weight[m],
            len(c.cand[m]),
            -max(demand[p] for p in c.members[m]),
            m,
        ),
    )


def explain(c: Compiled, sched: Schedule, m: int, lightest: dict[int, int] | None = None) -> Reason:
    """A true reason (a code with parameters) why meeting m is not placed in `sched`.
    `lightest` is an optional cache (person -> lightest weight among its placed meetings)
    shared by calls on the same unchanged schedule."""
    who = tuple(c.person_ids[p] for p in c.members[m])
    if not c.cand[m]:
        common = set.intersection(*(c.person_avail[p] for p in c.members[m]))
        if not common:
            return Reason("no_common_availability", participants=who)
        meeting = c.problem.meetings[m]
        if meeting.allowed_slots is not None:
            allowed = {c.slot_index[s] for s in meeting.allowed_slots}
            if not common & allowed:
                return Reason("no_allowed_slot", participants=who)
        venues = tuple(sorted({c.venue_ids[c.slot_venue[s]] for s in common}))
        return Reason("no_table_for_size", venues=venues, count=c.size[m])
    for p in c.members[m]:
        mx = c.person_max[p]
        if mx is not None and len(sched.busy[p]) >= mx:
            return Reason("max_meetings", participants=(c.person_ids[p],), count=mx)
    cand = c.cand[m]
    for p in c.members[m]:
        if c.cand_mask[m] & ~sched.blocked[p] == 0:
            if lightest is not None and p in lightest:
                low = lightest[p]
            else:
                low = min((c.weight[b] for b in sched.busy[p].values()), default=-1)
                if lightest is not None:
                    lightest[p] = low
            higher = low < 0 or low >= c.weight[m]
            code = "no_free_slot_heavier" if higher else "no_free_slot"
            return Reason(code, participants=(c.person_ids[p],), count=len(cand))
    full = [s for s in cand if not sched.table_free(m, s)]
    if len(full) == len(cand):
        return Reason("tables_taken", count=len(cand))
    return Reason("busy_or_tables_taken", participants=who, count=len(cand))
