from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerup.common.charts import bar_chart
from partnerup.common.views import hidden_unless, paginate, require
from partnerup.directory.models import Organisation
from partnerup.directory.queries import host_organisations
from partnerup.placements import domain
from partnerup.placements.interfaces.exporters import StatisticsExporter
from partnerup.placements.interfaces.forms import (
    ActivityForm,
    AdjustForm,
    ApplicationForm,
    AttendanceFormSet,
    ConsentForm,
    HistoryImportForm,
    MentorPlacementForm,
    OfferForm,
    PupilEvaluationForm,
    PupilForm,
    RankingForm,
    RoundForm,
)
from partnerup.placements.interfaces.importer import ImportError_, import_history
from partnerup.placements.models import (
    Activity,
    Placement,
    PlacementOffer,
    PlacementRound,
    Programme,
    Pupil,
)
from partnerup.placements.statistics import compute


def _programme() -> Programme | None:
    return Programme.objects.order_by("pk").first()


def _round(request, pk):
    return get_object_or_404(
        PlacementRound.objects.visible_to(request.user).select_related("school_year"), pk=pk
    )


def _offer(request, pk):
    return get_object_or_404(
        PlacementOffer.objects.visible_to(request.user).select_related("round", "host"), pk=pk
    )


def _form_action(form, action):
    """Run a domain function; a refusal becomes a form error. Returns the result or None."""
    try:
        return action()
    except domain.ProgrammeError as exc:
        form.add_error(None, str(exc))
        return None


def _round_values(form) -> dict:
    fields = ("school_year", "name", "opens", "deadline", "max_choices", "status", "seed")
    return {name: form.cleaned_data[name] for name in fields}


def _offer_values(form) -> dict:
    fields = (
        "round",
        "host",
        "title",
        "field",
        "description",
        "starts",
        "ends",
        "place",
        "capacity",
        "requirements",
    )
    values = {name: form.cleaned_data[name] for name in fields}
    values["mentors"] = list(form.cleaned_data["mentors"])
    return values


def _pupil_values(form) -> dict:
    fields = ("name", "school", "school_class", "level", "email", "language")
    return {name: form.cleaned_data[name] for name in fields}


def _pupil(request, pk):
    return get_object_or_404(
        Pupil.objects.visible_to(request.user).select_related("school", "school_class"), pk=pk
    )


def _placement(request, pk):
    placement = get_object_or_404(
        Placement.objects.select_related("pupil__school", "host", "mentor", "offer"), pk=pk
    )
    # Placements of others answer 404, like pupils: their existence is personal data too.
    hidden_unless(request, "placements.view_placement", placement)
    return placement


def _school_schools(user):
    if user.is_organiser:
        return Organisation.objects.filter(kind=Organisation.Kind.SCHOOL)
    return Organisation.objects.filter(
        kind=Organisation.Kind.SCHOOL,
        memberships__person__user=user,
        memberships__role__in=["coordinator", "teacher"],
    ).distinct()


# --- Overview and statistics --------------------------------------------------------------------


@require("placements.view_programme")
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    rounds = PlacementRound.objects.select_related("school_year").annotate(
        offer_count=Count("offers", distinct=True)
    )
    hosts = host_organisations(request.user) if not request.user.is_organiser else None
    my_offers = (
        PlacementOffer.objects.filter(host__in=hosts).select_related("round")
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
        {"form": form, "errors": errors[:50], "error_count": len(errors)},
    )


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


# --- Offers -------------------------------------------------------------------------------------


@require("placements.view_offers")
@require_GET
def offer_list(request: HttpRequest) -> HttpResponse:
    offers = (
        PlacementOffer.objects.visible_to(request.user)
        .filter(
            round__status__in=[
                PlacementRound.Status.OPEN,
                PlacementRound.Status.CLOSED,
                PlacementRound.Status.ALLOCATED,
            ]
        )
        .select_related("host", "round")
    )
    return render(request, "placements/offer_list.html", {"page": paginate(request, offers)})


