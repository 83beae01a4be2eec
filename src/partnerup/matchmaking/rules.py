"""Participant-type rules: how well two kinds of participant fit, and the reason shown."""

from __future__ import annotations

import numpy as np

from partnerup.matchmaking.model import PARTICIPANT_TYPES, Reason

COMPANIES = frozenset({"startup", "biotech"})
SCOUTED = frozenset({"startup", "biotech", "academic"})
TYPE_LABELS = {
    "startup": "start-up",
    "biotech": "biotech",
    "pharma": "pharma team",
    "academic": "academic group",
    "clinician": "clinician",
    "investor": "investor",
    "agency": "agency",
    "public": "public body",
    "student": "student",
    "other": "organisation",
}

# Symmetric affinities of unordered type pairs (not involving investors), default 0.3.
_PAIR: dict[frozenset[str], float] = {}


def _set(a: str, b: str, value: float) -> None:
    _PAIR[frozenset((a, b))] = value


for _t in SCOUTED:
    _set("pharma", _t, 1.0)  # pharma scouts <-> start-ups, biotechs and academics
for _t in ("startup", "biotech", "pharma"):
    _set("clinician", _t, 0.6)
for _t in ("startup", "biotech", "academic"):
    _set("agency", _t, 0.6)
    _set("public", _t, 0.5)
_set("academic", "startup", 0.6)
_set("academic", "biotech", 0.6)
_set("startup", "biotech", 0.4)
_set("academic", "clinician", 0.6)
_set("pharma", "pharma", 0.2)
_set("student", "student", 0.1)
for _t in PARTICIPANT_TYPES:
    _PAIR.setdefault(frozenset(("student", _t)), 0.2)


def type_affinity(t1: str, raising1: bool, t2: str, raising2: bool) -> float:
    """Affinity in [0, 1]; symmetric. Investors fit participants that are raising money."""
    if t1 == "investor" or t2 == "investor":
        if t1 == "investor" and t2 == "investor":
            return 0.1
        other_type, other_raising = (t2, raising2) if t1 == "investor" else (t1, raising1)
        if other_raising:
            return 1.0
        return 0.3 if other_type in COMPANIES else 0.1
    return _PAIR.get(frozenset((t1, t2)), 0.3)


def type_code(ptype: str, raising: bool) -> int:
    return PARTICIPANT_TYPES.index(ptype) * 2 + int(raising)


def type_matrix() -> np.ndarray:
    """Affinity of every pair of ``type_code`` values (float32, shape 20 x 20)."""
    m = len(PARTICIPANT_TYPES) * 2
    out = np.zeros((m, m), dtype=np.float32)
    for a, ta in enumerate(PARTICIPANT_TYPES):
        for b, tb in enumerate(PARTICIPANT_TYPES):
            for ra in (0, 1):
                for rb in (0, 1):
                    out[a * 2 + ra, b * 2 + rb] = type_affinity(ta, bool(ra), tb, bool(rb))
    return out


def type_reason(
    viewer: str, viewer_raising: bool, other: str, other_raising: bool
) -> Reason | None:
    """Why the other participant's type suits the viewer, or None if it is not a rule match."""
    if viewer == "investor" and other_raising:
        return Reason("investor_for_raising", type=other)
    if other == "investor" and viewer_raising and viewer != "investor":
        return Reason("raising_for_investor")
    if viewer == "pharma" and other in SCOUTED:
        return Reason("scouted_kind", type=other)
    if other == "pharma" and viewer in SCOUTED:
        return Reason("pharma_scouting", type=viewer)
    return None
