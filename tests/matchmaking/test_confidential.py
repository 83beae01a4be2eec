"""A confidential asset never leaks to, nor changes scores for, viewers outside its audience."""

from __future__ import annotations

import dataclasses

import numpy as np

from partnerup.matchmaking import Asset, ScoringContext, recommend

from .factories import person, problem, texts

SECRET = Asset(
    id="secret",
    terms=("tgt:psma", "mod:radio"),
    text="Confidential PSMA radioligand programme codenamed Zephyr",
    audience=frozenset({"insider-org"}),
)


def _parts(with_asset: bool):
    owner_assets = [SECRET] if with_asset else []
    return [
        person(
            "owner",
            "owner-org",
            "startup",
            offers=["ind:breast"],
            seeks=["svc:licensing"],
            text="Breast cancer biotech",
            assets=owner_assets,
        ),
        person(
            "insider",
            "insider-org",
            "pharma",
            offers=["svc:licensing"],
            seeks=["tgt:psma", "mod:radio"],
            text="We look for zephyr radioligand assets",
        ),
        person(
            "outsider",
            "outsider-org",
            "pharma",
            offers=["svc:licensing"],
            seeks=["tgt:psma", "mod:radio"],
            text="We look for zephyr radioligand assets",
        ),
        person(
            "other",
            "x-org",
            "academic",
            offers=["ind:breast"],
            seeks=["svc:licensing"],
            text="Breast cancer lab",
        ),
    ]


def test_audience_sees_the_asset_in_scores_and_reasons():
    result = recommend(problem(_parts(True)), top_k=3)
    rec = next(r for r in result.recommendations["insider"] if r.participant_id == "owner")
    joined = " | ".join(texts(rec.reasons))
    assert "PSMA" in joined or "radiopharmaceuticals" in joined
    without = recommend(problem(_parts(False)), top_k=3)
    rec0 = next(r for r in without.recommendations["insider"] if r.participant_id == "owner")
    assert rec.score > rec0.score


def test_outsider_never_sees_the_asset_in_reasons():
    for pid in ("outsider", "other"):
        result = recommend(problem(_parts(True)), top_k=3)
        for rec in result.recommendations[pid]:
            text = " | ".join(texts(rec.reasons)).lower()
            for leak in (
                "psma",
                "radiopharmaceuticals",
                "zephyr",
                "radioligand programme",
                "secret",
                "confidential",
            ):
                if rec.participant_id == "owner":
                    assert leak not in text, (pid, rec.reasons)


def test_outsider_scores_identical_to_problem_without_the_asset():
    with_ctx = ScoringContext(problem(_parts(True)))
    without_ctx = ScoringContext(problem(_parts(False)))
    full_with = with_ctx.block(0, with_ctx.n)
    full_without = without_ctx.block(0, without_ctx.n)
    insider = 1
    mask = np.ones_like(full_with, dtype=bool)
    mask[0, insider] = mask[insider, 0] = False  # the only pair the asset may change
    np.testing.assert_array_equal(full_with[mask], full_without[mask])
    assert full_with[0, insider] > full_without[0, insider]
    # and in the final lists (capacities are ample, so no exposure side effects)
    a = recommend(problem(_parts(True)), top_k=3)
    b = recommend(problem(_parts(False)), top_k=3)
    for pid in ("outsider", "other"):
        assert a.recommendations[pid] == b.recommendations[pid]


def test_owner_side_reasons_only_count_asset_for_audience():
    result = recommend(problem(_parts(True)), top_k=3)
    for rec in result.recommendations["owner"]:
        if rec.participant_id == "outsider":
            assert not any("PSMA" in r or "radiopharmaceuticals" in r for r in texts(rec.reasons))


def test_confidential_text_does_not_change_idf():
    with_ctx = ScoringContext(problem(_parts(True)))
    without_ctx = ScoringContext(problem(_parts(False)))
    assert with_ctx.text_model.terms == without_ctx.text_model.terms
    np.testing.assert_array_equal(with_ctx.text_model.idf, without_ctx.text_model.idf)


def test_asset_visible_to_several_orgs():
    parts = _parts(True)
    owner = parts[0]
    wider = dataclasses.replace(SECRET, audience=frozenset({"insider-org", "outsider-org"}))
    parts[0] = dataclasses.replace(owner, assets=(wider,))
    result = recommend(problem(parts), top_k=3)
    rec = next(r for r in result.recommendations["outsider"] if r.participant_id == "owner")
    assert any("PSMA" in r or "radiopharmaceuticals" in r for r in texts(rec.reasons))
