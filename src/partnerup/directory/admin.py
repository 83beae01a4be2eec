from django import forms
from django.contrib import admin
from django.db import models

from partnerup.common.activity import log_action
from partnerup.directory.models import (
    Asset,
    Membership,
    Organisation,
    PartneringProfile,
    Person,
    Term,
)

LOGGED = {
    Organisation: "directory.organisation",
    Person: "directory.person",
    Asset: "directory.asset",
    PartneringProfile: "directory.profile",
}


class LoggedAdmin(admin.ModelAdmin):
    """Admin changes land in the same activity log as changes made on the site."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        prefix = LOGGED.get(type(obj))
        if prefix:
            action = f"{prefix}.changed" if change else f"{prefix}.created"
            log_action(
                obj, action, request.user, {"fields": list(form.changed_data), "via": "admin"}
            )


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["label_en", "label_nb", "facet", "position", "active"]
    list_filter = ["facet", "active"]
    list_editable = ["position", "active"]
    search_fields = ["label_en", "label_nb", "slug"]
    prepopulated_fields = {"slug": ["label_en"]}


@admin.register(Organisation)
class OrganisationAdmin(LoggedAdmin):
    formfield_overrides = {
        models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}
    }
    list_display = ["name", "kind", "is_member", "member_since", "city", "listed"]
    list_filter = ["kind", "is_member", "listed"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(LoggedAdmin):
    list_display = ["name", "title", "email", "user", "public"]
    search_fields = ["name", "email", "title"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["expertise_terms"]


@admin.register(PartneringProfile)
class PartneringProfileAdmin(LoggedAdmin):
    list_display = ["organisation", "updated"]
    search_fields = ["organisation__name"]
    filter_horizontal = ["offers", "seeks"]


@admin.register(Asset)
class AssetAdmin(LoggedAdmin):
    list_display = ["title", "organisation", "modality", "stage", "visibility"]
    list_filter = ["visibility", "modality", "stage"]
    search_fields = ["title", "summary", "organisation__name"]
    filter_horizontal = ["targets", "audience"]
    autocomplete_fields = ["organisation"]
