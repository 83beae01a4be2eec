"""Typed data model of the match-recommendation engine (plain dataclasses, no Django)."""

from __future__ import annotations

from dataclasses import dataclass, field

PROBLEM_FORMAT = "partnerup.match-problem/1"
RESULT_FORMAT = "partnerup.match-result/2"

PARTICIPANT_TYPES: tuple[str, ...] = (
    "startup",
    "biotech",
    "pharma",
    "academic",
    "clinician",
    "investor",
    "agency",
    "public",
    "student",
    "other",
)


@dataclass(frozen=True)
class Asset:
    """Something a participant offers (a programme, a platform, a data set).

    ``audience`` is ``None`` for a public asset, or the organisation ids allowed to see it.
    A confidential asset's terms and text only count for viewers whose organisation is in
    ``audience`` (the owner's own organisation is never a viewer: own-organisation pairs are
    never scored).
    """

    id: str
    terms: tuple[str, ...] = ()
    text: str = ""
    audience: frozenset[str] | None = None

    @property
    def is_public(self) -> bool:
        return self.audience is None


@dataclass(frozen=True)
class Participant:
    id: str
    organisation: str
    type: str
    offers: tuple[str, ...] = ()
    seeks: tuple[str, ...] = ()
    stage: str | None = None
    modalities: tuple[str, ...] = ()
    raising: bool = False
    text: str = ""
    capacity: int = 0
    assets: tuple[Asset, ...] = ()


@dataclass(frozen=True)
class ExcludedPair:
    """An unordered pair that must never be recommended (already met, declined, ...)."""

    a: str
    b: str
    reason: str = ""


@dataclass(frozen=True)
class Weights:
    """Weights of the score components; each component is in [0, 1] and the weights sum to 1."""

    complementarity: float = 0.45
    text: float = 0.25
    type: float = 0.15
    modality: float = 0.10
    stage: float = 0.05

    def total(self) -> float:
        return self.complementarity + self.text + self.type + self.modality + self.stage


@dataclass(frozen=True)
class Options:
    """Tunable settings. Defaults are the documented ones (docs/matchmaking.md)."""

    top_k: int = 10
    # Exposure cap of a target = ceil(exposure_factor * capacity) recommendation lists.
    exposure_factor: float = 2.0
    # Participants whose best allowed score is below this are listed in ``no_good_match``.
    good_match_threshold: float = 0.3
    # Pairs scoring at or below this are never recommended.
    min_score: float = 0.05
    # Penalty strength of the fill phase (positions left after the capped assignment).
    overflow_penalty: float = 1.0
    # Candidates kept per participant = max(candidate_multiplier * top_k, 30).
    candidate_multiplier: int = 4
    # Rows of the score matrix computed at once (memory ~ chunk_size * n * 4 bytes * ~6).
    chunk_size: int = 1024
    # Only "tfidf" for now; "embedding" is reserved (see docs/matchmaking.md).
    text_model: str = "tfidf"
    weights: Weights = field(default_factory=Weights)


@dataclass(frozen=True)
class MatchProblem:
    participants: tuple[Participant, ...]
    excluded: tuple[ExcludedPair, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    # Optional ordered list of stage term ids; neighbouring stages get half the stage credit.
    stages: tuple[str, ...] = ()
    options: Options = field(default_factory=Options)


# Reason codes, each with the parameters it uses (docs/matchmaking.md, "Reasons"):
REASON_CODES: tuple[str, ...] = (
    "they_offer",  # terms, more: they offer what the viewer seeks
    "they_seek",  # terms, more: they seek what the viewer offers
    "investor_for_raising",  # type: the viewer invests and they (of this type) are raising
    "raising_for_investor",  # they invest and the viewer is raising money
    "scouted_kind",  # type: the viewer is pharma and they are a kind pharma scouts
    "pharma_scouting",  # type: they are pharma and scout the viewer's type
    "shared_words",  # words: distinctive words both descriptions mention
    "shared_modalities",  # terms, more: modalities both work on
    "same_stage",  # terms (one stage)
    "neighbouring_stage",  # terms (their stage)
    "not_met_yet",  # type: a fallback when nothing else applies
)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a pair is recommended, from the viewer's side: a code with parameters.

    The engine never writes sentences; callers render a reason in the reader's language.
    ``terms`` are term ids (rarest first, at most three), ``more`` how many were left out,
    ``words`` shared description words, ``type`` a participant type (see REASON_CODES).
    """

    code: str
    terms: tuple[str, ...] = ()
    more: int = 0
    words: tuple[str, ...] = ()
    type: str = ""

    def to_dict(self) -> dict:
        out: dict = {"code": self.code}
        if self.terms:
            out["terms"] = list(self.terms)
        if self.more:
            out["more"] = self.more
        if self.words:
            out["words"] = list(self.words)
        if self.type:
            out["type"] = self.type
        return out


@dataclass(slots=True)
class Recommendation:
    participant_id: str
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class ParticipantSummary:
    """Organiser view of one participant."""

    participant_id: str
    capacity: int
    # Recommendation lists this participant appears in (after exposure control).
    exposure: int
    exposure_cap: int
    # Lists it would appear in if everyone got their raw top K (no exposure control).
    raw_demand: int
    # Expected meeting requests: sum over lists of score / log2(rank + 1).
    expected_requests: float
    best_score: float
    has_good_match: bool


@dataclass(frozen=True)
class MatchResult:
    top_k: int
    recommendations: dict[str, tuple[Recommendation, ...]]
    participants: tuple[ParticipantSummary, ...]
    no_good_match: tuple[str, ...]
    options: Options
