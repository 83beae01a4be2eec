"""Pupils are minors: they are seen only by their audiences, can be exported and erased, and
retention erases them on time while the counts stay true."""

from __future__ import annotations

import json
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from partnerup.common.mail import send_after_commit
from partnerup.common.models import ActivityLog, OutboxMail
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


def test_erasure_keeps_counts_and_leaves_no_name_in_the_log_or_the_outbox(
    client, world, django_capture_on_commit_callbacks
):
    pupil, placement = world["pupil"], world["placement"]
    coordinator = world["roles"]["coordinator"]
    # What normal work leaves behind: log entries on the placement (labelled with the pupil's
    # name), the consent and the pupil, and e-mails naming the pupil to them and to staff.
    domain.update_placement(
        placement, world["roles"]["mentor"], status="done", mentor_evaluation="Petra was keen"
    )
    domain.record_consent(pupil, "Paula Parent", date(2026, 9, 1), coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit(
            "pupil@example.org", "placements/mail/placed", {"placement": placement}, "en"
        )
        send_after_commit(
            "coordinator@example.org",
            "placements/mail/published_staff",
            {"person": coordinator.person, "placements": [placement], "round": world["round"]},
            "en",
        )
    assert ActivityLog.objects.filter(object_repr__startswith="Petra Pupil @").exists()
    assert OutboxMail.objects.filter(body__contains="Petra Pupil").count() == 2
    before = compute(world["programme"]).total_placements
    login(client, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("placements:pupil_erase", args=[pupil.pk]))
    assert response.status_code == 302
    assert not Pupil.objects.filter(pk=pupil.pk).exists()
    placement = Placement.objects.get(pk=placement.pk)
    assert placement.pupil is None
    assert placement.host == world["pharma"]
    assert placement.mentor_evaluation == ""
    assert compute(world["programme"]).total_placements == before
    for needle in ("Petra", "Paula Parent", "pupil@example.org"):
        assert not ActivityLog.objects.filter(object_repr__icontains=needle).exists()
        assert not any(needle in str(entry.data) for entry in ActivityLog.objects.all())
        assert not OutboxMail.objects.filter(body__icontains=needle).exists()
        assert not OutboxMail.objects.filter(subject__icontains=needle).exists()
        assert not OutboxMail.objects.filter(to__iexact=needle).exists()
    # The placement's history stays, labelled without the pupil; the staff e-mail stays.
    changed = ActivityLog.objects.get(action="placements.placement.changed")
    assert changed.object_repr == "(erased) @ Pharma Co (2026)"
    assert OutboxMail.objects.filter(to="coordinator@example.org").count() == 1
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
