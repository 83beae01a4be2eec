"""Every placements list page runs the same number of queries for one row as for three."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerup.placements.models import (
    Activity,
    Application,
    Attendance,
    Placement,
    SchoolClass,
    SchoolYear,
)
from tests import factories
from tests.conftest import login


def _add_rows(world, index: int) -> None:
    """One more of everything the list pages show, each in a round and school year of its own."""
    school_year = SchoolYear.objects.create(programme=world["programme"], start_year=2010 + index)
    placement_round = factories.make_round(school_year, name=f"Round {index}")
    offer = factories.make_offer(placement_round, world["pharma"], title=f"Offer {index}")
    Application.objects.create(pupil=world["pupil"], offer=offer, rank=index + 1)
    Placement.objects.create(
        pupil=world["pupil"], host=world["pharma"], field="lab", year=2010 + index, offer=offer
    )
    school_class = SchoolClass.objects.create(
        school=world["school"], school_year=school_year, name=f"2{index}"
    )
    factories.make_pupil(world["school"], f"Pupil {index}", school_class=school_class)
    activity = Activity.objects.create(
        programme=world["programme"],
        kind="lecture",
        title=f"Lecture {index}",
        date=date(2026, 1, 1 + index),
        host=world["pharma"],
    )
    Attendance.objects.create(activity=activity, role="pupils", count=index + 1)


PAGES = [
    ("organiser", "placements:index", lambda w: []),
    ("mentor", "placements:index", lambda w: []),
    ("pupil", "placements:offers", lambda w: []),
    ("coordinator", "placements:pupils", lambda w: []),
    ("organiser", "placements:activities", lambda w: []),
    ("organiser", "placements:statistics", lambda w: []),
    ("pupil", "placements:my", lambda w: []),
    ("coordinator", "placements:pupil", lambda w: [w["pupil"].pk]),
    ("organiser", "placements:round", lambda w: [w["round"].pk]),
]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(("role", "name", "args"), PAGES, ids=[f"{n}-{r}" for r, n, _a in PAGES])
def test_list_pages_do_not_query_per_row(client, world, role, name, args):
    login(client, world["roles"][role])
    url = reverse(name, args=args(world))
    _add_rows(world, 0)
    # The round page lists the round's offers: give it more of its own.
    factories.make_offer(world["round"], world["startup"], title="Extra 0")
    client.get(url)  # warm up what is cached per process (content types, sessions)
    one = _queries(client, url)
    for index in (1, 2):
        _add_rows(world, index)
        factories.make_offer(world["round"], world["startup"], title=f"Extra {index}")
    assert _queries(client, url) == one
