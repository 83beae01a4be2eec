"""`make demo` serves on $(HOST):$(PORT); the links in its e-mails must lead there."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from partnerup.common.models import OutboxMail
from partnerup.events import domain
from tests.factories import make_event, make_participant

ROOT = Path(__file__).resolve().parents[2]
# `make test` runs this suite, so make is there; without it the test fails, it does not skip.
MAKE = shutil.which("make") or "make"


def _demo_environment(*make_args: str) -> dict[str, str]:
    """The environment `make demo` gives the server: its runserver line, run with `env`."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERUP_")}
    dry_run = subprocess.run(
        [MAKE, "--no-print-directory", "-n", "demo", *make_args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in dry_run.splitlines() if " runserver " in line)
    assignments = line.split(" .venv/bin/partnerup runserver ")[0]
    printed = subprocess.run(
        ["/bin/sh", "-c", f"{assignments} env"], env=environment, capture_output=True, text=True
    ).stdout
    return dict(row.split("=", 1) for row in printed.splitlines() if "=" in row)


def test_make_demo_points_site_url_at_the_port_it_serves_on():
    assert _demo_environment("PORT=8123")["PARTNERUP_SITE_URL"] == "http://127.0.0.1:8123"
    assert (
        _demo_environment("HOST=localhost", "PORT=8177")["PARTNERUP_SITE_URL"]
        == "http://localhost:8177"
    )


@pytest.mark.django_db
def test_mail_links_use_site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8123"
    event = make_event()
    sender = make_participant(event)
    recipient = make_participant(event)
    domain.request_meeting(sender, recipient, priority=2, message="Hello")
    mail = OutboxMail.objects.get(to=recipient.user.email)
    assert f"http://127.0.0.1:8123/events/{event.slug}/requests/" in mail.body
