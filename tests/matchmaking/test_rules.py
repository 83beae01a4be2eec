"""Unit tests of each engine rule."""

from __future__ import annotations

import pytest

from partnerup.matchmaking import Asset, ScoringContext, explain, recommend

from .factories import person, problem, texts


def ids(result, pid):
    return [r.participant_id for r in result.recommendations[pid]]


def test_never_recommends_own_organisation():
    parts = [
        person("a", "acme", offers=["mod:radio"], seeks=["svc:funding"]),
        person("b", "acme", "investor", offers=["svc:funding"], seeks=["mod:radio"]),
        person("c", "other", "investor", offers=["svc:funding"], seeks=["mod:adc"]),
    ]
    result = recommend(problem(parts), top_k=5)
    assert "b" not in ids(result, "a")
    assert "a" not in ids(result, "b")
    assert "c" in ids(result, "a")


def test_never_recommends_excluded_pair_either_way():
    parts = [
        person("a", offers=["mod:radio"], seeks=["svc:funding"], raising=True),
        person("b", ptype="investor", offers=["svc:funding"], seeks=["mod:radio"]),
        person("c", ptype="investor", offers=["svc:funding"], seeks=["mod:adc"]),
    ]
    result = recommend(problem(parts, excluded=[("b", "a")]), top_k=5)
    assert "b" not in ids(result, "a")
    assert "a" not in ids(result, "b")
    ctx = ScoringContext(problem(parts, excluded=[("b", "a")]))
    assert ctx.pair_score(0, 1) == -1.0
    assert ctx.block(0, 3)[0, 1] == -1.0


def test_excluded_pair_with_someone_no_longer_a_candidate_is_ignored():
    """An organiser rejected "gone" after it asked "a": the old pair must not break the run."""
    parts = [
        person("a", offers=["mod:radio"], seeks=["svc:funding"], raising=True),
        person("b", ptype="investor", offers=["svc:funding"], seeks=["mod:radio"]),
    ]
    result = recommend(problem(parts, excluded=[("gone", "a"), ("b", "gone")]), top_k=5)
    assert ids(result, "a") == ["b"]


def test_never_recommends_self_and_capacity_zero_targets():
    parts = [
        person("a", offers=["mod:radio"], seeks=["svc:funding"]),
        person("b", ptype="investor", offers=["svc:funding"], seeks=["mod:radio"], capacity=0),
        person("c", ptype="investor", offers=["svc:funding"], seeks=["mod:adc"]),
    ]
    result = recommend(problem(parts), top_k=5)
    for pid in "abc":
        assert pid not in ids(result, pid)
        assert "b" not in ids(result, pid)
    # b cannot take meetings but still gets recommendations itself
    assert ids(result, "b")


def test_reason_reads_like_the_issue():
    parts = [
        person("me", offers=["mod:radio"], seeks=["svc:licensing"]),
        person("them", ptype="pharma", offers=["svc:licensing"], seeks=["mod:radio"]),
    ]
    result = recommend(problem(parts), top_k=3)
    reasons = texts(result.recommendations["me"][0].reasons)
    assert "they seek radiopharmaceuticals, you offer them" in reasons
    assert "they offer licensing, which you seek" in reasons
    assert "pharma team scouting start-ups like you" in reasons
    back = texts(result.recommendations["them"][0].reasons)
    assert "they offer radiopharmaceuticals, which you seek" in back
    assert "start-up: the kind of partner pharma scouts look for" in back


def test_labels_fall_back_to_term_ids():
    parts = [
        person("me", offers=["x:unlabelled"]),
        person("them", ptype="pharma", seeks=["x:unlabelled"]),
    ]
    reasons = texts(recommend(problem(parts), top_k=1).recommendations["me"][0].reasons)
    assert "they seek x:unlabelled, you offer them" in reasons


