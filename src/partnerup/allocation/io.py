"""JSON <-> data classes for ``partnerup.placement-problem/1`` and ``partnerup.placement/2``."""

from __future__ import annotations

from typing import Any

from .engine import check_problem
from .model import (
    PROBLEM_FORMAT,
    RESULT_FORMAT,
    Offer,
    PlacementProblem,
    PlacementResult,
    ProblemError,
    Pupil,
)


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def _expect(value: object, kind: type, path: str, wanted: str) -> Any:
    if type(value) is not kind:
        raise ProblemError(path, f"expected {wanted}, got {_type_name(value)}")
    return value


def _field(obj: dict[str, Any], key: str, path: str) -> Any:
    try:
        return obj[key]
    except KeyError:
        raise ProblemError(f"{path}.{key}" if path else key, "missing required field") from None


def _bad_pupil(raw_pupils: list[Any]) -> bool:
    """Raise :class:`ProblemError` for the first malformed pupil."""
    for k, raw in enumerate(raw_pupils):
        path = f"pupils[{k}]"
        if type(raw) is not dict:
            raise ProblemError(path, f"expected an object, got {_type_name(raw)}")
        pid = _field(raw, "id", path)
        if type(pid) is not str or not pid:
            raise ProblemError(f"{path}.id", f"expected a non-empty string, got {pid!r}")
        _expect(_field(raw, "preferences", path), list, f"{path}.preferences", "a list")
    return False


def _bad_offer(raw_offers: list[Any]) -> bool:
    """Raise :class:`ProblemError` for the first malformed offer (there are few offers)."""
    for k, raw in enumerate(raw_offers):
        path = f"offers[{k}]"
        if type(raw) is not dict:
            raise ProblemError(path, f"expected an object, got {_type_name(raw)}")
        oid = _field(raw, "id", path)
        if type(oid) is not str or not oid:
            raise ProblemError(f"{path}.id", f"expected a non-empty string, got {oid!r}")
        cap = _field(raw, "capacity", path)
        if type(cap) is not int or cap < 0:
            raise ProblemError(f"{path}.capacity", f"expected an integer >= 0, got {cap!r}")
        ranking = raw.get("ranking")
        if ranking is not None:
            _expect(ranking, list, f"{path}.ranking", "a list or absent")
    return False


def parse_problem(data: object, *, check: bool = True) -> PlacementProblem:
    """Build a :class:`PlacementProblem` from decoded JSON, or raise :class:`ProblemError`.

    With ``check`` (the default) also check cross-references (duplicate ids, unknown ids,
    duplicates in lists, negative capacities); :func:`allocate` does those checks anyway, so
    the CLI passes ``check=False`` to do them only once.
    Unknown keys are ignored (forward compatibility).
    """
    top = _expect(data, dict, "", "a JSON object at the top level")
    fmt = _field(top, "format", "")
    if fmt != PROBLEM_FORMAT:
        raise ProblemError("format", f"expected {PROBLEM_FORMAT!r}, got {fmt!r}")
    raw_pupils = _expect(_field(top, "pupils", ""), list, "pupils", "a list")
    raw_offers = _expect(_field(top, "offers", ""), list, "offers", "a list")
    seed = _field(top, "seed", "")
    if type(seed) is not int:
        raise ProblemError("seed", f"expected an integer, got {_type_name(seed)} {seed!r}")

    # Fast path without per-item function calls; on any surprise, find and name the culprit.
    pupils = []
    append = pupils.append
    try:
        for raw in raw_pupils:
            pid = raw["id"]
            prefs = raw["preferences"]
            if type(pid) is not str or not pid or type(prefs) is not list:
                _bad_pupil(raw_pupils)
            append(Pupil(pid, tuple(prefs)))
    except (KeyError, TypeError):
        _bad_pupil(raw_pupils)
        raise
    _bad_offer(raw_offers)
    offers = [
        Offer(raw["id"], raw["capacity"], None if (r := raw.get("ranking")) is None else tuple(r))
        for raw in raw_offers
    ]

    problem = PlacementProblem(tuple(pupils), tuple(offers), seed)
    if check:
        check_problem(problem)
    return problem


def problem_to_json(problem: PlacementProblem) -> dict[str, Any]:
    """The inverse of :func:`parse_problem`."""
    offers: list[dict[str, Any]] = []
    for o in problem.offers:
        item: dict[str, Any] = {"id": o.id, "capacity": o.capacity}
        if o.ranking is not None:
            item["ranking"] = list(o.ranking)
        offers.append(item)
    return {
        "format": PROBLEM_FORMAT,
        "pupils": [{"id": p.id, "preferences": list(p.preferences)} for p in problem.pupils],
        "offers": offers,
        "seed": problem.seed,
    }


def result_to_json(
    result: PlacementResult, *, reasons: bool = True, lottery: bool = False
) -> dict[str, Any]:
    """``partnerup.placement/2`` as a JSON-ready dict.

    ``rank_histogram`` keys are strings ("1" = first choice) as JSON requires. The optional
    extra keys are ``unassigned_reasons`` (pupil id -> reason code with counts) and ``lottery``
    (all pupil ids, best lottery number first).
    """
    s = result.stats
    out: dict[str, Any] = {
        "format": RESULT_FORMAT,
        "assignments": [{"pupil": a.pupil, "offer": a.offer} for a in result.assignments],
        "unassigned": list(result.unassigned),
        "stats": {
            "placed": s.placed,
            "first_choice": s.first_choice,
            "rank_histogram": {str(r): c for r, c in s.rank_histogram.items()},
            "max_placeable": s.max_placeable,
            "seconds": s.seconds,
        },
    }
    if reasons:
        out["unassigned_reasons"] = {p: r.to_dict() for p, r in result.reasons.items()}
    if lottery:
        out["lottery"] = list(result.lottery)
    return out