@require("placements.view_offers", get_object=_offer)
@require_GET
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = request.permission_object
    return render(
        request,
        "placements/offer_detail.html",
        {
            "offer": offer,
            "mentors": offer.mentors.all(),
            "can_edit": request.user.has_perm("placements.change_offer", offer),
        },
    )


@require("placements.add_offer")
@require_http_methods(["GET", "POST"])
def offer_create(request: HttpRequest) -> HttpResponse:
    form = OfferForm(request.POST or None, hosts=host_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        offer = _form_action(
            form, lambda: domain.save_offer(None, **_offer_values(form), actor=request.user)
        )
        if offer is not None:
            messages.success(request, _("The offer has been published."))
            return redirect(offer.get_absolute_url())
    return render(request, "placements/offer_form.html", {"form": form})


@require("placements.change_offer", get_object=_offer)
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = request.permission_object
    form = OfferForm(request.POST or None, instance=offer, hosts=host_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        saved = _form_action(
            form,
            lambda: domain.save_offer(
                PlacementOffer.objects.get(pk=offer.pk),
                **_offer_values(form),
                actor=request.user,
            ),
        )
        if saved is not None:
            messages.success(request, _("The offer has been saved."))
            return redirect(saved.get_absolute_url())
    return render(request, "placements/offer_form.html", {"form": form, "offer": offer})


@require("placements.change_offer", get_object=_offer)
@require_http_methods(["GET", "POST"])
def offer_rank(request: HttpRequest, pk: int) -> HttpResponse:
    offer = request.permission_object
    applications = offer.applications.order_by("host_rank", "pk")
    form = RankingForm(request.POST or None, applications=applications)
    if request.method == "POST" and form.is_valid():
        try:
            domain.rank_applicants(offer, form.ranked, request.user)
        except domain.ProgrammeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your ranking has been saved."))
            return redirect(offer.get_absolute_url())
    return render(request, "placements/offer_rank.html", {"offer": offer, "form": form})


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
            "applications": pupil.applications.select_related("offer__host", "offer__round"),
            "placements": pupil.placements.select_related("host", "mentor", "offer"),
        },
    )


# --- Pupils (school staff and organisers) -------------------------------------------------------


@require("placements.manage_pupils")
@require_GET
def pupil_list(request: HttpRequest) -> HttpResponse:
    pupils = Pupil.objects.visible_to(request.user).select_related("school", "school_class")
    query = request.GET.get("q", "").strip()[:100]
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


@require("placements.view_pupil", get_object=_pupil)
@require_http_methods(["GET", "POST"])
def pupil_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = request.permission_object
    can_change = request.user.has_perm("placements.change_pupil", pupil)
    consent_form = ConsentForm(request.POST or None)
    if request.method == "POST":
        if not can_change:
            return HttpResponse(status=403)
        if consent_form.is_valid():
            domain.record_consent(
                pupil,
                consent_form.cleaned_data["guardian_name"],
                consent_form.cleaned_data["given_on"],
                request.user,
            )
            messages.success(request, _("The consent has been recorded."))
            return redirect(pupil.get_absolute_url())
    return render(
        request,
        "placements/pupil_detail.html",
        {
            "pupil": pupil,
            "consent_form": consent_form,
            "can_change": can_change,
            "can_erase": request.user.has_perm("placements.erase_pupil", pupil),
            "consents": pupil.consents.all(),
            "applications": pupil.applications.select_related("offer__host", "offer__round"),
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


# --- Placements ---------------------------------------------------------------------------------


@require("placements.view_placement", get_object=_placement)
@require_http_methods(["GET", "POST"])
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    placement = request.permission_object
    can_mentor = request.user.has_perm("placements.mentor_placement", placement)
    form = MentorPlacementForm(request.POST or None, instance=placement) if can_mentor else None
    if request.method == "POST":
        if form is None:
            return HttpResponse(status=403)
        if form.is_valid():
            domain.update_placement(
                placement,
                request.user,
                **{name: form.cleaned_data[name] for name in form.changed_data},
            )
            messages.success(request, _("The placement has been saved."))
            return redirect(placement.get_absolute_url())
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
