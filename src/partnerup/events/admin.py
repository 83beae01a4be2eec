"""Events in the admin: the set-up (events, venues, days, breaks, tables, sessions, travel times)
is edited here and logged; the slot grid follows through `build_slots`. Participants, requests,
meetings and slots change only through the domain functions, so they are read-only here."""

from zoneinfo import available_timezones

from django.contrib import admin
from django.utils import timezone

from partnerup.common.admin import LoggedAdmin, ReadOnlyAdmin, TabularInline
from partnerup.common.dates import zone_of
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


class VenueInline(TabularInline):
    model = Venue
    extra = 0


class DayInline(TabularInline):
    model = EventDay
    extra = 0


class CapInline(TabularInline):
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


class EventZoneMixin:
    """The times on these forms are the event's local times: an organiser of an event abroad
    types that place's clock, and sees it again when coming back."""

    def zone_name(self, request, object_id) -> str:
        return ""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with timezone.override(zone_of(self.zone_name(request, object_id))):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # The form's values are written as the page renders: render in the event's zone.
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            return response


def _event_zone(event_id) -> str:
    if not str(event_id or "").isdigit():
        return ""
    return Event.objects.filter(pk=event_id).values_list("timezone", flat=True).first() or ""


@admin.register(Event)
class EventAdmin(EventZoneMixin, SlotGridMixin, LoggedAdmin):
    list_display = ["name", "registration_opens", "request_deadline", "published"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["hosts"]
    inlines = [VenueInline, DayInline, CapInline]

    def zone_name(self, request, object_id) -> str:
        # The zone being saved wins: times typed with a new zone are read in that zone.
        typed = request.POST.get("timezone", "")
        return typed if typed in available_timezones() else _event_zone(object_id)


class BreakInline(TabularInline):
    model = Break
    extra = 0


@admin.register(EventDay)
class EventDayAdmin(SlotGridMixin, LoggedAdmin):
    list_display = ["event", "date", "meetings_from", "meetings_until"]
    filter_horizontal = ["venues"]
    inlines = [BreakInline]

    def event_of(self, obj):
        return obj.event


class TableInline(TabularInline):
    model = Table
    extra = 0


@admin.register(Venue)
class VenueAdmin(LoggedAdmin):
    list_display = ["name", "event"]
    inlines = [TableInline]


@admin.register(ProgrammeSession)
class ProgrammeSessionAdmin(EventZoneMixin, LoggedAdmin):
    list_display = ["title", "event", "kind", "venue", "starts"]
    list_filter = ["event", "kind"]
    filter_horizontal = ["speakers"]

    def zone_name(self, request, object_id) -> str:
        if request.POST.get("event"):
            return _event_zone(request.POST["event"])
        if str(object_id or "").isdigit():
            session = ProgrammeSession.objects.filter(pk=object_id).values("event_id").first()
            return _event_zone(session["event_id"]) if session else ""
        return ""


@admin.register(Table)
class TableAdmin(LoggedAdmin):
    list_display = ["__str__", "venue"]


@admin.register(TravelTime)
class TravelTimeAdmin(LoggedAdmin):
    list_display = ["__str__", "event"]


@admin.register(Slot)
class SlotAdmin(ReadOnlyAdmin):
    """Derived from the set-up by `build_slots`."""

    list_display = ["__str__", "event", "venue", "starts", "ends"]
    list_filter = ["event"]
    list_select_related = ["event", "venue"]


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "event", "type", "status"]
    list_filter = ["event", "status", "type"]
    search_fields = ["user__email", "user__name", "organisation__name"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ReadOnlyAdmin):
    list_display = ["sender", "recipient", "status", "priority", "created"]
    list_filter = ["event", "status"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["pk", "event", "status", "slot", "table", "locked"]
    list_filter = ["event", "status"]
