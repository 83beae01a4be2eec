from django.contrib import admin

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
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "since_year", "retention_months"]
    filter_horizontal = ["schools"]


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programme"]


admin.site.register(SchoolSettings)
admin.site.register(SchoolClass)


class ConsentInline(admin.TabularInline):
    model = GuardianConsent
    extra = 0


@admin.register(Pupil)
class PupilAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "school_class", "level"]
    list_filter = ["school", "level"]
    search_fields = ["name"]
    inlines = [ConsentInline]


@admin.register(PlacementRound)
class PlacementRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "school_year", "opens", "deadline", "status"]
    list_filter = ["status"]


@admin.register(PlacementOffer)
class PlacementOfferAdmin(admin.ModelAdmin):
    list_display = ["title", "host", "round", "capacity", "field"]
    list_filter = ["round", "field"]
    search_fields = ["title", "host__name"]
    filter_horizontal = ["mentors"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["pupil", "offer", "rank", "host_rank"]
    list_filter = ["offer__round"]


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "host", "year", "field", "status", "imported"]
    list_filter = ["year", "status", "field", "imported"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date", "host", "imported"]
    list_filter = ["kind", "imported"]
    inlines = [AttendanceInline]
