"""One meeting: feedback, colleagues joining, held or no-show, self-service slot."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partnerup.common.views import hidden_unless, require
from partnerup.events import domain
from partnerup.events.interfaces.forms import FeedbackForm
from partnerup.events.models import Meeting, Participant


def _meeting(request, pk, **_other):
    meeting = get_object_or_404(Meeting.objects.select_related("event"), pk=pk)
    hidden_unless(request, "events.view_meeting", meeting)
    return meeting


@require("events.view_meeting", get_object=_meeting)
@require_http_methods(["GET", "POST"])
def meeting_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = request.permission_object
    me = Participant.objects.filter(event=meeting.event, user=request.user).first()
    if request.method == "POST" and "colleague" in request.POST:
        colleague = get_object_or_404(
            Participant, event=meeting.event, pk=request.POST["colleague"]
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
    if request.method == "POST" and "held" in request.POST:
        try:
            domain.mark_meeting(meeting, request.POST["held"] == "1", request.user)
        except domain.EventError as exc:
            messages.error(request, str(exc))
        return redirect("events:meeting", pk=pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and me is not None and form.is_valid():
        try:
            domain.give_feedback(meeting, me, **form.cleaned_data)
        except domain.EventError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Thank you: your follow-up has been recorded."))
            return redirect("events:agenda", slug=meeting.event.slug)
    return render(
        request,
        "events/meeting.html",
        {
            "meeting": meeting,
            "form": form,
            "me": me,
            "colleagues": Participant.objects.filter(
                event=meeting.event, status="approved", organisation=me.organisation
            )
            .exclude(seats__meeting=meeting)
            .select_related("user")
            if me is not None
            else [],
            "seats": meeting.seats.select_related("participant__user", "participant__organisation"),
            "mine": meeting.feedback.filter(participant=me).first() if me else None,
        },
    )


@require("events.view_meeting", get_object=_meeting)
@require_POST
def meeting_pick_slot(request: HttpRequest, pk: int) -> HttpResponse:
    from partnerup.events.models import Slot

    meeting = request.permission_object
    slot = get_object_or_404(Slot, pk=request.POST.get("slot"), event=meeting.event)
    try:
        domain.pick_slot(meeting, slot, request.user)
    except domain.EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The meeting is in your agenda."))
    return redirect("events:meeting", pk=pk)
