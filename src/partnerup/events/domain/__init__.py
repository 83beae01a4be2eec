"""State changes of partnering events. Views, the API and tasks call these and nothing else.

One module per sub-domain: `setup` (the slot grid), `registration` (participants), `requests`
(meeting requests), `meetings` (accepted meetings), `feedback`, `scouting` (calls and pitches)
and `schedule` (scheduler runs and publication). Reads live in `partnerup.events.queries`; the
names below are re-exported so `from partnerup.events import domain` keeps working.

Concurrency: every change to a request or meeting locks the rows it reads (select_for_update, in
a fixed order: participants by id, then the request), and the database refuses what would still
slip through (one active request per pair; one meeting per table and slot; one meeting per
participant and slot). Locks are FOR NO KEY UPDATE OF the named table only: joined rows (the
event, users) stay unlocked, and inserts that reference a locked row (whose foreign keys take
KEY SHARE locks) do not wait, which is what kept concurrent requests from deadlocking.
"""

from partnerup.events.domain.errors import EventError
from partnerup.events.domain.feedback import give_feedback, remind_feedback
from partnerup.events.domain.meetings import join_meeting, mark_meeting, pick_slot
from partnerup.events.domain.registration import (
    check_in,
    decide_registration,
    decide_registrations,
    register,
    rotate_calendar_token,
)
from partnerup.events.domain.requests import (
    accept_request,
    cancel_request,
    decline_request,
    expire_requests,
    request_meeting,
)
from partnerup.events.domain.schedule import (
    execute_schedule_run,
    move_meeting,
    publish_schedule,
    start_schedule_run,
)
from partnerup.events.domain.scouting import (
    create_scouting_call,
    decline_pitch,
    shortlist_and_invite,
    submit_pitch,
    withdraw_pitch,
)
from partnerup.events.domain.setup import build_slots
from partnerup.events.queries import (
    active_meeting_count,
    agenda,
    calendar_items,
    free_common_slots,
)

__all__ = [
    "EventError",
    "accept_request",
    "active_meeting_count",
    "agenda",
    "build_slots",
    "calendar_items",
    "cancel_request",
    "check_in",
    "create_scouting_call",
    "decide_registration",
    "decide_registrations",
    "decline_pitch",
    "decline_request",
    "execute_schedule_run",
    "expire_requests",
    "free_common_slots",
    "give_feedback",
    "join_meeting",
    "mark_meeting",
    "move_meeting",
    "pick_slot",
    "publish_schedule",
    "register",
    "remind_feedback",
    "request_meeting",
    "rotate_calendar_token",
    "shortlist_and_invite",
    "start_schedule_run",
    "submit_pitch",
    "withdraw_pitch",
]
