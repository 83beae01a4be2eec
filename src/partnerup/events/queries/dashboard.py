"""The organisers' dashboard figures (reads only)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.db.models import Count
from django.db.models.functions import TruncDate

from partnerup.events.models import Event, MeetingFeedback, Table


def dashboard_figures(event: Event) -> dict:
    """Counts behind the organisers' dashboard: registrations, requests, meetings, follow-up."""
    by_type = list(event.participants.values("type").annotate(n=Count("pk")).order_by("-n"))
    requests_by_status = dict(event.requests.values_list("status").annotate(n=Count("pk")))
    answered = sum(requests_by_status.get(s, 0) for s in ("accepted", "declined"))
    acceptance = (100 * requests_by_status.get("accepted", 0) / answered) if answered else 0
    meetings = event.meetings.exclude(status="cancelled")
    per_day_venue = list(
        meetings.filter(slot__isnull=False)
        # The day as the event counts it, in its own zone.
        .annotate(day=TruncDate("slot__starts", tzinfo=ZoneInfo(event.timezone)))
        .values("day", "slot__venue__name")
        .annotate(n=Count("pk"))
        .order_by("day", "slot__venue__name")
    )
    # Table-slots on offer: each slot times the tables of its venue (two queries, not one a slot).
    tables = dict(
        Table.objects.filter(venue__event=event)
        .values_list("venue")
        .annotate(n=Count("pk"))
        .order_by()
    )
    capacity = sum(
        tables.get(venue, 0) * n
        for venue, n in event.slots.values_list("venue").annotate(n=Count("pk")).order_by()
    )
    scheduled = meetings.filter(slot__isnull=False).count()
    outcomes = list(
        MeetingFeedback.objects.filter(meeting__event=event)
        .values("outcome")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return {
        "by_type": by_type,
        "requests_by_status": requests_by_status,
        "per_day_venue": per_day_venue,
        "outcomes": outcomes,
        "participants": event.participants.count(),
        "requests": sum(requests_by_status.values()),
        "acceptance": acceptance,
        "meetings": meetings.count(),
        "scheduled": scheduled,
        "table_use": (100 * scheduled / capacity) if capacity else 0,
        "no_shows": meetings.filter(status="no_show").count(),
        "held": meetings.filter(status="held").count(),
        "checked_in": event.participants.filter(checked_in__isnull=False).count(),
    }
