"""Look-ups and helpers the placements views share."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from partnerup.common.views import hidden_unless
from partnerup.directory.models import Organisation
from partnerup.placements import domain
from partnerup.placements.models import (
    Placement,
    PlacementOffer,
    PlacementRound,
    Programme,
    Pupil,
)


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
