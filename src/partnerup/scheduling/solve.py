"""Entry point: `solve(problem, ...)` picks the method by size and returns a `Solution`."""

from __future__ import annotations

import gc
import time
from collections import defaultdict
from dataclasses import replace

from partnerup.scheduling.bound import integer_bound, lp_bound
from partnerup.scheduling.compiled import Compiled, assign_tables, compile_problem
from partnerup.scheduling.exact import Progress, solve_exact
from partnerup.scheduling.greedy import explain, greedy
from partnerup.scheduling.io import ProblemError, slots_conflict
from partnerup.scheduling.model import (
    Assignment,
    Bound,
    Fixed,
    Meeting,
    Moved,
    Problem,
    Reason,
    Solution,
    Stats,
    Unscheduled,
)
from partnerup.scheduling.state import Schedule

EXACT_MAX_VARIABLES = 60_000  # candidate (meeting, slot) pairs up to which CP-SAT is used
FAST_KEEP_SECONDS = 10.0  # with --keep on a large event and less time than this, skip the LP


def solve(
    problem: Problem,
    time_limit: float = 30.0,
    seed: int = 0,
    keep: Solution | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    method: str = "auto",
) -> Solution:
    """Compute a schedule. `workers=1` makes the answer depend only on input, seed and time
    limit (CP-SAT then stops on deterministic time). `method`: auto, exact or large."""
    with _GcGuard() as guard:
        return _solve(guard, problem, time_limit, seed, keep, progress, workers, method)


def _solve(
    gc_guard: _GcGuard,
    problem: Problem,
    time_limit: float,
    seed: int,
    keep: Solution | None,
    progress: Progress | None,
    workers: int,
    method: str,
) -> Solution:
    t0 = time.monotonic()
    previous: dict[str, Assignment] = {}
    kept_notes: dict[str, Reason] = {}
    removed: list[str] = []
    if keep is not None:
        problem, previous, kept_notes, removed = _apply_keep(problem, keep)
    c = compile_problem(problem)
    gc_guard.search()
    _check_fixed_capacity(c)
    n_vars = sum(len(cs) for cs in c.cand)
    if method == "auto":
        method = "exact" if n_vars <= EXACT_MAX_VARIABLES else "large"
    extra: dict[str, object] = {}
    if method == "large" and keep is not None and time_limit < FAST_KEEP_SECONDS:
        # incremental answer on a big event: the LP takes seconds, use the trivial bound
        y: list[float] = []
        if progress:
            progress("compiled")
        bound = sum(c.weight[m] for m in range(c.n_meetings) if c.cand[m])
        bound_method = "sum of placeable weights (LP skipped for a fast incremental answer)"
    else:
        lp_value, y = lp_bound(c)
        bound = integer_bound(lp_value)
        bound_method = "LP relaxation"
        extra["lp_bound"] = round(lp_value, 3)
        if progress:
            progress(f"{c.n_meetings} meetings, {n_vars} (meeting, slot) pairs; LP {lp_value:.2f}")
    gaps_opt, gaps_bound = False, None
    if method == "exact":
        from partnerup.scheduling.large import improve

        sched = improve(c, greedy(c), min(1.0, 0.05 * time_limit), seed)
        # one worker: budgets in CP-SAT deterministic time, independent of the wall clock
        elapsed = 0.0 if workers == 1 else time.monotonic() - t0
        remaining = max(0.1, time_limit - elapsed)
        res = solve_exact(
            c,
            remaining,
            seed=seed,
            workers=workers,
            hint=sched.slot_of,
            progress=progress,
            weight_upper=bound,
        )
        if res is not None and res.status == "INFEASIBLE":
            raise ProblemError("meetings", "the fixed meetings cannot all be placed together")
        if res is not None:
            sched = Schedule(c)
            for m, s in res.slot_of.items():
                sched.place(m, s)
            if res.weight_bound < bound:
                bound, bound_method = res.weight_bound, "CP-SAT"
            gaps_opt, gaps_bound = res.gaps_optimal, res.gaps_bound
    else:
        from partnerup.scheduling.large import solve_large

        # leave time for tables, explanations and statistics
        reserve = min(0.3 * time_limit, 1.5e-4 * c.n_meetings + 0.05)
        remaining = max(0.05, time_limit - (time.monotonic() - t0) - reserve)
        sched = solve_large(c, remaining, seed=seed, y=y, progress=progress)
    gc_guard.answer()
    return _answer(
        c,
        sched,
        t0,
        method,
        bound,
        bound_method,
        previous,
        kept_notes,
        removed,
        gaps_opt,
        gaps_bound,
        extra,
    )


