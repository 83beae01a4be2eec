"""Accounts in the admin, read-only: roles are granted by invitations (accounts/domain.py), never
by ticking a box, and `is_superuser` belongs to the operator account made with createsuperuser."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "organisation", "role", "created", "expires", "accepted"]
    list_filter = ["role"]
    search_fields = ["email", "name"]
    # The token is a credential: never shown.
    exclude = ["token"]
