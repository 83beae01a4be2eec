"""The engine on hand-made examples: results, stats, reasons, lottery, API errors."""

from __future__ import annotations

import random

import pytest

from partnerup.allocation import (
    Assignment,
    Offer,
    PlacementProblem,
    ProblemError,
    Pupil,
    UnplacedReason,
    allocate,
    check_allocation,
    lottery_order,
)
from partnerup.allocation.engine import _Compiled, _deferred_acceptance, _max_flow, _verify

from .helpers import random_problem


def problem(pupils: dict[str, list[str]], offers: list[Offer], seed: int = 1) -> PlacementProblem:
    return PlacementProblem(
        tuple(Pupil(pid, tuple(prefs)) for pid, prefs in pupils.items()), tuple(offers), seed
    )


def test_lottery_is_pinned() -> None:
    """random.Random(seed).shuffle of the ids in input order; a change here breaks old results."""
    ids = ["a", "b", "c", "d", "e", "f"]
    assert lottery_order(ids, 7) == ["e", "a", "f", "d", "b", "c"]
    assert lottery_order(ids, 2**70) == ["f", "c", "a", "e", "d", "b"]
    assert lottery_order(ids, -7) == lottery_order(ids, 7)  # CPython seeds with abs(seed)
    assert lottery_order([], 3) == []


def test_offer_without_ranking_uses_the_lottery() -> None:
    ids = ["a", "b", "c", "d", "e", "f"]
    p = problem({pid: ["X"] for pid in ids}, [Offer("X", 2)], seed=7)
    result = allocate(p)
    assert result.lottery == ("e", "a", "f", "d", "b", "c")
    assert [a.pupil for a in result.assignments] == ["a", "e"]  # in input order
    assert result.unassigned == ("b", "c", "d", "f")
    assert result.reasons["b"] == UnplacedReason("filled", 1, could_take=1)


def test_single_tie_breaking_across_offers() -> None:
    """One lottery for all offers: the lottery winner beats the loser everywhere."""
    ids = [f"p{i}" for i in range(30)]
    lottery = lottery_order(ids, 5)
    best, worst = lottery[0], lottery[-1]
    pupils = {pid: ["X", "Y"] for pid in ids}
    result = allocate(problem(pupils, [Offer("X", 1), Offer("Y", 1)], seed=5))
    assert result.offer_of() == {best: "X", lottery[1]: "Y"}
    assert worst in result.unassigned


def test_ranking_decides_and_excludes() -> None:
    p = problem(
        {"a": ["X", "Y"], "b": ["X", "Y"], "c": ["X"], "d": ["Y"]},
        [Offer("X", 1, ("b", "a")), Offer("Y", 1, ("a", "d"))],
    )
    result = allocate(p)
    assert result.assignments == (Assignment("a", "Y"), Assignment("b", "X"))
    assert result.unassigned == ("c", "d")
    assert result.reasons["c"] == UnplacedReason("not_ranked", 1, not_ranked=1)
    assert result.reasons["d"] == UnplacedReason("filled", 1, could_take=1)
    s = result.stats
    assert (s.placed, s.first_choice, s.rank_histogram, s.max_placeable) == (2, 1, {1: 1, 2: 1}, 2)


def test_pupil_optimal_not_offer_optimal() -> None:
    """Two stable allocations exist; pupils get their first choices."""
    p = problem(
        {"a": ["X", "Y"], "b": ["Y", "X"]},
        [Offer("X", 1, ("b", "a")), Offer("Y", 1, ("a", "b"))],
    )
    assert allocate(p).offer_of() == {"a": "X", "b": "Y"}


def test_max_placeable_beats_stability() -> None:
    """Stability can leave a place empty that a (blocking) allocation would fill."""
    p = problem(
        {"a": ["X", "Y"], "b": ["X"]},
        [Offer("X", 1, ("a", "b")), Offer("Y", 1)],
    )
    result = allocate(p)
    assert result.offer_of() == {"a": "X"}
    assert result.stats.placed == 1
    assert result.stats.max_placeable == 2