class _GcGuard:
    """Garbage-collector policy of one `solve` call. Building and answering create hundreds of
    thousands of small acyclic objects on big events, and each automatic collection would
    rescan the whole (large) problem: the collector is off while preparing and answering, and
    while searching the prepared structures are frozen (`gc.freeze`) so that collections only
    look at new objects. Reference counting still frees everything as usual."""

    def __enter__(self) -> _GcGuard:
        self.enabled = gc.isenabled()
        # A caller (a preforking server, say) may have frozen objects of its own: then leave
        # the permanent generation alone, since unfreezing would release theirs too.
        self.may_freeze = gc.get_freeze_count() == 0
        self.frozen = False
        gc.disable()
        return self

    def search(self) -> None:
        if self.may_freeze:
            gc.freeze()
            self.frozen = True
        if self.enabled:
            gc.enable()

    def answer(self) -> None:
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.frozen:
            gc.unfreeze()
        if self.enabled:
            gc.enable()


def _answer(
    c: Compiled,
    sched: Schedule,
    t0: float,
    method: str,
    bound: float,
    bound_method: str,
    previous: dict[str, Assignment],
    kept_notes: dict[str, Reason],
    removed: list[str],
    gaps_opt: bool,
    gaps_bound: int | None,
    extra: dict[str, object],
) -> Solution:
    """Tables, explanations, `moved` and statistics of the final schedule."""
    tables = assign_tables(c, sched.slot_of)
    assignments = [
        Assignment(c.meeting_ids[m], c.slot_ids[s], c.table_ids[tables[m]])
        for m, s in sorted(sched.slot_of.items())
    ]
    lightest: dict[int, int] = {}
    unscheduled = [
        Unscheduled(c.meeting_ids[m], explain(c, sched, m, lightest))
        for m in range(c.n_meetings)
        if m not in sched.slot_of
    ]
    weight = sched.weight()
    unplaced_per: dict[int, int] = defaultdict(int)
    for m in range(c.n_meetings):
        if m not in sched.slot_of and c.cand[m]:
            for p in c.members[m]:
                unplaced_per[p] += 1
    moved = _moved(c, previous, kept_notes, assignments)
    if removed:
        extra["removed_from_previous"] = removed
    stats = Stats(
        placed=len(assignments),
        weight=weight,
        gaps=sched.gaps(),
        seconds=round(time.monotonic() - t0, 3),
        method=method,
        meetings=c.n_meetings,
        gaps_proven_optimal=gaps_opt,
        gaps_bound=gaps_bound,
        max_unplaced_per_participant=max(unplaced_per.values(), default=0),
        extra=extra,
    )
    return Solution(
        assignments=assignments,
        unscheduled=unscheduled,
        bound=Bound(weight=bound, proven_optimal=weight >= bound, method=bound_method),
        stats=stats,
        moved=moved,
    )


def _check_fixed_capacity(c: Compiled) -> None:
    by_slot: dict[int, list[int]] = defaultdict(list)
    for m in range(c.n_meetings):
        if c.fixed_slot[m] is not None and c.fixed_table[m] is None:
            by_slot[c.fixed_slot[m]].append(m)
    for s, fixed in by_slot.items():
        for k in c.thresholds:
            n = sum(1 for m in fixed if c.size[m] >= k)
            if n > c.cap[s][k]:
                raise ProblemError(
                    f"slots[{c.slot_ids[s]}]",
                    f"{n} meetings of {k} or more people are fixed here but only {c.cap[s][k]} "
                    f"free tables with {k} seats remain",
                )


