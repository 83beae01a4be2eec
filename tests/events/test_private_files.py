"""Pitch attachments are private files: a permission-checked view hands them out, nothing under
/media/ does, their stored names say nothing, and the host's access ends with a decline or a
withdrawal."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from partnerup.events import domain
from partnerup.events.models import Pitch, ScoutingCall
from tests import factories
from tests.conftest import login

DECK = b"%PDF-1.4 confidential-ish deck"


@pytest.fixture
def pitched(db):
    event = factories.make_event()
    pharma = factories.make_organisation("Pharma", kind="pharma")
    event.hosts.set([pharma])
    scout = factories.make_participant(event, organisation=pharma, participant_type="pharma")
    call = ScoutingCall.objects.create(
        event=event,
        host=pharma,
        title="Radioligands wanted",
        description="PSMA",
        deadline=timezone.now() + timedelta(days=3),
    )
    pitcher = factories.make_participant(event, name="Kari Nordmann")
    bystander = factories.make_participant(event)
    pitch = domain.submit_pitch(
        call,
        pitcher,
        title="ISB-101",
        summary="s",
        stage=factories.term("stage", "phase-1"),
        modality=factories.term("modality", "adc"),
        attachment=SimpleUploadedFile("Kari Nordmann CV and deck.pdf", DECK),
    )
    return {
        "call": call,
        "scout": scout,
        "pitcher": pitcher,
        "bystander": bystander,
        "pitch": pitch,
    }


def _download(client, pitch):
    response = client.get(reverse("events:pitch_attachment", args=[pitch.pk]))
    response.body = response.content
    return response


def test_attachment_is_stored_outside_media_under_a_name_that_tells_nothing(pitched, settings):
    pitch = pitched["pitch"]
    name = pitch.attachment.name
    assert name.startswith("pitches/") and name.endswith(".pdf")
    assert "kari" not in name.lower() and "nordmann" not in name.lower()
    assert len(Path(name).stem) >= 32
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / name
    assert stored.read_bytes() == DECK
    assert not (Path(settings.MEDIA_ROOT) / name).exists()
    with pytest.raises(ValueError):
        pitch.attachment.url  # noqa: B018 - private files have no public address


def test_media_url_serves_no_pitch_even_in_debug(client, pitched, settings):
    import importlib

    from django.urls import clear_url_caches

    import partnerup.urls

    # Even a copy left in MEDIA_ROOT by an older version is not served.
    name = pitched["pitch"].attachment.name
    old_copy = Path(settings.MEDIA_ROOT) / name
    old_copy.parent.mkdir(parents=True, exist_ok=True)
    old_copy.write_bytes(DECK)
    logo = Path(settings.MEDIA_ROOT) / "logos" / "logo.png"
    logo.parent.mkdir(parents=True, exist_ok=True)
    logo.write_bytes(b"png")
    try:
        with override_settings(DEBUG=True):
            importlib.reload(partnerup.urls)
            clear_url_caches()
            login(client, pitched["scout"].user)
            assert client.get(f"/media/{name}").status_code == 404
            response = client.get("/media/logos/logo.png")
            assert response.status_code == 200
            # Not response.close(): that would end the "request" and close the test database.
            for closer in response._resource_closers:
                closer()
    finally:
        importlib.reload(partnerup.urls)
        clear_url_caches()


def test_pitcher_host_and_organisers_download_others_get_404(client, pitched):
    pitch = pitched["pitch"]
    for user in (pitched["pitcher"].user, pitched["scout"].user, factories.make_organiser()):
        login(client, user)
        response = _download(client, pitch)
        assert response.status_code == 200
        assert response.body == DECK
        assert (
            response["Content-Disposition"] == f"attachment; filename*=UTF-8''pitch-{pitch.pk}.pdf"
        )
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
    login(client, pitched["bystander"].user)
    assert _download(client, pitch).status_code == 404
    client.logout()
    assert _download(client, pitch).status_code == 404


def test_declining_a_pitch_ends_the_hosts_access(client, pitched):
    pitch = pitched["pitch"]
    login(client, pitched["scout"].user)
    page = client.get(reverse("events:call", args=[pitched["call"].pk])).content.decode()
    assert reverse("events:pitch_attachment", args=[pitch.pk]) in page
    response = client.post(
        reverse("events:call", args=[pitched["call"].pk]), {"decline": "1", "pitch": pitch.pk}
    )
    assert response.status_code == 302
    pitch.refresh_from_db()
    assert pitch.status == Pitch.Status.NOT_SELECTED
    assert _download(client, pitch).status_code == 404
    page = client.get(reverse("events:call", args=[pitched["call"].pk])).content.decode()
    assert reverse("events:pitch_attachment", args=[pitch.pk]) not in page
    assert "no longer shared" in page
    # The pitcher and the organisers keep it.
    login(client, pitched["pitcher"].user)
    assert _download(client, pitch).status_code == 200
    login(client, factories.make_organiser())
    assert _download(client, pitch).status_code == 200


def test_withdrawing_a_pitch_ends_the_hosts_access(client, pitched):
    pitch = pitched["pitch"]
    login(client, pitched["pitcher"].user)
    client.post(
        reverse("events:call", args=[pitched["call"].pk]), {"withdraw": "1", "pitch": pitch.pk}
    )
    pitch.refresh_from_db()
    assert pitch.status == Pitch.Status.WITHDRAWN
    assert _download(client, pitch).status_code == 200
    login(client, pitched["scout"].user)
    assert _download(client, pitch).status_code == 404


def test_only_the_host_declines_and_only_the_pitcher_withdraws(client, pitched):
    pitch = pitched["pitch"]
    login(client, pitched["pitcher"].user)
    response = client.post(
        reverse("events:call", args=[pitched["call"].pk]), {"decline": "1", "pitch": pitch.pk}
    )
    assert response.status_code == 403
    login(client, pitched["scout"].user)
    response = client.post(
        reverse("events:call", args=[pitched["call"].pk]), {"withdraw": "1", "pitch": pitch.pk}
    )
    assert response.status_code == 403
    login(client, pitched["bystander"].user)
    response = client.post(
        reverse("events:call", args=[pitched["call"].pk]), {"decline": "1", "pitch": pitch.pk}
    )
    assert response.status_code == 400  # a pitch they cannot see is not on their list
    pitch.refresh_from_db()
    assert pitch.status == Pitch.Status.SUBMITTED


@pytest.mark.parametrize(
    ("server", "header", "expected"),
    [
        ("nginx", "X-Accel-Redirect", "/_private/{name}"),
        ("apache", "X-Sendfile", "{root}/{name}"),
    ],
)
def test_web_server_sends_the_file_after_the_check(
    client, pitched, settings, server, header, expected
):
    settings.PRIVATE_FILES_SERVER = server
    pitch = pitched["pitch"]
    login(client, pitched["scout"].user)
    response = _download(client, pitch)
    assert response.status_code == 200
    assert response.content == b""
    assert response[header] == expected.format(
        name=pitch.attachment.name, root=Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    )
    login(client, pitched["bystander"].user)
    response = _download(client, pitch)
    assert response.status_code == 404
    assert header not in response
