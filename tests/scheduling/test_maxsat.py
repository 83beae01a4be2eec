"""The MaxSAT gap search: optimal against a brute force, valid, and it stops when told to."""

from __future__ import annotations

import threading
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerup.scheduling import maxsat
from partnerup.scheduling.compiled import assign_tables, compile_problem
from partnerup.scheduling.io import ProblemError, problem_from_dict
from partnerup.scheduling.maxsat import MaxsatGaps
from partnerup.scheduling.model import Assignment
from partnerup.scheduling.state import gaps_of
from partnerup.scheduling.validate import count_gaps, validate

from .conftest import base_problem, slot
from .test_properties import SLOTS, brute_force, problems


@st.composite
def busy_problems(draw):
    """Few people with several meetings each over slots with a hole and a second venue, so that
    most answers have gaps (the general generator rarely gives any)."""
    ids = [s["id"] for s in SLOTS]
    n_people = draw(st.integers(2, 4))
    people = [
        {"id": f"p{i}", "unavailable": draw(st.lists(st.sampled_from(ids), max_size=1))}
        for i in range(n_people)
    ]
    meetings = []
    for k in range(draw(st.integers(3, 5))):
        a, b = draw(st.lists(st.integers(0, n_people - 1), min_size=2, max_size=2, unique=True))
        meetings.append({"id": f"m{k}", "participants": [f"p{a}", f"p{b}"]})
    return {
        "format": "partnerup.schedule-problem/1",
        "timezone": "Europe/Oslo",
        "venues": [{"id": "occ"}, {"id": "osp"}],
        "slots": SLOTS,
        "tables": [
            {"id": "T1", "venue": "occ", "seats": 2},
            {"id": "U1", "venue": "osp", "seats": 2},
        ],
        "travel_minutes": [{"from": "occ", "to": "osp", "minutes": draw(st.sampled_from([0, 20]))}],
        "participants": people,
        "meetings": meetings,
    }


def _assignments(c, slot_of):
    tables = assign_tables(c, slot_of)
    return [
        Assignment(c.meeting_ids[m], c.slot_ids[s], c.table_ids[tables[m]])
        for m, s in slot_of.items()
    ]


def test_pysat_is_installed():
    # the engine falls back to CP-SAT alone without it; the project depends on it
    assert maxsat.AVAILABLE


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(problems(), busy_problems()))
def test_fewest_gaps_match_brute_force_when_everything_fits(data):
    try:
        problem = problem_from_dict(data)
    except ProblemError:
        return
    c = compile_problem(problem)
    weight, neg_gaps = brute_force(problem)
    if weight < sum(c.weight[m] for m in range(c.n_meetings) if c.cand[m]):
        return  # not everything can be placed: not the MaxSAT path's case
    result = MaxsatGaps(c).run(None)
    assert result is not None
    assert set(result.slot_of) == {m for m in range(c.n_meetings) if c.cand[m]}
    assignments = _assignments(c, result.slot_of)
    assert validate(problem, assignments) == []
    assert result.gaps == -neg_gaps
    assert result.gaps == sum(count_gaps(problem, assignments).values())


def _wide_problem():
    """Twelve people, each meeting every other once: a search that takes a while."""
    data = base_problem()
    times = [f"{9 + i // 2:02d}:{30 * (i % 2):02d}" for i in range(15)]
    data["slots"] = [slot(f"s{i}", times[i], times[i + 1]) for i in range(14)]
    data["tables"] = [{"id": f"T{i}", "venue": "occ", "seats": 2} for i in range(5)]
    people = [f"p{i}" for i in range(12)]
    data["participants"] = [{"id": p} for p in people]
    data["meetings"] = [
        {"id": f"m{a}-{b}", "participants": [people[a], people[b]]}
        for a in range(12)
        for b in range(a + 1, 12)
    ]
    return problem_from_dict(data)


def test_gaps_and_windows_on_a_real_size_day():
    problem = _wide_problem()
    c = compile_problem(problem)
    result = MaxsatGaps(c).run(None)
    assert result is not None
    assignments = _assignments(c, result.slot_of)
    assert validate(problem, assignments) == []
    # 11 meetings each in 14 slots, 5 tables for 66 meetings: the solver's count is the real one
    assert result.gaps == sum(
        gaps_of(c, [result.slot_of[m] for m in c.person_meetings[p]]) for p in range(c.n_people)
    )


def test_stops_when_asked_before_and_during_the_search():
    c = compile_problem(_wide_problem())
    run = MaxsatGaps(c)
    run.interrupt()
    assert run.run(None) is None

    run = MaxsatGaps(c)
    answer: list[object] = []
    worker = threading.Thread(target=lambda: answer.append(run.run(None)))
    worker.start()
    time.sleep(0.2)
    started = time.monotonic()
    run.interrupt()
    worker.join(30)
    assert not worker.is_alive()
    assert time.monotonic() - started < 5
    # either it had already finished with the optimum, or it stopped without an answer
    assert answer[0] is None or answer[0] is run.result


def test_a_tiny_budget_stops_without_an_answer():
    c = compile_problem(_wide_problem())
    assert MaxsatGaps(c).run(1e-6) is None


def test_slices_and_stop_checks_leave_rc2s_search_unchanged():
    # the budgeted run must search exactly as PySAT's own RC2 does (core minimisation shares one
    # budget of 1000 conflicts; giving each of its calls 1000 made the search slower)
    from pysat.examples.rc2 import RC2

    c = compile_problem(_wide_problem())
    encoder = maxsat._Encoder(c)
    encoder.encode()
    plain = RC2(encoder.wcnf, solver="g3", adapt=True, exhaust=True, minz=True, trim=5)
    plain.compute()
    expected = plain.oracle.accum_stats()["propagations"], plain.cost
    plain.delete()
    run = MaxsatGaps(c)
    result = run.run(None)
    assert result is not None
    assert (run.propagations, result.gaps) == expected
