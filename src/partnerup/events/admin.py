from django.contrib import admin

from partnerup.events.models import (
    Break,
    Event,
    EventDay,
    Meeting,
    MeetingRequest,
    Participant,
    ProgrammeSession,
    Slot,
    Table,
    TravelTime,
    TypeCap,
    Venue,
)


class VenueInline(admin.TabularInline):
    model = Venue
    extra = 0


class DayInline(admin.TabularInline):
    model = EventDay
    extra = 0


class CapInline(admin.TabularInline):
    model = TypeCap
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "registration_opens", "request_deadline", "published"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["hosts"]
    inlines = [VenueInline, DayInline, CapInline]


@admin.register(EventDay)
class EventDayAdmin(admin.ModelAdmin):
    list_display = ["event", "date", "meetings_from", "meetings_until"]
    filter_horizontal = ["venues"]


for model in (Break, Table, TravelTime, Slot, ProgrammeSession):
    admin.site.register(model)


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "event", "type", "status"]
    list_filter = ["event", "status", "type"]
    search_fields = ["user__email", "user__name", "organisation__name"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["sender", "recipient", "status", "priority", "created"]
    list_filter = ["event", "status"]
    readonly_fields = ["pair_low", "pair_high"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["pk", "event", "status", "slot", "table", "locked"]
    list_filter = ["event", "status"]
