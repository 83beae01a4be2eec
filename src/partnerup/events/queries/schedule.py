"""Reads of a scheduler run for the organiser: its figures in plain words, each participant's
day, and what publishing it would change. Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

from django.db.models import Prefetch

from partnerup.events.domain.schedule_runs import _meeting_state
from partnerup.events.models import Meeting, MeetingSeat, Participant, ScheduleRun, Slot, Table


def _db_id(engine_id: str) -> int:
    return int(engine_id[1:])


def _planned(run: ScheduleRun) -> dict[int, tuple[int, int]]:
    return {
        _db_id(a["meeting"]): (_db_id(a["slot"]), _db_id(a["table"]))
        for a in (run.solution or {}).get("assignments", [])
    }


@dataclass(frozen=True)
class Figures:
    placed: int
    total: int
    # No schedule places more: every meeting is placed, or the engine proved its bound.
    most_proven: bool
    # The meetings weigh differently, so the proven best places the most weight, not
    # necessarily the most meetings.
    by_priority: bool
    gaps: int
    # No schedule placing as much has fewer gaps (none is trivially the fewest).
    gaps_proven: bool
    unplaced: list[tuple[Meeting, str]]


def run_figures(run: ScheduleRun) -> Figures:
    """A finished run's figures as its stored solution states them, with the reason each
    unplaced meeting got, worded in the active language."""
    from partnerup.events.schedule_reasons import render_all

    solution = run.solution or {}
    stats, bound = solution.get("stats", {}), solution.get("bound", {})
    unscheduled = solution.get("unscheduled", [])
    placed = len(solution.get("assignments", []))
    total = stats.get("meetings") or placed + len(unscheduled)
    gaps = int(stats.get("gaps", 0))
    texts = render_all([u["reason"] for u in unscheduled])
    reasons = {_db_id(u["meeting"]): text for u, text in zip(unscheduled, texts, strict=True)}
    meetings = Meeting.objects.filter(pk__in=reasons).prefetch_related(
        Prefetch(
            "seats",
            queryset=MeetingSeat.objects.filter(active=True).select_related(
                "participant__user", "participant__organisation"
            ),
        )
    )
    ids = [_db_id(a["meeting"]) for a in solution.get("assignments", [])] + list(reasons)
    weights = Meeting.objects.filter(pk__in=ids).values_list("weight").distinct()
    return Figures(
        placed=placed,
        total=total,
        most_proven=placed >= total or bool(bound.get("proven_optimal")),
        by_priority=placed < total and weights.count() > 1,
        gaps=gaps,
        gaps_proven=gaps == 0 or bool(stats.get("gaps_proven_optimal")),
        unplaced=[(m, reasons[m.pk]) for m in meetings.order_by("pk")],
    )


@dataclass
class PersonDay:
    participant: Participant
    meetings: int = 0
    first: datetime | None = None
    last: datetime | None = None
    gaps: int = 0

    @property
    def name(self) -> str:
        return self.participant.user.get_full_name()


PEOPLE_SORTS = ("name", "meetings", "gaps", "first", "last")


def participant_days(run: ScheduleRun, *, search: str = "", sort: str = "name") -> list[PersonDay]:
    """For each approved participant: the run's meetings, first and last start, and idle gaps
    (counted as the engine counts them: a later start than the previous meeting's end on the
    same day). `search` matches name or organisation; `sort` is one of PEOPLE_SORTS (most
    meetings and most gaps first). A fixed number of queries, whatever the event's size."""
    event = run.event
    zone = ZoneInfo(event.timezone)
    planned = _planned(run)
    slots = {s.pk: s for s in Slot.objects.filter(event=event)}
    people = {
        p.pk: PersonDay(p)
        for p in Participant.objects.filter(
            event=event, status=Participant.Status.APPROVED
        ).select_related("user", "organisation")
    }
    starts: dict[int, list[Slot]] = {pk: [] for pk in people}
    for meeting_id, participant_id in MeetingSeat.objects.filter(
        meeting_id__in=planned, active=True
    ).values_list("meeting_id", "participant_id"):
        if participant_id in starts and planned[meeting_id][0] in slots:
            starts[participant_id].append(slots[planned[meeting_id][0]])
    for pk, day in people.items():
        ordered = sorted(starts[pk], key=lambda s: (s.starts, s.pk))
        day.meetings = len(ordered)
        if ordered:
            day.first, day.last = ordered[0].starts, ordered[-1].starts
        day.gaps = sum(
            1
            for a, b in pairwise(ordered)
            if a.starts.astimezone(zone).date() == b.starts.astimezone(zone).date()
            and b.starts > a.ends
        )
    rows = list(people.values())
    if search:
        needle = search.casefold()
        rows = [
            r
            for r in rows
            if needle in r.name.casefold() or needle in r.participant.organisation.name.casefold()
        ]
    never = datetime.max.replace(tzinfo=zone)
    keys = {
        "name": lambda r: (r.name.casefold(),),
        "meetings": lambda r: (-r.meetings, r.name.casefold()),
        "gaps": lambda r: (-r.gaps, r.name.casefold()),
        "first": lambda r: (r.first or never, r.name.casefold()),
        "last": lambda r: (r.last or never, r.name.casefold()),
    }
    return sorted(rows, key=keys.get(sort, keys["name"]))


