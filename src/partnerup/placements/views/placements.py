"""Placements: mentors record attendance and evaluations, pupils evaluate."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partnerup.common.views import require
from partnerup.placements import domain
from partnerup.placements.interfaces.forms import (
    MentorPlacementForm,
    PupilEvaluationForm,
)
from partnerup.placements.views._shared import _placement

# --- Placements ---------------------------------------------------------------------------------


@require("placements.mentor_placement", get_object=_placement)
def _save_as_mentor(request: HttpRequest, pk: int) -> HttpResponse | MentorPlacementForm:
    """Saves the mentor's part of a placement; answers the form back when it is not valid."""
    placement = request.permission_object
    form = MentorPlacementForm(request.POST, instance=placement)
    if not form.is_valid():
        return form
    domain.update_placement(
        placement, request.user, **{name: form.cleaned_data[name] for name in form.changed_data}
    )
    messages.success(request, _("The placement has been saved."))
    return redirect(placement.get_absolute_url())


@require("placements.view_placement", get_object=_placement)
@require_http_methods(["GET", "POST"])
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    placement = request.permission_object
    can_mentor = request.user.has_perm("placements.mentor_placement", placement)
    form = MentorPlacementForm(instance=placement) if can_mentor else None
    if request.method == "POST":
        answer = _save_as_mentor(request, pk=pk)
        if isinstance(answer, HttpResponse):
            return answer
        form = answer
    return render(
        request,
        "placements/placement_detail.html",
        {
            "placement": placement,
            "form": form,
            "can_evaluate": request.user.has_perm("placements.evaluate_placement", placement),
        },
    )


@require("placements.evaluate_placement", get_object=_placement)
@require_http_methods(["GET", "POST"])
def placement_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    placement = request.permission_object
    form = PupilEvaluationForm(request.POST or None, instance=placement)
    if request.method == "POST" and form.is_valid():
        domain.update_placement(
            placement,
            request.user,
            **{name: form.cleaned_data[name] for name in ("pupil_rating", "pupil_evaluation")},
        )
        messages.success(request, _("Thank you for your evaluation."))
        return redirect("placements:my")
    return render(
        request, "placements/placement_evaluate.html", {"placement": placement, "form": form}
    )
