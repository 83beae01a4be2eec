"""A participant's agenda and calendar feed items (reads only)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from partnerup.events.models import Meeting, MeetingSeat, Participant


def agenda(participant: Participant) -> list[dict]:
    """The participant's meetings and the event's talks in time order, with the travel time
    before an item at another venue than the one before it."""
    from partnerup.events.models import ProgrammeSession, TravelTime

    items: list[dict] = []
    seats = (
        MeetingSeat.objects.filter(participant=participant)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting__slot__venue", "meeting__table")
        .prefetch_related(
            "meeting__seats__participant__user", "meeting__seats__participant__organisation"
        )
    )
    for seat in seats:
        meeting = seat.meeting
        others = [s.participant for s in meeting.seats.all() if s.participant_id != participant.pk]
        items.append(
            {
                "kind": "meeting",
                "meeting": meeting,
                "others": others,
                "start": meeting.slot.starts if meeting.slot else None,
                "end": meeting.slot.ends if meeting.slot else None,
                "venue": meeting.slot.venue if meeting.slot else None,
                "table": meeting.table,
            }
        )
    for session in ProgrammeSession.objects.filter(event=participant.event).select_related("venue"):
        items.append(
            {
                "kind": "session",
                "session": session,
                "start": session.starts,
                "end": session.ends,
                "venue": session.venue,
                "table": None,
            }
        )
    scheduled = sorted((i for i in items if i["start"] is not None), key=lambda i: i["start"])
    travel = {
        (t.origin_id, t.destination_id): t.minutes
        for t in TravelTime.objects.filter(event=participant.event)
    }
    zone = ZoneInfo(participant.event.timezone)
    previous = None
    for item in scheduled:
        if (
            previous is not None
            and previous["venue"]
            and item["venue"]
            and previous["venue"].pk != item["venue"].pk
            and localtime(previous["start"], zone).date() == localtime(item["start"], zone).date()
        ):
            item["travel_minutes"] = travel.get((previous["venue"].pk, item["venue"].pk))
        if item["kind"] == "meeting":
            previous = item
    unscheduled = [i for i in items if i["start"] is None]
    return scheduled + unscheduled


def calendar_items(participant: Participant) -> list[dict]:
    items = []
    for item in agenda(participant):
        if item["start"] is None:
            continue
        if item["kind"] == "meeting":
            meeting = item["meeting"]
            names = ", ".join(
                f"{o.user.get_full_name()} ({o.organisation.name})" for o in item["others"]
            )
            items.append(
                {
                    "uid": f"meeting-{meeting.pk}",
                    "start": item["start"],
                    "end": item["end"],
                    "summary": _("Meeting: %(names)s") % {"names": names},
                    "location": f"{item['venue'].name}, {item['table'].name}",
                    "description": meeting.request.message if meeting.request else "",
                    "sequence": meeting.sequence,
                }
            )
        else:
            session = item["session"]
            items.append(
                {
                    "uid": f"session-{session.pk}",
                    "start": item["start"],
                    "end": item["end"],
                    "summary": session.title,
                    "location": f"{session.venue.name} {session.room}".strip(),
                }
            )
    return items
