"""Look-ups shared by the events views."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

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
    `as` (acting on a participant's behalf; every change records the organiser as actor)."""
    if not request.user.is_authenticated:
        return None
    acting_as = request.POST.get("as") or request.GET.get("as")
    if acting_as and request.user.is_organiser and acting_as.isdigit():
        return Participant.objects.filter(event=event, pk=int(acting_as)).first()
    return Participant.objects.filter(event=event, user=request.user).first()
