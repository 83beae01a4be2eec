"""A mutable partial schedule (slots only; tables are assigned at the end) with O(1)-ish
feasibility checks, used by the greedy, the local search and the explanations."""

from __future__ import annotations

from itertools import pairwise

from partnerup.scheduling.compiled import Compiled


class Schedule:
    def __init__(self, c: Compiled) -> None:
        self.c = c
        self.slot_of: dict[int, int] = {}
        self.busy: list[dict[int, int]] = [{} for _ in range(c.n_people)]  # person: slot -> m
        self.used: list[dict[int, int]] = [dict.fromkeys(c.thresholds, 0) for _ in c.slot_ids]
        self.blocked: list[int] = [0] * c.n_people  # slots a person cannot attend any more
        self.full: dict[int, int] = dict.fromkeys(c.thresholds, 0)  # slots without free table
        for s in range(c.n_slots):
            for k in c.thresholds:
                if c.cap[s][k] <= 0:
                    self.full[k] |= 1 << s

    def copy(self) -> Schedule:
        other = Schedule.__new__(Schedule)
        other.c = self.c
        other.slot_of = dict(self.slot_of)
        other.busy = [dict(b) for b in self.busy]
        other.used = [dict(u) for u in self.used]
        other.blocked = list(self.blocked)
        other.full = dict(self.full)
        return other

    # --- checks -------------------------------------------------------------------------
    def person_free(self, p: int, s: int) -> bool:
        return not (self.blocked[p] >> s) & 1

    def free_mask(self, m: int) -> int:
        """Candidate slots of m where every participant is free and a table is free."""
        c = self.c
        mask = c.cand_mask[m]
        for p in c.members[m]:
            mask &= ~self.blocked[p]
        if c.fixed_table[m] is None:
            for k in c.thresholds:
                if k <= c.size[m]:
                    mask &= ~self.full[k]
        return mask

    def _reblock(self, p: int) -> None:
        cm = self.c.conflict_mask
        mask = 0
        for s in self.busy[p]:
            mask |= cm[s]
        self.blocked[p] = mask

    def person_blockers(self, p: int, s: int) -> list[int]:
        """Meetings of p that stop p from attending slot s."""
        b = self.busy[p]
        out = [b[s]] if s in b else []
        out.extend(b[t] for t in self.c.conflict[s] if t in b)
        return out

    def table_free(self, m: int, s: int) -> bool:
        c = self.c
        if c.fixed_table[m] is not None:
            return True
        k = c.size[m]
        return not any((self.full[t] >> s) & 1 for t in c.thresholds if t <= k)

    def under_max(self, m: int) -> bool:
        c = self.c
        return all(
            c.person_max[p] is None or len(self.busy[p]) < c.person_max[p] for p in c.members[m]
        )

    def can_place(self, m: int, s: int) -> bool:
        return (
            all(self.person_free(p, s) for p in self.c.members[m])
            and self.table_free(m, s)
            and self.under_max(m)
        )

    def can_place_nomax(self, m: int, s: int) -> bool:
        return (self.free_mask(m) >> s) & 1 == 1

    # --- changes ------------------------------------------------------------------------
    def place(self, m: int, s: int) -> None:
        c = self.c
        self.slot_of[m] = s
        for p in c.members[m]:
            self.busy[p][s] = m
            self.blocked[p] |= c.conflict_mask[s]
        if c.fixed_table[m] is None:
            used, k = self.used[s], c.size[m]
            for t in c.thresholds:
                if t <= k:
                    used[t] += 1
                    if used[t] >= c.cap[s][t]:
                        self.full[t] |= 1 << s

    def remove(self, m: int) -> int:
        c = self.c
        s = self.slot_of.pop(m)
        for p in c.members[m]:
            del self.busy[p][s]
            self._reblock(p)
        if c.fixed_table[m] is None:
            used, k = self.used[s], c.size[m]
            for t in c.thresholds:
                if t <= k:
                    used[t] -= 1
                    if used[t] < c.cap[s][t]:
                        self.full[t] &= ~(1 << s)
        return s

    # --- measures -----------------------------------------------------------------------
    def weight(self) -> int:
        return sum(self.c.weight[m] for m in self.slot_of)

    def person_gaps(self, p: int) -> int:
        return gaps_of(self.c, list(self.busy[p]))

    def gaps(self) -> int:
        return sum(gaps_of(self.c, list(b)) for b in self.busy if len(b) > 1)

    def adjacency(self, p: int, s: int) -> int:
        """How many of p's meetings are back to back with slot s (before or after)."""
        c, b = self.c, self.busy[p]
        n = sum(1 for t in c.prev[s] if t in b)
        n += sum(1 for t in b if s in c.prev[t])
        return n


def gaps_of(c: Compiled, slots: list[int]) -> int:
    """Gaps in one person's day(s): consecutive meetings on a day that are not back to back."""
    if len(slots) < 2:
        return 0
    ordered = sorted(slots, key=lambda s: (c.slot_start[s], s))
    gaps = 0
    for a, b in pairwise(ordered):
        if c.slot_day[a] == c.slot_day[b] and c.slot_start[b] > c.slot_end[a]:
            gaps += 1
    return gaps
