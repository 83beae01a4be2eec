"""The activity log: one call records a change on any object."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from partnerup.common.models import ActivityLog

# Values of these keys are never stored in the log.
SECRET_KEYS = {"password", "token", "secret", "key"}

ACTION_LABELS = {
    "directory.organisation.created": _("Organisation created"),
    "directory.organisation.changed": _("Organisation changed"),
    "directory.profile.changed": _("Partnering profile changed"),
    "directory.person.created": _("Person created"),
    "directory.person.changed": _("Person changed"),
    "directory.asset.created": _("Asset created"),
    "directory.asset.changed": _("Asset changed"),
    "directory.asset.deleted": _("Asset deleted"),
    "accounts.invitation.sent": _("Invitation sent"),
    "events.participant.registered": _("Registered for an event"),
    "events.participant.approved": _("Registration approved"),
    "events.participant.rejected": _("Registration not approved"),
    "events.request.sent": _("Meeting request sent"),
    "events.request.accepted": _("Meeting request accepted"),
    "events.request.declined": _("Meeting request declined"),
    "events.request.cancelled": _("Meeting request cancelled"),
    "events.request.expired": _("Meeting request expired"),
    "events.participant.checked_in": _("Checked in"),
    "events.meeting.marked": _("Meeting marked held or no-show"),
    "events.meeting.feedback": _("Meeting rated"),
    "events.meeting.self_scheduled": _("Meeting booked by its participants"),
    "events.pitch.submitted": _("Pitch submitted"),
    "events.schedule.started": _("Scheduler run started"),
    "events.schedule.published": _("Schedule published"),
    "events.meeting.moved": _("Meeting moved by hand"),
    "events.meeting.joined": _("Colleague joined a meeting"),
    "events.call.invited": _("Pitchers invited"),
    "placements.application.submitted": _("Placement choices submitted"),
    "placements.offer.ranked": _("Applicants ranked"),
    "placements.round.allocated": _("Allocation run"),
    "placements.round.adjusted": _("Allocation adjusted"),
    "placements.round.published": _("Allocation published"),
    "placements.placement.changed": _("Placement changed"),
    "placements.consent.recorded": _("Guardian consent recorded"),
    "placements.activity.saved": _("Activity saved"),
    "placements.pupil.erased": _("Pupil erased"),
    "placements.pupil.created": _("Pupil added"),
    "placements.pupil.changed": _("Pupil changed"),
    "placements.round.created": _("Placement round created"),
    "placements.round.changed": _("Placement round changed"),
    "placements.offer.created": _("Placement offer created"),
    "placements.offer.changed": _("Placement offer changed"),
    "accounts.account.deleted": _("Account deleted"),
    "placements.history.imported": _("History imported"),
    "accounts.invitation.accepted": _("Invitation accepted"),
    "accounts.role.granted": _("Role granted"),
    "accounts.role.revoked": _("Role taken away"),
    "accounts.account.changed": _("Account changed"),
    "common.outbox.resent": _("E-mail sent again"),
    "events.call.created": _("Scouting call created"),
    "events.participant.calendar_renewed": _("Calendar link renewed"),
    "events.pitch.declined": _("Pitch declined"),
    "events.pitch.withdrawn": _("Pitch withdrawn"),
    "events.schedule.failed": _("Schedule run failed"),
    "events.schedule.finished": _("Schedule run finished"),
    "events.schedule.gave_up": _("Schedule run given up"),
    "events.schedule.requeued": _("Schedule run restarted"),
}

# Admin changes are logged as `<app>.<model>.<verb>` (common/admin.py); any model can appear.
GENERIC_VERBS = {
    "created": _("%(thing)s created"),
    "changed": _("%(thing)s changed"),
    "deleted": _("%(thing)s deleted"),
}


def action_label(action: str) -> str:
    """The action in words, in the active language; unknown actions stay as they are."""
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    app_label, _dot, rest = action.partition(".")
    model_name, _dot, verb = rest.rpartition(".")
    if verb in GENERIC_VERBS and model_name:
        from django.apps import apps

        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            return action
        return str(GENERIC_VERBS[verb] % {"thing": capfirst(model._meta.verbose_name)})
    return action


def _mask(data: dict[str, Any]) -> dict[str, Any]:
    return {
        key: "••••" if any(secret in key.lower() for secret in SECRET_KEYS) else value
        for key, value in data.items()
    }


def log_action(
    obj: models.Model, action: str, actor=None, data: dict | None = None, label: str | None = None
) -> ActivityLog:
    """Record `action` on `obj`. `label` replaces the object's text, e.g. for an erased one."""
    return ActivityLog.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj if label is None else label)[:200],
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        data=_mask(data or {}),
    )


def changed_fields(form) -> dict[str, Any]:
    """The fields a ModelForm changed, with their new values as text."""
    result: dict[str, Any] = {}
    for name in form.changed_data:
        value = form.cleaned_data.get(name)
        if hasattr(value, "__iter__") and not isinstance(value, str | bytes):
            result[name] = sorted(str(item) for item in value)
        else:
            result[name] = "" if value is None else str(value)
    return result


def redact_text(text: str, needles: list[str], replacement: str) -> str:
    for needle in needles:
        text = re.sub(re.escape(needle), replacement, text, flags=re.IGNORECASE)
    return text


def _redact_data(value: Any, needles: list[str], replacement: str) -> Any:
    if isinstance(value, str):
        return redact_text(value, needles, replacement)
    if isinstance(value, list):
        return [_redact_data(item, needles, replacement) for item in value]
    if isinstance(value, dict):
        return {
            redact_text(key, needles, replacement): _redact_data(item, needles, replacement)
            for key, item in value.items()
        }
    return value


def usable_needles(needles: Iterable[str]) -> list[str]:
    """The distinct, non-trivial strings to search for (names, addresses), longest first so a
    full name is replaced before a part of it."""
    found = {needle.strip() for needle in needles if needle and len(needle.strip()) >= 4}
    # E-mails are rendered with HTML escaping: "O'Neil" appears as "O&#x27;Neil".
    found |= {str(escape(needle)) for needle in found}
    return sorted(found, key=len, reverse=True)


def forget_in_log(
    *,
    objects: Iterable[tuple[type[models.Model], Any, str]],
    needles: Iterable[str],
    replacement: str,
) -> int:
    """Take a person out of the activity log; the entries themselves (who did what, when) stay.

    `objects` are (model, primary key, new label): their entries get the new label and lose
    their details. Every other entry whose label or details mention one of `needles` (a name,
    an e-mail address) has it replaced by `replacement`. Returns how many entries changed.
    """
    needles = usable_needles(needles)
    changed = 0
    for model, pk, label in objects:
        changed += ActivityLog.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=str(pk)
        ).update(object_repr=str(label)[:200], data={})
    if not needles:
        return changed
    matches = Q()
    for needle in needles:
        # JSON text may hold non-ASCII letters escaped, depending on the database.
        escaped = json.dumps(needle)[1:-1]
        matches |= Q(object_repr__icontains=needle) | Q(data_text__icontains=needle)
        if escaped != needle:
            matches |= Q(data_text__icontains=escaped)
    entries = ActivityLog.objects.annotate(data_text=Cast("data", models.TextField())).filter(
        matches
    )
    for entry in entries:
        entry.object_repr = redact_text(entry.object_repr, needles, replacement)[:200]
        entry.data = _redact_data(entry.data, needles, replacement)
        entry.save(update_fields=["object_repr", "data"])
        changed += 1
    return changed
