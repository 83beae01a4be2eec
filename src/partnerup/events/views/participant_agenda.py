"""A participant's agenda and private calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partnerup.common.views import public, require
from partnerup.events import domain, queries
from partnerup.events.models import Participant
from partnerup.events.views._common import _event, _me


def _my_participation(request, slug, **_other):
    event = _event(request, slug)
    me = _me(request, event)
    if me is None or me.status != Participant.Status.APPROVED:
        raise Http404
    return me


@require("events.view_agenda", get_object=_my_participation)
@require_http_methods(["GET", "POST"])
def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    me = request.permission_object
    if request.method == "POST":
        domain.rotate_calendar_token(me, actor=request.user)
        messages.success(
            request, _("Your calendar link has been renewed; the old one no longer works.")
        )
        return redirect("events:agenda", slug=slug)
    feed = request.build_absolute_uri(
        reverse("events:calendar", kwargs={"token": me.calendar_token})
    )
    return render(
        request,
        "events/agenda.html",
        {
            "event": me.event,
            "me": me,
            "items": queries.agenda(me),
            "feed": feed,
        },
    )


@public
@require_GET
def calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The private calendar feed: the unguessable token is the key; renewing it revokes it, and
    so does a deactivated account or a participation no longer approved (404)."""
    from partnerup.events.calendar import build_calendar

    participant = get_object_or_404(
        Participant.objects.select_related("event", "user"),
        calendar_token=token,
        status=Participant.Status.APPROVED,
        user__is_active=True,
    )
    body = build_calendar(
        participant.event.name, queries.calendar_items(participant), participant.event.timezone
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{participant.event.slug}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
