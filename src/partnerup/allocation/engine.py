"""Pupil-proposing deferred acceptance (Gale-Shapley, Roth 1984) with single tie-breaking.

Everything is compiled to integers first (with numpy, see :class:`_Compiled`):

* pupil ``i`` and offer ``j`` are positions in the problem's lists;
* each pupil's preference list is filtered to the offers that can take them (listed, capacity
  above zero, and either no ranking or a ranking naming the pupil) and stored in flat lists,
  ``offs`` (offer index) and ``neg`` (minus the offer's priority key for the pupil), with
  ``start[i]:start[i + 1]`` the slice of pupil ``i``;
* the priority key is ``rank * n + i`` where ``rank`` is the pupil's position in the offer's ranking
  or, for an offer without a ranking, the pupil's lottery position. Keys are unique per offer,
  order pupils as the offer does (lower is better) and carry the pupil index (``key % n``), so
  each offer needs only a heap of negated keys: its top is the worst pupil it holds.

Proposals run as chains (McVitie-Wilson): a pupil walks down their list until held; a displaced
pupil continues from where they left off. The result does not depend on proposal order.
Afterwards :func:`_verify` checks the outcome (vectorised) and :func:`_max_flow` computes the
most pupils any allocation could place.
"""

from __future__ import annotations

import gc
import random
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from heapq import heappush, heapreplace
from itertools import chain, repeat

import numpy as np

from .model import (
    AllocationError,
    Assignment,
    Offer,
    PlacementProblem,
    PlacementResult,
    PlacementStats,
    ProblemError,
    Pupil,
    UnplacedReason,
)


def lottery_order(pupil_ids: Sequence[str], seed: int) -> list[str]:
    """The single lottery: ``random.Random(seed).shuffle`` of the pupil ids in input order.

    Position 0 is the best lottery number. The permutation depends only on the seed and the
    number of pupils (CPython's Mersenne Twister seeding of an int and ``shuffle`` are stable
    across platforms and versions since 3.2; note CPython seeds with ``abs(seed)``).
    """
    order = list(pupil_ids)
    random.Random(seed).shuffle(order)
    return order


def _lottery_positions(n: int, seed: int) -> tuple[list[int], np.ndarray]:
    """(pupil indices in lottery order, pupil index -> lottery position).

    The same permutation as :func:`lottery_order`: ``shuffle`` only depends on the length.
    """
    order = list(range(n))
    random.Random(seed).shuffle(order)
    lot = np.empty(n, dtype=np.int64)
    lot[np.asarray(order, dtype=np.int64)] = np.arange(n, dtype=np.int64)
    return order, lot


def _is_int(value: object) -> bool:
    return type(value) is int  # excludes bool


def _copies(texts: list[str]) -> Iterator[str]:
    """New string objects equal to ``texts`` (lone surrogates included), at C speed."""
    utf8, keep = repeat("utf-8"), repeat("surrogatepass")
    return map(bytes.decode, map(str.encode, texts, utf8, keep), utf8, keep)


def _index_ids(items: Sequence[Pupil] | Sequence[Offer], what: str) -> dict[str, int]:
    """id -> position. The keys are fresh copies of the ids, allocated one after another:
    compact in memory, they make the many lookups below noticeably faster than the originals
    scattered across the parsed JSON."""
    ids = [item.id for item in items]
    try:
        index = dict(zip(_copies(ids), range(len(ids)), strict=True))
    except TypeError:  # an id that is not a string
        index = {}
    if len(index) == len(ids) and "" not in index:
        return index
    index = {}
    for k, item_id in enumerate(ids):
        if type(item_id) is not str or not item_id:
            raise ProblemError(f"{what}[{k}].id", f"expected a non-empty string, got {item_id!r}")
        first = index.setdefault(item_id, k)
        if first != k:
            raise ProblemError(
                f"{what}[{k}].id", f"duplicate {what[:-1]} id {item_id!r} (also {what}[{first}])"
            )
    raise AssertionError("unreachable")  # pragma: no cover


