"""Identical results to the ``matching`` package's resident-optimal hospital-resident solution.

Published examples: the hospital-resident example of the package's README ("A note on
performance": 400 residents, 20 hospitals, from ``numpy.random.default_rng(0)``), and the small
examples of its documentation and test-suite (the Mercy/City/General example, the example of
issue #67 and the "resident loses all preferences" example). Then random instances.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given, settings
from matching.games import HospitalResident

from partnerup.allocation import Offer, PlacementProblem, Pupil, allocate

from .helpers import random_problem, tiny_problems, to_matching_dicts


@contextmanager
def recursion_limit(limit: int) -> Iterator[None]:
    """``matching`` deep-copies its player graph recursively; big games need a higher limit."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, limit))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def solve_with_matching(
    resident_prefs: dict, hospital_prefs: dict, capacities: dict
) -> dict[str, set[str]]:
    with recursion_limit(20_000):
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
        solution = game.solve(optimal="resident")
    return {str(h.name): {str(r.name) for r in rs} for h, rs in solution.items()}


def solve_with_engine(problem: PlacementProblem) -> dict[str, set[str]]:
    held: dict[str, set[str]] = {o.id: set() for o in problem.offers}
    for a in allocate(problem).assignments:
        held[a.offer].add(a.pupil)
    return held


def problem_from_dicts(
    resident_prefs: dict, hospital_prefs: dict, capacities: dict
) -> PlacementProblem:
    return PlacementProblem(
        tuple(Pupil(str(r), tuple(str(h) for h in prefs)) for r, prefs in resident_prefs.items()),
        tuple(
            Offer(str(h), int(capacities[h]), tuple(str(r) for r in prefs))
            for h, prefs in hospital_prefs.items()
        ),
        seed=0,
    )


def assert_same(problem: PlacementProblem) -> None:
    ours = solve_with_engine(problem)
    theirs = solve_with_matching(*to_matching_dicts(problem))
    assert {h: rs for h, rs in ours.items() if rs} == {h: rs for h, rs in theirs.items() if rs}


SMALL_PUBLISHED = {
    "mercy-city-general": (
        {
            "A": ["C"],
            "S": ["C", "M"],
            "D": ["C", "M", "G"],
            "J": ["C", "G", "M"],
            "L": ["M", "C", "G"],
        },
        {"M": ["D", "L", "S", "J"], "C": ["D", "A", "S", "L", "J"], "G": ["D", "J", "L"]},
        {"M": 2, "C": 2, "G": 2},
        {"M": {"L", "S"}, "C": {"D", "A"}, "G": {"J"}},
    ),
    "issue-67": (
        {
            "Group 1": ["Intellectual property", "Privacy"],
            "Group 2": ["Privacy", "Fairness in AI"],
            "Group 3": ["Privacy", "Social media"],
        },
        {
            "Fairness in AI": ["Group 2"],
            "Intellectual property": ["Group 1"],
            "Privacy": ["Group 3", "Group 2", "Group 1"],
            "Social media": ["Group 3"],
        },
        {"Fairness in AI": 2, "Intellectual property": 2, "Privacy": 2, "Social media": 2},
        {
            "Intellectual property": {"Group 1"},
            "Privacy": {"Group 3", "Group 2"},
            "Fairness in AI": set(),
            "Social media": set(),
        },
    ),
    "resident-loses-all-preferences": (
        {"A": ["X"], "B": ["X", "Y"]},
        {"X": ["B", "A"], "Y": ["B"]},
        {"X": 1, "Y": 1},
        {"X": {"B"}, "Y": set()},
    ),
}


@pytest.mark.parametrize("name", sorted(SMALL_PUBLISHED))
def test_small_published_examples(name: str) -> None:
    residents, hospitals, capacities, expected = SMALL_PUBLISHED[name]
    assert solve_with_matching(residents, hospitals, capacities) == expected
    assert solve_with_engine(problem_from_dicts(residents, hospitals, capacities)) == expected


def test_readme_performance_example() -> None:
    """400 residents, 20 hospitals of capacity 20, complete random preferences."""
    prng = np.random.default_rng(0)
    num_residents, num_hospitals = 400, 20
    resident_prefs = {
        r: np.argsort(prng.random(size=num_hospitals)).tolist() for r in range(num_residents)
    }
    hospital_prefs = {
        h: np.argsort(prng.random(size=num_residents)).tolist() for h in range(num_hospitals)
    }
    capacities = dict.fromkeys(hospital_prefs, num_hospitals)
    theirs = solve_with_matching(resident_prefs, hospital_prefs, capacities)
    ours = solve_with_engine(problem_from_dicts(resident_prefs, hospital_prefs, capacities))
    assert ours == theirs
    assert sum(map(len, ours.values())) == 400


@settings(max_examples=100, deadline=None)
@given(tiny_problems(max_pupils=8, max_offers=4, max_capacity=3))
def test_hypothesis_instances(problem: PlacementProblem) -> None:
    assert_same(problem)


@pytest.mark.parametrize("seed", range(12))
def test_random_instances(seed: int) -> None:
    rng = random.Random(seed)
    problem = random_problem(
        rng,
        pupils=rng.randint(1, 300),
        offers=rng.randint(1, 40),
        max_choices=rng.randint(1, 10),
        max_capacity=rng.randint(1, 8),
    )
    assert_same(problem)


def test_random_instance_beyond_default_recursion_limit() -> None:
    """2,500 pupils (~2,100 with options): ``matching`` needs a raised recursion limit here."""
    rng = random.Random(2_500)
    problem = random_problem(rng, pupils=2_500, offers=150, max_choices=6, max_capacity=15)
    assert_same(problem)