def test_pharma_scouts_prefer_startups_and_academics_over_other_pharma():
    common = {"offers": ["mod:adc"], "seeks": ["svc:licensing"]}
    parts = [
        person("scout", ptype="pharma", offers=["svc:licensing"], seeks=["mod:adc"]),
        person("rival", ptype="pharma", **common),
        person("start", ptype="startup", **common),
        person("lab", ptype="academic", **common),
    ]
    got = ids(recommend(problem(parts), top_k=3), "scout")
    assert got.index("start") < got.index("rival")
    assert got.index("lab") < got.index("rival")


def test_investors_prefer_companies_that_are_raising():
    common = {"offers": ["mod:adc"], "seeks": ["svc:funding"]}
    parts = [
        person("vc", ptype="investor", offers=["svc:funding"], seeks=["mod:adc"]),
        person("quiet", ptype="startup", raising=False, **common),
        person("raising", ptype="startup", raising=True, **common),
    ]
    result = recommend(problem(parts), top_k=2)
    assert ids(result, "vc") == ["raising", "quiet"]
    reasons = texts(result.recommendations["vc"][0].reasons)
    assert "they are raising money (start-up) and you invest" in reasons
    to_raiser = texts(result.recommendations["raising"][0].reasons)
    assert "they are an investor and you are raising money" in to_raiser


def test_stage_and_modality_fit_count_and_are_explained():
    parts = [
        person("me", offers=["ind:breast"], modalities=["mod:adc"], stage="stage:pre"),
        person(
            "same",
            ptype="academic",
            seeks=["ind:breast"],
            modalities=["mod:adc"],
            stage="stage:pre",
        ),
        person("near", ptype="academic", seeks=["ind:breast"], stage="stage:p1"),
        person("far", ptype="academic", seeks=["ind:breast"]),
    ]
    result = recommend(problem(parts), top_k=3)
    recs = result.recommendations["me"]
    assert [r.participant_id for r in recs] == ["same", "near", "far"]
    assert "you both work on antibody-drug conjugates" in texts(recs[0].reasons)
    assert "same stage: preclinical" in texts(recs[0].reasons)
    assert "neighbouring stage: they are at Phase I" in texts(recs[1].reasons)


def test_text_similarity_breaks_ties_and_is_explained():
    parts = [
        person("me", offers=["mod:radio"], text="PSMA radioligand therapy for prostate cancer"),
        person(
            "text",
            ptype="pharma",
            seeks=["mod:radio"],
            text="We in-license PSMA radioligand programmes",
        ),
        person("plain", ptype="pharma", seeks=["mod:radio"], text="Digital pathology tools"),
    ]
    result = recommend(problem(parts), top_k=2)
    recs = result.recommendations["me"]
    assert recs[0].participant_id == "text"
    assert recs[0].score > recs[1].score
    mention = [r for r in texts(recs[0].reasons) if r.startswith("your descriptions both mention")]
    assert mention
    assert "psma" in mention[0]
    assert "radioligand" in mention[0]


def test_scores_are_in_unit_interval_and_lists_sorted():
    parts = [
        person("a", offers=["mod:radio", "tgt:psma"], seeks=["svc:licensing"], text="psma"),
        person(
            "b",
            ptype="pharma",
            offers=["svc:licensing"],
            seeks=["mod:radio", "tgt:psma"],
            text="psma",
        ),
        person("c", ptype="academic", offers=["mod:adc"], seeks=["svc:funding"]),
    ]
    result = recommend(problem(parts), top_k=5)
    for recs in result.recommendations.values():
        scores = [r.score for r in recs]
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= s <= 1.0 for s in scores)


