"""Random tiny problems: every answer passes the validator and matches a brute force on
placed weight and gaps; the bound is never below the optimum."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerup.scheduling.compiled import assign_tables, compile_problem
from partnerup.scheduling.io import ProblemError, problem_from_dict
from partnerup.scheduling.model import REASON_CODES, Assignment
from partnerup.scheduling.solve import solve
from partnerup.scheduling.validate import count_gaps, validate

from .conftest import slot

SLOTS = [
    slot("s1", "09:00", "09:30"),
    slot("s2", "09:30", "10:00"),
    slot("s3", "10:00", "10:30"),
    slot("s4", "11:00", "11:30"),
    slot("o1", "09:30", "10:00", "osp"),
]


@st.composite
def problems(draw):
    n_slots = draw(st.integers(2, 5))
    slots = SLOTS[:n_slots]
    ids = [s["id"] for s in slots]
    n_people = draw(st.integers(2, 5))
    people = []
    for i in range(n_people):
        unavailable = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
        max_meetings = draw(st.sampled_from([None, None, 1, 2]))
        people.append({"id": f"p{i}", "unavailable": unavailable, "max_meetings": max_meetings})
    n_meetings = draw(st.integers(1, 5))
    meetings = []
    seen = set()
    for k in range(n_meetings):
        size = draw(st.sampled_from([2, 2, 2, 3])) if n_people >= 3 else 2
        group = tuple(
            sorted(
                draw(
                    st.lists(
                        st.integers(0, n_people - 1), min_size=size, max_size=size, unique=True
                    )
                )
            )
        )
        if group in seen:
            continue
        seen.add(group)
        allowed = draw(
            st.one_of(
                st.none(), st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True)
            )
        )
        meetings.append(
            {
                "id": f"m{k}",
                "participants": [f"p{i}" for i in group],
                "weight": draw(st.integers(1, 3)),
                "allowed_slots": allowed,
            }
        )
    tables = [{"id": "T1", "venue": "occ", "seats": draw(st.sampled_from([2, 3]))}]
    if draw(st.booleans()):
        tables.append({"id": "T2", "venue": "occ", "seats": 2})
    tables.append({"id": "U1", "venue": "osp", "seats": 3})
    return {
        "format": "partnerup.schedule-problem/1",
        "timezone": "Europe/Oslo",
        "venues": [{"id": "occ"}, {"id": "osp"}],
        "slots": slots,
        "tables": tables,
        "travel_minutes": [{"from": "occ", "to": "osp", "minutes": draw(st.sampled_from([0, 20]))}],
        "participants": people,
        "meetings": meetings,
    }


def brute_force(problem):
    """Best (weight, -gaps) over every slot choice per meeting (tables follow)."""
    c = compile_problem(problem)
    best = (0, 0)
    options = [[None, *c.cand[m]] for m in range(c.n_meetings)]
    for choice in itertools.product(*options):
        slot_of = {m: s for m, s in enumerate(choice) if s is not None}
        weight = sum(c.weight[m] for m in slot_of)
        if weight < best[0]:
            continue
        try:
            tables = assign_tables(c, slot_of)
        except RuntimeError:
            continue
        assignments = [
            Assignment(c.meeting_ids[m], c.slot_ids[s], c.table_ids[tables[m]])
            for m, s in slot_of.items()
        ]
        if validate(problem, assignments):
            continue
        gaps = sum(count_gaps(problem, assignments).values())
        best = max(best, (weight, -gaps))
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_matches_brute_force(data):
    try:
        problem = problem_from_dict(data)
    except ProblemError:
        return
    solution = solve(problem, time_limit=5, seed=1)
    assert validate(problem, solution) == []
    weight, neg_gaps = brute_force(problem)
    assert solution.stats.weight == weight
    assert solution.stats.gaps == -neg_gaps
    assert solution.bound.weight >= weight
    assert solution.stats.gaps == sum(count_gaps(problem, solution.assignments).values())
    placed = {a.meeting for a in solution.assignments}
    assert {u.meeting for u in solution.unscheduled} == {m.id for m in problem.meetings} - placed
    assert all(u.reason.code in REASON_CODES for u in solution.unscheduled)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_large_method_is_valid(data):
    try:
        problem = problem_from_dict(data)
    except ProblemError:
        return
    solution = solve(problem, time_limit=0.5, method="large")
    assert validate(problem, solution) == []
    assert solution.bound.weight >= solution.stats.weight
