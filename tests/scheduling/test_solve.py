"""Each hard rule and each objective level, through the solver and the validator."""

from __future__ import annotations

from partnerup.scheduling.io import problem_from_dict, solution_to_dict
from partnerup.scheduling.model import Reason
from partnerup.scheduling.solve import solve
from partnerup.scheduling.validate import validate

from .conftest import build


def run(problem_dict, meetings, participants=None, **kw):
    problem_dict["meetings"] = meetings
    if participants is not None:
        problem_dict["participants"] = participants
    p = build(problem_dict)
    sol = solve(p, time_limit=kw.pop("time_limit", 5), **kw)
    assert validate(p, sol) == []
    return p, sol, {a.meeting: a for a in sol.assignments}


def test_triangle_needs_one_gap(problem_dict):
    _, sol, at = run(
        problem_dict,
        [
            {"id": "m1", "participants": ["p1", "p2"]},
            {"id": "m2", "participants": ["p1", "p3"]},
            {"id": "m3", "participants": ["p2", "p3"]},
        ],
    )
    # three meetings in three distinct slots: whoever has the first and the last waits once
    assert len(at) == 3 and sol.stats.gaps == 1 and sol.stats.gaps_proven_optimal
    assert sol.bound.weight == 3 and sol.bound.proven_optimal


def test_weight_wins_over_count(problem_dict):
    # p1 can attend only s1: the heavy meeting gets it
    _, sol, at = run(
        problem_dict,
        [
            {"id": "light", "participants": ["p1", "p2"]},
            {"id": "heavy", "participants": ["p1", "p3"], "weight": 3},
        ],
        [{"id": "p1", "available": ["s1"]}, {"id": "p2"}, {"id": "p3"}],
    )
    assert set(at) == {"heavy"}
    (u,) = sol.unscheduled
    assert u.meeting == "light"
    assert u.reason == Reason("no_free_slot_heavier", participants=("p1",), count=1)


def test_three_person_meeting_needs_three_seats(problem_dict):
    _, _, at = run(problem_dict, [{"id": "m1", "participants": ["p1", "p2", "p3"]}])
    assert at["m1"].table == "T2"


def test_no_table_reason(problem_dict):
    problem_dict["tables"] = [{"id": "T1", "venue": "occ", "seats": 2}]
    _, sol, at = run(problem_dict, [{"id": "m1", "participants": ["p1", "p2", "p3"]}])
    assert not at
    assert sol.unscheduled[0].reason == Reason("no_table_for_size", venues=("occ", "osp"), count=3)


def test_no_common_slot_reason(problem_dict):
    _, sol, _ = run(
        problem_dict,
        [{"id": "m1", "participants": ["p1", "p2"]}],
        [{"id": "p1", "available": ["s1"]}, {"id": "p2", "available": ["s2"]}],
    )
    assert sol.unscheduled[0].reason == Reason("no_common_availability", participants=("p1", "p2"))


def test_travel_time_between_venues(problem_dict):
    # s3 (occ) ends 10:30; o1 (osp) starts 10:30, o2 at 11:00; 30 minutes of travel
    problem_dict["travel_minutes"] = [{"from": "occ", "to": "osp", "minutes": 30}]
    _, _, at = run(
        problem_dict,
        [
            {"id": "a", "participants": ["p1", "p2"], "allowed_slots": ["s3"]},
            {"id": "b", "participants": ["p1", "p3"], "allowed_slots": ["o1", "o2"]},
        ],
    )
    assert at["a"].slot == "s3" and at["b"].slot == "o2"


def test_travel_too_long_places_only_one(problem_dict):
    # with 40 minutes of travel neither o1 nor o2 can follow s3
    _, sol, at = run(
        problem_dict,
        [
            {"id": "a", "participants": ["p1", "p2"], "allowed_slots": ["s3"], "weight": 2},
            {"id": "b", "participants": ["p1", "p3"], "allowed_slots": ["o1", "o2"]},
        ],
    )
    assert set(at) == {"a"} and sol.bound.weight == 2


def test_max_meetings_and_fairness(problem_dict):
    _, sol, at = run(
        problem_dict,
        [{"id": f"m{i}", "participants": ["p1", f"p{i}"]} for i in range(2, 5)],
        [{"id": "p1", "max_meetings": 2}] + [{"id": f"p{i}"} for i in range(2, 6)],
    )
    assert len(at) == 2
    assert sol.unscheduled[0].reason == Reason("max_meetings", participants=("p1",), count=2)


