from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from partnerup.common.mail import deliver, send_after_commit
from partnerup.common.models import OutboxMail
from partnerup.common.tasks import send_outbox_mail
from tests.conftest import login


def queue(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return send_after_commit(
            "someone@example.org",
            "accounts/mail/invitation",
            {"invitation": kwargs.get("invitation"), "link": "/x/", "inviter": "Olivia"},
            kwargs.get("language", "nb"),
        )


def test_mail_is_stored_sent_once_and_in_the_recipients_language(
    world, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    item = queue(django_capture_on_commit_callbacks, language="nb")
    item.refresh_from_db()
    assert item.status == "sent"
    assert len(mail.outbox) == 1
    assert "invitert" in mail.outbox[0].body
    # A retried task (or a second worker) does not send it again.
    assert deliver(item.pk) is False
    assert send_outbox_mail.apply(args=[item.pk]).get() is False
    assert len(mail.outbox) == 1


def test_rolled_back_change_sends_nothing(world):
    mail.outbox.clear()
    before = OutboxMail.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        send_after_commit(
            "someone@example.org", "accounts/mail/invitation", {"link": "/x/", "inviter": "O"}, "en"
        )
        raise RuntimeError("the change failed")
    assert OutboxMail.objects.count() == before
    assert mail.outbox == []


def test_failure_is_recorded_and_resend_works(
    world, settings, client, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.common.failing_backend.Backend"
    item = queue(django_capture_on_commit_callbacks, language="en")
    item.refresh_from_db()
    assert item.status == "failed"
    assert "SMTP is down" in item.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    login(client, world["roles"]["organiser"])
    page = client.get(reverse("outbox") + "?status=failed").content.decode()
    assert "someone@example.org" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("outbox_resend", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == "sent"
    assert item.attempts == 2
    assert len(mail.outbox) == 1


def test_resend_is_its_own_write_permission_through_the_domain(
    world, client, django_capture_on_commit_callbacks
):
    from partnerup.common import views
    from partnerup.common.models import ActivityLog

    assert views.outbox.partnerup_permission == "common.view_outbox"
    assert views.outbox_resend.partnerup_permission == "common.resend_outbox"
    organiser = world["roles"]["organiser"]
    assert organiser.has_perm("common.resend_outbox")
    assert not world["roles"]["org_admin"].has_perm("common.resend_outbox")
    item = queue(django_capture_on_commit_callbacks, language="en")
    login(client, organiser)
    assert client.get(reverse("outbox_resend", args=[item.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("outbox_resend", args=[item.pk]))
    entry = ActivityLog.objects.get(action="common.outbox.resent")
    assert (entry.object_id, entry.actor) == (str(item.pk), organiser)


def test_every_periodic_task_exists():
    from django.conf import settings

    import partnerup.common.tasks
    import partnerup.events.tasks
    import partnerup.placements.tasks  # noqa: F401
    from partnerup.celery import app

    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= set(app.tasks)
