"""E-mail through one outbox: rendered in the recipient's language, stored in the transaction
of the change that causes it, and sent after that transaction commits, once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from partnerup.common.dates import zone_of
from partnerup.common.models import OutboxMail


def render_mail(template: str, context: dict, language: str) -> tuple[str, str]:
    """Subject and body from `<template>_subject.txt` and `<template>_body.txt`, in the
    recipient's language and, for an event's mail, the event's time zone."""
    event = context.get("event")
    zone = zone_of(event) if event is not None else timezone.get_default_timezone()
    with translation.override(language), timezone.override(zone):
        full_context = {"SITE_URL": settings.SITE_URL, **context}
        subject = render_to_string(f"{template}_subject.txt", full_context).strip()
        body = render_to_string(f"{template}_body.txt", full_context)
    return " ".join(subject.split())[:300], body


_demo_load: ContextVar[bool] = ContextVar("partnerup_demo_load", default=False)


@contextmanager
def demo_outbox() -> Iterator[None]:
    """While the demo loads: every e-mail is written to the outbox as "not sent (demo)" and
    never queued, so loading sends (or prints) nothing."""
    token = _demo_load.set(True)
    try:
        yield
    finally:
        _demo_load.reset(token)


def send_after_commit(to: str, template: str, context: dict, language: str) -> OutboxMail:
    """Queue an e-mail. A rolled-back change leaves neither the row nor a sent message."""
    subject, body = render_mail(template, context, language)
    demo = _demo_load.get()
    mail = OutboxMail.objects.create(
        to=to,
        subject=subject,
        body=body,
        template=template,
        language=language,
        status=OutboxMail.Status.DEMO if demo else OutboxMail.Status.QUEUED,
    )
    if not demo:
        transaction.on_commit(lambda: enqueue(mail.pk))
    return mail


def resend(mail: OutboxMail, actor) -> OutboxMail:
    """Send a queued or failed e-mail again (an organiser's request from the outbox).

    Side effects: queues the send after commit (a mail sent meanwhile is not sent twice, see
    `deliver`); logs `common.outbox.resent`.
    """
    from partnerup.common.activity import log_action

    log_action(mail, "common.outbox.resent", actor, {"status": mail.status})
    transaction.on_commit(lambda: enqueue(mail.pk))
    return mail


def enqueue(pk: int) -> None:
    from partnerup.common.tasks import send_outbox_mail

    send_outbox_mail.delay(pk)


def deliver(pk: int) -> bool:
    """Send one queued e-mail. Returns False when it had been sent already (a retried task) or
    is a demo e-mail, which is never sent.

    The row is locked while sending, so two workers never send the same e-mail; a failure is
    recorded on the row and raised, so the task queue retries it.
    """
    failure: Exception | None = None
    with transaction.atomic():
        mail = OutboxMail.objects.select_for_update(no_key=True, of=("self",)).get(pk=pk)
        if mail.status in (OutboxMail.Status.SENT, OutboxMail.Status.DEMO):
            return False
        mail.attempts += 1
        try:
            send_mail(
                mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [mail.to], fail_silently=False
            )
        except Exception as exc:  # any transport error: recorded on the row, then raised
            failure = exc
            mail.status = OutboxMail.Status.FAILED
            mail.error = str(exc)[:2000]
        else:
            mail.status = OutboxMail.Status.SENT
            mail.sent = timezone.now()
            mail.error = ""
        mail.save(update_fields=["status", "sent", "error", "attempts"])
    if failure is not None:
        raise failure
    return True


def forget_in_outbox(*, addresses: Iterable[str], needles: Iterable[str], replacement: str) -> int:
    """Take a person out of the outbox.

    Side effects: deletes every e-mail to one of `addresses` (sent or not: what was sent to a
    person is their data); in the others, replaces each of `needles` (a name, an address) in the
    recipient, subject and body by `replacement`. Returns how many e-mails changed.
    """
    from partnerup.common.activity import redact_text, usable_needles

    addresses = {a.strip().lower() for a in addresses if a and a.strip()}
    needles = usable_needles([*needles, *addresses])
    changed = 0
    if addresses:
        to = Q()
        for address in addresses:
            to |= Q(to__iexact=address)
        changed += OutboxMail.objects.filter(to).delete()[0]
    if not needles:
        return changed
    matches = Q()
    for needle in needles:
        matches |= Q(subject__icontains=needle) | Q(body__icontains=needle)
    for mail in OutboxMail.objects.filter(matches):
        mail.subject = redact_text(mail.subject, needles, replacement)[:300]
        mail.body = redact_text(mail.body, needles, replacement)
        mail.save(update_fields=["subject", "body"])
        changed += 1
    return changed