def test_fixed_meeting_stays(problem_dict):
    _, _, at = run(
        problem_dict,
        [
            {"id": "m1", "participants": ["p1", "p2"], "fixed": {"slot": "s4", "table": "T2"}},
            {"id": "m2", "participants": ["p1", "p3"]},
        ],
    )
    assert (at["m1"].slot, at["m1"].table) == ("s4", "T2")
    assert at["m2"].slot == "s3"  # back to back, no gap


def test_gaps_are_minimised(problem_dict):
    # p1 unavailable at s2: its two meetings go to s3 and s4 rather than s1 and s3
    _, sol, at = run(
        problem_dict,
        [{"id": "m1", "participants": ["p1", "p2"]}, {"id": "m2", "participants": ["p1", "p3"]}],
        [{"id": "p1", "unavailable": ["s2"]}, {"id": "p2"}, {"id": "p3"}],
    )
    assert sol.stats.gaps == 0
    assert {at["m1"].slot, at["m2"].slot} in ({"s3", "s4"},)


def test_same_seed_same_answer(problem_dict):
    meetings = [
        {"id": f"m{i}{j}", "participants": [f"p{i}", f"p{j}"]}
        for i in range(1, 6)
        for j in range(i + 1, 6)
    ]
    problem_dict["meetings"] = meetings
    p = problem_from_dict(problem_dict)
    a = solve(p, time_limit=3, seed=7)
    b = solve(p, time_limit=3, seed=7)
    assert a.assignments == b.assignments


def test_keep_moves_nothing_and_places_new(problem_dict):
    meetings = [
        {"id": "m1", "participants": ["p1", "p2"]},
        {"id": "m2", "participants": ["p3", "p4"]},
        {"id": "m3", "participants": ["p1", "p3"]},
    ]
    _, first, _ = run(problem_dict, meetings)
    # cancel m2, add m4
    problem_dict["meetings"] = [
        meetings[0],
        meetings[2],
        {"id": "m4", "participants": ["p4", "p5"]},
    ]
    p2 = build(problem_dict)
    second = solve(p2, time_limit=3, keep=first)
    assert validate(p2, second) == []
    before = {a.meeting: (a.slot, a.table) for a in first.assignments}
    after = {a.meeting: (a.slot, a.table) for a in second.assignments}
    assert after["m1"] == before["m1"] and after["m3"] == before["m3"]
    assert "m4" in after and second.moved == []
    assert solution_to_dict(second)["stats"]["removed_from_previous"] == ["m2"]


def test_keep_reports_what_had_to_move(problem_dict):
    meetings = [{"id": "m1", "participants": ["p1", "p2"]}]
    _, first, at = run(problem_dict, meetings)
    old = at["m1"].slot
    problem_dict["participants"] = [{"id": "p1", "unavailable": [old]}, {"id": "p2"}]
    p2 = build(problem_dict)
    second = solve(p2, time_limit=3, keep=first)
    (mv,) = second.moved
    assert mv.meeting == "m1" and mv.previous_slot == old and mv.slot != old
    assert mv.reason == Reason("unavailable", participants=("p1",), slot=old)


def test_explanations_with_shared_cache_match_uncached(problem_dict):
    from partnerup.scheduling.compiled import compile_problem
    from partnerup.scheduling.greedy import explain
    from partnerup.scheduling.state import Schedule

    problem_dict["slots"] = problem_dict["slots"][:2]
    problem_dict["meetings"] = [
        {"id": "a", "participants": ["p1", "p4"], "weight": 1},
        {"id": "b", "participants": ["p1", "p2"], "weight": 3},
        {"id": "c", "participants": ["p1", "p3"], "weight": 3},
        {"id": "d", "participants": ["p1", "p5"], "weight": 1},
        {"id": "e", "participants": ["p2", "p3"], "weight": 0},
    ]
    c = compile_problem(build(problem_dict))
    sched = Schedule(c)
    sched.place(c.meeting_index["a"], c.slot_index["s1"])
    sched.place(c.meeting_index["b"], c.slot_index["s2"])
    cache: dict[int, int] = {}
    reasons = {}
    for mid in ["c", "d", "e"]:
        m = c.meeting_index[mid]
        reasons[mid] = explain(c, sched, m, cache)
        assert reasons[mid] == explain(c, sched, m)
    assert reasons["c"] == Reason("no_free_slot", participants=("p1",), count=2)
    assert reasons["d"] == Reason("no_free_slot_heavier", participants=("p1",), count=2)