def test_reasons() -> None:
    p = problem(
        {
            "none": [],
            "unranked": ["R"],
            "full": ["L1", "L2"],
            "mixed": ["L1", "R", "Z"],
            "nowhere": ["R", "Z"],
            "closed": ["Z"],
            "winner": ["L1", "L2"],
            "winner2": ["L2"],
        },
        [
            Offer("L1", 1, ("winner", "full", "mixed")),
            Offer("L2", 1, ("winner2", "full")),
            Offer("R", 3, ("winner",)),
            Offer("Z", 0),
        ],
    )
    result = allocate(p)
    assert result.offer_of() == {"winner": "L1", "winner2": "L2"}
    assert result.reasons == {
        "none": UnplacedReason("listed_no_offers"),
        "unranked": UnplacedReason("not_ranked", 1, not_ranked=1),
        "full": UnplacedReason("filled", 2, could_take=2),
        "mixed": UnplacedReason("filled_others_closed", 3, could_take=1, not_ranked=1, no_places=1),
        "nowhere": UnplacedReason("not_ranked_or_no_places", 2, not_ranked=1, no_places=1),
        "closed": UnplacedReason("no_places", 1, no_places=1),
    }
    check_allocation(p, result)


def test_empty_problems() -> None:
    result = allocate(PlacementProblem((), (), 0))
    assert result.assignments == () and result.unassigned == () and result.lottery == ()
    assert result.stats.rank_histogram == {} and result.stats.max_placeable == 0
    result = allocate(problem({"a": []}, []))
    assert result.unassigned == ("a",)
    assert result.stats.first_choice == 0


def test_histogram_counts_positions_on_the_pupils_own_list() -> None:
    """Offers that do not accept a pupil still count for the position."""
    p = problem({"a": ["X", "Y", "Z"]}, [Offer("X", 1, ()), Offer("Y", 0), Offer("Z", 1)])
    result = allocate(p)
    assert result.offer_of() == {"a": "Z"}
    assert result.stats.rank_histogram == {1: 0, 2: 0, 3: 1}


@pytest.mark.parametrize(
    ("bad", "path", "words"),
    [
        (problem({"a": [], "b": []} | {}, [Offer("X", 1), Offer("X", 2)]), "offers[1].id", "dupl"),
        (problem({"a": ["Q"]}, [Offer("X", 1)]), "pupils[0].preferences[0]", "unknown offer"),
        (problem({"a": ["X", "X"]}, [Offer("X", 1)]), "pupils[0].preferences[1]", "more than"),
        (problem({"a": []}, [Offer("X", 1, ("a", "zz"))]), "offers[0].ranking[1]", "unknown"),
        (problem({"a": []}, [Offer("X", 1, ("a", "a"))]), "offers[0].ranking[1]", "more than"),
        (problem({"a": []}, [Offer("X", -1)]), "offers[0].capacity", ">= 0"),
        (PlacementProblem((Pupil("a"), Pupil("a")), (), 1), "pupils[1].id", "duplicate"),
        (PlacementProblem((), (), "1"), "seed", "integer"),  # type: ignore[arg-type]
        (PlacementProblem((Pupil(""),), (), 1), "pupils[0].id", "non-empty"),
    ],
)
def test_allocate_rejects_inconsistent_problems(
    bad: PlacementProblem, path: str, words: str
) -> None:
    with pytest.raises(ProblemError) as info:
        allocate(bad)
    assert info.value.path == path
    assert words in info.value.message


@pytest.mark.parametrize("seed", range(6))
def test_max_flow_backends_agree(seed: int) -> None:
    """OR-Tools and scipy give the same maximum, and both at least the stable allocation."""
    rng = random.Random(seed)
    p = random_problem(rng, pupils=400, offers=40, max_choices=6, max_capacity=6)
    compiled = _Compiled(p)
    _, outcome = _verify(compiled, _deferred_acceptance(compiled))
    ortools = _max_flow(compiled, outcome.offer)
    assert ortools == _max_flow(compiled, outcome.offer, backend="scipy")
    assert ortools >= int((outcome.offer >= 0).sum())
    assert allocate(p).stats.max_placeable == ortools


def test_huge_capacity_and_seed() -> None:
    p = problem({"a": ["X"], "b": ["X"]}, [Offer("X", 2**80)], seed=2**200)
    result = allocate(p)
    assert result.stats.placed == result.stats.max_placeable == 2


def test_public_names_resolve() -> None:
    import partnerup.allocation as package

    for name in package.__all__:
        assert getattr(package, name) is not None
    assert set(package.__all__) <= set(dir(package))
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018
