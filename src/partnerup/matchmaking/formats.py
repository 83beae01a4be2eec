"""JSON formats ``partnerup.match-problem/1`` and ``partnerup.match-result/2``.

Parsing validates everything and raises :class:`ProblemError` naming the offending field
(for example ``participants[3].capacity``); it never lets a ``KeyError`` or ``TypeError`` out.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

from partnerup.matchmaking.model import (
    PARTICIPANT_TYPES,
    PROBLEM_FORMAT,
    RESULT_FORMAT,
    Asset,
    ExcludedPair,
    MatchProblem,
    MatchResult,
    Options,
    Participant,
    Weights,
)


class ProblemError(ValueError):
    """A match problem is malformed; the message names the field or item."""


_PARTICIPANT_KEYS = {
    "id",
    "organisation",
    "type",
    "offers",
    "seeks",
    "stage",
    "modalities",
    "raising",
    "text",
    "capacity",
    "assets",
}
_ASSET_KEYS = {"id", "terms", "text", "audience"}
_TOP_KEYS = {"format", "participants", "excluded", "labels", "stages", "options"}
_OPTION_KEYS = {
    "top_k",
    "exposure_factor",
    "good_match_threshold",
    "min_score",
    "overflow_penalty",
    "candidate_multiplier",
    "chunk_size",
    "text_model",
    "weights",
}
_WEIGHT_KEYS = {"complementarity", "text", "type", "modality", "stage"}
TEXT_MODELS = ("tfidf",)  # "embedding" is reserved (see docs/matchmaking.md), not implemented


def _unknown_keys(obj: dict[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(obj) - allowed)
    if extra:
        raise ProblemError(f"{where}: unknown field {extra[0]!r}")


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProblemError(f"{where}: expected an object, got {type(value).__name__}")
    return value


def _str(value: Any, where: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise ProblemError(f"{where}: expected a string, got {type(value).__name__}")
    if not allow_empty and not value.strip():
        raise ProblemError(f"{where}: must not be empty")
    return value


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ProblemError(f"{where}: expected a list of strings, got {type(value).__name__}")
    out: list[str] = []
    seen: set[str] = set()
    for k, item in enumerate(value):
        s = _str(item, f"{where}[{k}]")
        if s not in seen:  # duplicates in a term list are harmless: keep the first
            seen.add(s)
            out.append(s)
    return tuple(out)


def _int(value: Any, where: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProblemError(f"{where}: expected an integer, got {type(value).__name__}")
    if value < minimum:
        raise ProblemError(f"{where}: must be >= {minimum}, got {value}")
    return value


def _float(value: Any, where: str, *, minimum: float, maximum: float = math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProblemError(f"{where}: expected a number, got {type(value).__name__}")
    x = float(value)
    if not math.isfinite(x) or x < minimum or x > maximum:
        raise ProblemError(f"{where}: must be between {minimum} and {maximum}, got {value}")
    return x


def _parse_asset(raw: Any, where: str) -> Asset:
    obj = _obj(raw, where)
    _unknown_keys(obj, _ASSET_KEYS, where)
    if "id" not in obj:
        raise ProblemError(f"{where}: missing field 'id'")
    aid = _str(obj["id"], f"{where}.id")
    terms = _str_list(obj.get("terms", []), f"{where}.terms")
    text = _str(obj.get("text", ""), f"{where}.text", allow_empty=True)
    audience_raw = obj.get("audience")
    audience = (
        None if audience_raw is None else frozenset(_str_list(audience_raw, f"{where}.audience"))
    )
    return Asset(id=aid, terms=terms, text=text, audience=audience)


def _parse_participant(raw: Any, where: str) -> Participant:
    obj = _obj(raw, where)
    _unknown_keys(obj, _PARTICIPANT_KEYS, where)
    for key in ("id", "organisation", "type", "capacity"):
        if key not in obj:
            raise ProblemError(f"{where}: missing field {key!r}")
    pid = _str(obj["id"], f"{where}.id")
    where = f"{where} (id {pid!r})"
    ptype = _str(obj["type"], f"{where}.type")
    if ptype not in PARTICIPANT_TYPES:
        raise ProblemError(
            f"{where}.type: unknown participant type {ptype!r} "
            f"(expected one of {', '.join(PARTICIPANT_TYPES)})"
        )
    stage_raw = obj.get("stage")
    stage = None if stage_raw is None else _str(stage_raw, f"{where}.stage")
    raising = obj.get("raising", False)
    if not isinstance(raising, bool):
        raise ProblemError(f"{where}.raising: expected true or false")
    assets_raw = obj.get("assets", [])
    if not isinstance(assets_raw, list):
        raise ProblemError(f"{where}.assets: expected a list")
    assets = tuple(_parse_asset(a, f"{where}.assets[{k}]") for k, a in enumerate(assets_raw))
    ids = [a.id for a in assets]
    if len(set(ids)) != len(ids):
        dup = next(x for x in ids if ids.count(x) > 1)
        raise ProblemError(f"{where}.assets: duplicate asset id {dup!r}")
    return Participant(
        id=pid,
        organisation=_str(obj["organisation"], f"{where}.organisation"),
        type=ptype,
        offers=_str_list(obj.get("offers", []), f"{where}.offers"),
        seeks=_str_list(obj.get("seeks", []), f"{where}.seeks"),
        stage=stage,
        modalities=_str_list(obj.get("modalities", []), f"{where}.modalities"),
        raising=raising,
        text=_str(obj.get("text", ""), f"{where}.text", allow_empty=True),
        capacity=_int(obj["capacity"], f"{where}.capacity", minimum=0),
        assets=assets,
    )


def _parse_options(raw: Any) -> Options:
    obj = _obj(raw, "options")
    _unknown_keys(obj, _OPTION_KEYS, "options")
    d = Options()
    weights = d.weights
    if "weights" in obj:
        w = _obj(obj["weights"], "options.weights")
        _unknown_keys(w, _WEIGHT_KEYS, "options.weights")
        vals = {
            k: _float(w.get(k, getattr(weights, k)), f"options.weights.{k}", minimum=0.0)
            for k in _WEIGHT_KEYS
        }
        weights = Weights(**vals)
        if weights.total() <= 0:
            raise ProblemError("options.weights: at least one weight must be positive")
    text_model = _str(obj.get("text_model", d.text_model), "options.text_model")
    if text_model == "embedding":
        raise ProblemError(
            "options.text_model: 'embedding' is reserved but not implemented yet; use 'tfidf'"
        )
    if text_model not in TEXT_MODELS:
        raise ProblemError(f"options.text_model: unknown text model {text_model!r} (use 'tfidf')")
    return Options(
        top_k=_int(obj.get("top_k", d.top_k), "options.top_k", minimum=1),
        exposure_factor=_float(
            obj.get("exposure_factor", d.exposure_factor), "options.exposure_factor", minimum=0.0
        ),
        good_match_threshold=_float(
            obj.get("good_match_threshold", d.good_match_threshold),
            "options.good_match_threshold",
            minimum=0.0,
            maximum=1.0,
        ),
        min_score=_float(
            obj.get("min_score", d.min_score), "options.min_score", minimum=0.0, maximum=1.0
        ),
        overflow_penalty=_float(
            obj.get("overflow_penalty", d.overflow_penalty), "options.overflow_penalty", minimum=0.0
        ),
        candidate_multiplier=_int(
            obj.get("candidate_multiplier", d.candidate_multiplier),
            "options.candidate_multiplier",
            minimum=1,
        ),
        chunk_size=_int(obj.get("chunk_size", d.chunk_size), "options.chunk_size", minimum=1),
        text_model=text_model,
        weights=weights,
    )


def problem_from_dict(data: Any) -> MatchProblem:
    """Validate and convert a decoded ``partnerup.match-problem/1`` document."""
    obj = _obj(data, "problem")
    fmt = obj.get("format")
    if fmt != PROBLEM_FORMAT:
        raise ProblemError(f"format: expected {PROBLEM_FORMAT!r}, got {fmt!r}")
    _unknown_keys(obj, _TOP_KEYS, "problem")
    if "participants" not in obj:
        raise ProblemError("participants: missing")
    raw_participants = obj["participants"]
    if not isinstance(raw_participants, list):
        raise ProblemError("participants: expected a list")
    participants = tuple(
        _parse_participant(p, f"participants[{k}]") for k, p in enumerate(raw_participants)
    )
    by_id: dict[str, Participant] = {}
    for k, p in enumerate(participants):
        if p.id in by_id:
            raise ProblemError(f"participants[{k}].id: duplicate participant id {p.id!r}")
        by_id[p.id] = p

    raw_excluded = obj.get("excluded", [])
    if not isinstance(raw_excluded, list):
        raise ProblemError("excluded: expected a list")
    excluded: list[ExcludedPair] = []
    for k, item in enumerate(raw_excluded):
        where = f"excluded[{k}]"
        e = _obj(item, where)
        _unknown_keys(e, {"a", "b", "reason"}, where)
        for key in ("a", "b"):
            if key not in e:
                raise ProblemError(f"{where}: missing field {key!r}")
            pid = _str(e[key], f"{where}.{key}")
            if pid not in by_id:
                raise ProblemError(f"{where}.{key}: unknown participant {pid!r}")
        reason = _str(e.get("reason", ""), f"{where}.reason", allow_empty=True)
        if e["a"] == e["b"]:
            raise ProblemError(f"{where}: a participant cannot be excluded from itself")
        excluded.append(ExcludedPair(a=e["a"], b=e["b"], reason=reason))

    raw_labels = obj.get("labels", {})
    labels_obj = _obj(raw_labels, "labels")
    labels = {_str(k, "labels key"): _str(v, f"labels[{k!r}]") for k, v in labels_obj.items()}
    stages = _str_list(obj.get("stages", []), "stages")
    options = _parse_options(obj.get("options", {}))
    return MatchProblem(
        participants=participants,
        excluded=tuple(excluded),
        labels=labels,
        stages=stages,
        options=options,
    )


def problem_to_dict(problem: MatchProblem) -> dict[str, Any]:
    """Inverse of :func:`problem_from_dict` (used by the benchmark generator and tests)."""
    o = problem.options
    return {
        "format": PROBLEM_FORMAT,
        "labels": dict(problem.labels),
        "stages": list(problem.stages),
        "options": {
            "top_k": o.top_k,
            "exposure_factor": o.exposure_factor,
            "good_match_threshold": o.good_match_threshold,
            "min_score": o.min_score,
            "overflow_penalty": o.overflow_penalty,
            "candidate_multiplier": o.candidate_multiplier,
            "chunk_size": o.chunk_size,
            "text_model": o.text_model,
            "weights": asdict(o.weights),
        },
        "participants": [
            {
                "id": p.id,
                "organisation": p.organisation,
                "type": p.type,
                "offers": list(p.offers),
                "seeks": list(p.seeks),
                "stage": p.stage,
                "modalities": list(p.modalities),
                "raising": p.raising,
                "text": p.text,
                "capacity": p.capacity,
                "assets": [
                    {
                        "id": a.id,
                        "terms": list(a.terms),
                        "text": a.text,
                        "audience": None if a.audience is None else sorted(a.audience),
                    }
                    for a in p.assets
                ],
            }
            for p in problem.participants
        ],
        "excluded": [{"a": e.a, "b": e.b, "reason": e.reason} for e in problem.excluded],
    }


def result_to_dict(result: MatchResult) -> dict[str, Any]:
    return {
        "format": RESULT_FORMAT,
        "top_k": result.top_k,
        "score_scale": "0..1 (weighted sum of components, see docs/matchmaking.md)",
        "options": {
            "exposure_factor": result.options.exposure_factor,
            "good_match_threshold": result.options.good_match_threshold,
            "min_score": result.options.min_score,
            "overflow_penalty": result.options.overflow_penalty,
            "text_model": result.options.text_model,
            "weights": asdict(result.options.weights),
        },
        "participants": [
            {
                "id": s.participant_id,
                "recommendations": [
                    {
                        "id": r.participant_id,
                        "score": round(r.score, 4),
                        "reasons": [x.to_dict() for x in r.reasons],
                    }
                    for r in result.recommendations[s.participant_id]
                ],
                "capacity": s.capacity,
                "exposure": s.exposure,
                "exposure_cap": s.exposure_cap,
                "raw_demand": s.raw_demand,
                "expected_requests": round(s.expected_requests, 3),
                "best_score": round(s.best_score, 4),
                "has_good_match": s.has_good_match,
            }
            for s in result.participants
        ],
        "no_good_match": list(result.no_good_match),
    }
