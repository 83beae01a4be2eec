"""Placement rounds: set-up, allocation preview, adjustment and publication."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerup.common.charts import bar_chart
from partnerup.common.views import require
from partnerup.placements import domain
from partnerup.placements.interfaces.forms import (
    AdjustForm,
    RoundForm,
)
from partnerup.placements.models import (
    PlacementRound,
    Pupil,
)
from partnerup.placements.views._shared import _form_action, _round, _round_values

# --- Rounds, allocation -------------------------------------------------------------------------


@require("placements.manage_rounds")
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        placement_round = _form_action(
            form, lambda: domain.save_round(None, **_round_values(form), actor=request.user)
        )
        if placement_round is not None:
            messages.success(request, _("The round has been saved."))
            return redirect(placement_round.get_absolute_url())
    return render(request, "placements/round_form.html", {"form": form})


@require("placements.manage_rounds", get_object=_round)
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    placement_round = request.permission_object
    form = RoundForm(request.POST or None, instance=placement_round)
    if request.method == "POST" and form.is_valid():
        saved = _form_action(
            form,
            lambda: domain.save_round(
                PlacementRound.objects.get(pk=placement_round.pk),
                **_round_values(form),
                actor=request.user,
            ),
        )
        if saved is not None:
            messages.success(request, _("The round has been saved."))
            return redirect(saved.get_absolute_url())
    return render(request, "placements/round_form.html", {"form": form, "round": placement_round})


@require("placements.manage_rounds", get_object=_round)
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    placement_round = request.permission_object
    offers = placement_round.offers.select_related("host").annotate(
        applicant_count=Count("applications")
    )
    preview = domain.preview_of(placement_round)
    context = {
        "round": placement_round,
        "offers": offers,
        "preview": preview,
        "adjust_form": AdjustForm(round=placement_round),
    }
    if preview is not None:
        pupils = Pupil.objects.in_bulk(list(preview.assignments) + list(preview.unplaced))
        offer_map = {offer.pk: offer for offer in offers}
        context["placed_rows"] = sorted(
            (
                (pupils.get(p), offer_map.get(o), p in preview.manual)
                for p, o in preview.assignments.items()
                if p in pupils
            ),
            key=lambda row: row[0].name,
        )
        context["unplaced_rows"] = sorted(
            (
                (pupils.get(p), domain.reason_text(code))
                for p, code in preview.unplaced.items()
                if p in pupils
            ),
            key=lambda row: row[0].name,
        )
        histogram = preview.stats.get("rank_histogram", {})
        context["histogram_chart"] = bar_chart(
            _("Pupils placed at their n-th choice"),
            [str(k) for k in histogram],
            [(_("Pupils"), list(histogram.values()))],
            chart_id="histogram-chart",
            height=220,
        )
        context["fill"] = {
            o.pk: sum(1 for x in preview.assignments.values() if x == o.pk) for o in offers
        }
    return render(request, "placements/round_detail.html", context)


def _round_action(request, pk, action, success):
    placement_round = request.permission_object
    try:
        action(placement_round)
    except domain.ProgrammeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect(placement_round.get_absolute_url())


@require("placements.manage_rounds", get_object=_round)
@require_POST
def round_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_action(
        request,
        pk,
        lambda r: domain.run_allocation(r, request.user),
        _("The allocation has been run. Check the preview, then publish."),
    )


@require("placements.manage_rounds", get_object=_round)
@require_POST
def round_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    placement_round = request.permission_object
    form = AdjustForm(request.POST, round=placement_round)
    if not form.is_valid():
        messages.error(request, _("Choose a pupil who applied in this round."))
        return redirect(placement_round.get_absolute_url())
    return _round_action(
        request,
        pk,
        lambda r: domain.adjust_allocation(
            r, form.cleaned_data["pupil"], form.cleaned_data["offer"], request.user
        ),
        _("The allocation has been adjusted."),
    )


@require("placements.manage_rounds", get_object=_round)
@require_POST
def round_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_action(
        request,
        pk,
        lambda r: domain.publish_allocation(r, request.user),
        _("The allocation has been published and everyone has been told."),
    )
