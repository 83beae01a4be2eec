"""The CP-SAT gap phases on their own (without the MaxSAT search): optimal against a brute force,
and the lower bounds they prove never exceed the optimum."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerup.scheduling.compiled import compile_problem
from partnerup.scheduling.exact import solve_exact
from partnerup.scheduling.io import ProblemError, problem_from_dict

from .conftest import slot
from .test_properties import brute_force

TIMES = ["09:00", "09:30", "10:00", "10:30", "11:00"]


def _day(tables: int, people: list[dict], meetings: list[tuple[int, int]]) -> dict:
    """One venue, four back-to-back slots (a chain: the window encoding applies)."""
    return {
        "format": "partnerup.schedule-problem/1",
        "timezone": "Europe/Oslo",
        "venues": [{"id": "occ"}],
        "slots": [slot(f"s{i + 1}", TIMES[i], TIMES[i + 1]) for i in range(4)],
        "tables": [{"id": f"T{i + 1}", "venue": "occ", "seats": 2} for i in range(tables)],
        "participants": people,
        "meetings": [
            {"id": f"m{k}", "participants": [f"p{a}", f"p{b}"]} for k, (a, b) in enumerate(meetings)
        ],
    }


def _solve(data: dict):  # type: ignore[no-untyped-def]
    problem = problem_from_dict(data)
    c = compile_problem(problem)
    messages: list[str] = []
    result = solve_exact(c, time_limit=10, workers=1, use_maxsat=False, progress=messages.append)
    assert result is not None
    return problem, result, messages


def test_one_gap_found_with_all_tight_but_one():
    # p0 meets three people in its three usable slots; p1's second meeting is with p3, who
    # cannot come first: no schedule without a gap, one with exactly one
    data = _day(
        2,
        [
            {"id": "p0", "unavailable": ["s4"]},
            {"id": "p1"},
            {"id": "p2", "unavailable": ["s2"]},
            {"id": "p3", "unavailable": ["s1"]},
        ],
        [(0, 1), (0, 2), (0, 3), (1, 3)],
    )
    problem, result, messages = _solve(data)
    assert brute_force(problem) == (4, -1)
    assert (result.gaps, result.gaps_bound, result.gaps_optimal) == (1, 1, True)
    assert any("all tight but one" in m for m in messages)


def test_refuting_every_single_relaxation_proves_two():
    # a triangle on one table whose third slot two of the three cannot use: 2 gaps at least
    data = _day(
        1,
        [{"id": "p0", "unavailable": ["s3"]}, {"id": "p1"}, {"id": "p2", "unavailable": ["s3"]}],
        [(0, 2), (0, 1), (2, 1)],
    )
    problem, result, messages = _solve(data)
    assert brute_force(problem) == (3, -2)
    assert (result.gaps, result.gaps_bound, result.gaps_optimal) == (2, 2, True)
    assert any("at least 2" in m for m in messages)


@st.composite
def chain_days(draw):
    n = draw(st.integers(3, 5))
    slots = ["s1", "s2", "s3", "s4"]
    people = [
        {"id": f"p{i}", "unavailable": draw(st.lists(st.sampled_from(slots), max_size=1))}
        for i in range(n)
    ]
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda t: t[0] != t[1]),
            min_size=3,
            max_size=5,
            unique_by=lambda t: frozenset(t),
        )
    )
    return _day(draw(st.integers(1, 2)), people, pairs)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chain_days())
def test_gap_phases_match_brute_force_and_bounds_hold(data):
    try:
        problem = problem_from_dict(data)
    except ProblemError:
        return
    weight, neg_gaps = brute_force(problem)
    c = compile_problem(problem)
    result = solve_exact(c, time_limit=10, workers=1, use_maxsat=False)
    assert result is not None
    assert result.weight == weight
    assert result.gaps_bound <= -neg_gaps
    assert result.gaps == -neg_gaps
    assert result.gaps_optimal
