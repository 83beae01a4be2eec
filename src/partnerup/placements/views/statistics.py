"""Overview, statistics and the history import."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partnerup.common.charts import bar_chart
from partnerup.common.views import require
from partnerup.directory.queries import host_organisations
from partnerup.placements.interfaces.exporters import StatisticsExporter
from partnerup.placements.interfaces.forms import (
    HistoryImportForm,
)
from partnerup.placements.interfaces.importer import (
    MAX_BYTES,
    MAX_PLACEMENTS,
    MAX_ROWS,
    ImportError_,
    import_history,
)
from partnerup.placements.models import (
    PlacementOffer,
    PlacementRound,
)
from partnerup.placements.statistics import compute
from partnerup.placements.views._shared import _programme

# --- Overview and statistics --------------------------------------------------------------------


@require("placements.view_programme")
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    rounds = PlacementRound.objects.select_related("school_year").annotate(
        offer_count=Count("offers", distinct=True)
    )
    hosts = host_organisations(request.user) if not request.user.is_organiser else None
    my_offers = (
        PlacementOffer.objects.filter(host__in=hosts).select_related("round__school_year")
        if hosts is not None
        else PlacementOffer.objects.none()
    )
    return render(
        request,
        "placements/index.html",
        {
            "programme": _programme(),
            "rounds": rounds[:20],
            "my_offers": my_offers,
            "can_manage_pupils": request.user.has_perm("placements.manage_pupils"),
        },
    )


@require("placements.view_statistics")
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    programme = _programme()
    if programme is None:
        return render(request, "placements/statistics.html", {"programme": None})
    stats = compute(programme)
    labels = [row.label for row in stats.years]
    placements_chart = bar_chart(
        _("Placements per school year"),
        labels,
        [(_("Placements"), [row.placements for row in stats.years])],
        line=(_("Cumulative"), [row.cumulative_placements for row in stats.years]),
        chart_id="placements-chart",
    )
    participants_chart = bar_chart(
        _("Participants per school year, by role"),
        labels,
        [
            (_("Pupils"), [row.participants["pupils"] for row in stats.years]),
            (_("Teachers"), [row.participants["teachers"] for row in stats.years]),
            (_("Cluster members"), [row.participants["members"] for row in stats.years]),
        ],
        stacked=True,
        line=(_("Cumulative"), [row.cumulative_participants for row in stats.years]),
        chart_id="participants-chart",
    )
    fields_chart = bar_chart(
        _("Placements by field"),
        [name for name, _n in stats.fields],
        [(_("Placements"), [n for _name, n in stats.fields])],
        chart_id="fields-chart",
        height=300,
    )
    return render(
        request,
        "placements/statistics.html",
        {
            "programme": programme,
            "stats": stats,
            "placements_chart": placements_chart,
            "participants_chart": participants_chart,
            "fields_chart": fields_chart,
            "by_role": stats.participants_by_role(),
            "can_import": request.user.has_perm("placements.import_history"),
        },
    )


@require("placements.view_statistics")
@require_GET
def statistics_export(request: HttpRequest, file_format: str) -> HttpResponse:
    programme = _programme()
    if programme is None:
        return HttpResponse(
            _("There is no programme yet."), status=404, content_type="text/plain; charset=utf-8"
        )
    return StatisticsExporter(compute(programme)).response(file_format)


@require("placements.import_history")
@require_http_methods(["GET", "POST"])
def history_import(request: HttpRequest) -> HttpResponse:
    programme = _programme()
    form = HistoryImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and programme is None:
        form.add_error(None, _("Create a programme first (in the admin)."))
    elif request.method == "POST" and form.is_valid():
        try:
            summary = import_history(programme, form.cleaned_data["file"], request.user)
        except ImportError_ as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _("Imported %(placements)d placements and %(participants)d participants.")
                % {"placements": summary.placements, "participants": summary.participants},
            )
            return redirect("placements:statistics")
    return render(
        request,
        "placements/history_import.html",
        {
            "form": form,
            "errors": errors[:50],
            "error_count": len(errors),
            "limits": {"lines": MAX_ROWS, "placements": MAX_PLACEMENTS, "size": MAX_BYTES},
        },
    )