class _Compiled:
    """The problem in integers (see the module docstring); built with numpy joins, not loops."""

    __slots__ = (
        "caps",
        "keys_arr",
        "n",
        "neg",
        "offs",
        "offs_arr",
        "oidx",
        "order",
        "pidx",
        "pos_arr",
        "start",
        "start_arr",
    )

    def __init__(self, problem: PlacementProblem) -> None:
        pupils, offers, seed = problem.pupils, problem.offers, problem.seed
        if not _is_int(seed):
            raise ProblemError("seed", f"expected an integer, got {seed!r}")
        self.pidx = pidx = _index_ids(pupils, "pupils")
        self.oidx = oidx = _index_ids(offers, "offers")
        n = self.n = len(pupils)
        m = len(offers)
        order, lot = _lottery_positions(n, seed)
        self.order = order

        caps = [offer.capacity for offer in offers]
        for j, cap in enumerate(caps):
            if not _is_int(cap) or cap < 0:
                raise ProblemError(
                    f"offers[{j}].capacity", f"expected an integer >= 0, got {cap!r}"
                )
        # An offer never holds more than n pupils; clamping keeps huge capacities in int64.
        self.caps = caps = [min(cap, n) for cap in caps]

        # Preferences: one flat array of offer indices, pupil by pupil.
        lengths = np.fromiter((len(p.preferences) for p in pupils), dtype=np.int64, count=n)
        total = int(lengths.sum())
        flat = chain.from_iterable(p.preferences for p in pupils)
        try:
            pref_offer = np.fromiter(map(oidx.__getitem__, flat), dtype=np.int64, count=total)
        except (KeyError, TypeError):
            _diagnose_preferences(pupils, oidx)
            raise
        pref_pupil = np.repeat(np.arange(n, dtype=np.int64), lengths)
        start_all = np.cumsum(lengths) - lengths
        pref_pair = pref_pupil * m + pref_offer
        if total > 1 and not (np.diff(np.sort(pref_pair)) > 0).all():
            _duplicate_preference(pupils)

        # Rankings: one flat array of (pupil, offer) pairs with the rank as value.
        ranked = [j for j, offer in enumerate(offers) if offer.ranking is not None]
        rank_lengths = np.fromiter(
            (len(offers[j].ranking or ()) for j in ranked), dtype=np.int64, count=len(ranked)
        )
        rank_total = int(rank_lengths.sum())
        rflat = chain.from_iterable(offers[j].ranking or () for j in ranked)
        try:
            rank_pupil = np.fromiter(map(pidx.__getitem__, rflat), dtype=np.int64, count=rank_total)
        except (KeyError, TypeError):
            _diagnose_rankings(offers, pidx)
            raise
        rank_offer = np.repeat(np.asarray(ranked, dtype=np.int64), rank_lengths)
        rank_starts = np.cumsum(rank_lengths) - rank_lengths
        rank_value = np.arange(rank_total, dtype=np.int64) - np.repeat(rank_starts, rank_lengths)
        rank_pair = rank_pupil * m + rank_offer
        sorter = np.argsort(rank_pair, kind="stable")
        rank_pair = rank_pair[sorter]
        duplicates = np.flatnonzero(rank_pair[1:] == rank_pair[:-1])
        if len(duplicates):
            k = int(sorter[duplicates[0] + 1])
            j = int(rank_offer[k])
            r = int(rank_value[k])
            raise ProblemError(
                f"offers[{j}].ranking[{r}]",
                f"pupil {offers[j].ranking[r]!r} appears more than once",  # type: ignore[index]
            )
        rank_value = rank_value[sorter]

        # Join: each preference's rank at its offer (ranking position or lottery position).
        is_ranked = np.zeros(m, dtype=bool)
        is_ranked[ranked] = True
        where = np.searchsorted(rank_pair, pref_pair)
        np.minimum(where, max(rank_total - 1, 0), out=where)
        found = rank_pair[where] == pref_pair if rank_total else np.zeros(total, dtype=bool)
        offer_ranked = is_ranked[pref_offer]
        has_places = np.asarray(caps, dtype=np.int64)[pref_offer] > 0
        acceptable = has_places & (found | ~offer_ranked)
        rank = np.where(offer_ranked, rank_value[where] if rank_total else 0, lot[pref_pupil])
        start = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(pref_pupil[acceptable], minlength=n), out=start[1:])
        self.keys_arr = (rank * n + pref_pupil)[acceptable]
        self.offs_arr = pref_offer[acceptable]
        self.start_arr = start
        # Position of each acceptable entry on the pupil's own list (0 = first choice).
        self.pos_arr = (np.arange(total, dtype=np.int64) - np.repeat(start_all, lengths))[
            acceptable
        ]
        # Python lists for the proposal loop (indexing lists is much faster than arrays).
        self.neg: list[int] = (-self.keys_arr).tolist()
        self.offs: list[int] = self.offs_arr.tolist()
        self.start: list[int] = start.tolist()


