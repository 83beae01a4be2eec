"""Generator of a BIO-scale partnering event (benchmark S2/S3).

4 days x 16 half-hour slots (09:00-17:00); days 1-2 run at two venues 40 minutes apart, days 3-4
at the main venue only; about 880 tables (a few with 4 seats); a fifth of the participants
attend only some days; heavy-tailed (Zipf-like) popularity, so the most wanted participants get
far more requests than they have slots; about 1 % of meetings have three participants; weights
1-3. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from partnerup.scheduling.model import Meeting, Participant, Problem, Slot, Table, Travel, Venue


def generate_bio(
    n_participants: int = 16_000,
    n_meetings: int = 50_000,
    seed: int = 1,
    tables_main: int = 600,
    tables_second: int = 280,
) -> Problem:
    rng = random.Random(seed)
    venues = [Venue("main", "Convention centre"), Venue("second", "Partnering annex")]
    tz = timezone(timedelta(hours=-4))
    slots: list[Slot] = []
    day_slots: list[list[str]] = []
    for day in range(4):
        ids = []
        base = datetime(2026, 6, 22 + day, 9, 0, tzinfo=tz)
        for venue in ("main", "second") if day < 2 else ("main",):
            for k in range(16):
                sid = f"d{day + 1}-{venue}-{k:02d}"
                start = base + timedelta(minutes=30 * k)
                slots.append(Slot(sid, venue, start, start + timedelta(minutes=30)))
                ids.append(sid)
        day_slots.append(ids)
    tables = [
        Table(f"main-T{i:03d}", "main", 4 if i % 25 == 0 else 2) for i in range(tables_main)
    ] + [Table(f"second-T{i:03d}", "second", 4 if i % 25 == 0 else 2) for i in range(tables_second)]
    participants = []
    for i in range(n_participants):
        if rng.random() < 0.2:
            days = sorted(rng.sample(range(4), rng.choice((1, 2, 2, 3))))
            available = tuple(s for d in days for s in day_slots[d])
            participants.append(Participant(f"p{i}", available=available))
        else:
            participants.append(Participant(f"p{i}"))
    # heavy-tailed popularity (Pareto), activity (requests sent) milder
    popularity = [rng.paretovariate(1.1) for _ in range(n_participants)]
    activity = [rng.paretovariate(2.5) for _ in range(n_participants)]
    pop_cum = _cumulative(popularity)
    act_cum = _cumulative(activity)
    seen: set[tuple[int, ...]] = set()
    meetings = []
    while len(meetings) < n_meetings:
        a = _pick(rng, act_cum)
        b = _pick(rng, pop_cum)
        if a == b:
            continue
        group = [a, b]
        if rng.random() < 0.01:
            c = _pick(rng, act_cum)
            if c in group:
                continue
            group.append(c)
        key = tuple(sorted(group))
        if key in seen:
            continue
        seen.add(key)
        weight = rng.choices((1, 2, 3), (0.6, 0.3, 0.1))[0]
        meetings.append(Meeting(f"m{len(meetings)}", tuple(f"p{x}" for x in group), weight=weight))
    return Problem(
        venues=venues,
        slots=slots,
        tables=tables,
        participants=participants,
        meetings=meetings,
        travel=[Travel("main", "second", 40)],
        timezone="America/New_York",
    )


def _cumulative(values: list[float]) -> list[float]:
    out, total = [], 0.0
    for v in values:
        total += v
        out.append(total)
    return out


def _pick(rng: random.Random, cum: list[float]) -> int:
    import bisect

    return min(bisect.bisect_left(cum, rng.random() * cum[-1]), len(cum) - 1)
