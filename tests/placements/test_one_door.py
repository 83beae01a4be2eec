"""Pages change rounds, offers, pupils and activities through the domain functions: each change
is checked there, logged, and a refusal is a form error, never a 500."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from partnerup.common.models import ActivityLog
from partnerup.placements import domain
from partnerup.placements.models import Activity, PlacementOffer, PlacementRound, Pupil
from tests.conftest import login


def test_a_round_cannot_be_edited_into_or_out_of_allocation(world):
    placement_round = world["round"]
    values = {
        "school_year": placement_round.school_year,
        "name": placement_round.name,
        "opens": placement_round.opens,
        "deadline": placement_round.deadline,
        "max_choices": 3,
        "seed": 1,
        "actor": world["roles"]["organiser"],
    }
    with pytest.raises(domain.ProgrammeError):
        domain.save_round(placement_round, status="published", **values)
    PlacementRound.objects.filter(pk=placement_round.pk).update(status="allocated")
    placement_round.refresh_from_db()
    with pytest.raises(domain.ProgrammeError):
        domain.save_round(placement_round, status="open", **values)
    saved = domain.save_round(placement_round, status="allocated", **values)
    assert saved.max_choices == 3
    assert ActivityLog.objects.filter(action="placements.round.changed").count() == 1


def test_offer_and_pupil_pages_log_their_changes(client, world):
    login(client, world["roles"]["organiser"])
    response = client.post(
        reverse("placements:offer_create"),
        {
            "round": world["round"].pk,
            "host": world["pharma"].pk,
            "title": "Protein lab",
            "field": "lab",
            "description": "Purify a protein.",
            "starts": "2027-03-01",
            "ends": "2027-03-05",
            "place": "Oslo",
            "capacity": 2,
            "mentors": [world["roles"]["mentor"].person.pk],
        },
    )
    offer = PlacementOffer.objects.get(title="Protein lab")
    assert response.status_code == 302
    assert list(offer.mentors.all()) == [world["roles"]["mentor"].person]
    assert ActivityLog.objects.filter(action="placements.offer.created").count() == 1
    login(client, world["roles"]["coordinator"])
    pupil = world["pupil"]
    response = client.post(
        reverse("placements:pupil_edit", args=[pupil.pk]),
        {
            "name": "Petra Pupil",
            "school": world["school"].pk,
            "level": 3,
            "email": "petra@example.org",
            "language": "nb",
        },
    )
    assert response.status_code == 302
    assert Pupil.objects.get(pk=pupil.pk).level == 3
    entry = ActivityLog.objects.get(action="placements.pupil.changed")
    # Which fields changed, not their values: these are a minor's personal data.
    assert entry.data == {"fields": ["email", "level"]}


def test_the_same_attendance_line_twice_is_a_form_error(client, world):
    login(client, world["roles"]["organiser"])
    data = {
        "programme": world["programme"].pk,
        "kind": "lecture",
        "title": "Open lab",
        "date": "2027-02-01",
        "attendance-TOTAL_FORMS": "2",
        "attendance-INITIAL_FORMS": "0",
        "attendance-MIN_NUM_FORMS": "0",
        "attendance-MAX_NUM_FORMS": "50",
    }
    for index in range(2):
        data[f"attendance-{index}-role"] = "pupils"
        data[f"attendance-{index}-count"] = "10"
    response = client.post(reverse("placements:activity_create"), data)
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == [
        "Two groups have the same role and organisation; put them in one group."
    ]
    assert not Activity.objects.exists()
    # The domain refuses it too, whoever calls it.
    with pytest.raises(domain.ProgrammeError):
        domain.create_activity(
            programme=world["programme"],
            kind="lecture",
            title="Open lab",
            date=date(2027, 2, 1),
            host=None,
            attendance=[domain.AttendanceCount("pupils", None, 10)] * 2,
            actor=None,
        )
    data["attendance-1-role"] = "teachers"
    response = client.post(reverse("placements:activity_create"), data)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert sorted(activity.attendance.values_list("role", "count")) == [
        ("pupils", 10),
        ("teachers", 10),
    ]


def test_the_retention_command_erases_and_reports(world):
    world["programme"].retention_months = 1
    world["programme"].save()
    PlacementOffer.objects.filter(pk=world["offer"].pk).update(
        starts="2020-03-01", ends="2020-03-05"
    )
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert out.getvalue().strip() == "1 pupils are past retention."
    call_command("apply_retention", stdout=out)
    assert out.getvalue().strip().endswith("Erased 1 pupils past retention.")
    assert not Pupil.objects.exists()
