"""Hypothesis tests of invariants, and vectorised == scalar consistency."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerup.matchmaking import (
    PARTICIPANT_TYPES,
    REASON_CODES,
    Asset,
    ExcludedPair,
    MatchProblem,
    Options,
    Participant,
    ScoringContext,
    recommend,
)

TERMS = ["t:a", "t:b", "t:c", "t:d", "t:e"]
WORDS = ["psma", "her2", "kras", "adc", "radioligand", "breast", "lung", "funding", "trial"]
ORGS = ["o1", "o2", "o3", "o4", "o5", "o6"]
STAGES = ["s1", "s2", "s3"]


@st.composite
def problems(draw) -> MatchProblem:
    n = draw(st.integers(min_value=1, max_value=9))
    parts = []
    for k in range(n):
        assets = []
        for a in range(draw(st.integers(0, 2))):
            audience = draw(st.none() | st.frozensets(st.sampled_from(ORGS), max_size=3))
            assets.append(
                Asset(
                    id=f"a{a}",
                    terms=tuple(draw(st.lists(st.sampled_from(TERMS), max_size=3, unique=True))),
                    text=" ".join(draw(st.lists(st.sampled_from(WORDS), max_size=5))),
                    audience=audience,
                )
            )
        parts.append(
            Participant(
                id=f"p{k}",
                organisation=draw(st.sampled_from(ORGS)),
                type=draw(st.sampled_from(PARTICIPANT_TYPES)),
                offers=tuple(draw(st.lists(st.sampled_from(TERMS), max_size=3, unique=True))),
                seeks=tuple(draw(st.lists(st.sampled_from(TERMS), max_size=3, unique=True))),
                stage=draw(st.none() | st.sampled_from(STAGES)),
                modalities=tuple(draw(st.lists(st.sampled_from(TERMS), max_size=2, unique=True))),
                raising=draw(st.booleans()),
                text=" ".join(draw(st.lists(st.sampled_from(WORDS), max_size=6))),
                capacity=draw(st.integers(0, 3)),
                assets=tuple(assets),
            )
        )
    excluded = []
    if n >= 2:
        for a, b in draw(
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=4)
        ):
            if a != b:
                excluded.append(ExcludedPair(f"p{a}", f"p{b}"))
    return MatchProblem(
        participants=tuple(parts),
        excluded=tuple(excluded),
        stages=("s1", "s2"),
        options=Options(
            top_k=draw(st.integers(1, 4)),
            exposure_factor=draw(st.sampled_from([0.5, 1.0, 2.0])),
            chunk_size=draw(st.integers(1, 4)),
            candidate_multiplier=draw(st.integers(1, 3)),
        ),
    )


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(problems())
def test_invariants(problem: MatchProblem) -> None:
    result = recommend(problem)
    by_id = {p.id: p for p in problem.participants}
    excluded = {frozenset((e.a, e.b)) for e in problem.excluded}
    exposure = dict.fromkeys(by_id, 0)
    for viewer, recs in result.recommendations.items():
        got = [r.participant_id for r in recs]
        assert len(got) == len(set(got)) <= problem.options.top_k
        scores = [r.score for r in recs]
        assert scores == sorted(scores, reverse=True)
        for r in recs:
            other = by_id[r.participant_id]
            assert r.participant_id != viewer
            assert other.organisation != by_id[viewer].organisation
            assert frozenset((viewer, r.participant_id)) not in excluded
            assert other.capacity > 0
            assert problem.options.min_score < r.score <= 1.0
            assert r.reasons and all(x.code in REASON_CODES for x in r.reasons)
            exposure[r.participant_id] += 1
    for s in result.participants:
        assert s.exposure == exposure[s.participant_id]
        assert s.has_good_match == (s.best_score >= problem.options.good_match_threshold)
        assert (s.participant_id in result.no_good_match) == (not s.has_good_match)
    assert set(result.recommendations) == set(by_id)


@SETTINGS
@given(problems())
def test_block_scores_equal_exact_pair_scores(problem: MatchProblem) -> None:
    ctx = ScoringContext(problem)
    full = ctx.block(0, ctx.n)
    for i in range(ctx.n):
        for j in range(ctx.n):
            assert abs(full[i, j] - ctx.pair_score(i, j)) < 1e-5, (i, j)
    if ctx.n:
        np.testing.assert_allclose(full, full.T, atol=1e-5)


@SETTINGS
@given(problems())
def test_bulk_reasons_equal_scalar_reasons(problem: MatchProblem) -> None:
    ctx = ScoringContext(problem)
    pairs = [(i, j) for i in range(ctx.n) for j in range(ctx.n) if not ctx.forbidden(i, j)]
    if not pairs:
        return
    v = np.array([p[0] for p in pairs])
    o = np.array([p[1] for p in pairs])
    assert ctx.reasons_bulk(v, o) == [ctx.reasons(i, j) for i, j in pairs]


@SETTINGS
@given(problems(), st.sampled_from(ORGS))
def test_non_audience_scores_do_not_depend_on_confidential_assets(problem, _org) -> None:
    stripped = MatchProblem(
        participants=tuple(
            Participant(
                **{**p.__dict__, "assets": tuple(a for a in p.assets if a.audience is None)}
            )
            for p in problem.participants
        ),
        excluded=problem.excluded,
        stages=problem.stages,
        options=problem.options,
    )
    a, b = ScoringContext(problem), ScoringContext(stripped)
    sa, sb = a.block(0, a.n), b.block(0, b.n)
    for i, pi in enumerate(problem.participants):
        for j, pj in enumerate(problem.participants):
            sees = any(x.audience and pj.organisation in x.audience for x in pi.assets) or any(
                x.audience and pi.organisation in x.audience for x in pj.assets
            )
            if not sees:
                assert sa[i, j] == sb[i, j]
                if i != j and not a.forbidden(i, j):
                    assert a.reasons(j, i) == b.reasons(j, i)
