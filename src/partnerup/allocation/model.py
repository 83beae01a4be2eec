"""Data classes going into and out of the allocation engine (no Django, no third-party imports)."""

from __future__ import annotations

from dataclasses import dataclass, field

PROBLEM_FORMAT = "partnerup.placement-problem/1"
RESULT_FORMAT = "partnerup.placement/1"


class ProblemError(ValueError):
    """The placement problem is malformed; ``path`` names the offending field or item."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


class AllocationError(AssertionError):
    """An allocation is invalid or unstable for its problem (see :mod:`.validate`)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"invalid allocation: {shown}{more}")


@dataclass(frozen=True, slots=True)
class Pupil:
    """A pupil and the offers they want, most wanted first."""

    id: str
    preferences: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Offer:
    """A placement offer.

    With a ``ranking`` the offer accepts only the pupils in it, best first; with ``ranking=None``
    it accepts every pupil who lists it, ordered by the problem's single lottery.
    """

    id: str
    capacity: int
    ranking: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class PlacementProblem:
    pupils: tuple[Pupil, ...]
    offers: tuple[Offer, ...]
    seed: int


@dataclass(frozen=True, slots=True)
class Assignment:
    pupil: str
    offer: str


@dataclass(frozen=True, slots=True)
class PlacementStats:
    placed: int
    """Number of pupils placed."""
    first_choice: int
    """Number of pupils placed at the first offer on their list."""
    rank_histogram: dict[int, int]
    """Position on the pupil's own list (1 = first choice) -> number of pupils placed there.
    Keys run from 1 to the worst position used, zero counts included."""
    max_placeable: int
    """The most pupils any allocation could place (maximum flow), ignoring stability."""
    seconds: float
    """Wall time of :func:`allocate` (compile, deferred acceptance, maximum flow, reasons)."""


@dataclass(frozen=True, slots=True)
class PlacementResult:
    assignments: tuple[Assignment, ...]
    """One per placed pupil, in the problem's pupil order."""
    unassigned: tuple[str, ...]
    """Pupils left without a place, in the problem's pupil order."""
    stats: PlacementStats
    reasons: dict[str, str] = field(default_factory=dict)
    """Unassigned pupil id -> human-readable reason (English)."""
    lottery: tuple[str, ...] = ()
    """All pupil ids in lottery order, best first (decides ties at offers without a ranking)."""

    def offer_of(self) -> dict[str, str]:
        """Pupil id -> offer id for the placed pupils."""
        return {a.pupil: a.offer for a in self.assignments}
