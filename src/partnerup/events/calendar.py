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
    """A TEXT value (RFC 5545 3.3.11). Every line break (CRLF, lone CR or LF, and the Unicode
    ones) becomes an escaped \\n and other control characters go: a participant's name or
    message must never start a line of its own, or it could add events to others' feeds."""
    text = str(text)
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for separator in ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"):
        text = text.replace(separator, "\n")
    text = text.replace("\n", "\\n")
    return "".join(char for char in text if char == "\t" or (ord(char) >= 32 and ord(char) != 127))


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


def _moment(name: str, moment: datetime, zone: str) -> str:
    # Europe/Oslo comes with its VTIMEZONE; other zones are written in UTC, which every
    # calendar shows in its user's own time.
    if zone == "Europe/Oslo":
        return f"{name};TZID=Europe/Oslo:{_local(moment)}"
    return f"{name}:{moment.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}"


def build_calendar(name: str, items: list[dict], zone: str = "Europe/Oslo") -> str:
    """items: dicts with uid, start, end, summary, location, description, sequence, cancelled.
    `zone` is the event's time zone."""
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "partnerup"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//PartnerUp//Partnering agenda//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
        f"X-WR-TIMEZONE:{_escape(zone)}",
        *(VTIMEZONE_OSLO.splitlines() if zone == "Europe/Oslo" else []),
    ]
    for item in items:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item['uid']}@{host}",
            f"DTSTAMP:{stamp}",
            f"SEQUENCE:{item.get('sequence', 0)}",
            _moment("DTSTART", item["start"], zone),
            _moment("DTEND", item["end"], zone),
            f"SUMMARY:{_escape(item['summary'])}",
            f"LOCATION:{_escape(item.get('location', ''))}",
            f"DESCRIPTION:{_escape(item.get('description', ''))}",
            f"STATUS:{'CANCELLED' if item.get('cancelled') else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
