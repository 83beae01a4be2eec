"""Reads of partnering events: no function here changes a row."""

from partnerup.events.queries.agenda import agenda, calendar_items
from partnerup.events.queries.dashboard import dashboard_figures
from partnerup.events.queries.meetings import active_meeting_count
from partnerup.events.queries.slots import free_common_slots

__all__ = [
    "active_meeting_count",
    "agenda",
    "calendar_items",
    "dashboard_figures",
    "free_common_slots",
]
