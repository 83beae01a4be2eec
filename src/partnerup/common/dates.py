"""Dates and times as people read them: in the active language's formats (`partnerup.formats`)
and, for anything that happens at an event, in the event's time zone.

`common` imports no domain app, so an event is anything with a `timezone` attribute (an IANA
name) or the name itself.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import formats, timezone
from django.utils.dateformat import format as format_date
from django.utils.dateformat import time_format
from django.utils.translation import get_language


def zone_of(event) -> ZoneInfo:
    """The event's zone; the site's zone when the event has none or names an unknown one."""
    name = event if isinstance(event, str) else getattr(event, "timezone", "")
    try:
        return ZoneInfo(name) if name else timezone.get_default_timezone()
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def format_string(style: str) -> str:
    """A named format of the active language (Django's names and our own, such as
    DAY_TIME_FORMAT), or `style` itself as a literal `date` format."""
    if style in formats.FORMAT_SETTINGS:
        return formats.get_format(style)
    for module in formats.get_format_modules(get_language()):
        if hasattr(module, style):
            return getattr(module, style)
    return style


def zone_label(moment: datetime) -> str:
    """The zone's abbreviation at that moment ("CET", "EST"); "UTC+03" where it has none."""
    name = moment.tzname() or ""
    return f"UTC{name}" if name[:1] in "+-" and name else name


def differs_from_reader(zone: ZoneInfo) -> bool:
    """Readers are taken to be in the site's zone (there is no zone per person), on pages and
    in e-mails alike, even while an e-mail renders in the event's zone."""
    site = timezone.get_default_timezone()
    return getattr(site, "key", str(site)) != getattr(zone, "key", str(zone))


def event_time(value, event, style: str = "SHORT_DATETIME_FORMAT", zone: bool = True) -> str:
    """`value` formatted for the reader: an aware datetime is moved to the event's zone and,
    when that is not the reader's zone, followed by the zone's abbreviation (unless `zone` is
    false, as for the start of a range). Dates and times of day are formatted as they are.
    The style "ZONE" gives the abbreviation alone, and only for a zone not the readers'."""
    if value in (None, ""):
        return ""
    pattern = format_string(style)
    if isinstance(value, datetime):
        tz = zone_of(event)
        local = timezone.localtime(value, tz) if timezone.is_aware(value) else value
        if style == "ZONE":
            foreign = timezone.is_aware(value) and differs_from_reader(tz)
            return zone_label(local) if foreign else ""
        text = format_date(local, pattern)
        if zone and timezone.is_aware(value) and differs_from_reader(tz):
            text = f"{text} {zone_label(local)}"
        return text
    if isinstance(value, time):
        return time_format(value, pattern)
    if isinstance(value, date):
        return format_date(value, pattern)
    return str(value)


def iso_local(value, event) -> str:
    """A machine-readable moment for exports: ISO 8601 in the event's zone with its offset
    (2027-01-13T09:30:00+01:00); a date as an ISO date; nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value, zone_of(event))
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def foreign_zone_name(event) -> str:
    """The event's zone as people read it ("America/New York") when it is not the readers'
    zone, else nothing: for a note beside times that carry no abbreviation (days' hours)."""
    zone = zone_of(event)
    return zone.key.replace("_", " ") if differs_from_reader(zone) else ""
