from __future__ import annotations

import pytest

from partnerup.scheduling.io import (
    ProblemError,
    problem_from_dict,
    problem_to_dict,
    solution_from_dict,
    solution_to_dict,
)
from partnerup.scheduling.solve import solve


def test_parses_example(problem_dict):
    problem_dict["meetings"] = [
        {
            "id": "m1",
            "participants": ["p1", "p2"],
            "weight": 2,
            "allowed_slots": None,
            "fixed": {"slot": "s2", "table": None},
        },
        {"id": "m2", "participants": ["p1", "p2", "p3"]},
    ]
    p = problem_from_dict(problem_dict)
    assert [m.weight for m in p.meetings] == [2, 1]
    assert p.meetings[0].fixed is not None and p.meetings[0].fixed.slot == "s2"
    assert p.travel_minutes()[("osp", "occ")] == 40
    again = problem_from_dict(problem_to_dict(p))
    assert again == p


@pytest.mark.parametrize(
    ("mutate", "field", "text"),
    [
        (lambda d: d.update(format="other/1"), "format", "expected"),
        (
            lambda d: d["meetings"].append({"id": "m1", "participants": ["p1", "zz"]}),
            "meetings[m1].participants",
            "unknown participant 'zz'",
        ),
        (
            lambda d: d["meetings"].append({"id": "m1", "participants": ["p1"]}),
            "meetings[m1].participants",
            "two or more",
        ),
        (
            lambda d: d["meetings"].append(
                {"id": "m1", "participants": ["p1", "p2"], "allowed_slots": ["nope"]}
            ),
            "meetings[m1].allowed_slots",
            "unknown slot 'nope'",
        ),
        (
            lambda d: d["meetings"].append(
                {"id": "m1", "participants": ["p1", "p2"], "weight": "heavy"}
            ),
            "meetings[m1].weight",
            "integer",
        ),
        (lambda d: d["participants"].append({"id": "p1"}), "participants[p1]", "duplicate"),
        (
            lambda d: d["participants"][0].update(unavailable=["x9"]),
            "participants[p1].unavailable",
            "unknown slot 'x9'",
        ),
        (lambda d: d["slots"][0].update(start="tomorrow"), "slots[s1].start", "ISO 8601"),
        (
            lambda d: d["slots"][0].update(start="2026-12-01T09:00:00"),
            "slots[s1].start",
            "UTC offset",
        ),
        (
            lambda d: d["slots"][0].update(end="2026-12-01T08:00:00+01:00"),
            "slots[s1]",
            "end must be after start",
        ),
        (lambda d: d["tables"][0].update(venue="mars"), "tables[T1].venue", "unknown venue"),
        (lambda d: d.update(timezone="Mars/Olympus"), "timezone", "unknown time zone"),
        (
            lambda d: d["meetings"].append(
                {"id": "m1", "participants": ["p1", "p2"], "fixed": {"slot": "s9"}}
            ),
            "meetings[m1].fixed.slot",
            "unknown slot",
        ),
    ],
)
def test_malformed_input_names_item(problem_dict, mutate, field, text):
    mutate(problem_dict)
    with pytest.raises(ProblemError) as err:
        problem_from_dict(problem_dict)
    assert err.value.field == field
    assert text in err.value.message


def contradict(problem_dict, meetings, participants=None):
    problem_dict["meetings"] = meetings
    if participants:
        problem_dict["participants"] = participants
    with pytest.raises(ProblemError) as err:
        problem_from_dict(problem_dict)
    return err.value


def test_fixed_at_unavailable_slot(problem_dict):
    err = contradict(
        problem_dict,
        [{"id": "m1", "participants": ["p1", "p2"], "fixed": {"slot": "s1"}}],
        [{"id": "p1", "unavailable": ["s1"]}, {"id": "p2"}],
    )
    assert err.field == "meetings[m1].fixed"
    assert "'p1' is unavailable at slot 's1'" in err.message


def test_two_fixed_on_one_table(problem_dict):
    err = contradict(
        problem_dict,
        [
            {"id": "m1", "participants": ["p1", "p2"], "fixed": {"slot": "s1", "table": "T1"}},
            {"id": "m2", "participants": ["p3", "p4"], "fixed": {"slot": "s1", "table": "T1"}},
        ],
    )
    assert err.field == "meetings[m2].fixed.table"
    assert "'m1' and 'm2'" in err.message


def test_fixed_table_wrong_venue_and_too_small(problem_dict):
    err = contradict(
        problem_dict,
        [{"id": "m1", "participants": ["p1", "p2"], "fixed": {"slot": "s1", "table": "U1"}}],
    )
    assert "venue 'osp'" in err.message
    err = contradict(
        problem_dict,
        [{"id": "m1", "participants": ["p1", "p2", "p3"], "fixed": {"slot": "s1", "table": "T1"}}],
    )
    assert "2 seats" in err.message


def test_fixed_participant_clash_and_travel(problem_dict):
    err = contradict(
        problem_dict,
        [
            {"id": "m1", "participants": ["p1", "p2"], "fixed": {"slot": "s3"}},
            {"id": "m2", "participants": ["p1", "p3"], "fixed": {"slot": "o1"}},
        ],
    )
    assert err.field == "meetings[m2].fixed"
    assert "'p1'" in err.message


def test_fixed_outside_allowed_and_over_max(problem_dict):
    err = contradict(
        problem_dict,
        [
            {
                "id": "m1",
                "participants": ["p1", "p2"],
                "allowed_slots": ["s2"],
                "fixed": {"slot": "s1"},
            }
        ],
    )
    assert "allowed_slots" in err.message
    err = contradict(
        problem_dict,
        [
            {"id": "m1", "participants": ["p1", "p2"], "fixed": {"slot": "s1"}},
            {"id": "m2", "participants": ["p1", "p3"], "fixed": {"slot": "s2"}},
        ],
        [{"id": "p1", "max_meetings": 1}, {"id": "p2"}, {"id": "p3"}],
    )
    assert err.field == "participants[p1].max_meetings"


def test_too_many_fixed_meetings_for_tables(problem_dict):
    problem_dict["meetings"] = [
        {"id": f"m{i}", "participants": [f"p{i}", f"q{i}"], "fixed": {"slot": "o1"}}
        for i in range(2)
    ]
    problem_dict["participants"] += [{"id": f"q{i}"} for i in range(2)]
    problem_dict["participants"] += [{"id": "p0"}]
    with pytest.raises(ProblemError) as err:
        problem_from_dict(problem_dict)
    assert "o1" in str(err.value)


def test_solution_round_trip(problem_dict):
    problem_dict["meetings"] = [{"id": "m1", "participants": ["p1", "p2"]}]
    p = problem_from_dict(problem_dict)
    sol = solve(p, time_limit=2)
    data = solution_to_dict(sol)
    assert data["format"] == "partnerup.schedule/2"
    assert {"placed", "weight", "gaps", "seconds"} <= set(data["stats"])
    back = solution_from_dict(data)
    assert back.assignments == sol.assignments
