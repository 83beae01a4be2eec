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


TYPE_NAMES = {
    "startup": "start-up",
    "pharma": "pharma team",
    "academic": "academic group",
    "public": "public body",
    "other": "organisation",
}


def describe(reason, labels: dict[str, str] = LABELS) -> str:
    """A plain English reading of a reason code, so the tests read like the issue."""

    def terms() -> str:
        shown = [labels.get(t, t) for t in reason.terms]
        if reason.more:
            shown.append(f"{reason.more} more")
        return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]

    kind = TYPE_NAMES.get(reason.type, reason.type)
    return {
        "they_offer": lambda: f"they offer {terms()}, which you seek",
        "they_seek": lambda: f"they seek {terms()}, you offer them",
        "shared_modalities": lambda: f"you both work on {terms()}",
        "same_stage": lambda: f"same stage: {terms()}",
        "neighbouring_stage": lambda: f"neighbouring stage: they are at {terms()}",
        "shared_words": lambda: (
            "your descriptions both mention " + ", ".join(f"“{w}”" for w in reason.words)
        ),
        "investor_for_raising": lambda: f"they are raising money ({kind}) and you invest",
        "raising_for_investor": lambda: "they are an investor and you are raising money",
        "scouted_kind": lambda: f"{kind}: the kind of partner pharma scouts look for",
        "pharma_scouting": lambda: f"pharma team scouting {kind}s like you",
        "not_met_yet": lambda: f"{kind} you have not met yet",
    }[reason.code]()


def texts(reasons, labels: dict[str, str] = LABELS) -> list[str]:
    return [describe(r, labels) for r in reasons]
