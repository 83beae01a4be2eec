"""Accounts in the admin, read-only: roles are granted by invitations (accounts/domain.py), never
by ticking a box, and `is_superuser` belongs to the operator account made with createsuperuser."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partnerup.accounts.domain import revoke_organiser
from partnerup.accounts.models import Invitation, User
from partnerup.common.admin import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_organiser", "is_pupil", "is_active", "date_joined"]
    list_filter = ["is_organiser", "is_pupil", "is_active", "language"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email"]}),
        (_("Profile"), {"fields": ["name", "language"]}),
        (_("Roles"), {"fields": ["is_organiser", "is_pupil", "is_active", "is_staff"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    actions = ["revoke_organiser_role"]

    def has_revoke_permission(self, request) -> bool:
        return request.user.has_perm("accounts.revoke_organiser")

    @admin.action(description=_("Take away the organiser role"), permissions=["revoke"])
    def revoke_organiser_role(self, request, queryset):
        revoked = 0
        for user in queryset:
            try:
                revoked += revoke_organiser(user, request.user)
            except ValueError as error:
                self.message_user(request, str(error), messages.ERROR)
        self.message_user(
            request,
            ngettext(
                "%(count)d organiser role taken away.",
                "%(count)d organiser roles taken away.",
                revoked,
            )
            % {"count": revoked},
        )


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "organisation", "role", "created", "expires", "accepted"]
    list_filter = ["role"]
    search_fields = ["email", "name"]
    # The token is a credential: never shown.
    exclude = ["token"]
