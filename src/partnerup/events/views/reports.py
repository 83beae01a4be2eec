"""Organisers: dashboard and exports."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partnerup.common.dates import event_time
from partnerup.common.views import require
from partnerup.events import queries
from partnerup.events.models import MeetingRequest, ParticipantType
from partnerup.events.views._common import _event


@require("events.manage", get_object=_event)
@require_GET
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    from partnerup.common.charts import bar_chart
    from partnerup.events.models import MeetingFeedback

    event = request.permission_object
    types = dict(ParticipantType.choices)
    figures = queries.dashboard_figures(event)
    by_type = figures["by_type"]
    requests_by_status = figures["requests_by_status"]
    per_day_venue = figures["per_day_venue"]
    outcomes = figures["outcomes"]
    outcome_labels = dict(MeetingFeedback.Outcome.choices)
    chart_titles = {
        "types": _("Registrations by participant type"),
        "requests": _("Meeting requests by status"),
        "days": _("Meetings per day and venue"),
        "outcomes": _("Follow-up after meetings"),
    }
    charts = {
        "types": bar_chart(
            _("Registrations by participant type"),
            [str(types.get(r["type"], r["type"])) for r in by_type],
            [(_("Participants"), [r["n"] for r in by_type])],
            chart_id="types",
        ),
        "requests": bar_chart(
            _("Meeting requests by status"),
            [str(MeetingRequest.Status(s).label) for s in requests_by_status],
            [(_("Requests"), list(requests_by_status.values()))],
            chart_id="requests",
            height=240,
        ),
        "days": bar_chart(
            _("Meetings per day and venue"),
            [
                f"{event_time(r['day'], event, 'SHORT_MONTH_DAY_FORMAT')} {r['slot__venue__name']}"
                for r in per_day_venue
            ],
            [(_("Meetings"), [r["n"] for r in per_day_venue])],
            chart_id="days",
            height=240,
        ),
        "outcomes": bar_chart(
            _("Follow-up after meetings"),
            [str(outcome_labels.get(r["outcome"], r["outcome"])) for r in outcomes],
            [(_("Answers"), [r["n"] for r in outcomes])],
            chart_id="outcomes",
            height=240,
        ),
    }
    from partnerup.events.recommendations import organiser_view

    no_match, demand = organiser_view(event, request.LANGUAGE_CODE)
    return render(
        request,
        "events/dashboard.html",
        {
            "no_match": no_match,
            "demand": demand,
            "event": event,
            "charts": [(str(chart_titles[key]), chart) for key, chart in charts.items()],
            "participants": figures["participants"],
            "requests": figures["requests"],
            "acceptance": figures["acceptance"],
            "meetings": figures["meetings"],
            "scheduled": figures["scheduled"],
            "table_use": figures["table_use"],
            "no_shows": figures["no_shows"],
            "held": figures["held"],
            "checked_in": figures["checked_in"],
        },
    )


@require("events.manage", get_object=_event)
@require_GET
def export(request: HttpRequest, slug: str, kind: str, file_format: str) -> HttpResponse:
    from partnerup.events.interfaces.exporters import EXPORTERS

    if kind not in EXPORTERS:
        return HttpResponse(
            _("Unknown export."), status=404, content_type="text/plain; charset=utf-8"
        )
    return EXPORTERS[kind](request.permission_object).response(file_format)
