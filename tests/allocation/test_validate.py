"""The validators catch invalid and unstable allocations."""

from __future__ import annotations

import dataclasses

import pytest

from partnerup.allocation import (
    AllocationError,
    Assignment,
    Offer,
    PlacementProblem,
    Pupil,
    allocate,
    check_allocation,
    find_violations,
)
from partnerup.allocation.engine import _Compiled, _deferred_acceptance, _verify

PROBLEM = PlacementProblem(
    (
        Pupil("a", ("X", "Y")),
        Pupil("b", ("X", "Y")),
        Pupil("c", ("Y",)),
        Pupil("d", ("Z",)),
    ),
    (Offer("X", 1, ("a", "b")), Offer("Y", 1, ("b", "c", "a")), Offer("Z", 0)),
    seed=3,
)


def test_engine_result_is_clean() -> None:
    result = allocate(PROBLEM)
    assert result.offer_of() == {"a": "X", "b": "Y"}
    assert find_violations(PROBLEM, result.assignments, result.unassigned) == []
    check_allocation(PROBLEM, result)


@pytest.mark.parametrize(
    ("assignments", "unassigned", "message"),
    [
        ([("a", "X"), ("b", "X")], ["c", "d"], "offer 'X' holds 2 pupils, capacity 1"),
        ([("a", "X"), ("a", "Y")], ["b", "c", "d"], "pupil 'a' assigned more than once"),
        ([("c", "X")], ["a", "b", "d"], "pupil 'c' assigned to offer 'X' they did not list"),
        ([("d", "Z")], ["a", "b", "c"], "offer 'Z' does not accept pupil 'd'"),
        ([("zz", "X")], None, "assignment of unknown pupil 'zz'"),
        ([("a", "Q")], None, "pupil 'a' assigned to unknown offer 'Q'"),
        ([("a", "X")], ["a", "b", "c", "d"], "pupil 'a' both assigned and unassigned"),
        ([("a", "X")], ["b", "c"], "1 pupils neither assigned nor unassigned"),
        ([("a", "X"), ("b", "Y")], ["c", "d", "zz"], "unknown pupil 'zz' listed as unassigned"),
        (
            [("a", "X"), ("c", "Y")],
            ["b", "d"],
            "blocking pair: pupil 'b' prefers offer 'Y' to no place, and 'Y' holds a pupil it "
            "ranks lower",
        ),
        (
            [("a", "X")],
            ["b", "c", "d"],
            "blocking pair: pupil 'b' prefers offer 'Y' to no place, and 'Y' has a free place",
        ),
        (
            [("b", "X"), ("a", "Y")],
            ["c", "d"],
            "blocking pair: pupil 'a' prefers offer 'X' to 'Y', and 'X' holds a pupil it ranks "
            "lower",
        ),
    ],
)
def test_violations(
    assignments: list[tuple[str, str]], unassigned: list[str] | None, message: str
) -> None:
    found = find_violations(PROBLEM, [Assignment(p, o) for p, o in assignments], unassigned)
    assert message in found


def test_check_allocation_raises_with_all_problems() -> None:
    result = allocate(PROBLEM)
    bad = dataclasses.replace(result, assignments=(*result.assignments, Assignment("c", "X")))
    with pytest.raises(AllocationError) as info:
        check_allocation(PROBLEM, bad)
    assert "offer 'X' holds 2 pupils" in str(info.value)
    wrong_stats = dataclasses.replace(
        result, stats=dataclasses.replace(result.stats, placed=5, max_placeable=5)
    )
    with pytest.raises(AllocationError, match=r"stats\.placed"):
        check_allocation(PROBLEM, wrong_stats)
    wrong_lottery = dataclasses.replace(result, lottery=tuple(reversed(result.lottery)))
    with pytest.raises(AllocationError, match="lottery"):
        check_allocation(PROBLEM, wrong_lottery)


def test_engine_self_check_catches_corrupted_outcomes() -> None:
    compiled = _Compiled(PROBLEM)
    heaps = _deferred_acceptance(compiled)
    assert _verify(compiled, heaps)[0] == []
    key_of_b_at_y = heaps[1][0]
    assert "blocking pair" in _verify(compiled, [heaps[0], [], []])[0][0]  # b evicted from Y
    assert "over capacity" in _verify(compiled, [[*heaps[0], key_of_b_at_y], [], []])[0][0]
    assert "more than one offer" in _verify(compiled, [heaps[0], [heaps[0][0]], []])[0][0]
    pupil_c_at_rank_0 = -2  # heaps hold negated keys rank * n + pupil index
    assert "not on their list" in _verify(compiled, [[pupil_c_at_rank_0], [], []])[0][0]
    assert "does not match" in _verify(compiled, [[key_of_b_at_y], [], []])[0][0]


def test_find_violations_rejects_a_lottery_that_is_not_a_permutation() -> None:
    result = allocate(PROBLEM)
    found = find_violations(PROBLEM, result.assignments, result.unassigned, ("a", "b"))
    assert found == ["the lottery is not a permutation of the pupils"]
