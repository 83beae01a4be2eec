"""Look-ups shared by the events views."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from partnerup.common.forms import QueryParameterError, parse_id
from partnerup.events.models import Event, Participant


def _event(request, slug, **_other):
    events = (
        Event.objects.all()
        if request.user.is_authenticated and request.user.is_organiser
        else Event.objects.filter(published=True)
    )
    return get_object_or_404(events, slug=slug)


def _me(request, event) -> Participant | None:
    """The participant the request acts as: the user, or for organisers the one named by
    `as` (acting on a participant's behalf; every change records the organiser as actor).

    An `as` that names no participant of the event answers 400 rather than quietly acting as
    someone else."""
    if not request.user.is_authenticated:
        return None
    acting_as = request.POST.get("as") or request.GET.get("as")
    if acting_as and request.user.is_organiser:
        pk = parse_id(acting_as)
        participant = Participant.objects.filter(event=event, pk=pk).first() if pk else None
        if participant is None:
            raise QueryParameterError(_("“as” must name a participant of this event."))
        return participant
    return Participant.objects.filter(event=event, user=request.user).first()


def acting_query(request, me: Participant | None) -> str:
    """`?as=<id>` when an organiser acts for someone else, for the redirect after an action on
    their behalf: the organiser sees the result as that participant, under the banner that
    ends acting in one click. Acting is never remembered beyond the links that carry it."""
    if me is not None and request.user.is_authenticated and me.user_id != request.user.pk:
        return f"?as={me.pk}"
    return ""


def posted_object(request, name: str, queryset, message: str):
    """The object whose id is posted as `name`, from `queryset`; 400 with `message` for an
    id that is missing, not a number or not in the queryset."""
    pk = parse_id(request.POST.get(name, ""))
    obj = queryset.filter(pk=pk).first() if pk else None
    if obj is None:
        raise QueryParameterError(message)
    return obj
