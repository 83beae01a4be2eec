"""Deterministic placement problems for the allocation benchmark.

``nrmp_problem()`` is NRMP-sized: 47,000 pupils, 6,600 offers with 43,000 places in all, 15
choices per pupil. Offers differ in size and popularity (popular ones are over-subscribed),
60 % of offers rank their applicants (by a pupil-wide score plus offer-specific noise, leaving the
bottom 10 % of their applicants out), the other 40 % take everybody in lottery order.
"""

from __future__ import annotations

from typing import Any

import numpy as np

FORMAT = "partnerup.placement-problem/1"


def nrmp_problem(
    pupils: int = 47_000,
    offers: int = 6_600,
    places: int = 43_000,
    choices: int = 15,
    ranked_share: float = 0.6,
    seed: int = 20_260_101,
) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    # Capacities: at least 1, the rest spread with skewed (log-normal) weights.
    size_weight = rng.lognormal(0.0, 0.8, offers)
    capacities = 1 + rng.multinomial(places - offers, size_weight / size_weight.sum())
    # Popularity correlates with size.
    popularity = capacities * rng.lognormal(0.0, 0.7, offers)

    # Each pupil's list: offers drawn one after another proportionally to popularity, skipping
    # repeats (successive sampling without replacement), i.e. draws with replacement, deduplicated.
    p = popularity / popularity.sum()
    prefs = np.empty((pupils, choices), dtype=np.int64)
    draws = rng.choice(offers, size=(pupils, 4 * choices), p=p)
    for i in range(pupils):
        row = draws[i]
        while True:
            _, first = np.unique(row, return_index=True)
            if len(first) >= choices:
                break
            row = np.concatenate([row, rng.choice(offers, size=4 * choices, p=p)])
        prefs[i] = row[np.sort(first)[:choices]]

    pupil_ids = [f"p{i:05d}" for i in range(pupils)]
    offer_ids = [f"o{j:04d}" for j in range(offers)]
    quality = rng.normal(size=pupils)

    applicants: list[list[int]] = [[] for _ in range(offers)]
    for i, row in enumerate(prefs.tolist()):
        for j in row:
            applicants[j].append(i)
    ranked = rng.random(offers) < ranked_share

    offer_items: list[dict[str, Any]] = []
    for j in range(offers):
        item: dict[str, Any] = {"id": offer_ids[j], "capacity": int(capacities[j])}
        if ranked[j]:
            apps = np.asarray(applicants[j], dtype=np.int64)
            score = quality[apps] + rng.normal(scale=0.7, size=len(apps))
            keep = apps[np.argsort(-score, kind="stable")][: int(np.ceil(len(apps) * 0.9))]
            item["ranking"] = [pupil_ids[i] for i in keep.tolist()]
        offer_items.append(item)

    return {
        "format": FORMAT,
        "pupils": [
            {"id": pupil_ids[i], "preferences": [offer_ids[j] for j in row]}
            for i, row in enumerate(prefs.tolist())
        ],
        "offers": offer_items,
        "seed": 42,
    }
