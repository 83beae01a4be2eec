"""Event list and event page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partnerup.common.views import require
from partnerup.events.models import Event
from partnerup.events.views._common import _event, _me


@require("events.browse")
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    events = (
        Event.objects.all() if request.user.is_organiser else Event.objects.filter(published=True)
    )
    return render(request, "events/event_list.html", {"events": events})


@require("events.browse", get_object=_event)
@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = request.permission_object
    now = timezone.now()
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "me": _me(request, event),
            "days": event.days.prefetch_related("venues"),
            "sessions": event.sessions.select_related("venue"),
            "registration_open": event.registration_opens <= now < event.registration_closes,
        },
    )
