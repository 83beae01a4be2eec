"""Fewest gaps as weighted MaxSAT, solved with RC2 (core-guided, PySAT), when every meeting is
placed.

This is the method that Bofill et al. (JAIR 74, 2022) found best on the real B2B events: hard
clauses for the schedule, one soft clause per possible gap, and implied constraints. The encoding:
- x[m,s] for each candidate slot of m: exactly one per meeting (every meeting is placed);
- busy[p,s] <-> OR of p's x[m,s], at most one of p's meetings per slot, at most one busy slot
  per group of overlapping slots, none of the slot pairs too close for travel;
- per slot and seat threshold k: meetings of >= k people without a fixed table <= free tables
  with >= k seats (totalizer), and max_meetings per participant;
- gaps: earlier[p,s] <- busy[p,t] for t on the same day ending before s's start; a gap ends at s
  when busy[p,s], no slot ending exactly at s's start is busy, and earlier[p,s]; soft: no gap at s.
  This counts exactly the gaps of `state.gaps_of`.
- implied: each participant is busy in exactly as many slots as it has meetings; the people busy
  in a slot are at most the seats its free tables can take; and for participants whose slots lie
  on one day of back-to-back slots, "no gap" means one window of consecutive slots
  (one literal per window start), which propagates much more than the gap clauses alone.

RC2 proves optimality itself (its lower bound meets its solution), but gives no schedule before
it finishes, so the caller keeps another search as a fallback. The run stops on a propagation
budget (deterministic) or when `stop` is set (from another thread: the solver is interrupted).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass

from partnerup.scheduling.compiled import Compiled
from partnerup.scheduling.exact import WALL_SAFETY, day_chains, placeable_counts

try:  # PySAT is a required dependency; the guard keeps the engine usable without its binary
    from pysat.card import CardEnc, EncType
    from pysat.examples.rc2 import RC2
    from pysat.formula import WCNF, IDPool

    AVAILABLE = True
except ImportError:  # pragma: no cover - exercised only on platforms without a wheel
    AVAILABLE = False

# Glucose propagates about 10-20 million literals per second here; the deterministic budget
# converts a time share into propagations with the lower figure.
PROPAGATIONS_PER_SECOND = 3_000_000


@dataclass
class MaxsatResult:
    slot_of: dict[int, int]
    gaps: int


class _Stopped(Exception):
    pass


class _Encoder:
    def __init__(self, c: Compiled) -> None:
        self.c = c
        self.pool = IDPool()
        self.wcnf = WCNF()
        self.x: dict[tuple[int, int], int] = {}

    def var(self, *key: object) -> int:
        return self.pool.id(key)

    def hard(self, clause: list[int]) -> None:
        self.wcnf.append(clause)

    def at_most_one(self, lits: list[int]) -> None:
        if len(lits) <= 1:
            return
        if len(lits) <= 32:
            for i, a in enumerate(lits):
                for b in lits[i + 1 :]:
                    self.hard([-a, -b])
            return
        self._card(CardEnc.atmost, lits, 1, EncType.seqcounter)

    def at_most(self, lits: list[int], k: int) -> None:
        if len(lits) > k:
            self._card(CardEnc.atmost, lits, k, EncType.totalizer)

    def exactly(self, lits: list[int], k: int) -> None:
        self._card(CardEnc.equals, lits, k, EncType.totalizer)

    def _card(self, fn, lits: list[int], k: int, enc: int) -> None:  # type: ignore[no-untyped-def]
        for clause in fn(lits=lits, bound=k, vpool=self.pool, encoding=enc).clauses:
            self.hard(clause)

    def encode(self) -> int:
        """Build the formula; returns the number of soft clauses."""
        c = self.c
        for m in range(c.n_meetings):
            if not c.cand[m]:
                continue
            lits = [self.var("x", m, s) for s in c.cand[m]]
            for s, v in zip(c.cand[m], lits, strict=True):
                self.x[m, s] = v
            self.hard(lits)
            self.at_most_one(lits)
        by_slot: dict[int, list[int]] = defaultdict(list)
        for m, s in self.x:
            by_slot[s].append(m)
        for s, ms in by_slot.items():
            for k in c.thresholds:
                mk = [self.x[m, s] for m in ms if c.size[m] >= k and c.fixed_table[m] is None]
                self.at_most(mk, c.cap[s][k])
        chains = day_chains(c)
        people_at: dict[int, list[int]] = defaultdict(list)
        soft = 0
        for p, need in enumerate(placeable_counts(c)):
            busy = self._busy(p, need)
            for s, b in busy.items():
                people_at[s].append(b)
            soft += self._gaps(p, busy, need, chains)
        # people busy in a slot <= seats of the free tables usable there (+ fixed-table meetings)
        for s, bs in people_at.items():
            ms = by_slot[s]
            biggest = max(c.size[m] for m in ms)
            free = c.cap[s][c.thresholds[0]]
            fixed = sum(c.size[m] for m in ms if c.fixed_table[m] is not None)
            self.at_most(bs, biggest * free + fixed)
        return soft

    def _busy(self, p: int, need: int) -> dict[int, int]:
        c = self.c
        per: dict[int, list[int]] = defaultdict(list)
        for m in c.person_meetings[p]:
            for s in c.cand[m]:
                per[s].append(self.x[m, s])
        busy: dict[int, int] = {}
        for s, xs in per.items():
            b = self.var("busy", p, s)
            busy[s] = b
            self.hard([-b, *xs])
            for v in xs:
                self.hard([-v, b])
            self.at_most_one(xs)
        for clique in c.cliques:
            self.at_most_one([busy[s] for s in clique if s in busy])
        for s, t in c.travel_pairs:
            if s in busy and t in busy:
                self.hard([-busy[s], -busy[t]])
        if c.person_max[p] is not None:
            self.at_most(list(busy.values()), c.person_max[p])
        if need > 0:
            self.exactly(list(busy.values()), need)
        return busy

    def _gaps(self, p: int, busy: dict[int, int], need: int, chains: dict[int, list[int]]) -> int:
        c = self.c
        if need < 2 or len(busy) < 2:
            return 0
        by_day: dict[int, list[int]] = defaultdict(list)
        for s in busy:
            by_day[c.slot_day[s]].append(s)
        soft = 0
        gap_lits: list[int] = []
        for ss in by_day.values():
            if len(ss) < 2:
                continue
            ss.sort(key=lambda s: (c.slot_start[s], c.slot_end[s]))
            known: set[int] = set()  # slots implying the previous slot's "earlier"
            prev_earlier = None
            for s in ss:
                # strictly before: a slot ending exactly at s's start would be back to back
                earlier_slots = {t for t in ss if c.slot_end[t] < c.slot_start[s]}
                if not earlier_slots:
                    continue
                # earlier[p,s] <- earlier[p,s'] of the previous slot s', plus the new ones:
                # a chain of implications rather than all pairs
                earlier = self.var("earlier", p, s)
                if prev_earlier is not None:
                    self.hard([-prev_earlier, earlier])
                for t in earlier_slots - known:
                    self.hard([-busy[t], earlier])
                known, prev_earlier = earlier_slots, earlier
                gap = self.var("gap", p, s)
                back = [busy[t] for t in c.prev[s] if t in busy]
                self.hard([-busy[s], *back, -earlier, gap])
                self.wcnf.append([-gap], weight=1)
                gap_lits.append(gap)
                soft += 1
        days = set(by_day)
        if len(days) == 1:
            chain = chains.get(next(iter(days)))
            if chain is not None:
                self._windows(p, busy, chain, need, gap_lits)
        return soft

    def _windows(
        self, p: int, busy: dict[int, int], chain: list[int], need: int, gap_lits: list[int]
    ) -> None:
        pos = {s: i for i, s in enumerate(chain)}
        idx = sorted(pos[s] for s in busy)
        tight = self.var("tight", p)
        starts = []
        for a in range(idx[0], idx[-1] - need + 2):
            cover = chain[a : a + need]
            if len(cover) == need and all(s in busy for s in cover):
                w = self.var("window", p, a)
                starts.append(w)
                self.hard([-w, tight])
                inside = set(cover)
                for s, b in busy.items():
                    self.hard([-w, b] if s in inside else [-w, -b])
        self.hard([-tight, *starts])
        # no gap at all -> one window
        self.hard([*gap_lits, tight])


class _BudgetRC2(RC2):  # type: ignore[misc]
    """RC2 whose SAT calls stop on a shared propagation budget or when `stop` is set.

    SAT calls run in slices of CHUNK conflicts and check `stop` between slices: interrupting
    Glucose from another thread was seen to take 20 s and more to be honoured. The slices do not
    change the search (same propagation count with 2,000 or 100,000 conflicts per slice); 1,000
    keeps the answer to `stop` short."""

    CHUNK = 1000
    budget: int | None = None
    stop: threading.Event | None = None
    _minimizing = False

    def minimize_core(self):  # type: ignore[no-untyped-def]
        # RC2 gives core minimisation 1000 conflicts in all (set once, shared by its calls)
        # and expects None past that. Giving each call 1000 instead made ticf-13crafb take
        # 31-34 s rather than 22-25 s.
        self._minimizing = True
        try:
            return super().minimize_core()
        finally:
            self._minimizing = False

    def _call_oracle(self, assumptions=(), expect_interrupt=False):  # type: ignore[no-untyped-def]
        oracle = self.oracle
        while True:
            if self.stop is not None and self.stop.is_set():
                raise _Stopped
            if self.budget is not None:
                left = self.budget - oracle.accum_stats()["propagations"]
                if left <= 0:
                    raise _Stopped
                oracle.prop_budget(left)
            if not self._minimizing:
                oracle.conf_budget(self.CHUNK)
            result = oracle.solve_limited(assumptions=list(assumptions), expect_interrupt=True)
            if result is not None or self._minimizing:
                if (
                    result is None
                    and self.budget is not None
                    and oracle.accum_stats()["propagations"] >= self.budget
                ):
                    raise _Stopped
                return result


class MaxsatGaps:
    """One MaxSAT run; `run` may be called from a worker thread and `interrupt` from another."""

    def __init__(self, c: Compiled) -> None:
        self.c = c
        self.stop = threading.Event()
        self.result: MaxsatResult | None = None
        self.propagations = 0

    def interrupt(self) -> None:
        """Stop the run within one slice of conflicts (milliseconds)."""
        self.stop.set()

    def run(self, seconds: float | None) -> MaxsatResult | None:
        """Optimal schedule by gaps, or None when stopped first. `seconds`: deterministic budget
        (converted to propagations); None runs until done or interrupted."""
        if not AVAILABLE:
            return None
        enc = _Encoder(self.c)
        enc.encode()
        if self.stop.is_set():
            return None
        timer = None
        if seconds is not None:
            # the budget is deterministic; the wall-clock cap only guards against a machine far
            # slower than PROPAGATIONS_PER_SECOND assumes
            timer = threading.Timer(seconds * WALL_SAFETY, self.interrupt)
            timer.daemon = True
            timer.start()
        rc2 = _BudgetRC2(enc.wcnf, solver="g3", adapt=True, exhaust=True, minz=True, trim=5)
        rc2.stop = self.stop
        if seconds is not None:
            rc2.budget = max(1, int(seconds * PROPAGATIONS_PER_SECOND))
        try:
            model = rc2.compute()
        except _Stopped:
            return None
        finally:
            if timer is not None:
                timer.cancel()
            self.propagations = rc2.oracle.accum_stats()["propagations"] if rc2.oracle else 0
            rc2.delete()
        if model is None:
            return None
        true = {v for v in model if v > 0}
        slot_of = {m: s for (m, s), v in enc.x.items() if v in true}
        self.result = MaxsatResult(slot_of, int(rc2.cost))
        return self.result
