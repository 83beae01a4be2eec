"""iCalendar (RFC 5545) feeds of a participant's agenda: stable UIDs, so a calendar that
subscribes replaces changed meetings instead of adding copies."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings

OSLO = ZoneInfo("Europe/Oslo")

# Europe/Oslo: CET in winter, CEST from the last Sunday of March to the last Sunday of October.
VTIMEZONE_OSLO = """BEGIN:VTIMEZONE
TZID:Europe/Oslo
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 5545 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _local(moment: datetime) -> str:
    return moment.astimezone(OSLO).strftime("%Y%m%dT%H%M%S")


def build_calendar(name: str, items: list[dict]) -> str:
    """items: dicts with uid, start, end, summary, location, description, sequence, cancelled."""
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "partnerup"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//PartnerUp//Partnering agenda//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
        "X-WR-TIMEZONE:Europe/Oslo",
        *VTIMEZONE_OSLO.splitlines(),
    ]
    for item in items:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item['uid']}@{host}",
            f"DTSTAMP:{stamp}",
            f"SEQUENCE:{item.get('sequence', 0)}",
            f"DTSTART;TZID=Europe/Oslo:{_local(item['start'])}",
            f"DTEND;TZID=Europe/Oslo:{_local(item['end'])}",
            f"SUMMARY:{_escape(item['summary'])}",
            f"LOCATION:{_escape(item.get('location', ''))}",
            f"DESCRIPTION:{_escape(item.get('description', ''))}",
            f"STATUS:{'CANCELLED' if item.get('cancelled') else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