def _duplicate_preference(pupils: Sequence[Pupil]) -> None:
    for i, pupil in enumerate(pupils):
        seen: set[str] = set()
        for k, offer_id in enumerate(pupil.preferences):
            if offer_id in seen:
                raise ProblemError(
                    f"pupils[{i}].preferences[{k}]", f"offer {offer_id!r} appears more than once"
                )
            seen.add(offer_id)


def _diagnose_preferences(pupils: Sequence[Pupil], oidx: dict[str, int]) -> None:
    for i, pupil in enumerate(pupils):
        for k, s in enumerate(pupil.preferences):
            if type(s) is not str:
                raise ProblemError(
                    f"pupils[{i}].preferences[{k}]", f"expected an offer id, got {s!r}"
                ) from None
            if s not in oidx:
                raise ProblemError(
                    f"pupils[{i}].preferences[{k}]", f"unknown offer id {s!r}"
                ) from None


def _diagnose_rankings(offers: Sequence[Offer], pidx: dict[str, int]) -> None:
    for j, offer in enumerate(offers):
        for r, pid in enumerate(offer.ranking or ()):
            if type(pid) is not str:
                raise ProblemError(
                    f"offers[{j}].ranking[{r}]", f"expected a pupil id, got {pid!r}"
                ) from None
            if pid not in pidx:
                raise ProblemError(
                    f"offers[{j}].ranking[{r}]", f"unknown pupil id {pid!r}"
                ) from None


def check_problem(problem: PlacementProblem) -> None:
    """Raise :class:`ProblemError` naming the offending field if ``problem`` is inconsistent."""
    _Compiled(problem)


def _deferred_acceptance(c: _Compiled) -> list[list[int]]:
    """Return, per offer, the heap of negated keys of the pupils it holds at the end.

    A heap's top (its smallest item) is the negated key of the worst pupil the offer holds.
    """
    n, neg, offs, start = c.n, c.neg, c.offs, c.start
    free = list(c.caps)
    heaps: list[list[int]] = [[] for _ in free]
    ptr = start[:n]  # next entry each pupil would propose to
    # Any order gives the same result and the same proposals; in lottery order, offers without
    # a ranking swap pupils only for displaced pupils coming back, so fewer heap operations.
    for p in c.order:
        i = ptr[p]
        e = start[p + 1]
        while i < e:
            j = offs[i]
            if free[j]:
                free[j] -= 1
                heappush(heaps[j], neg[i])
                ptr[p] = i + 1
                break
            h = heaps[j]
            nk = neg[i]
            i += 1
            if nk > h[0]:  # the offer prefers p to the worst pupil it holds
                worst = heapreplace(h, nk)
                ptr[p] = i
                p = -worst % n  # the displaced pupil carries on down their list
                i = ptr[p]
                e = start[p + 1]
    return heaps


