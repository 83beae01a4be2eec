"""Reads for an event's landing page and its organisers' registrations list."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, Q, QuerySet, When
from django.utils import timezone

from partnerup.events.models import Event, Participant, ParticipantType


@dataclass(frozen=True)
class RegistrationFilters:
    """What the organisers' registrations list is narrowed to; empty means no narrowing."""

    status: str = ""
    type: str = ""
    organisation_id: int | None = None
    query: str = ""

    @property
    def active(self) -> bool:
        return bool(self.status or self.type or self.organisation_id or self.query)


def registrations(event: Event, filters: RegistrationFilters) -> QuerySet[Participant]:
    """The event's registrations that match `filters`: those waiting first, then the oldest."""
    people = event.participants.select_related("user", "organisation")
    if filters.status:
        people = people.filter(status=filters.status)
    if filters.type:
        people = people.filter(type=filters.type)
    if filters.organisation_id:
        people = people.filter(organisation_id=filters.organisation_id)
    if filters.query:
        people = people.filter(
            Q(user__name__icontains=filters.query)
            | Q(user__email__icontains=filters.query)
            | Q(organisation__name__icontains=filters.query)
        )
    waiting_first = Case(When(status=Participant.Status.PENDING, then=0), default=1)
    return people.order_by(waiting_first, "registered", "pk")


def status_counts(event: Event) -> dict[str, int]:
    """How many registrations the event has in each status (every status, zero included)."""
    counts = dict.fromkeys(Participant.Status.values, 0)
    for row in event.participants.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    return counts


def registered_organisations(event: Event):
    """The organisations with a registration for the event, for the filter's choices."""
    from partnerup.directory.models import Organisation

    return Organisation.objects.filter(event_participants__event=event).distinct().order_by("name")


def attendance_by_type(event: Event) -> list[tuple[str, int]]:
    """Approved participants per participant type, largest first: counts only, never names,
    so anyone may read them on the landing page."""
    labels = dict(ParticipantType.choices)
    rows = (
        event.participants.filter(status=Participant.Status.APPROVED)
        .values("type")
        .annotate(n=Count("pk"))
        .order_by("-n", "type")
    )
    return [(labels.get(row["type"], row["type"]), row["n"]) for row in rows]


def attending_organisation_count(event: Event) -> int:
    return (
        event.participants.filter(status=Participant.Status.APPROVED)
        .values("organisation")
        .distinct()
        .count()
    )


def programme_by_day(event: Event) -> list[tuple[date, list]]:
    """The event's programme sessions grouped by their day in the event's time zone."""
    try:
        zone = zoneinfo.ZoneInfo(event.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = timezone.get_default_timezone()
    days: dict[date, list] = {}
    for session in event.sessions.select_related("venue").order_by("starts"):
        days.setdefault(timezone.localtime(session.starts, zone).date(), []).append(session)
    return list(days.items())
