"""Participant list, meeting requests and the answers to them."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partnerup.common.forms import search_text
from partnerup.common.views import paginate, require
from partnerup.events import domain
from partnerup.events.interfaces.forms import DeclineForm, RequestForm
from partnerup.events.models import MeetingRequest, Participant
from partnerup.events.views._common import _event, _me, acting_query


def _request(request, pk, **_other):
    # Other people's requests answer 404: who asked whom is private.
    return get_object_or_404(
        MeetingRequest.objects.visible_to(request.user).select_related(
            "sender__user", "recipient__user", "event"
        ),
        pk=pk,
    )


@require("events.view_participants", get_object=_event)
@require_GET
def participants(request: HttpRequest, slug: str) -> HttpResponse:
    event = request.permission_object
    people = (
        event.participants.filter(status=Participant.Status.APPROVED)
        .select_related("user", "organisation")
        .prefetch_related("offers", "seeks")
    )
    query = search_text(request.GET, max_length=100)
    if query:
        people = people.filter(
            Q(user__name__icontains=query)
            | Q(organisation__name__icontains=query)
            | Q(headline__icontains=query)
            | Q(profile_text__icontains=query)
        )
    kind = request.GET.get("type", "")
    if kind:
        people = people.filter(type=kind)
    me = _me(request, event)
    contacted = set()
    if me is not None:
        contacted = set(
            MeetingRequest.objects.filter(
                Q(sender=me) | Q(recipient=me), status__in=["pending", "accepted"]
            ).values_list("pair_low", "pair_high")
        )
    recommended = []
    if me is not None and me.status == Participant.Status.APPROVED and not query:
        from partnerup.events.recommendations import for_participant

        recommended = for_participant(me, request.LANGUAGE_CODE)
    return render(
        request,
        "events/participants.html",
        {
            "recommended": recommended,
            "event": event,
            "page": paginate(request, people),
            "me": me,
            "q": query,
            "contacted": {low if high == me.pk else high for low, high in contacted}
            if me
            else set(),
            "form": RequestForm(),
        },
    )


@require("events.request_meeting", get_object=_event)
@require_POST
def request_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = request.permission_object
    me = _me(request, event)
    recipient = get_object_or_404(
        Participant, pk=pk, event=event, status=Participant.Status.APPROVED
    )
    form = RequestForm(request.POST)
    if me is None:
        # An organiser who does not take part must say on whose behalf they ask.
        messages.error(request, _("Choose the participant you are asking for."))
    elif not form.is_valid():
        messages.error(request, _("Check the message and the priority."))
    else:
        try:
            domain.request_meeting(
                me,
                recipient,
                message=form.cleaned_data["message"],
                priority=form.cleaned_data["priority"],
                actor=request.user,
            )
        except domain.EventError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your request has been sent."))
    return redirect(reverse("events:requests", args=[event.slug]) + acting_query(request, me))


@require("events.view_requests", get_object=_event)
@require_GET
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    event = request.permission_object
    me = _me(request, event)
    related = ("sender__user", "sender__organisation", "recipient__user", "recipient__organisation")
    incoming = (
        MeetingRequest.objects.filter(recipient=me).select_related(*related)
        if me
        else MeetingRequest.objects.none()
    )
    outgoing = (
        MeetingRequest.objects.filter(sender=me).select_related(*related)
        if me
        else MeetingRequest.objects.none()
    )
    return render(
        request,
        "events/requests.html",
        {
            "event": event,
            "me": me,
            "incoming": incoming,
            "outgoing": outgoing,
            "decline_form": DeclineForm(),
        },
    )


@require("events.accept_request", get_object=_request)
def _accept(request: HttpRequest, pk: int) -> None:
    domain.accept_request(request.permission_object, actor=request.user)
    messages.success(request, _("Accepted: the meeting will be scheduled."))


@require("events.accept_request", get_object=_request)
def _decline(request: HttpRequest, pk: int) -> None:
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    domain.decline_request(request.permission_object, reason=reason, actor=request.user)
    messages.success(request, _("Declined."))


@require("events.cancel_request", get_object=_request)
def _cancel(request: HttpRequest, pk: int) -> None:
    domain.cancel_request(request.permission_object, actor=request.user)
    messages.success(request, _("Cancelled."))


ACTIONS = {"accept": _accept, "decline": _decline, "cancel": _cancel}


@require("events.view_request", get_object=_request)
@require_POST
def request_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    meeting_request = request.permission_object
    if action not in ACTIONS:
        return HttpResponse(
            _("This action is not possible on this request."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    event = meeting_request.event
    me = _me(request, event)
    try:
        # Each action is guarded by its own permission (answering is for the recipient).
        ACTIONS[action](request, pk=pk)
    except domain.EventError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("events:requests", args=[event.slug]) + acting_query(request, me))