def _apply_keep(
    problem: Problem, keep: Solution
) -> tuple[Problem, dict[str, Assignment], dict[str, str], list[str]]:
    """Pin every previous assignment that still exists and is still feasible; note why others
    cannot stay."""
    slots = {s.id: s for s in problem.slots}
    tables = {t.id: t for t in problem.tables}
    people = {p.id: p for p in problem.participants}
    meetings = {m.id: m for m in problem.meetings}
    travel = problem.travel_minutes()
    previous = {a.meeting: a for a in keep.assignments}
    notes: dict[str, Reason] = {}
    removed = [mid for mid in previous if mid not in meetings]
    pinned: dict[str, Fixed] = {}
    table_taken: dict[tuple[str, str], str] = {}
    clashes = {
        a.id: {b.id for b in problem.slots if slots_conflict(a, b, travel)} for a in problem.slots
    }
    person_slots: dict[str, dict[str, str]] = defaultdict(dict)  # person: slot -> meeting
    usable: dict[str, tuple[frozenset[str] | None, frozenset[str]]] = {}  # (available, not)
    # the problem's own fixed meetings come first
    for m in problem.meetings:
        if m.fixed is not None:
            for p in m.participants:
                person_slots[p][m.fixed.slot] = m.id
            if m.fixed.table is not None:
                table_taken[(m.fixed.slot, m.fixed.table)] = m.id
    for mid, a in previous.items():
        m = meetings.get(mid)
        if m is None or m.fixed is not None:
            if m is not None and (m.fixed.slot != a.slot or m.fixed.table not in (None, a.table)):
                notes[mid] = Reason("fixed_elsewhere")
            continue
        slot, table = slots.get(a.slot), tables.get(a.table)
        reason = None
        if slot is None:
            reason = Reason("slot_gone", slot=a.slot)
        elif table is None:
            reason = Reason("table_gone", table=a.table)
        elif table.venue != slot.venue or table.seats < len(m.participants):
            reason = Reason("table_unsuitable", table=a.table)
        elif m.allowed_slots is not None and slot.id not in m.allowed_slots:
            reason = Reason("slot_not_allowed", slot=slot.id)
        else:
            for pid in m.participants:
                p = people[pid]
                if pid not in usable:
                    usable[pid] = (
                        None if p.available is None else frozenset(p.available),
                        frozenset(p.unavailable),
                    )
                avail, unavail = usable[pid]
                if slot.id in unavail or (avail is not None and slot.id not in avail):
                    reason = Reason("unavailable", participants=(pid,), slot=slot.id)
                    break
                taken = person_slots[pid]
                if not clashes[slot.id].isdisjoint(taken):
                    clash = next(taken[s] for s in clashes[slot.id] if s in taken)
                    reason = Reason("clash", participants=(pid,), meeting=clash)
                    break
                mx = p.max_meetings
                if mx is not None and len(taken) >= mx:
                    reason = Reason("max_meetings", participants=(pid,), count=mx)
                    break
            if reason is None and (slot.id, table.id) in table_taken:
                reason = Reason(
                    "table_taken", table=table.id, meeting=table_taken[(slot.id, table.id)]
                )
        if reason is not None:
            notes[mid] = reason
            continue
        pinned[mid] = Fixed(a.slot, a.table)
        table_taken[(a.slot, a.table)] = mid
        for pid in m.participants:
            person_slots[pid][a.slot] = mid
    # direct construction: dataclasses.replace is several times slower on 50,000 meetings
    new_meetings = [
        Meeting(m.id, m.participants, m.weight, m.allowed_slots, pinned[m.id])
        if m.id in pinned
        else m
        for m in problem.meetings
    ]
    return replace(problem, meetings=new_meetings), previous, notes, removed


def _moved(
    c: Compiled,
    previous: dict[str, Assignment],
    notes: dict[str, Reason],
    assignments: list[Assignment],
) -> list[Moved]:
    now = {a.meeting: a for a in assignments}
    out = []
    for mid, old in previous.items():
        if mid not in c.meeting_index:
            continue
        new = now.get(mid)
        if new is not None and (new.slot, new.table) == (old.slot, old.table):
            continue
        out.append(
            Moved(
                meeting=mid,
                previous_slot=old.slot,
                previous_table=old.table,
                slot=None if new is None else new.slot,
                table=None if new is None else new.table,
                reason=notes.get(mid, Reason("could_not_keep_place")),
            )
        )
    return out
