"""Brute force, random instances and conversions shared by the allocation tests."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

from hypothesis import strategies as st

from partnerup.allocation import Offer, PlacementProblem, Pupil, lottery_order

Allocation = dict[str, str]  # pupil id -> offer id (unplaced pupils absent)


def priority(problem: PlacementProblem) -> dict[str, dict[str, int]]:
    """offer id -> {pupil id: rank} for the pupils the offer accepts (lower is better).

    Written from the specification, independently of the engine and the validator.
    """
    lottery = lottery_order([p.id for p in problem.pupils], problem.seed)
    out: dict[str, dict[str, int]] = {}
    for offer in problem.offers:
        if offer.capacity == 0:
            out[offer.id] = {}
        elif offer.ranking is None:
            out[offer.id] = {pid: k for k, pid in enumerate(lottery)}
        else:
            out[offer.id] = {pid: k for k, pid in enumerate(offer.ranking)}
    return out


def acceptable(problem: PlacementProblem, prio: dict[str, dict[str, int]]) -> dict[str, list[str]]:
    """pupil id -> offers they listed that accept them, in their order."""
    return {p.id: [o for o in p.preferences if p.id in prio[o]] for p in problem.pupils}


def all_allocations(problem: PlacementProblem) -> Iterator[Allocation]:
    """Every valid allocation (capacity, at most one place, only acceptable offers)."""
    prio = priority(problem)
    options = acceptable(problem, prio)
    caps = {o.id: o.capacity for o in problem.offers}
    pupil_ids = [p.id for p in problem.pupils]
    choices = [[None, *options[pid]] for pid in pupil_ids]
    for combo in itertools.product(*choices):
        load: dict[str, int] = {}
        ok = True
        for offer_id in combo:
            if offer_id is not None:
                load[offer_id] = load.get(offer_id, 0) + 1
                if load[offer_id] > caps[offer_id]:
                    ok = False
                    break
        if ok:
            yield {pid: o for pid, o in zip(pupil_ids, combo, strict=True) if o is not None}


def is_stable(problem: PlacementProblem, allocation: Allocation) -> bool:
    prio = priority(problem)
    caps = {o.id: o.capacity for o in problem.offers}
    holders: dict[str, list[str]] = {o.id: [] for o in problem.offers}
    for pid, oid in allocation.items():
        holders[oid].append(pid)
    for pupil in problem.pupils:
        current = allocation.get(pupil.id)
        for oid in pupil.preferences:
            if oid == current:
                break
            if pupil.id not in prio[oid]:
                continue
            if len(holders[oid]) < caps[oid]:
                return False
            if any(prio[oid][q] > prio[oid][pupil.id] for q in holders[oid]):
                return False
    return True


def outcome_rank(pupil: Pupil, allocation: Allocation) -> int:
    """Position of the pupil's place on their (true) list; then unplaced; then unlisted offers."""
    offer = allocation.get(pupil.id)
    if offer is None:
        return len(pupil.preferences)
    if offer not in pupil.preferences:
        return len(pupil.preferences) + 1
    return pupil.preferences.index(offer)


@st.composite
def tiny_problems(
    draw: st.DrawFn, max_pupils: int = 5, max_offers: int = 3, max_capacity: int = 2
) -> PlacementProblem:
    n = draw(st.integers(0, max_pupils))
    m = draw(st.integers(0, max_offers))
    pupil_ids = [f"p{i}" for i in range(n)]
    offer_ids = [f"o{j}" for j in range(m)]
    pupils = []
    for pid in pupil_ids:
        order = draw(st.permutations(offer_ids))
        pupils.append(Pupil(pid, tuple(order[: draw(st.integers(0, m))])))
    offers = []
    for oid in offer_ids:
        capacity = draw(st.integers(0, max_capacity))
        ranking = None
        if draw(st.booleans()):
            order = draw(st.permutations(pupil_ids))
            ranking = tuple(order[: draw(st.integers(0, n))])
        offers.append(Offer(oid, capacity, ranking))
    seed = draw(st.integers(-(2**40), 2**40))
    return PlacementProblem(tuple(pupils), tuple(offers), seed)


def random_problem(
    rng: random.Random,
    pupils: int,
    offers: int,
    max_choices: int,
    max_capacity: int = 3,
    ranked_share: float = 0.5,
    zero_capacity_share: float = 0.05,
) -> PlacementProblem:
    pupil_ids = [f"p{i}" for i in range(pupils)]
    offer_ids = [f"o{j}" for j in range(offers)]
    pupil_list = tuple(
        Pupil(pid, tuple(rng.sample(offer_ids, rng.randint(0, min(max_choices, offers)))))
        for pid in pupil_ids
    )
    offer_list = []
    for oid in offer_ids:
        capacity = 0 if rng.random() < zero_capacity_share else rng.randint(1, max_capacity)
        ranking = None
        if rng.random() < ranked_share:
            # Mostly applicants, some pupils who did not apply, some applicants left out.
            applicants = [p.id for p in pupil_list if oid in p.preferences]
            others = rng.sample(pupil_ids, min(len(pupil_ids), 3))
            chosen = {pid for pid in applicants if rng.random() < 0.85} | set(others)
            ranking = tuple(rng.sample(sorted(chosen), len(chosen)))
        offer_list.append(Offer(oid, capacity, ranking))
    return PlacementProblem(pupil_list, tuple(offer_list), rng.randrange(2**31))


def to_matching_dicts(
    problem: PlacementProblem,
) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, int]]:
    """The problem as the consistent dictionaries ``matching.games.HospitalResident`` expects.

    Residents list only hospitals that accept them; hospitals rank exactly the residents that
    list them (by ranking or lottery); residents or hospitals left with nobody are dropped
    (the ``matching`` package warns about them).
    """
    prio = priority(problem)
    options = acceptable(problem, prio)
    resident_prefs = {pid: offers for pid, offers in options.items() if offers}
    applicants: dict[str, list[str]] = {o.id: [] for o in problem.offers}
    for pid, offers in resident_prefs.items():
        for oid in offers:
            applicants[oid].append(pid)
    hospital_prefs = {
        oid: sorted(pids, key=prio[oid].__getitem__) for oid, pids in applicants.items() if pids
    }
    capacities = {o.id: o.capacity for o in problem.offers if o.id in hospital_prefs}
    return resident_prefs, hospital_prefs, capacities
