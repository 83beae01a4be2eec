"""The recommendation engine: candidate scoring in chunks, then exposure-aware assignment.

Method (documented in docs/matchmaking.md):

1. Score every allowed pair in row chunks (``options.chunk_size`` rows at a time) and keep
   each participant's best ``C = max(candidate_multiplier * K, 30)`` candidates. Pairs with
   score <= ``min_score`` and targets with capacity 0 are dropped.
2. Capped greedy assignment: walk all (viewer, target) candidate pairs by decreasing score
   and put target in viewer's list if the list has room and the target's exposure (number of
   lists it is in) is below its cap ``ceil(exposure_factor * capacity)``. This is the
   classic 1/2-approximation of a maximum-weight b-matching with per-target capacities.
3. Fill: lists still shorter than K take, round-robin one position per round, the remaining
   candidate with the best penalised score ``score / (1 + overflow_penalty * over / cap)``
   where ``over`` is how many lists the target would exceed its cap by.
4. Each list is shown sorted by score.
"""

from __future__ import annotations

import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from partnerup.matchmaking.model import (
    MatchProblem,
    MatchResult,
    ParticipantSummary,
    Reason,
    Recommendation,
)
from partnerup.matchmaking.scoring import ScoringContext

log = logging.getLogger(__name__)


def _candidates(
    ctx: ScoringContext, n_cand: int, min_score: float, workers: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Best ``n_cand`` targets per row, sorted by (score desc, index asc); -1 = none."""
    n = ctx.n
    chunk = max(1, ctx.problem.options.chunk_size)
    cand = np.full((n, n_cand), -1, dtype=np.int64)
    cscore = np.zeros((n, n_cand), dtype=np.float32)
    best = np.zeros(n, dtype=np.float32)
    no_capacity = np.flatnonzero(ctx.capacity <= 0)
    ctx.prepare()

    # Column block width of the pre-selection below: at least 2 * n_cand blocks per row.
    width = max(1, min(128, n // (2 * n_cand)))
    floor = np.float32(np.nextafter(np.float32(min_score), np.float32(2.0)))

    def run(r0: int) -> None:
        r1 = min(n, r0 + chunk)
        rows = r1 - r0
        block = ctx.block(r0, r1)
        if no_capacity.size:
            block[:, no_capacity] = -1.0
        # Pre-select without sorting whole rows: the n_cand-th largest of the column-block
        # maxima is a lower bound of the n_cand-th largest score of the row.
        block_max = np.maximum.reduceat(block, np.arange(0, n, width), axis=1)
        best[r0:r1] = np.maximum(block_max.max(axis=1), 0.0)
        nb = block_max.shape[1]
        if nb > n_cand:
            tau = np.partition(block_max, nb - n_cand, axis=1)[:, nb - n_cand]
            tau = np.maximum(tau, floor)
        else:
            tau = np.full(rows, floor, dtype=np.float32)
        ri, ci = np.nonzero(block >= tau[:, None])
        vals = block[ri, ci]
        del block
        order = np.lexsort((ci, -vals, ri))
        ri, ci, vals = ri[order], ci[order], vals[order]
        counts = np.bincount(ri, minlength=rows)
        first = np.concatenate(([0], np.cumsum(counts)[:-1]))
        rank = np.arange(ri.size) - first[ri]
        keep = rank < n_cand
        cand[r0 + ri[keep], rank[keep]] = ci[keep]
        cscore[r0 + ri[keep], rank[keep]] = vals[keep]

    starts = list(range(0, n, chunk))
    if workers > 1 and len(starts) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(run, starts))
    else:
        for r0 in starts:
            run(r0)
    return cand, cscore, best


def recommend(
    problem: MatchProblem, top_k: int | None = None, *, with_reasons: bool = True
) -> MatchResult:
    """Recommend up to ``top_k`` (default ``problem.options.top_k``) others per participant.

    With ``with_reasons=False`` every ``Recommendation.reasons`` is empty (saves about a
    third of the time on large events); use :func:`explain` for the lists actually shown.
    """
    opts = problem.options
    k = int(top_k if top_k is not None else opts.top_k)
    if k < 1:
        raise ValueError("top_k must be >= 1")
    clock = (time.perf_counter(), time.process_time())

    def phase(name: str) -> None:
        nonlocal clock
        now = (time.perf_counter(), time.process_time())
        log.debug("recommend: %s wall %.2fs cpu %.2fs", name, now[0] - clock[0], now[1] - clock[1])
        clock = now

    ctx = ScoringContext(problem)
    phase("profiles and TF-IDF")
    n = ctx.n
    parts = problem.participants
    if n == 0:
        return MatchResult(k, {}, (), (), opts)
    n_cand = min(max(n - 1, 1), max(opts.candidate_multiplier * k, 30))
    workers = max(1, min(2, os.cpu_count() or 1))
    cand, cscore, best = _candidates(ctx, n_cand, opts.min_score, workers)
    phase("chunked scoring")

    # Raw demand: lists a participant would be in without exposure control.
    raw_top = cand[:, :k]
    raw_demand = np.bincount(raw_top[raw_top >= 0], minlength=n)

    cap = np.where(
        ctx.capacity > 0, np.ceil(opts.exposure_factor * ctx.capacity).astype(np.int64), 0
    )
    cap = np.maximum(cap, (ctx.capacity > 0).astype(np.int64))
    exposure = np.zeros(n, dtype=np.int64)
    used = cand < 0  # candidate slots that can no longer be taken

    # Phase 2: capped greedy over all candidate pairs by decreasing score.
    viewers, slots = np.nonzero(cand >= 0)
    targets = cand[viewers, slots]
    scores = cscore[viewers, slots]
    order = np.lexsort((targets, viewers, -scores))
    room = np.full(n, k, dtype=np.int64)
    exp_l, cap_l, room_l = exposure.tolist(), cap.tolist(), room.tolist()
    for v, slot, t in zip(
        viewers[order].tolist(), slots[order].tolist(), targets[order].tolist(), strict=True
    ):
        if room_l[v] > 0 and exp_l[t] < cap_l[t]:
            used[v, slot] = True
            room_l[v] -= 1
            exp_l[t] += 1
    exposure = np.asarray(exp_l, dtype=np.int64)
    room = np.asarray(room_l, dtype=np.int64)

    phase("capped greedy")

    # Phase 3: fill the remaining positions with penalised re-ranking. Round-synchronous:
    # each round, every list that is still short takes its best remaining candidate by
    # penalised score given the exposures at the start of the round.
    capf = np.maximum(cap, 1).astype(np.float64)
    while True:
        pending = np.flatnonzero((room > 0) & ~used.all(axis=1))
        if pending.size == 0:
            break
        c = cand[pending]
        tgt = np.where(c >= 0, c, 0)
        over = np.maximum(exposure[tgt] + 1 - cap[tgt], 0)
        adj = cscore[pending] / (1.0 + opts.overflow_penalty * over / capf[tgt])
        adj[used[pending]] = -np.inf
        slot = np.argmax(adj, axis=1)
        picked = c[np.arange(pending.size), slot]
        used[pending, slot] = True
        room[pending] -= 1
        np.add.at(exposure, picked, 1)

    # Sort for display, compute reasons and the organiser view.
    phase("fill")
    # Candidate slots are sorted by (score desc, index asc), so the chosen slots of a row, in
    # slot order, are the list in display order.
    flat_v, flat_slot = np.nonzero(used & (cand >= 0))
    flat_t = cand[flat_v, flat_slot]
    flat_s = cscore[flat_v, flat_slot].astype(np.float64)
    counts = np.bincount(flat_v, minlength=n)
    starts = np.concatenate(([0], np.cumsum(counts)))
    flat_rank = np.arange(flat_v.size) - starts[flat_v]
    expected = np.zeros(n, dtype=np.float64)
    np.add.at(expected, flat_t, flat_s / np.log2(flat_rank + 2.0))
    no_reasons: list[tuple[Reason, ...]] = [()] * int(flat_v.size)
    reasons = ctx.reasons_bulk(flat_v, flat_t) if with_reasons else no_reasons
    phase("reasons")
    ids = [p.id for p in parts]
    t_ids = [ids[t] for t in flat_t.tolist()]
    s_list = flat_s.tolist()
    recs_all = [Recommendation(t_ids[q], s_list[q], reasons[q]) for q in range(flat_v.size)]
    bounds = starts.tolist()
    recommendations: dict[str, tuple[Recommendation, ...]] = {
        ids[v]: tuple(recs_all[bounds[v] : bounds[v + 1]]) for v in range(n)
    }

    phase("result objects")
    summaries = tuple(
        ParticipantSummary(
            participant_id=p.id,
            capacity=p.capacity,
            exposure=int(exposure[i]),
            exposure_cap=int(cap[i]),
            raw_demand=int(raw_demand[i]),
            expected_requests=float(expected[i]),
            best_score=float(best[i]),
            has_good_match=bool(best[i] >= opts.good_match_threshold),
        )
        for i, p in enumerate(parts)
    )
    no_good = tuple(s.participant_id for s in summaries if not s.has_good_match)
    return MatchResult(k, recommendations, summaries, no_good, opts)


def explain(problem: MatchProblem, viewer_id: str, other_id: str) -> tuple[Reason, ...]:
    """Reasons, as ``viewer_id`` may see them, for meeting ``other_id`` (one pair, exact).

    Builds the scoring context, so for many pairs prefer ``recommend(..., with_reasons=True)``.
    Raises ``KeyError`` for an unknown id and ``ValueError`` for a pair that is never
    recommended (same participant, same organisation or excluded).
    """
    ctx = ScoringContext(problem)
    i, j = ctx.index[viewer_id], ctx.index[other_id]
    if ctx.forbidden(i, j):
        raise ValueError(f"{viewer_id!r} and {other_id!r} are never recommended to each other")
    return ctx.reasons(i, j)
