"""The activity log: one call records a change on any object."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
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
    "placements.history.imported": _("History imported"),
    "accounts.invitation.accepted": _("Invitation accepted"),
    "accounts.role.granted": _("Role granted"),
    "accounts.account.changed": _("Account changed"),
}


def _mask(data: dict[str, Any]) -> dict[str, Any]:
    return {
        key: "••••" if any(secret in key.lower() for secret in SECRET_KEYS) else value
        for key, value in data.items()
    }


def log_action(obj: models.Model, action: str, actor=None, data: dict | None = None) -> ActivityLog:
    return ActivityLog.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
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
