"""Dates and times read as people write them: British English (never American month-first)
and Norwegian after Språkrådet ("13. januar 2027 kl. 09.30")."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from partnerup.common.dates import event_time, iso_local
from partnerup.common.validators import validate_time_zone

OSLO = ZoneInfo("Europe/Oslo")
MOMENT = datetime(2027, 1, 13, 9, 30, tzinfo=OSLO)


def _render(language: str, style: str, value=MOMENT) -> str:
    with translation.override(language):
        return Template(f'{{{{ value|date:"{style}" }}}}').render(Context({"value": value}))


@pytest.mark.parametrize(
    ("style", "english", "norwegian"),
    [
        ("DATETIME_FORMAT", "13 January 2027, 09:30", "13. januar 2027 kl. 09.30"),
        ("DATE_FORMAT", "13 January 2027", "13. januar 2027"),
        ("SHORT_DATETIME_FORMAT", "13 Jan 2027, 09:30", "13. jan. 2027 kl. 09.30"),
        ("SHORT_DATE_FORMAT", "13 Jan 2027", "13. jan. 2027"),
        ("TIME_FORMAT", "09:30", "09.30"),
        ("MONTH_DAY_FORMAT", "13 January", "13. januar"),
    ],
)
def test_date_filter_in_both_languages(style, english, norwegian):
    assert _render("en", style) == english
    assert _render("nb", style) == norwegian


def test_may_is_not_abbreviated_in_norwegian():
    assert _render("nb", "SHORT_DATE_FORMAT", date(2027, 5, 13)) == "13. mai 2027"


def test_english_reads_typed_dates_day_first():
    with translation.override("en"):
        assert forms.DateField().clean("02/03/2027") == date(2027, 3, 2)


def test_event_time_uses_the_events_zone_and_names_a_foreign_one():
    with translation.override("en"):
        assert event_time(MOMENT, "Europe/Oslo", "DAY_TIME_FORMAT") == "Wed 13 Jan, 09:30"
        assert event_time(MOMENT, "America/New_York", "DAY_TIME_FORMAT") == (
            "Wed 13 Jan, 03:30 EST"
        )
    with translation.override("nb"):
        assert event_time(MOMENT, "Europe/Oslo") == "13. jan. 2027 kl. 09.30"
        assert event_time(MOMENT, "America/New_York", "TIME_FORMAT") == "03.30 EST"


def test_iso_local_carries_the_events_offset():
    assert iso_local(MOMENT.astimezone(ZoneInfo("UTC")), "Europe/Oslo") == (
        "2027-01-13T09:30:00+01:00"
    )
    assert iso_local(date(2027, 1, 13), "Europe/Oslo") == "2027-01-13"


def test_time_zone_names_are_checked():
    validate_time_zone("America/New_York")
    with pytest.raises(ValidationError):
        validate_time_zone("Mars/Olympus_Mons")
