"""An auditor's check of erasure: one pupil and one adult seeded into every channel, erased, then
a full dump of the database, the media folder and the cache searched for their name, e-mail and
phone. Nothing may be found; the anonymous counts stay."""

from __future__ import annotations

import io
import pickle
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerup.accounts.domain import delete_account, send_invitation
from partnerup.directory.models import Membership, PartneringProfile, Person
from partnerup.events import domain as events
from partnerup.events.models import Meeting, MeetingFeedback, ScoutingCall
from partnerup.events.recommendations import event_result
from partnerup.placements import domain
from partnerup.placements.models import Activity, Attendance, Placement
from partnerup.placements.statistics import compute
from tests import factories
from tests.factories import PASSWORD

PUPIL = ["Zelda Quistorp", "zelda.quistorp@example.net", "913 57 246"]
ADULT = ["Yngve Rasmussenius", "yngve.rasmussenius@example.net", "924 68 135"]


def dump_hits(needles: list[str], settings) -> list[str]:
    """Where the needles occur: in the database dump, file names and contents under the media
    folders (public and private), and the values in the cache."""
    out = io.StringIO()
    call_command("dumpdata", format="json", indent=0, stdout=out)
    text = out.getvalue().lower()
    hits = [f"database: {n}" for n in needles if n.lower() in text]
    roots = [Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)]
    for path in (p for root in roots if root.exists() for p in root.rglob("*")):
        content = path.read_bytes().lower() if path.is_file() else b""
        for needle in needles:
            if needle.lower() in str(path).lower() or needle.lower().encode() in content:
                hits.append(f"media {path.name}: {needle}")
    # Sessions are stored encoded: search what they hold.
    for session in Session.objects.all():
        decoded = repr(session.get_decoded()).lower()
        hits += [f"session: {n}" for n in needles if n.lower() in decoded]
    # The local-memory cache keeps pickled values; search them unpickled and as text.
    for key, value in getattr(cache, "_cache", {}).items():
        rendered = repr(pickle.loads(value)).lower()  # noqa: S301 (our own cache) + key.lower()
        hits += [f"cache {key}: {n}" for n in needles if n.lower() in rendered]
    return hits


