"""Pages of partnering events, one module per sub-domain. Every view is re-exported here, so
`from partnerup.events import views` then `views.agenda` keeps working."""

from partnerup.events.views.meeting_requests import (
    participants,
    request_action,
    request_create,
    requests,
)
from partnerup.events.views.meetings import meeting_feedback, meeting_pick_slot
from partnerup.events.views.participant_agenda import agenda, calendar
from partnerup.events.views.public import event_detail, event_list
from partnerup.events.views.registration import checkin, register, registrations
from partnerup.events.views.reports import dashboard, export
from partnerup.events.views.scheduling import schedule, schedule_run
from partnerup.events.views.scouting import call_detail, calls, pitch_attachment

__all__ = [
    "agenda",
    "calendar",
    "call_detail",
    "calls",
    "checkin",
    "dashboard",
    "event_detail",
    "event_list",
    "export",
    "meeting_feedback",
    "meeting_pick_slot",
    "participants",
    "pitch_attachment",
    "register",
    "registrations",
    "request_action",
    "request_create",
    "requests",
    "schedule",
    "schedule_run",
]
