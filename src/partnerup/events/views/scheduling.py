"""Organisers: scheduler runs, moves by hand, publication."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from partnerup.common.forms import parse_id
from partnerup.common.views import require
from partnerup.events import domain
from partnerup.events.domain.schedule_runs import is_stale, restart_schedule_run
from partnerup.events.models import Meeting
from partnerup.events.views._common import _event, posted_object


def _run(request, pk, **_other):
    from partnerup.events.models import ScheduleRun

    return get_object_or_404(ScheduleRun.objects.select_related("event"), pk=pk)


@require("events.manage", get_object=_event)
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    event = request.permission_object
    if request.method == "POST":
        try:
            limit = min(max(int(request.POST.get("time_limit", 30)), 1), 600)
        except ValueError:
            limit = 30
        try:
            run = domain.start_schedule_run(
                event,
                request.user,
                time_limit=limit,
                incremental=request.POST.get("incremental") == "1",
            )
        except domain.EventError as exc:
            messages.error(request, str(exc))
            return redirect("events:schedule", slug=slug)
        return redirect(run.get_absolute_url())
    slot_id = request.GET.get("slot")
    slots = list(event.slots.select_related("venue"))
    chosen = next((s for s in slots if str(s.pk) == slot_id), slots[0] if slots else None)
    plan = []
    if chosen is not None:
        booked = {
            m.table_id: m
            for m in Meeting.objects.filter(slot=chosen)
            .exclude(status="cancelled")
            .prefetch_related("seats__participant__user", "seats__participant__organisation")
        }
        plan = [(table, booked.get(table.pk)) for table in chosen.venue.tables.all()]
    runs = list(event.schedule_runs.defer("solution", "basis")[:20])
    return render(
        request,
        "events/schedule.html",
        {
            "event": event,
            "runs": runs,
            "stale_runs": {run.pk for run in runs if is_stale(run)},
            "slots": slots,
            "chosen": chosen,
            "plan": plan,
            "published": event.schedule_runs.filter(published__isnull=False).exists(),
            "unscheduled": event.meetings.filter(status=Meeting.Status.ACCEPTED).count(),
        },
    )


@require("events.manage", get_object=_run)
@require_http_methods(["GET", "POST"])
def schedule_run(request: HttpRequest, pk: int) -> HttpResponse:
    from partnerup.events.models import Slot, Table

    run = request.permission_object
    if request.method == "POST" and request.POST.get("action") == "publish":
        try:
            counts = domain.publish_schedule(run, request.user)
        except domain.EventError as exc:
            messages.error(request, str(exc))
        else:
            text = _(
                "Published: %(placed)d meetings placed, %(changed)d "
                "changed; everyone concerned has been told."
            )
            if counts["kept"]:
                text += " " + ngettext(
                    "%(kept)d meeting changed since this run started kept its place.",
                    "%(kept)d meetings changed since this run started kept their place.",
                    counts["kept"],
                )
            messages.success(request, text % counts)
        return redirect(run.get_absolute_url())
    if request.method == "POST" and request.POST.get("action") == "restart":
        try:
            restart_schedule_run(run, request.user)
        except domain.EventError as exc:
            messages.error(request, str(exc))
        return redirect(run.get_absolute_url())
    if request.method == "POST" and request.POST.get("action") == "move":
        meeting = posted_object(
            request,
            "meeting",
            Meeting.objects.filter(event=run.event),
            _("Choose a meeting of this event."),
        )
        slot = Slot.objects.filter(pk=parse_id(request.POST.get("slot", "")), event=run.event)
        table = Table.objects.filter(
            pk=parse_id(request.POST.get("table", "")), venue__event=run.event
        )
        slot, table = slot.first(), table.first()
        try:
            domain.move_meeting(meeting, slot, table, request.user)
        except domain.EventError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _(
                    "The meeting has been moved and locked. Run the "
                    "scheduler again to plan around it."
                ),
            )
        return redirect(run.get_absolute_url())
    template = "events/schedule_run.html"
    if request.htmx:
        if run.status == run.Status.DONE:
            # The figures, the changes and the publish button are outside the polled part.
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        template += "#status"
    context = {
        "run": run,
        "stale": is_stale(run),
        "event": run.event,
        "slots": run.event.slots.select_related("venue"),
        "tables": Table.objects.filter(venue__event=run.event).select_related("venue"),
    }
    if run.status == run.Status.DONE and run.solution:
        from partnerup.events.queries.schedule import (
            PEOPLE_SORTS,
            participant_days,
            run_figures,
            schedule_diff,
        )
        from partnerup.events.schedule_reasons import render_all
        from partnerup.events.scheduling import db_id

        moved_raw = run.solution.get("moved", [])
        sort = request.GET.get("sort", "name")
        search = request.GET.get("q", "").strip()[:100]
        context.update(
            figures=run_figures(run),
            moved=[
                {"meeting": f"#{db_id(m['meeting'])}", "reason": text}
                for m, text in zip(
                    moved_raw, render_all([m["reason"] for m in moved_raw]), strict=True
                )
            ],
            people=participant_days(run, search=search, sort=sort),
            sort=sort if sort in PEOPLE_SORTS else "name",
            search=search,
            diff=None if run.published else schedule_diff(run),
        )
    return render(request, template, context)
