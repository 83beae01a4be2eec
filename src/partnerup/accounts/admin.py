from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from partnerup.accounts.models import Invitation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_organiser", "is_pupil", "is_active", "date_joined"]
    list_filter = ["is_organiser", "is_pupil", "is_active", "language"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["name", "language"]}),
        (
            _("Roles"),
            {
                "fields": [
                    "is_organiser",
                    "is_pupil",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                ]
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = ["groups"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created", "expires", "accepted"]
    list_filter = ["role"]
    search_fields = ["email", "name"]
    readonly_fields = ["token", "accepted", "accepted_by", "invited_by"]