def _max_flow(c: _Compiled, offer_of: np.ndarray, backend: str = "ortools") -> int:
    """Maximum number of pupils placeable (ignoring stability): a maximum bipartite b-matching.

    Network: source -> pupil (capacity 1) -> offer (one arc per acceptable pair, capacity 1)
    -> sink (the offer's capacity). Deferred acceptance's allocation is already a flow, so only
    its residual network is solved (the extra pupils that augmenting paths can place):
    source -> unplaced pupil, pupil -> offer for unused pairs, offer -> pupil for used pairs,
    offer -> sink for spare places. Solved with OR-Tools' push-relabel ``SimpleMaxFlow`` (quick
    to import) or ``scipy.sparse.csgraph.maximum_flow`` (``backend="scipy"``, also the
    fallback if OR-Tools is missing).
    """
    n, m = c.n, len(c.caps)
    offs, start = c.offs_arr, c.start_arr
    lengths = np.diff(start)
    placed_mask = offer_of >= 0
    placed = int(np.count_nonzero(placed_mask))
    caps = np.asarray(c.caps, dtype=np.int64)
    spare = caps - np.bincount(offer_of[placed_mask], minlength=m)
    free_pupils = np.flatnonzero(~placed_mask & (lengths > 0))
    open_offers = np.flatnonzero(spare > 0)
    if len(free_pupils) == 0 or len(open_offers) == 0:
        return placed
    entry_pupil = np.repeat(np.arange(n, dtype=np.int64), lengths)
    used = offs == offer_of[entry_pupil]
    unused = ~used
    source, sink = n + m, n + m + 1
    tails = np.concatenate(
        [np.full(len(free_pupils), source), entry_pupil[unused], offs[used] + n, open_offers + n]
    )
    heads = np.concatenate(
        [free_pupils, offs[unused] + n, entry_pupil[used], np.full(len(open_offers), sink)]
    )
    capacities = np.concatenate(
        [np.ones(len(free_pupils) + len(offs), dtype=np.int64), spare[open_offers]]
    )
    if backend == "scipy":
        return placed + _max_flow_scipy(tails, heads, capacities, n + m + 2, source, sink)
    try:
        from ortools.graph.python.max_flow import SimpleMaxFlow  # lazy: import costs time
    except ImportError:  # pragma: no cover - OR-Tools is a project dependency
        return placed + _max_flow_scipy(tails, heads, capacities, n + m + 2, source, sink)
    solver = SimpleMaxFlow()
    solver.add_arcs_with_capacity(tails, heads, capacities)
    status = solver.solve(source, sink)
    if status != solver.OPTIMAL:  # pragma: no cover - cannot happen for a finite network
        raise RuntimeError(f"max flow failed with status {status}")
    return placed + int(solver.optimal_flow())


def _max_flow_scipy(
    tails: np.ndarray, heads: np.ndarray, capacities: np.ndarray, nodes: int, source: int, sink: int
) -> int:
    from scipy.sparse import csr_matrix  # lazy: scipy is slow to import
    from scipy.sparse.csgraph import maximum_flow

    graph = csr_matrix(
        (capacities.astype(np.int32), (tails.astype(np.int32), heads.astype(np.int32))),
        shape=(nodes, nodes),
    )
    return int(maximum_flow(graph, source, sink).flow_value)


def _reason(c: _Compiled, i: int, pupil: Pupil, no_place_offers: frozenset[str]) -> UnplacedReason:
    """Why an unplaced pupil is unplaced (in a stable allocation every offer that could take
    them is full of pupils it ranks higher)."""
    listed = len(pupil.preferences)
    if listed == 0:
        return UnplacedReason("listed_no_offers")
    accepting = c.start[i + 1] - c.start[i]
    no_places = 0
    if no_place_offers:
        no_places = sum(1 for s in pupil.preferences if s in no_place_offers)
    not_ranked = listed - accepting - no_places
    if accepting == listed:
        return UnplacedReason("filled", listed, could_take=accepting)
    if accepting == 0:
        if not_ranked == listed:
            code = "not_ranked"
        elif no_places == listed:
            code = "no_places"
        else:
            code = "not_ranked_or_no_places"
        return UnplacedReason(code, listed, not_ranked=not_ranked, no_places=no_places)
    return UnplacedReason(
        "filled_others_closed",
        listed,
        could_take=accepting,
        not_ranked=not_ranked,
        no_places=no_places,
    )


class _Outcome:
    """Deferred acceptance's result per pupil, as arrays."""

    __slots__ = ("offer", "position")

    def __init__(self, offer: np.ndarray, position: np.ndarray) -> None:
        self.offer = offer  # pupil index -> offer index, -1 if unplaced
        self.position = position  # pupil index -> position on own list (0 = first), -1


