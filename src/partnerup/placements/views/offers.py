"""Placement offers: the list, details, hosts' editing and ranking."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partnerup.common.views import paginate, require
from partnerup.directory.queries import host_organisations
from partnerup.placements import domain
from partnerup.placements.interfaces.forms import (
    OfferForm,
    RankingForm,
)
from partnerup.placements.models import (
    PlacementOffer,
    PlacementRound,
)
from partnerup.placements.views._shared import _form_action, _offer, _offer_values

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
