"""Reusable read-only queries of the directory."""

from __future__ import annotations

from partnerup.directory.models import Organisation


def host_organisations(user):
    """Organisations the user may host for (placement offers, scouting calls): their own,
    except schools; every one but schools for organisers."""
    if user.is_organiser:
        return Organisation.objects.exclude(kind=Organisation.Kind.SCHOOL)
    return (
        Organisation.objects.filter(memberships__person__user=user)
        .exclude(kind=Organisation.Kind.SCHOOL)
        .distinct()
    )


def audience_choices(viewer, owner: Organisation):
    """Organisations `viewer` may name as the audience of `owner`'s asset: those they may see
    (no unlisted ones unless their own), never the owner."""
    return Organisation.objects.visible_to(viewer).exclude(pk=owner.pk)
