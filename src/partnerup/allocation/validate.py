"""Checks that an allocation is valid and stable for its problem.

Written independently of the engine (plain dictionaries keyed by the original ids, no numpy,
nothing shared but :func:`lottery_order`) so that it can catch engine bugs. ``allocate()`` always
runs its own vectorised self-check; the CLI also runs this one with ``--independent-check``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .engine import lottery_order
from .model import AllocationError, Assignment, PlacementProblem, PlacementResult

_MAX_REPORTED = 50


def find_violations(
    problem: PlacementProblem,
    assignments: Iterable[Assignment],
    unassigned: Iterable[str] | None = None,
    lottery: Sequence[str] | None = None,
) -> list[str]:
    """Return human-readable violations (empty if the allocation is valid and stable).

    Valid: each assignment names a known pupil and offer, each pupil is placed at most once,
    only at an offer they listed that accepts them (capacity above zero, and no ranking or a
    ranking naming them), and no offer holds more pupils than its capacity. If ``unassigned``
    is given, every pupil must be either assigned or unassigned, exactly once.

    Stable: no pupil ``p`` and offer ``o`` with ``o`` acceptable to ``p``, ``p`` unplaced or
    preferring ``o`` to their place, and ``o`` having a free place or holding a pupil it ranks
    below ``p`` (by its ranking, or by the single lottery if it has none).

    ``lottery`` (all pupil ids, best first) defaults to :func:`lottery_order` of the seed; a
    given one is only checked to be a permutation of the pupils (:func:`check_allocation`
    checks a result's lottery against the seed).
    """
    problems: list[str] = []
    pupils = {p.id: p for p in problem.pupils}
    offers = {o.id: o for o in problem.offers}
    if lottery is None:
        lottery = lottery_order([p.id for p in problem.pupils], problem.seed)
    lottery_rank = {pid: k for k, pid in enumerate(lottery)}
    if len(lottery) != len(pupils) or lottery_rank.keys() != pupils.keys():
        return ["the lottery is not a permutation of the pupils"]
    # offer id -> pupil id -> rank (lower is better); the lottery for offers without a ranking;
    # offers without places accept nobody.
    no_one: dict[str, int] = {}
    rank_of = {
        o.id: no_one
        if o.capacity <= 0
        else lottery_rank
        if o.ranking is None
        else dict(zip(o.ranking, range(len(o.ranking)), strict=True))
        for o in problem.offers
    }

    placed: dict[str, str] = {}
    held: dict[str, list[str]] = {o: [] for o in offers}
    for a in assignments:
        if a.pupil not in pupils:
            problems.append(f"assignment of unknown pupil {a.pupil!r}")
            continue
        if a.offer not in offers:
            problems.append(f"pupil {a.pupil!r} assigned to unknown offer {a.offer!r}")
            continue
        if a.pupil in placed:
            problems.append(f"pupil {a.pupil!r} assigned more than once")
            continue
        if a.offer not in pupils[a.pupil].preferences:
            problems.append(f"pupil {a.pupil!r} assigned to offer {a.offer!r} they did not list")
        elif a.pupil not in rank_of[a.offer]:
            problems.append(f"offer {a.offer!r} does not accept pupil {a.pupil!r}")
        placed[a.pupil] = a.offer
        held[a.offer].append(a.pupil)
    for oid, holders in held.items():
        if len(holders) > offers[oid].capacity:
            problems.append(
                f"offer {oid!r} holds {len(holders)} pupils, capacity {offers[oid].capacity}"
            )
    if unassigned is not None:
        seen: set[str] = set()
        for pid in unassigned:
            if pid not in pupils:
                problems.append(f"unknown pupil {pid!r} listed as unassigned")
            elif pid in placed:
                problems.append(f"pupil {pid!r} both assigned and unassigned")
            elif pid in seen:
                problems.append(f"pupil {pid!r} listed as unassigned more than once")
            seen.add(pid)
        missing = len(pupils.keys() - placed.keys() - seen)
        if missing:
            problems.append(f"{missing} pupils neither assigned nor unassigned")
    if problems:
        return problems

    # Stability. An offer with a free place has no worst rank: every applicant could get in.
    free = len(pupils) + 1
    worst = {
        oid: max(map(rank_of[oid].__getitem__, holders), default=-1)
        if len(holders) >= offers[oid].capacity
        else free
        for oid, holders in held.items()
    }
    for pupil in problem.pupils:
        pid = pupil.id
        current = placed.get(pid)
        for oid in pupil.preferences:
            if oid == current:
                break
            r = rank_of[oid].get(pid)
            if r is not None and r < worst[oid]:
                why = "has a free place" if worst[oid] == free else "holds a pupil it ranks lower"
                problems.append(
                    f"blocking pair: pupil {pid!r} prefers offer {oid!r} to "
                    f"{'no place' if current is None else repr(current)}, and {oid!r} {why}"
                )
                if len(problems) >= _MAX_REPORTED:
                    return problems
    return problems


def check_allocation(problem: PlacementProblem, result: PlacementResult) -> None:
    """Raise :class:`AllocationError` unless ``result`` is valid and stable for ``problem``,
    its lottery is the one the seed draws, and its counts agree with its assignments."""
    lottery = lottery_order([p.id for p in problem.pupils], problem.seed)
    if result.lottery and list(result.lottery) != lottery:
        raise AllocationError(["the result's lottery is not the one drawn from the seed"])
    problems = find_violations(problem, result.assignments, result.unassigned, lottery)
    if not problems and result.stats.placed != len(result.assignments):
        problems.append(
            f"stats.placed is {result.stats.placed}, but there are {len(result.assignments)} "
            "assignments"
        )
    if not problems and result.stats.max_placeable < result.stats.placed:
        problems.append("stats.max_placeable is below stats.placed")
    if problems:
        raise AllocationError(problems)
