"""Stability, validity, pupil-optimality, max_placeable and strategy-proofness against brute force
on hypothesis-generated tiny instances."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from partnerup.allocation import Assignment, PlacementProblem, Pupil, allocate, check_allocation
from partnerup.allocation.validate import find_violations

from .helpers import all_allocations, is_stable, outcome_rank, tiny_problems

SETTINGS = settings(max_examples=250, deadline=None)


@SETTINGS
@given(tiny_problems())
def test_valid_stable_and_pupil_optimal(problem: PlacementProblem) -> None:
    result = allocate(problem)
    ours = result.offer_of()
    check_allocation(problem, result)  # the package's own validator agrees ...
    assert is_stable(problem, ours)  # ... and so does the brute-force test oracle

    allocations = list(all_allocations(problem))
    assert ours in allocations  # valid
    stable = [a for a in allocations if is_stable(problem, a)]
    assert stable  # Gale-Shapley: a stable allocation always exists
    for other in stable:  # pupil-optimal: every pupil weakly prefers ours to any stable one
        for pupil in problem.pupils:
            assert outcome_rank(pupil, ours) <= outcome_rank(pupil, other)
    # The brute force agrees with the validator on every valid allocation.
    for a in allocations:
        assignments = [Assignment(p, o) for p, o in a.items()]
        assert (not find_violations(problem, assignments)) == is_stable(problem, a)

    assert result.stats.max_placeable == max(len(a) for a in allocations)
    assert result.stats.placed == len(ours)
    assert set(result.unassigned) == {p.id for p in problem.pupils} - ours.keys()
    assert set(result.reasons) == set(result.unassigned)


def _reports(pupil: Pupil, offer_ids: list[str]) -> list[tuple[str, ...]]:
    """Every preference list a pupil could submit (ordered subsets of the offers)."""
    del pupil
    return [
        perm
        for k in range(len(offer_ids) + 1)
        for combo in itertools.combinations(offer_ids, k)
        for perm in itertools.permutations(combo)
    ]


@settings(max_examples=60, deadline=None)
@given(tiny_problems(max_pupils=4, max_offers=3), st.data())
def test_no_pupil_gains_by_lying(problem: PlacementProblem, data: st.DataObject) -> None:
    truthful = allocate(problem).offer_of()
    offer_ids = [o.id for o in problem.offers]
    if not problem.pupils:
        return
    k = data.draw(st.integers(0, len(problem.pupils) - 1))
    liar = problem.pupils[k]
    honest_rank = outcome_rank(liar, truthful)
    for report in _reports(liar, offer_ids):
        pupils = list(problem.pupils)
        pupils[k] = Pupil(liar.id, report)
        lie = PlacementProblem(tuple(pupils), problem.offers, problem.seed)
        assert outcome_rank(liar, allocate(lie).offer_of()) >= honest_rank, report
