"""Data classes going into and out of the allocation engine (no Django, no third-party imports)."""

from __future__ import annotations

from dataclasses import dataclass, field

PROBLEM_FORMAT = "partnerup.placement-problem/1"
RESULT_FORMAT = "partnerup.placement/2"


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
class UnplacedReason:
    """Why a pupil has no place: a code with counts of the offers they listed (no sentence;
    callers render it in the reader's language). Codes:

    * ``listed_no_offers``;
    * ``not_ranked``: no listed offer ranks them; ``no_places``: no listed offer has places;
    * ``not_ranked_or_no_places``: each listed offer does one or the other (``not_ranked``,
      ``no_places`` count them);
    * ``filled``: every listed offer could take them and filled with pupils ranked above them
      (``could_take`` = ``listed``);
    * ``filled_others_closed``: the ``could_take`` offers that could take them filled; of the
      others, ``not_ranked`` do not rank them and ``no_places`` have no places.

    Stability guarantees "filled with pupils ranked above them" is true.
    """

    code: str
    listed: int = 0
    could_take: int = 0
    not_ranked: int = 0
    no_places: int = 0

    def to_dict(self) -> dict[str, int | str]:
        out: dict[str, int | str] = {"code": self.code, "listed": self.listed}
        for key in ("could_take", "not_ranked", "no_places"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out


@dataclass(frozen=True, slots=True)
class PlacementResult:
    assignments: tuple[Assignment, ...]
    """One per placed pupil, in the problem's pupil order."""
    unassigned: tuple[str, ...]
    """Pupils left without a place, in the problem's pupil order."""
    stats: PlacementStats
    reasons: dict[str, UnplacedReason] = field(default_factory=dict)
    """Unassigned pupil id -> why (a code with counts)."""
    lottery: tuple[str, ...] = ()
    """All pupil ids in lottery order, best first (decides ties at offers without a ranking)."""

    def offer_of(self) -> dict[str, str]:
        """Pupil id -> offer id for the placed pupils."""
        return {a.pupil: a.offer for a in self.assignments}
