from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerup.common.views import paginate, public, require
from partnerup.directory.domain import delete_asset, save_asset, save_organisation
from partnerup.directory.interfaces.exporters import AssetExporter, OrganisationExporter
from partnerup.directory.interfaces.forms import (
    AssetForm,
    AssetSearchForm,
    OrganisationForm,
    OrganisationSearchForm,
    OrganiserOrganisationForm,
    PartneringProfileForm,
    PersonSearchForm,
)
from partnerup.directory.models import (
    Asset,
    Membership,
    Organisation,
    PartneringProfile,
    Person,
    Term,
)


@public
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The start page: what the cluster holds, counted as the visitor may see it."""
    context = {
        "organisation_count": Organisation.objects.visible_to(request.user).count(),
        "member_count": Organisation.objects.visible_to(request.user)
        .filter(is_member=True)
        .count(),
        "asset_count": Asset.objects.visible_to(request.user).count(),
    }
    return render(request, "common/home.html", context)


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)


def _asset(request: HttpRequest, pk: int) -> Asset:
    # Assets the user may not see answer 404: their existence is confidential too.
    return get_object_or_404(
        Asset.objects.visible_to(request.user).select_related(
            "organisation", "modality", "indication", "stage"
        ),
        pk=pk,
    )


def _person(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(Person.objects.visible_to(request.user), pk=pk)


def _results(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """The full page, or only the result list for htmx requests from the filter form."""
    if request.htmx and not request.htmx.boosted:
        template = f"{template}#results"
    return render(request, template, context)


def _organisations(request: HttpRequest):
    form = OrganisationSearchForm(request.GET or None)
    queryset = form.filter(Organisation.objects.visible_to(request.user))
    return form, queryset


@require("directory.browse")
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    form, queryset = _organisations(request)
    queryset = queryset.select_related("profile").prefetch_related("profile__offers")
    page = paginate(request, queryset)
    return _results(
        request,
        "directory/organisation_list.html",
        {
            "form": form,
            "page": page,
            "recommended": _recommended(request) if not request.GET and not request.htmx else [],
        },
    )


def _recommended(request: HttpRequest) -> list:
    """'Recommended for you' for a member's own organisation, with a one-click meeting request
    where both take part in an open event."""
    from django.db.models import Q

    from partnerup.common.rules import is_verified_member
    from partnerup.directory.recommendations import directory_recommendations
    from partnerup.events.models import Participant

    user = request.user
    # Reasons may draw on assets for verified cluster members: nothing for anyone else.
    if not is_verified_member(user):
        return []
    membership = Membership.objects.filter(person__user=user).select_related("organisation").first()
    if membership is None:
        return []
    rows = directory_recommendations(membership.organisation, request.LANGUAGE_CODE)
    mine = Participant.objects.filter(
        user=user, status="approved", event__request_deadline__gt=timezone.now()
    )
    targets = {}
    for participant in Participant.objects.filter(
        Q(event__in=mine.values("event")),
        status="approved",
        organisation__in=[org for org, _s, _r in rows],
    ).select_related("event", "user"):
        targets.setdefault(participant.organisation_id, participant)
    return [(org, score, reasons, targets.get(org.pk)) for org, score, reasons in rows]


@require("directory.browse", get_object=lambda request, slug: _organisation(request, slug))
@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = request.permission_object
    profile = (
        PartneringProfile.objects.filter(organisation=organisation)
        .prefetch_related("offers", "seeks")
        .first()
    )
    assets = (
        Asset.objects.visible_to(request.user)
        .filter(organisation=organisation)
        .select_related("modality", "indication", "stage")
    )
    people = (
        Person.objects.visible_to(request.user)
        .filter(memberships__organisation=organisation)
        .distinct()
    )
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "profile": profile,
            "assets": assets,
            "people": people,
            "can_edit": request.user.has_perm("directory.change_organisation", organisation),
            "can_add_asset": request.user.has_perm("directory.add_asset", organisation),
        },
    )


@require(
    "directory.change_organisation", get_object=lambda request, slug: _organisation(request, slug)
)
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = request.permission_object
    # A GET never writes: a missing profile is an unsaved one until a valid POST saves it.
    profile = PartneringProfile.objects.filter(
        organisation=organisation
    ).first() or PartneringProfile(organisation=organisation)
    form_class = OrganiserOrganisationForm if request.user.is_organiser else OrganisationForm
    form = form_class(request.POST or None, request.FILES or None, instance=organisation)
    profile_form = PartneringProfileForm(request.POST or None, instance=profile, prefix="profile")
    if request.method == "POST" and form.is_valid() and profile_form.is_valid():
        save_organisation(organisation, form.to_data(), profile_form.to_data(), request.user)
        messages.success(request, _("The organisation has been saved."))
        return redirect(organisation.get_absolute_url())
    return render(
        request,
        "directory/organisation_form.html",
        {"organisation": organisation, "form": form, "profile_form": profile_form},
    )


@require("directory.browse")
@require_GET
def asset_list(request: HttpRequest) -> HttpResponse:
    form = AssetSearchForm(request.GET or None)
    queryset = form.filter(Asset.objects.visible_to(request.user)).select_related(
        "organisation", "modality", "indication", "stage"
    )
    page = paginate(request, queryset)
    return _results(request, "directory/asset_list.html", {"form": form, "page": page})


@require("directory.view_asset", get_object=lambda request, pk: _asset(request, pk))
@require_GET
def asset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    asset = request.permission_object
    return render(
        request,
        "directory/asset_detail.html",
        {
            "asset": asset,
            "can_edit": request.user.has_perm("directory.change_asset", asset),
            "audience": asset.audience.filter(
                pk__in=Organisation.objects.visible_to(request.user).values("pk")
            )
            if request.user.has_perm("directory.change_asset", asset)
            else None,
        },
    )


@require("directory.add_asset", get_object=lambda request, slug: _organisation(request, slug))
@require_http_methods(["GET", "POST"])
def asset_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = request.permission_object
    form = AssetForm(request.POST or None, owner=organisation, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        asset = save_asset(organisation, form.to_data(), request.user)
        messages.success(request, _("The asset has been saved."))
        return redirect(asset.get_absolute_url())
    return render(
        request, "directory/asset_form.html", {"form": form, "organisation": organisation}
    )


@require("directory.change_asset", get_object=lambda request, pk: _asset(request, pk))
@require_http_methods(["GET", "POST"])
def asset_edit(request: HttpRequest, pk: int) -> HttpResponse:
    asset = request.permission_object
    form = AssetForm(
        request.POST or None, instance=asset, owner=asset.organisation, viewer=request.user
    )
    if request.method == "POST" and form.is_valid():
        save_asset(asset.organisation, form.to_data(), request.user, asset=asset)
        messages.success(request, _("The asset has been saved."))
        return redirect(asset.get_absolute_url())
    return render(
        request,
        "directory/asset_form.html",
        {"form": form, "organisation": asset.organisation, "asset": asset},
    )


@require("directory.change_asset", get_object=lambda request, pk: _asset(request, pk))
@require_POST
def asset_delete(request: HttpRequest, pk: int) -> HttpResponse:
    asset = request.permission_object
    organisation = asset.organisation
    delete_asset(asset, request.user)
    messages.success(request, _("The asset has been deleted."))
    return redirect(organisation.get_absolute_url())


@require("directory.browse_people")
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    # Only memberships of organisations the viewer may see: unlisted ones stay unnamed.
    organisations = Organisation.objects.visible_to(request.user)
    memberships = Membership.objects.filter(
        organisation__in=organisations.values("pk")
    ).select_related("organisation")
    queryset = form.filter(
        Person.objects.visible_to(request.user), organisations=organisations
    ).prefetch_related(Prefetch("memberships", queryset=memberships))
    page = paginate(request, queryset)
    return _results(request, "directory/person_list.html", {"form": form, "page": page})


@require("directory.browse_people", get_object=lambda request, pk: _person(request, pk))
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = request.permission_object
    memberships = person.memberships.select_related("organisation").filter(
        organisation__in=Organisation.objects.visible_to(request.user)
    )
    return render(
        request,
        "directory/person_detail.html",
        {
            "person": person,
            "memberships": memberships,
            "expertise_terms": person.expertise_terms.all(),
        },
    )


@require("directory.view_taxonomy")
@require_GET
def taxonomy(request: HttpRequest) -> HttpResponse:
    facets: dict[str, list[Term]] = {}
    for term in Term.objects.filter(active=True):
        facets.setdefault(term.get_facet_display(), []).append(term)
    return render(request, "directory/taxonomy.html", {"facets": facets})


@require("directory.export")
@require_GET
def export_organisations(request: HttpRequest, file_format: str) -> HttpResponse:
    _form, queryset = _organisations(request)
    return OrganisationExporter(queryset).response(file_format)


@require("directory.export")
@require_GET
def export_assets(request: HttpRequest, file_format: str) -> HttpResponse:
    form = AssetSearchForm(request.GET or None)
    return AssetExporter(form.filter(Asset.objects.visible_to(request.user))).response(file_format)
