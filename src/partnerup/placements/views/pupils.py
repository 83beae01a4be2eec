"""Pupils: their own pages (applying, their placements) and the school staff's pupil records."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerup.common.forms import search_text
from partnerup.common.views import paginate, require
from partnerup.placements import domain
from partnerup.placements.interfaces.forms import (
    ApplicationForm,
    ConsentForm,
    PupilForm,
)
from partnerup.placements.models import (
    PlacementRound,
    Pupil,
)
from partnerup.placements.views._shared import (
    _form_action,
    _pupil,
    _pupil_values,
    _round,
    _school_schools,
)

# --- Pupils' own pages --------------------------------------------------------------------------


@require("placements.apply", get_object=_round)
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    placement_round = request.permission_object
    pupil = request.user.pupil
    offers = placement_round.offers.select_related("host").order_by("starts", "title")
    current = {a.offer_id: a for a in pupil.applications.filter(offer__round=placement_round)}
    form = ApplicationForm(
        request.POST or None,
        offers=offers,
        max_choices=placement_round.max_choices,
        current=current,
    )
    if request.method == "POST" and form.is_valid():
        try:
            domain.submit_application(pupil, placement_round, form.choices)
        except domain.ProgrammeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your choices have been saved."))
            return redirect("placements:my")
    return render(
        request, "placements/apply.html", {"round": placement_round, "form": form, "pupil": pupil}
    )


@require("placements.apply")
@require_GET
def my(request: HttpRequest) -> HttpResponse:
    pupil = request.user.pupil
    open_rounds = PlacementRound.objects.filter(status=PlacementRound.Status.OPEN)
    return render(
        request,
        "placements/my.html",
        {
            "pupil": pupil,
            "rounds": [r for r in open_rounds if r.accepting_applications],
            "applications": pupil.applications.select_related(
                "offer__host", "offer__round__school_year"
            ),
            "placements": pupil.placements.select_related("host", "mentor", "offer"),
        },
    )


# --- Pupils (school staff and organisers) -------------------------------------------------------


@require("placements.manage_pupils")
@require_GET
def pupil_list(request: HttpRequest) -> HttpResponse:
    pupils = Pupil.objects.visible_to(request.user).select_related("school", "school_class")
    query = search_text(request.GET, max_length=100)
    if query:
        pupils = pupils.filter(name__icontains=query)
    return render(
        request, "placements/pupil_list.html", {"page": paginate(request, pupils), "q": query}
    )


@require("placements.manage_pupils")
@require_http_methods(["GET", "POST"])
def pupil_create(request: HttpRequest) -> HttpResponse:
    form = PupilForm(request.POST or None, schools=_school_schools(request.user))
    if request.method == "POST" and form.is_valid():
        pupil = _form_action(
            form, lambda: domain.save_pupil(None, **_pupil_values(form), actor=request.user)
        )
        if pupil is not None:
            messages.success(request, _("The pupil has been added."))
            return redirect(pupil.get_absolute_url())
    return render(request, "placements/pupil_form.html", {"form": form})


@require("placements.change_pupil", get_object=_pupil)
def _record_consent(request: HttpRequest, pk: int) -> HttpResponse | ConsentForm:
    """Records a guardian's consent; answers the form back when it is not valid."""
    pupil = request.permission_object
    consent_form = ConsentForm(request.POST)
    if not consent_form.is_valid():
        return consent_form
    domain.record_consent(
        pupil,
        consent_form.cleaned_data["guardian_name"],
        consent_form.cleaned_data["given_on"],
        request.user,
    )
    messages.success(request, _("The consent has been recorded."))
    return redirect(pupil.get_absolute_url())


@require("placements.view_pupil", get_object=_pupil)
@require_http_methods(["GET", "POST"])
def pupil_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = request.permission_object
    can_change = request.user.has_perm("placements.change_pupil", pupil)
    consent_form = ConsentForm()
    if request.method == "POST":
        answer = _record_consent(request, pk=pk)
        if isinstance(answer, HttpResponse):
            return answer
        consent_form = answer
    return render(
        request,
        "placements/pupil_detail.html",
        {
            "pupil": pupil,
            "consent_form": consent_form,
            "can_change": can_change,
            "can_erase": request.user.has_perm("placements.erase_pupil", pupil),
            "consents": pupil.consents.all(),
            "applications": pupil.applications.select_related(
                "offer__host", "offer__round__school_year"
            ),
            "placements": pupil.placements.select_related("host", "mentor"),
        },
    )


@require("placements.change_pupil", get_object=_pupil)
@require_http_methods(["GET", "POST"])
def pupil_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = request.permission_object
    form = PupilForm(request.POST or None, instance=pupil, schools=_school_schools(request.user))
    if request.method == "POST" and form.is_valid():
        saved = _form_action(
            form,
            lambda: domain.save_pupil(
                Pupil.objects.get(pk=pupil.pk), **_pupil_values(form), actor=request.user
            ),
        )
        if saved is not None:
            messages.success(request, _("The pupil has been saved."))
            return redirect(saved.get_absolute_url())
    return render(request, "placements/pupil_form.html", {"form": form, "pupil": pupil})


@require("placements.erase_pupil", get_object=_pupil)
@require_GET
def pupil_export(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = request.permission_object
    response = JsonResponse(
        domain.export_pupil_data(pupil), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="pupil-{pupil.pk}.json"'
    return response


@require("placements.erase_pupil", get_object=_pupil)
@require_POST
def pupil_erase(request: HttpRequest, pk: int) -> HttpResponse:
    domain.erase_pupil(request.permission_object, request.user)
    messages.success(request, _("The pupil's personal data has been erased."))
    return redirect("placements:pupils")