def _verify(c: _Compiled, heaps: list[list[int]]) -> tuple[list[str], _Outcome]:
    """Vectorised check of the deferred-acceptance output against the compiled problem.

    Independent of the proposal loop (it only reads the final heaps): every held pupil is held
    once, by an offer on their filtered list (listed and accepting them), within capacity, and
    no (pupil, offer) pair blocks. Returns violations by index (empty if fine) and the outcome.
    """
    n, m = c.n, len(c.caps)
    problems: list[str] = []
    offer_of = np.full(n, -1, dtype=np.int64)
    position = np.full(n, -1, dtype=np.int64)
    outcome = _Outcome(offer_of, position)
    sizes = np.fromiter(map(len, heaps), dtype=np.int64, count=m)
    held_offer = np.repeat(np.arange(m, dtype=np.int64), sizes)
    held_key = -np.fromiter(chain.from_iterable(heaps), dtype=np.int64, count=int(sizes.sum()))
    held_pupil = held_key % n
    caps = np.asarray(c.caps, dtype=np.int64)
    if (sizes > caps).any():
        problems.append(f"offers over capacity: {np.flatnonzero(sizes > caps)[:5].tolist()}")
    if len(held_pupil) and np.bincount(held_pupil, minlength=n).max() > 1:
        problems.append("a pupil is held by more than one offer")
    if problems:
        return problems, outcome
    offer_of[held_pupil] = held_offer
    start, offs, keys = c.start_arr, c.offs_arr, c.keys_arr
    entry_pupil = np.repeat(np.arange(n, dtype=np.int64), np.diff(start))
    at_place = offs == offer_of[entry_pupil]
    if np.count_nonzero(at_place) != len(held_pupil):
        problems.append("a pupil is held by an offer not on their list of offers that accept them")
        return problems, outcome
    if not (keys[at_place] == held_key[np.argsort(held_pupil)]).all():
        problems.append("a held key does not match the pupil's key at that offer")
        return problems, outcome
    placed_entries = np.flatnonzero(at_place)
    position[entry_pupil[placed_entries]] = c.pos_arr[placed_entries]
    # Entries strictly before the pupil's place (all entries for unplaced pupils).
    place_entry = start[1:].copy()
    place_entry[entry_pupil[placed_entries]] = placed_entries
    before = np.arange(len(offs)) < place_entry[entry_pupil]
    # An offer's worst held key; "infinite" if it has a free place (anyone acceptable gets in).
    worst = np.full(m, -1, dtype=np.int64)
    np.maximum.at(worst, held_offer, held_key)
    worst[sizes < caps] = np.iinfo(np.int64).max
    blocking = before & (keys < worst[offs])
    if blocking.any():
        e = int(np.flatnonzero(blocking)[0])
        problems.append(f"blocking pair: pupil #{entry_pupil[e]} and offer #{offs[e]}")
    return problems, outcome


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (it would rescan the many new objects repeatedly for
    nothing: the engine creates no reference cycles). Restores the previous state."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def allocate(problem: PlacementProblem) -> PlacementResult:
    """The pupil-optimal stable allocation of ``problem`` (pupil-proposing deferred acceptance).

    Raises :class:`ProblemError` if the problem is inconsistent (duplicate ids, unknown ids,
    negative capacity, ...) and :class:`AllocationError` if the result fails the engine's
    self-check (a bug).
    """
    with gc_paused():
        return _allocate(problem)


def _allocate(problem: PlacementProblem) -> PlacementResult:
    started = time.perf_counter()
    c = _Compiled(problem)
    heaps = _deferred_acceptance(c)
    problems, outcome = _verify(c, heaps)
    if problems:  # pragma: no cover - would be a bug in the engine
        raise AllocationError(problems)
    del heaps
    pupils, offers = problem.pupils, problem.offers
    pupil_ids = [p.id for p in pupils]
    offer_ids = [o.id for o in offers]

    placed_mask = outcome.offer >= 0
    placed_pupils = np.flatnonzero(placed_mask).tolist()
    placed_offers = outcome.offer[placed_mask].tolist()
    assignments = tuple(
        Assignment(pupil_ids[i], offer_ids[j])
        for i, j in zip(placed_pupils, placed_offers, strict=True)
    )
    no_place_offers = frozenset(o.id for o in offers if o.capacity == 0)
    unassigned_idx = np.flatnonzero(~placed_mask).tolist()
    unassigned = tuple(pupil_ids[i] for i in unassigned_idx)
    reasons = {pupil_ids[i]: _reason(c, i, pupils[i], no_place_offers) for i in unassigned_idx}
    counts = np.bincount(outcome.position[placed_mask] + 1).tolist()[1:]
    placed = len(assignments)
    max_placeable = _max_flow(c, outcome.offer)
    stats = PlacementStats(
        placed=placed,
        first_choice=counts[0] if counts else 0,
        rank_histogram=dict(enumerate(counts, start=1)),
        max_placeable=max_placeable,
        seconds=round(time.perf_counter() - started, 6),
    )
    return PlacementResult(
        assignments=assignments,
        unassigned=unassigned,
        stats=stats,
        reasons=reasons,
        lottery=tuple(pupil_ids[i] for i in c.order),
    )