@dataclass(frozen=True)
class Change:
    meeting: Meeting
    before: tuple[Slot, Table] | None
    after: tuple[Slot, Table] | None


@dataclass
class ScheduleDiff:
    added: list[Change] = field(default_factory=list)
    moved: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    # Changed by hand (or by participants) after the run read the event: publishing keeps them.
    kept: list[Meeting] = field(default_factory=list)
    # Participants told by e-mail, and whether it is the first publication's e-mail.
    recipients: list[Participant] = field(default_factory=list)
    first_publication: bool = True

    @property
    def changed(self) -> int:
        return len(self.added) + len(self.moved) + len(self.removed)


def schedule_diff(run: ScheduleRun) -> ScheduleDiff:
    """What publishing `run` would change, compared with the meetings as they are now (the
    published schedule plus what was done since): the same choices `publish_schedule` makes —
    meetings locked by hand, or changed since the run read the event, keep their place; every
    participant of a changed meeting gets one e-mail."""
    event = run.event
    planned = _planned(run)
    slots = {s.pk: s for s in Slot.objects.filter(event=event).select_related("venue")}
    tables = {t.pk: t for t in Table.objects.filter(venue__event=event)}
    meetings = {
        m.pk: m
        for m in Meeting.objects.filter(event=event)
        .exclude(status=Meeting.Status.CANCELLED)
        .prefetch_related(
            Prefetch(
                "seats",
                queryset=MeetingSeat.objects.select_related(
                    "participant__user", "participant__organisation"
                ).order_by("pk"),
            )
        )
        .order_by("pk")
    }
    later = (
        event.schedule_runs.filter(published__gt=run.started)
        .exclude(pk=run.pk)
        .order_by("-published")
        .first()
        if run.started
        else None
    )
    republished = _planned(later) if later else None
    diff = ScheduleDiff(
        first_publication=not event.schedule_runs.filter(published__isnull=False)
        .exclude(pk=run.pk)
        .exists()
    )
    basis = run.basis
    recipients: dict[int, Participant] = {}
    for pk, meeting in meetings.items():
        if meeting.locked:
            continue
        if basis is not None and _changed_since(meeting, basis.get(str(pk)), republished):
            diff.kept.append(meeting)
            continue
        now = (meeting.slot_id, meeting.table_id)
        then = planned.get(pk, (None, None))
        if now == then:
            continue
        change = Change(meeting, _place(slots, tables, now), _place(slots, tables, then))
        if change.before is None:
            diff.added.append(change)
        elif change.after is None:
            diff.removed.append(change)
        else:
            diff.moved.append(change)
        for seat in meeting.seats.all():
            recipients.setdefault(seat.participant_id, seat.participant)
    diff.recipients = sorted(recipients.values(), key=lambda p: p.user.get_full_name().casefold())
    return diff


def _place(slots: dict, tables: dict, place: tuple) -> tuple[Slot, Table] | None:
    """A slot and table by id; None for no place, or for one deleted since the run (publishing
    such a run is refused, see `publish_schedule`)."""
    if place[0] is None or place[0] not in slots or place[1] not in tables:
        return None
    return slots[place[0]], tables[place[1]]


def _changed_since(meeting: Meeting, then: list | None, republished: dict | None) -> bool:
    """As `publish_schedule` decides it: changed since the run read the meeting, other than by
    publishing a later version."""
    now = _meeting_state(meeting)
    if then is None or now == then:
        return then is None
    if republished is None or (now[3], now[5]) != (then[3], then[5]):
        return True
    return (meeting.slot_id, meeting.table_id) != republished.get(meeting.pk, (None, None))
