"""The school programme in the admin: programmes, school years, school settings and classes are
set-up, edited here and logged. Pupils (minors), rounds, offers, applications, placements and
activities change only through the domain functions, so they are read-only here."""

from django.contrib import admin

from partnerup.common.admin import LoggedAdmin, ReadOnlyAdmin, ReadOnlyTabularInline
from partnerup.placements.models import (
    Activity,
    Application,
    Attendance,
    GuardianConsent,
    Placement,
    PlacementOffer,
    PlacementRound,
    Programme,
    Pupil,
    SchoolClass,
    SchoolSettings,
    SchoolYear,
)


@admin.register(Programme)
class ProgrammeAdmin(LoggedAdmin):
    list_display = ["name", "since_year", "retention_months"]
    filter_horizontal = ["schools"]


@admin.register(SchoolYear)
class SchoolYearAdmin(LoggedAdmin):
    list_display = ["__str__", "programme"]


@admin.register(SchoolSettings)
class SchoolSettingsAdmin(LoggedAdmin):
    pass


@admin.register(SchoolClass)
class SchoolClassAdmin(LoggedAdmin):
    pass


class ConsentInline(ReadOnlyTabularInline):
    model = GuardianConsent


@admin.register(Pupil)
class PupilAdmin(ReadOnlyAdmin):
    list_display = ["name", "school", "school_class", "level"]
    list_filter = ["school", "level"]
    search_fields = ["name"]
    inlines = [ConsentInline]


@admin.register(PlacementRound)
class PlacementRoundAdmin(ReadOnlyAdmin):
    list_display = ["name", "school_year", "opens", "deadline", "status"]
    list_filter = ["status"]


@admin.register(PlacementOffer)
class PlacementOfferAdmin(ReadOnlyAdmin):
    list_display = ["title", "host", "round", "capacity", "field"]
    list_filter = ["round", "field"]
    search_fields = ["title", "host__name"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["pupil", "offer", "rank", "host_rank"]
    list_filter = ["offer__round"]


@admin.register(Placement)
class PlacementAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "host", "year", "field", "status", "imported"]
    list_filter = ["year", "status", "field", "imported"]


class AttendanceInline(ReadOnlyTabularInline):
    model = Attendance


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "date", "host", "imported"]
    list_filter = ["kind", "imported"]
    inlines = [AttendanceInline]
