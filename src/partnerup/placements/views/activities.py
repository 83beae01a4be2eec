"""Programme activities and their attendance."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partnerup.common.views import paginate, require
from partnerup.placements import domain
from partnerup.placements.interfaces.forms import (
    ActivityForm,
    AttendanceFormSet,
)
from partnerup.placements.models import (
    Activity,
)
from partnerup.placements.views._shared import _form_action, _programme

# --- Activities ---------------------------------------------------------------------------------


@require("placements.manage_activities")
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    activities = Activity.objects.select_related("host").prefetch_related(Prefetch("attendance"))
    return render(request, "placements/activity_list.html", {"page": paginate(request, activities)})


@require("placements.manage_activities")
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None, initial={"programme": _programme()})
    formset = AttendanceFormSet(request.POST or None, prefix="attendance")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        attendance = [
            domain.AttendanceCount(
                role=row["role"], organisation=row.get("organisation"), count=row["count"]
            )
            for row in formset.cleaned_data
            if row and not row.get("DELETE")
        ]
        values = {k: form.cleaned_data[k] for k in ("programme", "kind", "title", "date", "host")}
        activity = _form_action(
            form,
            lambda: domain.create_activity(**values, attendance=attendance, actor=request.user),
        )
        if activity is not None:
            messages.success(request, _("The activity has been saved."))
            return redirect("placements:activities")
    return render(request, "placements/activity_form.html", {"form": form, "formset": formset})
