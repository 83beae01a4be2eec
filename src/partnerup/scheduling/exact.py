"""Exact lexicographic optimisation with OR-Tools CP-SAT (small and medium events).

Model (slots only; tables follow per slot, see `compiled.assign_tables`):
- x[m,s] for each candidate slot s of meeting m; sum_s x[m,s] <= 1 (== 1 when fixed);
- busy[p,s] = sum of x[m,s] over p's meetings; overlapping slots (a clique per start instant)
  hold at most one of p's meetings; slot pairs too close for travel likewise;
- per slot and seat threshold k: meetings of >= k people <= free tables with >= k seats;
- max_meetings: sum_s busy[p,s] <= max.
Phase 1 maximises the placed weight. Phase 2 fixes it and minimises gaps (when every meeting is
placed, the MaxSAT search of `maxsat.py` runs after 2a or beside it, see `_MaxsatRace`):
start[p,s] >= busy[p,s] - sum(busy[p,t] for t ending exactly at s's start on the same day),
start[p,s] <= busy[p,s], has[p,d] <= sum of start[p,s] on day d, gaps = sum start - sum has;
implied: when p's meeting count is fixed, its blocks are at least the fewest runs of
back-to-back usable slots that can hold them. Phase 3 fixes both and minimises the largest
number of unplaced meetings of one participant.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from ortools.sat.python import cp_model

from partnerup.scheduling.compiled import Compiled

Progress = Callable[[str], None]
TIGHT_SHARE = 0.3  # share of the gap phase for "everyone tight" (2a)
TIGHT_SHARE_FIRST = 0.15  # the same with one worker, where 2a runs before the MaxSAT search
MAXSAT_SHARE = 0.6  # with one worker, share of the gap phase for MaxSAT (before CP-SAT)


@dataclass
class ExactResult:
    slot_of: dict[int, int]
    weight: int
    weight_bound: int
    weight_optimal: bool
    gaps: int
    gaps_bound: int
    gaps_optimal: bool
    max_unplaced: int
    status: str


class _Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, label: str, progress: Progress | None, t0: float) -> None:
        super().__init__()
        self.label, self.progress, self.t0 = label, progress, t0

    def on_solution_callback(self) -> None:
        if self.progress is not None:
            self.progress(
                f"{self.label}: {self.ObjectiveValue():g} (bound {self.BestObjectiveBound():g}) "
                f"at {time.monotonic() - self.t0:.1f}s"
            )


class ExactModel:
    def __init__(self, c: Compiled) -> None:
        self.c = c
        self.model = cp_model.CpModel()
        mdl = self.model
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        self.placed: list[cp_model.LinearExprT] = []
        for m in range(c.n_meetings):
            vs = []
            for s in c.cand[m]:
                v = mdl.NewBoolVar(f"x{m}_{s}")
                self.x[m, s] = v
                vs.append(v)
            if c.fixed_slot[m] is not None:
                mdl.Add(sum(vs) == 1)
            elif len(vs) > 1:
                mdl.AddAtMostOne(vs)
            self.placed.append(sum(vs) if vs else 0)
        # busy
        self.busy: list[dict[int, cp_model.IntVar]] = []
        for p in range(c.n_people):
            per: dict[int, list[cp_model.IntVar]] = defaultdict(list)
            for m in c.person_meetings[p]:
                for s in c.cand[m]:
                    per[s].append(self.x[m, s])
            bp: dict[int, cp_model.IntVar] = {}
            for s, vs in per.items():
                if len(vs) == 1:
                    bp[s] = vs[0]
                else:
                    b = mdl.NewBoolVar(f"b{p}_{s}")
                    mdl.Add(sum(vs) == b)
                    bp[s] = b
            self.busy.append(bp)
            for clique in c.cliques:
                vs = [bp[s] for s in clique if s in bp]
                if len(vs) > 1:
                    mdl.AddAtMostOne(vs)
            for s, t in c.travel_pairs:
                if s in bp and t in bp:
                    mdl.AddBoolOr([bp[s].Not(), bp[t].Not()])
            if c.person_max[p] is not None and len(bp) > c.person_max[p]:
                mdl.Add(sum(bp.values()) <= c.person_max[p])
        # tables
        for s in range(c.n_slots):
            ms = [m for (m, t) in self.x if t == s and c.fixed_table[m] is None]
            for k in c.thresholds:
                mk = [m for m in ms if c.size[m] >= k]
                if len(mk) > c.cap[s][k]:
                    mdl.Add(sum(self.x[m, s] for m in mk) <= c.cap[s][k])
        self.weight_expr = sum(c.weight[m] * self.placed[m] for m in range(c.n_meetings))
        self.gaps_expr: cp_model.LinearExprT | None = None
        self.zero_lits: list[cp_model.IntVar] = []  # "p has its fewest possible gaps"
        self.zero_people: list[int] = []  # the p of each zero literal
        self.lb_gaps = 0  # sum of the forced gaps behind those literals

    def add_gaps(self, all_placed: bool) -> None:
        c = self.c
        terms = []
        chains = day_chains(c)
        needs = placeable_counts(c)
        for p in range(c.n_people):
            bp = self.busy[p]
            if len(c.person_meetings[p]) < 2 or len(bp) < 2:
                continue
            by_day: dict[int, list[int]] = defaultdict(list)
            for s in bp:
                by_day[c.slot_day[s]].append(s)
            need = needs[p]
            for d, ss in by_day.items():
                if len(ss) < 2:
                    continue
                chain = chains.get(d)
                gaps_pd = self._blocks_linear(p, ss)
                terms.append(gaps_pd)
                single = len({c.slot_day[s] for m in c.person_meetings[p] for s in c.cand[m]})
                if all_placed and single == 1 and need >= 2:
                    lb = min_blocks(c, set(bp), need)
                    if lb > 1:
                        self.model.Add(gaps_pd >= lb - 1)
                        tight = self.model.NewBoolVar(f"tight{p}")
                        self.model.Add(gaps_pd == lb - 1).OnlyEnforceIf(tight)
                        self.zero_lits.append(tight)
                        self.zero_people.append(p)
                        self.lb_gaps += lb - 1
                    elif chain is not None:
                        self._window(p, bp, need, gaps_pd)
        self.gaps_expr = sum(terms) if terms else 0
        # Implied: the people busy in a slot are the seats taken there. Stated on the busy
        # literals, it ties the participants' windows to the table capacity directly, which
        # turned 30 s without an answer into 5-13 s on the zero-gap events (ticf-14crafa).
        busy_at: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for bp in self.busy:
            for s, b in bp.items():
                busy_at[s].append(b)
        for s, bs in busy_at.items():
            xs = [(c.size[m], v) for (m, t), v in self.x.items() if t == s]
            if len(bs) > 1:
                self.model.Add(sum(bs) == sum(k * v for k, v in xs))
        if all_placed:
            for p, bp in enumerate(self.busy):
                if len(bp) > needs[p]:
                    self.model.Add(sum(bp.values()) == needs[p])

    def _blocks_linear(self, p: int, ss: list[int]) -> cp_model.LinearExprT:
        """Gaps of p on one day: block starts minus one when p meets that day."""
        c, mdl, bp = self.c, self.model, self.busy[p]
        starts = []
        for s in ss:
            b = bp[s]
            prev = [bp[t] for t in c.prev[s] if t in bp]
            if not prev:
                st = b
            else:
                st = mdl.NewBoolVar(f"st{p}_{s}")
                mdl.Add(b <= st + sum(prev))
                mdl.AddImplication(st, b)
            starts.append(st)
        h = mdl.NewBoolVar("")
        mdl.Add(h <= sum(starts))
        for st in starts:
            mdl.AddImplication(st, h)
        return sum(starts) - h

    def _window(self, p: int, bp: dict[int, cp_model.IntVar], need: int, gaps) -> None:
        """Implied: without gaps, p's `need` meetings fill one window of back-to-back slots
        (one-hot window start; busy is exactly the window's cover)."""
        mdl = self.model
        lo, hi = min(bp), max(bp)
        zero = mdl.NewBoolVar(f"nogap{p}")
        self.zero_lits.append(zero)
        self.zero_people.append(p)
        mdl.Add(gaps == 0).OnlyEnforceIf(zero)
        mdl.Add(gaps >= 1).OnlyEnforceIf(zero.Not())
        windows = {}
        for a in range(lo, hi - need + 2):
            if all(s in bp for s in range(a, a + need)):
                windows[a] = mdl.NewBoolVar(f"w{p}_{a}")
        if not windows:
            mdl.Add(zero == 0)
            return
        mdl.Add(sum(windows.values()) == zero)
        for s, b in bp.items():
            cover = [w for a, w in windows.items() if a <= s < a + need]
            if cover:
                mdl.Add(b >= sum(cover))
                mdl.Add(b <= sum(cover) + 1 - zero)
            else:
                mdl.AddImplication(zero, b.Not())

    def full_hint(
        self, slot_of: dict[int, int], seconds: float = 5.0, deterministic: bool = True
    ) -> bool:
        """Hint every variable (auxiliary ones too) from a schedule: fix x in a clone and let
        CP-SAT complete it. Returns False (and hints x only) if completion fails.

        With `deterministic`, the completion stops on CP-SAT's deterministic time, so whether it
        succeeds does not depend on how busy the machine is."""
        clone = self.model.Clone()
        clone.ClearHints()
        clone.ClearObjective()
        for (m, s), v in self.x.items():
            clone.Add(clone.GetBoolVarFromProtoIndex(v.Index()) == int(slot_of.get(m) == s))
        solver = _solver(seconds, CP_SAT_DEFAULT_SEED, 1, deterministic)
        st = solver.Solve(clone)
        self.model.ClearHints()
        if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self.hint(slot_of)
            return False
        for i in range(len(self.model.Proto().variables)):
            v = self.model.GetIntVarFromProtoIndex(i)
            self.model.AddHint(v, solver.Value(clone.GetIntVarFromProtoIndex(i)))
        return True

    def hint_from(self, solver: cp_model.CpSolver) -> None:
        """Hint every variable with the values of the solver's last solution."""
        self.model.ClearHints()
        for i in range(len(self.model.Proto().variables)):
            v = self.model.GetIntVarFromProtoIndex(i)
            self.model.AddHint(v, solver.Value(v))

    def hint(self, slot_of: dict[int, int]) -> None:
        self.model.ClearHints()
        for (m, s), v in self.x.items():
            self.model.AddHint(v, 1 if slot_of.get(m) == s else 0)

    def read(self, solver: cp_model.CpSolver) -> dict[int, int]:
        return {m: s for (m, s), v in self.x.items() if solver.BooleanValue(v)}


def day_chains(c: Compiled) -> dict[int, list[int]]:
    """Per day whose slots form one sequence of back-to-back slots (each slot's only
    predecessor is the previous one), that sequence."""
    out: dict[int, list[int]] = {}
    by_day: dict[int, list[int]] = defaultdict(list)
    for s in range(c.n_slots):
        by_day[c.slot_day[s]].append(s)
    for d, ss in by_day.items():
        if all(c.prev[b] == [a] for a, b in pairwise(ss)) and not any(c.conflict[s] for s in ss):
            out[d] = ss
    return out


def placeable_counts(c: Compiled) -> list[int]:
    """Per participant, how many of its meetings have a candidate slot (all of them are placed
    when every meeting is)."""
    return [sum(1 for m in ms if c.cand[m]) for ms in c.person_meetings]


def min_blocks(c: Compiled, usable: set[int], need: int) -> int:
    """Fewest runs of back-to-back usable slots that hold `need` meetings (a gap lower bound)."""
    runs = []
    seen: set[int] = set()
    for s in sorted(usable):
        if s in seen:
            continue
        length, cur = 0, s
        while True:
            seen.add(cur)
            length += 1
            nxt = [t for t in usable if cur in c.prev[t] and t not in seen]
            if len(nxt) != 1:
                break
            cur = nxt[0]
        runs.append(length)
    runs.sort(reverse=True)
    total, count = 0, 0
    for r in runs:
        if total >= need:
            break
        total += r
        count += 1
    return count


class _Clock:
    """Time used so far: wall-clock seconds, or with one worker CP-SAT's deterministic time, so
    that the phase budgets (and thus the answer) do not depend on the machine's speed."""

    def __init__(self, t0: float, deterministic: bool) -> None:
        self.t0, self.deterministic, self.det = t0, deterministic, 0.0

    def spent(self, solver: cp_model.CpSolver) -> None:
        self.det += solver.ResponseProto().deterministic_time

    def elapsed(self) -> float:
        return self.det if self.deterministic else time.monotonic() - self.t0


# With one worker the search stops on deterministic time, so the answer does not depend on the
# machine's load; the wall-clock cap only guards against a pathological run. It must be generous:
# on a busy 2-core CI machine a tight cap (3x) ended runs early and changed their answers.
WALL_SAFETY = 20
CP_SAT_DEFAULT_SEED = 1  # the seed of the schedule-completion search (full_hint)


def _solver(
    seconds: float, seed: int, workers: int, deterministic: bool, sat: bool = False
) -> cp_model.CpSolver:
    """`sat`: no LP relaxation. The gap phases and the all-placed feasibility search are
    assignment problems where the LP only slows CP-SAT down (forum-14: first schedule with
    every meeting in 0.6 s instead of 19 s)."""
    solver = cp_model.CpSolver()
    prm = solver.parameters
    if sat:
        prm.linearization_level = 0
    prm.random_seed = seed
    prm.num_workers = workers
    seconds = max(seconds, 0.05)
    if deterministic:
        prm.max_deterministic_time = seconds
        prm.max_time_in_seconds = seconds * WALL_SAFETY
    else:
        prm.max_time_in_seconds = seconds
    return solver


class _MaxsatRace:
    """The MaxSAT gap search (see `maxsat.py`) beside the CP-SAT gap phases.

    With one worker it runs after the everyone-tight search (2a), on a deterministic budget,
    and CP-SAT gets what is left.
    With more, it runs in a thread (the SAT solver releases the GIL) while CP-SAT searches with
    one worker fewer; whichever proves the optimum first stops the other."""

    def __init__(self, c: Compiled, workers: int, deterministic: bool, clock: _Clock) -> None:
        from partnerup.scheduling import maxsat

        self.maxsat = maxsat.MaxsatGaps(c)
        self.rate = maxsat.PROPAGATIONS_PER_SECOND
        self.parallel = workers > 1
        self.workers = workers  # CP-SAT's; one fewer while the MaxSAT thread runs
        self.deterministic, self.clock = deterministic, clock
        self.current: cp_model.CpSolver | None = None
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    @property
    def result(self):  # type: ignore[no-untyped-def]
        return self.maxsat.result

    def start(self, seconds: float | None) -> None:
        if self.parallel:
            self.workers -= 1
            self.thread = threading.Thread(target=self._run, daemon=True)
            self.thread.start()
        else:
            self.maxsat.run(seconds)
            # the budget is in propagations; count what was used as deterministic time
            self.clock.det += self.maxsat.propagations / self.rate

    def _run(self) -> None:
        self.maxsat.run(None)
        with self.lock:
            if self.maxsat.result is not None and self.current is not None:
                self.current.stop_search()

    def solver(self, seconds: float, seed: int, single: bool = False) -> cp_model.CpSolver:
        """`single`: one worker whatever the count (2a': measured on forum-13crafc, one worker
        found a 1-gap schedule in 0.4 s that two workers did not find in 20 s)."""
        workers = 1 if single else self.workers
        solver = _solver(seconds, seed, workers, self.deterministic, sat=True)
        with self.lock:
            if self.maxsat.result is not None:
                solver.parameters.max_time_in_seconds = 0.0
            self.current = solver
        return solver

    def finish(self) -> None:
        if self.thread is not None:
            self.maxsat.interrupt()
            self.thread.join()


RELAX_SHARE = 0.8  # share of the gap phase for "all tight but one" (2a')
RELAX_FIRST = 1.0  # first per-participant budget of 2a'; doubled each round


def _relax_one(
    em: ExactModel,
    race: _MaxsatRace,
    clock: _Clock,
    budget: float,
    seed: int,
    progress: Progress | None,
    t0: float,
) -> tuple[dict[int, int] | None, bool]:
    """2a': when not every participant can be tight, is there a schedule with one gap more than
    the tight lower bound? Any such schedule has exactly one participant off its fewest gaps, so
    it is searched for participant by participant, the others fixed tight. Fixing them (rather
    than assuming them) lets CP-SAT's presolve refute most participants in 0.1 s. Rounds of
    doubling budgets give every participant a short try before any gets a long one: which one
    can take the gap is not known in advance (forum-13crafc: 45 of 58 are refuted at once, the
    first feasible one is found in 0.4 s, others need 4 s or more).

    Returns (schedule, False) when found (it is optimal), (None, True) when every participant
    was refuted (then the optimum is at least two above the lower bound), (None, False) when
    the budget ran out first."""
    mdl = em.model
    limit = mdl.NewBoolVar("relax_limit")
    mdl.Add(em.gaps_expr <= em.lb_gaps + 1).OnlyEnforceIf(limit)
    # most meetings first: the hardest to keep in one window, so the likeliest to need the gap
    # (forum-13crafc: the fourth tried instead of the 44th)
    c = em.c
    open_ = sorted(
        range(len(em.zero_lits)), key=lambda i: (-len(c.person_meetings[em.zero_people[i]]), i)
    )
    per = RELAX_FIRST
    start = clock.elapsed()
    while open_:
        still = []
        for i in open_:
            left = budget - (clock.elapsed() - start)
            if left <= 0.05 or race.result is not None:
                return None, False
            clone = mdl.Clone()
            clone.ClearObjective()
            clone.ClearHints()
            clone.Add(clone.GetBoolVarFromProtoIndex(limit.Index()) == 1)
            for j, z in enumerate(em.zero_lits):
                if j != i:
                    clone.Add(clone.GetBoolVarFromProtoIndex(z.Index()) == 1)
            solver = race.solver(min(per, left), seed, single=True)
            st = solver.Solve(clone)
            clock.spent(solver)
            if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                if progress is not None:
                    progress(
                        f"gaps (all tight but one): {em.lb_gaps + 1}, optimal, "
                        f"at {time.monotonic() - t0:.1f}s"
                    )
                return em.read(solver), False
            if st != cp_model.INFEASIBLE:
                still.append(i)
        open_ = still
        per *= 2
    return None, True


def solve_exact(
    c: Compiled,
    time_limit: float,
    seed: int = 0,
    workers: int = 1,
    hint: dict[int, int] | None = None,
    progress: Progress | None = None,
    weight_upper: int | None = None,
    hint_gaps: bool = True,
    use_maxsat: bool = True,
) -> ExactResult | None:
    """Lexicographic solve. Returns None when not even a first solution was found (or the fixed
    meetings are contradictory: status INFEASIBLE)."""
    t0 = time.monotonic()
    deterministic = workers == 1
    clock = _Clock(t0, deterministic)
    em = ExactModel(c)
    mdl = em.model
    if hint:
        em.hint(hint)
    mdl.Maximize(em.weight_expr)
    hint_weight = sum(c.weight[m] for m in hint) if hint else -1
    total = sum(c.weight[m] for m in range(c.n_meetings) if c.cand[m])
    upper = total if weight_upper is None else min(total, weight_upper)
    everything = None
    if not (hint and hint_weight >= upper):
        # search for a schedule reaching the upper bound as a pure feasibility problem: much
        # faster than maximising the weight (every meeting placed, or weight >= LP bound)
        clone = mdl.Clone()
        clone.ClearObjective()
        if upper == total:
            for m in range(c.n_meetings):
                if c.cand[m]:
                    xs = [clone.GetBoolVarFromProtoIndex(em.x[m, s].Index()) for s in c.cand[m]]
                    clone.Add(sum(xs) == 1)
        else:
            clone.Add(
                sum(
                    c.weight[m] * clone.GetBoolVarFromProtoIndex(v.Index())
                    for (m, _s), v in em.x.items()
                )
                >= upper
            )
        solver = _solver(time_limit * 0.25, seed, workers, deterministic, sat=upper == total)
        st = solver.Solve(clone)
        clock.spent(solver)
        if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            everything = {
                m: s
                for (m, s), v in em.x.items()
                if solver.BooleanValue(clone.GetBoolVarFromProtoIndex(v.Index()))
            }
            if progress is not None:
                progress(f"weight: bound {upper} reached at {time.monotonic() - t0:.1f}s")
    if everything is not None:
        weight = sum(c.weight[m] for m in everything)
        slot_of, wbound, wopt, status = everything, upper, True, "OPTIMAL"
    elif hint and hint_weight >= upper:
        # the hint already reaches the bound: no need to search for the weight
        slot_of, weight, wbound, wopt, status = dict(hint), hint_weight, upper, True, "OPTIMAL"
    else:
        solver = _solver(time_limit * 0.4, seed, workers, deterministic)
        st = solver.Solve(mdl, _Reporter("weight", progress, t0))
        clock.spent(solver)
        status = solver.StatusName(st)
        if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if st == cp_model.INFEASIBLE:
                return ExactResult({}, 0, 0, True, 0, 0, True, 0, "INFEASIBLE")
            return None
        slot_of = em.read(solver)
        weight = round(solver.ObjectiveValue())
        wbound = min(upper, int(solver.BestObjectiveBound() + 1e-6))
        wopt = st == cp_model.OPTIMAL or weight >= wbound
        if hint and hint_weight > weight:
            slot_of, weight = dict(hint), hint_weight
    all_placed = weight == total
    # phase 2: gaps
    all_placed = weight == total
    if all_placed:
        for m in range(c.n_meetings):
            if c.cand[m]:
                mdl.Add(em.placed[m] == 1)
    else:
        mdl.Add(em.weight_expr >= weight)
    em.add_gaps(all_placed)
    gaps, gbound, gopt = None, 0, False
    lower = em.lb_gaps  # proven lower bound on the gaps
    race = _MaxsatRace(c, workers, deterministic, clock)
    with_maxsat = all_placed and use_maxsat
    if with_maxsat and race.parallel:
        race.start(None)
    unplaced_exists = not all_placed and len(slot_of) < sum(
        1 for m in range(c.n_meetings) if c.cand[m]
    )
    best: tuple[int, dict[int, int]] | None = None
    st = cp_model.UNKNOWN
    remaining = time_limit - clock.elapsed()
    if em.zero_lits:
        # 2a: can every participant have its fewest possible gaps (zero for most; the tight
        # window encoding makes this fast)? If so, that is optimal. With one worker it runs
        # before the MaxSAT search, on a smaller share.
        mdl.ClearHints()
        mdl.AddAssumptions(em.zero_lits)
        mdl.Minimize(em.gaps_expr)
        share = TIGHT_SHARE if race.parallel or not with_maxsat else TIGHT_SHARE_FIRST
        solver = race.solver(remaining * share, seed)
        st = solver.Solve(mdl, _Reporter("gaps (everyone tight)", progress, t0))
        clock.spent(solver)
        mdl.ClearAssumptions()
        if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            best = (round(solver.ObjectiveValue()), em.read(solver))
            if best[0] <= em.lb_gaps:
                slot_of = best[1]
                gaps, gbound, gopt = best[0], best[0], True
        if st == cp_model.INFEASIBLE:
            lower = em.lb_gaps + 1
    if with_maxsat and not race.parallel and gaps is None:
        race.start((time_limit - clock.elapsed()) * MAXSAT_SHARE)
    if em.zero_lits and gaps is None:
        if st == cp_model.INFEASIBLE and race.result is None:
            remaining = time_limit - clock.elapsed()
            found, refuted = _relax_one(
                em, race, clock, remaining * RELAX_SHARE, seed, progress, t0
            )
            if found is not None:
                slot_of, gaps, gbound, gopt = found, lower, lower, True
            elif refuted:
                lower += 1
                if progress is not None:
                    progress(
                        f"gaps: every participant refuted as the only one off its fewest gaps, "
                        f"so at least {lower}, at {time.monotonic() - t0:.1f}s"
                    )
        if gaps is None and (st == cp_model.INFEASIBLE or remaining > 2) and race.result is None:
            # 2b: make as many participants tight as possible, then minimise the gaps of the
            # others with the tight ones kept tight (a good schedule to start from)
            em.full_hint(slot_of, deterministic=deterministic)
            mdl.Maximize(sum(em.zero_lits))
            remaining = time_limit - clock.elapsed()
            solver = race.solver(remaining * 0.25, seed)
            st = solver.Solve(mdl, _Reporter("tight participants", progress, t0))
            clock.spent(solver)
            if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                tight = [z for z in em.zero_lits if solver.BooleanValue(z)]
                em.hint_from(solver)
                mdl.AddAssumptions(tight)
                mdl.Minimize(em.gaps_expr)
                remaining = time_limit - clock.elapsed()
                solver = race.solver(remaining * 0.4, seed)
                st = solver.Solve(mdl, _Reporter("gaps (tight kept)", progress, t0))
                clock.spent(solver)
                mdl.ClearAssumptions()
                if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                    best = (round(solver.ObjectiveValue()), em.read(solver))
                    em.hint_from(solver)
    if gaps is None and race.result is None:
        if best is not None:
            slot_of = best[1]
        elif hint_gaps:
            em.full_hint(slot_of, deterministic=deterministic)
        else:
            mdl.ClearHints()
        mdl.Minimize(em.gaps_expr)
        remaining = time_limit - clock.elapsed()
        budget = remaining * (0.8 if unplaced_exists else 1.0)
        if budget > 0.05:
            solver = race.solver(budget, seed)
            st = solver.Solve(mdl, _Reporter("gaps", progress, t0))
            clock.spent(solver)
            if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                value = round(solver.ObjectiveValue())
                if best is None or value <= best[0]:
                    slot_of, gaps = em.read(solver), value
                else:
                    slot_of, gaps = best[1], best[0]
                gbound = max(int(solver.BestObjectiveBound() + 1 - 1e-6), lower)
                gopt = st == cp_model.OPTIMAL or gaps <= gbound
            elif best is not None:
                slot_of, gaps, gbound = best[1], best[0], lower
        elif best is not None:
            slot_of, gaps, gbound = best[1], best[0], lower
    race.finish()
    if race.result is not None and not gopt:
        # the MaxSAT search proved its optimum (before or while CP-SAT searched)
        slot_of, gaps, gbound, gopt = race.result.slot_of, race.result.gaps, race.result.gaps, True
        if progress is not None:
            progress(f"gaps (MaxSAT): {gaps}, optimal, at {time.monotonic() - t0:.1f}s")
    max_unplaced = 0
    if unplaced_exists and gaps is not None:
        remaining = time_limit - clock.elapsed()
        if remaining > 0.05:
            mdl.Add(em.gaps_expr <= gaps)
            z = mdl.NewIntVar(0, c.n_meetings, "max_unplaced")
            for p in range(c.n_people):
                ms = [m for m in c.person_meetings[p] if c.cand[m]]
                if ms:
                    mdl.Add(z >= len(ms) - sum(em.placed[m] for m in ms))
            em.hint(slot_of)
            mdl.Minimize(z)
            solver = _solver(remaining, seed, workers, deterministic)
            st = solver.Solve(mdl, _Reporter("fairness", progress, t0))
            clock.spent(solver)
            if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                slot_of = em.read(solver)
    if gaps is None:
        from partnerup.scheduling.state import gaps_of

        gaps = sum(
            gaps_of(c, [slot_of[m] for m in c.person_meetings[p] if m in slot_of])
            for p in range(c.n_people)
        )
    if progress is not None:
        progress(f"exact: weight {weight} (bound {wbound}), gaps {gaps} (bound {gbound})")
    return ExactResult(slot_of, weight, wbound, wopt, gaps, gbound, gopt, max_unplaced, status)
