"""Row locks shared by the request and meeting changes (see the package docstring)."""

from __future__ import annotations

from partnerup.events.models import Participant


def _lock(*participants: Participant) -> dict[int, Participant]:
    ids = sorted({p.pk for p in participants})
    return {
        p.pk: p
        for p in Participant.objects.select_for_update(no_key=True, of=("self",))
        .filter(pk__in=ids)
        .order_by("pk")
        .select_related("event", "user", "organisation")
    }