def test_no_good_match_and_demand_for_organisers():
    parts = [
        person("a", offers=["mod:radio"], seeks=["svc:licensing"]),
        person("b", ptype="pharma", offers=["svc:licensing"], seeks=["mod:radio"]),
        person("lonely", ptype="student", offers=["x:juggling"], seeks=["x:circus"]),
    ]
    result = recommend(problem(parts, good_match_threshold=0.3), top_k=2)
    assert "lonely" in result.no_good_match
    assert "a" not in result.no_good_match
    summary = {s.participant_id: s for s in result.participants}
    assert summary["b"].exposure >= 1
    assert summary["b"].expected_requests > 0
    assert summary["lonely"].best_score < 0.3


def test_exposure_is_spread_over_capacity():
    # Twelve start-ups all like the same star pharma (capacity 1, cap 2 lists) best,
    # but each has decent alternatives: the star must not be in every list.
    parts = [
        person(
            "star",
            "big",
            "pharma",
            offers=["svc:licensing", "svc:funding"],
            seeks=["mod:radio", "tgt:psma"],
            capacity=1,
        )
    ]
    for k in range(4):
        parts.append(
            person(
                f"alt{k}",
                f"alt{k}",
                "pharma",
                offers=["svc:licensing"],
                seeks=["mod:radio"],
                capacity=10,
            )
        )
    for k in range(12):
        parts.append(
            person(
                f"s{k}",
                offers=["mod:radio", "tgt:psma"],
                seeks=["svc:licensing", "svc:funding"],
                capacity=5,
            )
        )
    result = recommend(problem(parts, exposure_factor=2.0), top_k=2)
    star_lists = sum(
        1 for recs in result.recommendations.values() for r in recs if r.participant_id == "star"
    )
    summary = {s.participant_id: s for s in result.participants}["star"]
    assert summary.exposure_cap == 2
    assert star_lists == summary.exposure <= 2
    assert summary.raw_demand >= 12
    for k in range(12):
        assert len(result.recommendations[f"s{k}"]) == 2


def test_fill_phase_exceeds_caps_rather_than_leaving_lists_empty():
    parts = [
        person("p", "big", "pharma", offers=["svc:licensing"], seeks=["mod:radio"], capacity=1)
    ]
    parts += [person(f"s{k}", offers=["mod:radio"], seeks=["svc:licensing"]) for k in range(6)]
    result = recommend(problem(parts, exposure_factor=1.0), top_k=1)
    for k in range(6):
        assert [r.participant_id for r in result.recommendations[f"s{k}"]] == ["p"]


def test_deterministic():
    parts = [
        person(f"p{k}", ptype=t, offers=["mod:radio"], seeks=["svc:licensing"], text="psma")
        for k, t in enumerate(["startup", "pharma", "academic", "pharma", "startup"])
    ]
    assert recommend(problem(parts), 3) == recommend(problem(parts), 3)


def test_public_asset_counts_for_everyone():
    parts = [
        person("me", seeks=["tgt:her2"]),
        person(
            "them", ptype="biotech", assets=[Asset("a1", ("tgt:her2",), "HER2 bispecific", None)]
        ),
    ]
    reasons = texts(recommend(problem(parts), 1).recommendations["me"][0].reasons)
    assert "they offer HER2, which you seek" in reasons


def test_explain_matches_recommend_and_without_reasons_keeps_lists():
    parts = [
        person("me", offers=["mod:radio"], seeks=["svc:licensing"]),
        person("them", ptype="pharma", offers=["svc:licensing"], seeks=["mod:radio"]),
        person("mate", "org-me", ptype="academic", seeks=["mod:radio"]),
    ]
    prob = problem(parts)
    full = recommend(prob, 2)
    assert explain(prob, "me", "them") == full.recommendations["me"][0].reasons
    bare = recommend(prob, 2, with_reasons=False)
    for pid, recs in full.recommendations.items():
        assert [(r.participant_id, r.score) for r in recs] == [
            (r.participant_id, r.score) for r in bare.recommendations[pid]
        ]
        assert all(r.reasons == () for r in bare.recommendations[pid])
    with pytest.raises(ValueError, match="never recommended"):
        explain(prob, "me", "mate")
