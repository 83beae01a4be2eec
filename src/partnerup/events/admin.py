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


class SlotGridMixin:
    """Whatever an organiser changes in the set-up, the slot grid follows (domain.build_slots)."""

    def event_of(self, obj):
        return obj

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        from partnerup.events.domain import build_slots

        build_slots(self.event_of(form.instance))


@admin.register(Event)
class EventAdmin(SlotGridMixin, admin.ModelAdmin):
    list_display = ["name", "registration_opens", "request_deadline", "published"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["hosts"]
    inlines = [VenueInline, DayInline, CapInline]


class BreakInline(admin.TabularInline):
    model = Break
    extra = 0


@admin.register(EventDay)
class EventDayAdmin(SlotGridMixin, admin.ModelAdmin):
    list_display = ["event", "date", "meetings_from", "meetings_until"]
    filter_horizontal = ["venues"]
    inlines = [BreakInline]

    def event_of(self, obj):
        return obj.event


class TableInline(admin.TabularInline):
    model = Table
    extra = 0


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "event"]
    inlines = [TableInline]


@admin.register(ProgrammeSession)
class ProgrammeSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "kind", "venue", "starts"]
    list_filter = ["event", "kind"]
    filter_horizontal = ["speakers"]


for model in (Table, TravelTime, Slot):
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
