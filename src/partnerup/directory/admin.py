"""The directory in the admin: organisations and the taxonomy are edited here and logged.
People, memberships (they grant roles), partnering profiles and assets change on the site through
the domain functions, so they are read-only here."""

from django import forms
from django.contrib import admin
from django.db import models

from partnerup.common.admin import LoggedAdmin, ReadOnlyAdmin, ReadOnlyTabularInline
from partnerup.directory.models import (
    Asset,
    Membership,
    Organisation,
    PartneringProfile,
    Person,
    Term,
)


class MembershipInline(ReadOnlyTabularInline):
    model = Membership


@admin.register(Term)
class TermAdmin(LoggedAdmin):
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
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "title", "email", "user", "public"]
    search_fields = ["name", "email", "title"]


@admin.register(PartneringProfile)
class PartneringProfileAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "updated"]
    search_fields = ["organisation__name"]


@admin.register(Asset)
class AssetAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "modality", "stage", "visibility"]
    list_filter = ["visibility", "modality", "stage"]
    search_fields = ["title", "summary", "organisation__name"]