@pytest.fixture
def seeded(world, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    organiser = world["roles"]["organiser"]
    pharma, school, startup = world["pharma"], world["school"], world["startup"]
    name, email, phone = ADULT
    # The adult: a member of the start-up with a profile, a mentor at nobody, invited by e-mail.
    adult = factories.make_user(email, name=name)
    person = factories.make_person(startup, user=adult, name=name)
    Person.objects.filter(pk=person.pk).update(email=email)
    PartneringProfile.objects.get_or_create(
        organisation=startup, defaults={"offers_text": "Antibodies"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_invitation(
            invited_by=organiser, email=email, role="member", organisation=pharma, name=name
        )
    # Signed in through the log-in page: the session records the address used.
    assert Client().post(reverse("account_login"), {"login": email, "password": PASSWORD})
    event = world["event"]
    participant = events.register(
        event,
        adult,
        startup,
        "startup",
        headline=f"Call me on {phone}",
        profile_text=f"{name} builds assays",
    )
    other = factories.make_participant(event, pharma, "pharma", email="host@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        sent = events.request_meeting(participant, other, message=f"Hi, {name} here, {phone}")
        received = events.request_meeting(
            factories.make_participant(event, world["other"], "biotech"),
            participant,
            message=f"Dear {name}",
        )
        events.accept_request(sent, actor=other.user)
    meeting = Meeting.objects.get(request=sent)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    meeting.refresh_from_db()
    # Feedback needs a held meeting with a time; the row is what matters here.
    MeetingFeedback.objects.create(
        meeting=meeting,
        participant=participant,
        rating=4,
        outcome="meeting",
        note=f"{name} follows up, {phone}",
    )
    call = ScoutingCall.objects.create(
        event=event,
        host=pharma,
        title="Looking for assays",
        description="Assays",
        deadline=timezone.now() + timedelta(days=3),
    )
    events.submit_pitch(
        call,
        participant,
        title=f"{name}'s assay",
        summary=f"Contact {email}",
        stage=factories.term("stage", "preclinical"),
        modality=factories.term("modality", "small-molecule"),
        attachment=SimpleUploadedFile(
            "yngve-rasmussenius-cv.pdf", f"%PDF-1.4 {name} {phone}".encode()
        ),
    )
    assert received.pk
    event_result(event)  # recommendations cached with the profile texts
    # The pupil: an account, consent, applications, a published placement with evaluations and
    # attendance, and the e-mails of the publication.
    pupil_name, pupil_email, pupil_phone = PUPIL
    pupil_user = factories.make_user(pupil_email, is_pupil=True, name=pupil_name)
    pupil = factories.make_pupil(
        school, pupil_name, user=pupil_user, consent=True, email=pupil_email, language="en"
    )
    placement_round = factories.make_round(world["round"].school_year, name="Audit round")
    offer = factories.make_offer(placement_round, pharma, title="Audit lab")
    offer.mentors.set([world["roles"]["mentor"].person])
    domain.submit_application(pupil, placement_round, [(offer, f"Text me on {pupil_phone}")])
    domain.run_allocation(placement_round, organiser)
    with django_capture_on_commit_callbacks(execute=True):
        domain.publish_allocation(placement_round, organiser)
    placement = Placement.objects.get(pupil=pupil)
    domain.update_placement(
        placement,
        organiser,
        status="done",
        days_attended=5,
        mentor_evaluation=f"{pupil_name} did well",
        mentor_rating=5,
    )
    domain.update_placement(
        placement, pupil_user, pupil_evaluation=f"Great! {pupil_phone}", pupil_rating=5
    )
    activity = Activity.objects.create(
        programme=world["programme"], kind="lecture", title="Lecture", date="2027-02-01"
    )
    Attendance.objects.create(activity=activity, role="pupils", count=30)
    return {**world, "pupil": pupil, "adult": adult, "event": event, "meeting": meeting}


def test_the_seed_reaches_every_channel(seeded, settings):
    """The search finds what it should before erasure, so zero hits after it mean something."""
    hits = dump_hits(PUPIL + ADULT, settings)
    for needle in PUPIL + ADULT:
        assert f"database: {needle}" in hits
    assert any(hit.startswith("media") for hit in hits)
    assert f"session: {ADULT[1]}" in hits
    # The event's recommendations are cached (the search covers them; they hold no texts).
    assert any(":event-recommendations:" in key for key in cache._cache)


def test_erasure_and_account_deletion_leave_no_trace_and_keep_the_counts(
    seeded, settings, django_capture_on_commit_callbacks
):
    programme = seeded["programme"]
    before = compute(programme)
    meetings = Meeting.objects.filter(event=seeded["event"]).count()
    memberships = Membership.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        domain.erase_pupil(seeded["pupil"], seeded["roles"]["coordinator"])
        delete_account(seeded["adult"], seeded["adult"])
    assert dump_hits(PUPIL + ADULT, settings) == []
    after = compute(programme)
    assert after.total_placements == before.total_placements == 2
    assert [(row.year, row.placements, row.participants) for row in after.years] == [
        (row.year, row.placements, row.participants) for row in before.years
    ]
    assert Meeting.objects.filter(event=seeded["event"]).count() == meetings
    assert Membership.objects.count() == memberships - 1
    # Others' data stays: the coordinator's e-mail about the round, the mentor's account.
    assert Person.objects.filter(user=seeded["roles"]["mentor"]).exists()


def test_retention_leaves_no_trace_either(seeded, settings, django_capture_on_commit_callbacks):
    seeded["programme"].retention_months = 1
    seeded["programme"].save()
    before = compute(seeded["programme"]).total_placements
    later = timezone.now() + timedelta(days=3000)
    with django_capture_on_commit_callbacks(execute=True):
        erased = domain.apply_retention(later)
    assert erased == 2  # the world's pupil and the seeded one
    assert dump_hits(PUPIL, settings) == []
    assert compute(seeded["programme"]).total_placements == before
