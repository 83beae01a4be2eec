"""Draft rounds stay private, and the database keeps attendance rows unique."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from partnerup.placements.models import Activity, Attendance
from tests import factories
from tests.conftest import login


@pytest.fixture
def draft(world):
    placement_round = factories.make_round(world["round"].school_year, status="draft")
    return placement_round, factories.make_offer(placement_round, world["pharma"], title="Secret")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("pupil", 404),
        ("outsider", 404),
        ("coordinator", 404),
        ("org_admin", 404),
        ("mentor", 200),  # a member of the host
        ("organiser", 200),
    ],
)
def test_offers_of_a_draft_round_answer_404_to_whoever_may_not_see_them(
    client, world, draft, role, status
):
    placement_round, offer = draft
    login(client, world["roles"][role])
    assert client.get(reverse("placements:offer", args=[offer.pk])).status_code == status
    if role in {"anonymous", "pupil", "outsider"}:
        apply = client.get(reverse("placements:apply", args=[placement_round.pk]))
        assert apply.status_code == 404


def test_offer_list_leaves_out_draft_rounds(client, world, draft):
    login(client, world["roles"]["pupil"])
    page = client.get(reverse("placements:offers")).content.decode()
    assert world["offer"].title in page
    assert "Secret" not in page


@pytest.mark.parametrize("organisation", [None, "school"])
def test_attendance_is_unique_per_role_and_organisation_even_without_one(world, organisation):
    org = world[organisation] if organisation else None
    activity = Activity.objects.create(
        programme=world["programme"], kind="lecture", title="Lecture", date="2027-02-01"
    )
    Attendance.objects.create(activity=activity, role="pupils", organisation=org, count=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(activity=activity, role="pupils", organisation=org, count=4)
    Attendance.objects.create(activity=activity, role="teachers", organisation=org, count=1)
