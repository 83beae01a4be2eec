"""Placement allocation engine: the pupil-optimal stable allocation of pupils to offers.

Plain, typed Python without Django. The web app calls :func:`allocate` directly; the CLI is
``partnerup allocate PROBLEM.json --out RESULT.json``. See ``docs/allocation.md``.

Names are loaded on first use, so that ``partnerup.allocation.cli`` can configure numpy's
thread pool before numpy is imported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import allocate, check_problem, lottery_order
    from .io import parse_problem, problem_to_json, result_to_json
    from .model import (
        PROBLEM_FORMAT,
        RESULT_FORMAT,
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
    from .validate import check_allocation, find_violations

_WHERE = {
    "allocate": "engine",
    "check_problem": "engine",
    "lottery_order": "engine",
    "parse_problem": "io",
    "problem_to_json": "io",
    "result_to_json": "io",
    "PROBLEM_FORMAT": "model",
    "RESULT_FORMAT": "model",
    "AllocationError": "model",
    "Assignment": "model",
    "Offer": "model",
    "PlacementProblem": "model",
    "PlacementResult": "model",
    "UnplacedReason": "model",
    "PlacementStats": "model",
    "ProblemError": "model",
    "Pupil": "model",
    "check_allocation": "validate",
    "find_violations": "validate",
}

__all__ = [
    "PROBLEM_FORMAT",
    "RESULT_FORMAT",
    "AllocationError",
    "Assignment",
    "Offer",
    "PlacementProblem",
    "PlacementResult",
    "PlacementStats",
    "ProblemError",
    "Pupil",
    "UnplacedReason",
    "allocate",
    "check_allocation",
    "check_problem",
    "find_violations",
    "lottery_order",
    "parse_problem",
    "problem_to_json",
    "result_to_json",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
