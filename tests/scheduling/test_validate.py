from __future__ import annotations

from partnerup.scheduling.model import Assignment as A
from partnerup.scheduling.validate import count_gaps, validate

from .conftest import build


def problem(problem_dict, meetings, participants=None):
    problem_dict["meetings"] = meetings
    if participants is not None:
        problem_dict["participants"] = participants
    return build(problem_dict)


def two(problem_dict, **extra):
    return problem(
        problem_dict,
        [
            {"id": "m1", "participants": ["p1", "p2"], **extra},
            {"id": "m2", "participants": ["p1", "p3"]},
            {"id": "m3", "participants": ["p4", "p5"]},
        ],
    )


def test_valid_schedule_has_no_violation(problem_dict):
    p = two(problem_dict)
    assert validate(p, [A("m1", "s1", "T1"), A("m2", "s2", "T1"), A("m3", "s1", "T2")]) == []


def test_meeting_placed_twice(problem_dict):
    p = two(problem_dict)
    errors = validate(p, [A("m1", "s1", "T1"), A("m1", "s2", "T1")])
    assert any("more than once" in e for e in errors)


def test_table_holds_one_meeting_per_slot(problem_dict):
    p = two(problem_dict)
    errors = validate(p, [A("m1", "s1", "T1"), A("m3", "s1", "T1")])
    assert any("holds meetings" in e for e in errors)


def test_table_at_slot_venue_with_enough_seats(problem_dict):
    p = problem(problem_dict, [{"id": "m1", "participants": ["p1", "p2", "p3"]}])
    assert any("venue" in e for e in validate(p, [A("m1", "s1", "U1")]))
    assert any("seats" in e for e in validate(p, [A("m1", "s1", "T1")]))
    assert validate(p, [A("m1", "s1", "T2")]) == []


def test_participant_unavailable_and_available_list(problem_dict):
    p = problem(
        problem_dict,
        [{"id": "m1", "participants": ["p1", "p2"]}],
        [{"id": "p1", "unavailable": ["s1"]}, {"id": "p2", "available": ["s1", "s2"]}],
    )
    assert any("unavailable" in e for e in validate(p, [A("m1", "s1", "T1")]))
    assert any("'p2' unavailable" in e for e in validate(p, [A("m1", "s3", "T1")]))
    assert validate(p, [A("m1", "s2", "T1")]) == []


def test_allowed_slots(problem_dict):
    p = two(problem_dict, allowed_slots=["s3"])
    assert any("allowed_slots" in e for e in validate(p, [A("m1", "s1", "T1")]))


def test_overlap_and_travel(problem_dict):
    p = two(problem_dict)
    errors = validate(p, [A("m1", "s1", "T1"), A("m2", "s1", "T2")])
    assert any("overlap" in e for e in errors)
    # s3 ends 10:30 at occ, o1 starts 10:30 at osp: 40 minutes travel needed
    errors = validate(p, [A("m1", "s3", "T1"), A("m2", "o1", "U1")])
    assert any("travel" in e for e in errors)
    assert validate(p, [A("m1", "s2", "T1"), A("m2", "o2", "U1")]) == []


def test_max_meetings(problem_dict):
    p = problem(
        problem_dict,
        [{"id": "m1", "participants": ["p1", "p2"]}, {"id": "m2", "participants": ["p1", "p3"]}],
        [{"id": "p1", "max_meetings": 1}, {"id": "p2"}, {"id": "p3"}],
    )
    assert any("max_meetings" in e for e in validate(p, [A("m1", "s1", "T1"), A("m2", "s2", "T1")]))


def test_fixed_meeting_must_be_where_fixed(problem_dict):
    p = two(problem_dict, fixed={"slot": "s2", "table": "T2"})
    assert any("not placed" in e for e in validate(p, []))
    assert any("fixed slot" in e for e in validate(p, [A("m1", "s1", "T2")]))
    assert any("fixed table" in e for e in validate(p, [A("m1", "s2", "T1")]))


def test_unknown_ids(problem_dict):
    p = two(problem_dict)
    errors = validate(p, [A("zz", "s1", "T1"), A("m1", "s9", "T1"), A("m2", "s1", "T9")])
    assert len(errors) == 3


def test_gap_counting(problem_dict):
    p = two(problem_dict)
    assert count_gaps(p, [A("m1", "s1", "T1"), A("m2", "s3", "T1")])["p1"] == 1
    assert count_gaps(p, [A("m1", "s1", "T1"), A("m2", "s2", "T1")])["p1"] == 0
