"""One meeting: feedback, colleagues joining, held or no-show, self-service slot.

The page is a read (`events.view_meeting`); each form on it posts a write with its own
permission (common/rules.py), checked by `require` before the write runs.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partnerup.common.views import require
from partnerup.events import domain, queries
from partnerup.events.domain.meetings import has_started
from partnerup.events.interfaces.forms import FeedbackForm
from partnerup.events.models import Meeting, Participant, Slot
from partnerup.events.views._common import posted_object


def _meeting(request, pk, **_other):
    # Meetings one is not in do not exist for one: 404, not 403.
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("event", "slot__venue"), pk=pk
    )


def _my_seat(meeting: Meeting, user) -> Participant | None:
    return Participant.objects.filter(
        event=meeting.event, user=user, seats__meeting=meeting
    ).first()


def _page(request: HttpRequest, meeting: Meeting, form=None) -> HttpResponse:
    me = _my_seat(meeting, request.user)
    started = has_started(meeting)
    offers_slots = (
        meeting.event.self_service
        and meeting.status == Meeting.Status.ACCEPTED
        and meeting.slot_id is None
    )
    return render(
        request,
        "events/meeting.html",
        {
            "meeting": meeting,
            "form": form or FeedbackForm(),
            "me": me,
            "started": started,
            "colleagues": Participant.objects.filter(
                event=meeting.event,
                status=Participant.Status.APPROVED,
                organisation=me.organisation,
            )
            .exclude(seats__meeting=meeting)
            .select_related("user")
            if me is not None
            else [],
            "seats": meeting.seats.select_related("participant__user", "participant__organisation"),
            "mine": meeting.feedback.filter(participant=me).first() if me else None,
            "free_slots": queries.free_common_slots(meeting) if offers_slots else [],
        },
    )


@require("events.add_colleague", get_object=_meeting)
def _add_colleague(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = request.permission_object
    colleague = posted_object(
        request,
        "colleague",
        Participant.objects.filter(event=meeting.event).select_related("user"),
        _("Choose a colleague from the list."),
    )
    try:
        domain.join_meeting(meeting, colleague, request.user)
    except domain.EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("%(name)s joins the meeting.") % {"name": colleague.user.get_full_name()}
        )
    return redirect("events:meeting", pk=pk)


@require("events.mark_meeting", get_object=_meeting)
def _mark(request: HttpRequest, pk: int) -> HttpResponse:
    held = request.POST["held"]
    if held not in ("0", "1"):
        return HttpResponse(
            _("Say whether the meeting took place."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    try:
        domain.mark_meeting(request.permission_object, held == "1", request.user)
    except domain.EventError as exc:
        messages.error(request, str(exc))
    return redirect("events:meeting", pk=pk)


@require("events.give_feedback", get_object=_meeting)
def _feedback(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = request.permission_object
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            domain.give_feedback(meeting, _my_seat(meeting, request.user), **form.cleaned_data)
        except domain.EventError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you: your follow-up has been recorded."))
            return redirect("events:agenda", slug=meeting.event.slug)
    return _page(request, meeting, form)


@require("events.view_meeting", get_object=_meeting)
@require_http_methods(["GET", "POST"])
def meeting_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        if "colleague" in request.POST:
            return _add_colleague(request, pk=pk)
        if "held" in request.POST:
            return _mark(request, pk=pk)
        return _feedback(request, pk=pk)
    return _page(request, request.permission_object)


@require("events.pick_slot", get_object=_meeting)
@require_POST
def meeting_pick_slot(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = request.permission_object
    slot = posted_object(
        request,
        "slot",
        Slot.objects.filter(event=meeting.event).select_related("venue"),
        _("Choose one of the free times."),
    )
    try:
        domain.pick_slot(meeting, slot, request.user)
    except domain.EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The meeting is in your agenda."))
    return redirect("events:meeting", pk=pk)
