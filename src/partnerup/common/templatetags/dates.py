"""`{% event_time value event "STYLE" %}`: a date or time of an event in the reader's language
and the event's time zone (see `partnerup.common.dates`)."""

from __future__ import annotations

from django import template

from partnerup.common import dates

register = template.Library()


@register.simple_tag
def event_time(value, event, style: str = "SHORT_DATETIME_FORMAT", zone: bool = True) -> str:
    return dates.event_time(value, event, style, zone)


@register.simple_tag
def event_zone(event) -> str:
    """`{% event_zone event as zone_name %}`: the event's zone name when it is not the readers'."""
    return dates.foreign_zone_name(event)
