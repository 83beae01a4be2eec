"""Factories for the match-recommendation tests (no database, no Django)."""

from __future__ import annotations

from typing import Any

from partnerup.matchmaking import Asset, ExcludedPair, MatchProblem, Options, Participant

LABELS = {
    "mod:radio": "radiopharmaceuticals",
    "mod:adc": "antibody-drug conjugates",
    "ind:breast": "breast cancer",
    "ind:lung": "lung cancer",
    "svc:funding": "funding",
    "svc:licensing": "licensing",
    "tgt:her2": "HER2",
    "tgt:psma": "PSMA",
    "stage:pre": "preclinical",
    "stage:p1": "Phase I",
}


def person(pid: str, org: str | None = None, ptype: str = "startup", **kw: Any) -> Participant:
    kw.setdefault("capacity", 5)
    for key in ("offers", "seeks", "modalities"):
        if key in kw:
            kw[key] = tuple(kw[key])
    if "assets" in kw:
        kw["assets"] = tuple(kw["assets"])
    return Participant(id=pid, organisation=org or f"org-{pid}", type=ptype, **kw)


def problem(
    participants: list[Participant],
    excluded: list[tuple[str, str]] = (),  # type: ignore[assignment]
    **options: Any,
) -> MatchProblem:
    return MatchProblem(
        participants=tuple(participants),
        excluded=tuple(ExcludedPair(a, b, "met") for a, b in excluded),
        labels=dict(LABELS),
        stages=("stage:pre", "stage:p1"),
        options=Options(**options),
    )


__all__ = ["LABELS", "Asset", "ExcludedPair", "person", "problem"]
