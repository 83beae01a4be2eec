"""The admin's one door: who may use it is a rule, and every change it makes is in the log.

Every registered ModelAdmin derives from `LoggedAdmin` (or `ReadOnlyAdmin`). Set-up models
(events, venues, taxonomy, organisations …) stay editable, and each addition, change and deletion
is written to the activity log with the fields it changed. Stateful models (participants,
meetings, pupils, placements, invitations, the outbox …) change only through their domain
functions, so their admin pages are read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from partnerup.common.activity import log_action
from partnerup.common.models import ActivityLog

VIEW_PERMISSION = "common.view_admin"
EDIT_PERMISSION = "common.edit_in_admin"


def _action(obj, verb: str, prefix: str | None) -> str:
    return f"{prefix or f'{obj._meta.app_label}.{obj._meta.model_name}'}.{verb}"


def _readable(message: Any) -> Any:
    """The admin's structured change message (fields and inline rows), as plain JSON data."""
    if isinstance(message, list):
        return [_readable(item) for item in message]
    if isinstance(message, dict):
        return {str(key): _readable(value) for key, value in message.items()}
    return str(message)


class RulesPermissionsMixin:
    """Admin permissions come from common/rules.py, not from Django's per-model permissions.

    `read_only = True` makes a model's admin pages view-only, whoever asks.
    """

    read_only = False

    def has_module_permission(self, request) -> bool:
        return request.user.has_perm(VIEW_PERMISSION)

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(VIEW_PERMISSION)

    def has_add_permission(self, request, *args) -> bool:
        return not self.read_only and request.user.has_perm(EDIT_PERMISSION)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self.read_only and request.user.has_perm(EDIT_PERMISSION)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self.read_only and request.user.has_perm(EDIT_PERMISSION)


class LoggedAdmin(RulesPermissionsMixin, admin.ModelAdmin):
    """Admin changes land in the same activity log as changes made on the site.

    Actions are `<app>.<model>.created|changed|deleted` (or `log_prefix`), with the changed
    fields and inline rows and `"via": "admin"`.
    """

    log_prefix: str | None = None

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        request._partnerup_admin_fields = list(form.changed_data)

    def _log(self, request, obj, verb: str, message) -> None:
        data: dict[str, Any] = {"via": "admin"}
        fields = getattr(request, "_partnerup_admin_fields", None)
        if fields is not None:
            data["fields"] = fields
        if message:
            data["changes"] = _readable(message)
        log_action(obj, _action(obj, verb, self.log_prefix), request.user, data)

    def log_addition(self, request, obj, message):
        self._log(request, obj, "created", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._log(request, obj, "changed", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            log_action(
                obj, _action(obj, "deleted", self.log_prefix), request.user, {"via": "admin"}
            )
        return super().log_deletions(request, queryset)


class ReadOnlyAdmin(LoggedAdmin):
    """For stateful models: their changes go through domain functions, never the admin."""

    read_only = True
    actions = None


class RulesInlineMixin(RulesPermissionsMixin):
    """Inlines follow the same rules; their row changes are logged with the parent's change."""

    def has_add_permission(self, request, obj=None) -> bool:
        return not self.read_only and request.user.has_perm(EDIT_PERMISSION)


class TabularInline(RulesInlineMixin, admin.TabularInline):
    pass


class ReadOnlyTabularInline(TabularInline):
    read_only = True
    extra = 0


@admin.register(ActivityLog)
class ActivityLogAdmin(ReadOnlyAdmin):
    # The log is a record: nobody edits or deletes it from the admin.
    list_display = ["timestamp", "actor", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["object_repr", "action"]
