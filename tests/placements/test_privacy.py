"""Pupils are minors: they are seen only by their audiences, can be exported and erased, and
retention erases them on time while the counts stay true."""

from __future__ import annotations

import json
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from partnerup.common.activity import log_action
from partnerup.common.models import ActivityLog
from partnerup.placements import domain
from partnerup.placements.models import Placement, Pupil
from partnerup.placements.statistics import compute
from tests import factories
from tests.conftest import login


def test_pupils_never_appear_in_directory_search_or_exports(client, world):
    login(client, world["roles"]["organiser"])
    for url in (
        reverse("directory:people") + "?q=Petra",
        reverse("directory:organisations") + "?q=Petra",
        reverse("directory:export_organisations", args=["csv"]),
        reverse("directory:assets") + "?q=Petra",
    ):
        assert "Petra Pupil" not in client.get(url).content.decode("utf-8-sig"), url


def test_pupil_list_shows_only_the_staffs_own_pupils(client, world):
    other_school = factories.make_organisation("Other School", kind="school")
    factories.make_pupil(other_school, "Olav Other")
    login(client, world["roles"]["coordinator"])
    page = client.get(reverse("placements:pupils")).content.decode()
    assert "Petra Pupil" in page
    assert "Olav Other" not in page


def test_export_contains_everything_about_the_pupil(client, world):
    login(client, world["roles"]["coordinator"])
    response = client.get(reverse("placements:pupil_export", args=[world["pupil"].pk]))
    data = json.loads(response.content)
    assert data["pupil"]["name"] == "Petra Pupil"
    assert data["guardian_consents"][0]["guardian"] == "Parent"
    assert data["placements"][0]["host"] == "Pharma Co"


def test_erasure_keeps_counts_and_scrubs_the_log(client, world):
    pupil = world["pupil"]
    log_action(pupil, "placements.consent.recorded", None, {"note": "Petra's consent"})
    before = compute(world["programme"]).total_placements
    login(client, world["roles"]["coordinator"])
    response = client.post(reverse("placements:pupil_erase", args=[pupil.pk]))
    assert response.status_code == 302
    assert not Pupil.objects.filter(pk=pupil.pk).exists()
    placement = Placement.objects.get(pk=world["placement"].pk)
    assert placement.pupil is None
    assert placement.host == world["pharma"]
    assert compute(world["programme"]).total_placements == before
    assert not ActivityLog.objects.filter(object_repr__contains="Petra").exists()
    assert not any("Petra" in str(entry.data) for entry in ActivityLog.objects.all())
    # The pupil's account is gone too.
    assert not world["roles"]["pupil"].__class__.objects.filter(email="pupil@example.org").exists()


def test_retention_erases_pupils_after_the_set_months(world):
    programme = world["programme"]
    programme.retention_months = 12
    programme.save()
    offer = world["offer"]
    offer.starts, offer.ends = date(2024, 3, 1), date(2024, 3, 5)
    offer.save()
    recent = factories.make_pupil(world["school"], "Recent Pupil")
    assert domain.retention_due(timezone.now()) == [world["pupil"]]
    before = compute(programme).total_placements
    assert domain.apply_retention() == 1
    assert list(Pupil.objects.all()) == [recent]
    assert compute(programme).total_placements == before
    # A pupil never placed is kept for the retention period from when they were added.
    later = timezone.now() + timedelta(days=400)
    assert domain.retention_due(later) == [recent]
