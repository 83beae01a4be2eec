"""Event list and each event's public landing page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partnerup.common.views import require
from partnerup.events.models import Event
from partnerup.events.queries.registrations import (
    attendance_by_type,
    attending_organisation_count,
    programme_by_day,
)
from partnerup.events.views._common import _event, _me


@require("events.browse")
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    events = (
        Event.objects.all() if request.user.is_organiser else Event.objects.filter(published=True)
    )
    return render(request, "events/event_list.html", {"events": events})


@require("events.view_public_event", get_object=_event)
@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The landing page: open to anyone for a published event. It shows how many come of each
    participant type, never who."""
    event = request.permission_object
    now = timezone.now()
    attendance = attendance_by_type(event)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "me": _me(request, event),
            "days": event.days.prefetch_related("venues"),
            "programme": programme_by_day(event),
            "attendance": attendance,
            "attending_total": sum(count for _label, count in attendance),
            "attending_organisations": attending_organisation_count(event),
            "registration_open": event.registration_opens <= now < event.registration_closes,
            "registration_not_yet": now < event.registration_opens,
            "invitation_only": event.visibility == Event.Visibility.INVITATION,
        },
    )
