"""Scouting calls and pitches."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partnerup.common.views import require
from partnerup.events import domain
from partnerup.events.models import Participant
from partnerup.events.views._common import _event, _me


def _call(request, pk, **_other):
    from partnerup.events.models import ScoutingCall

    return get_object_or_404(
        ScoutingCall.objects.select_related("event", "host"), pk=pk, event__published=True
    )


@require("events.browse", get_object=_event)
@require_http_methods(["GET", "POST"])
def calls(request: HttpRequest, slug: str) -> HttpResponse:
    from partnerup.directory.queries import host_organisations
    from partnerup.events.interfaces.forms import CallForm

    event = request.permission_object
    hosts = (
        event.hosts.all()
        if request.user.is_organiser
        else event.hosts.filter(pk__in=host_organisations(request.user))
    )
    form = CallForm(request.POST or None, hosts=hosts) if hosts.exists() else None
    if request.method == "POST":
        if form is None:
            return HttpResponse(status=403)
        if form.is_valid():
            call = form.save(commit=False)
            call.event = event
            call.save()
            form.save_m2m()
            messages.success(request, _("The call has been published."))
            return redirect(call.get_absolute_url())
    return render(
        request,
        "events/calls.html",
        {"event": event, "calls": event.calls.select_related("host"), "form": form},
    )


@require("events.browse", get_object=_call)
@require_http_methods(["GET", "POST"])
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from partnerup.events.interfaces.forms import PitchForm

    call = request.permission_object
    me = _me(request, call.event)
    is_host = request.user.is_organiser or request.user.has_perm("directory.add_asset", call.host)
    form = PitchForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "invite" in request.POST:
        if not is_host:
            return HttpResponse(status=403)
        host_participant = (
            Participant.objects.filter(
                event=call.event, organisation=call.host, user=request.user
            ).first()
            or Participant.objects.filter(
                event=call.event, organisation=call.host, status="approved"
            ).first()
        )
        chosen = call.pitches.filter(pk__in=request.POST.getlist("pitch"))
        if host_participant is None:
            messages.error(request, _("Register someone of the host organisation first."))
        else:
            try:
                sent = domain.shortlist_and_invite(
                    call,
                    list(chosen),
                    host_participant,
                    message=request.POST.get("message", "")[:1000],
                    actor=request.user,
                )
            except domain.EventError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, _("%(count)d pitchers invited to a meeting.") % {"count": len(sent)}
                )
        return redirect(call.get_absolute_url())
    if request.method == "POST":
        if me is None:
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                domain.submit_pitch(call, me, **form.cleaned_data)
            except domain.EventError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Your pitch has been sent."))
                return redirect(call.get_absolute_url())
    return render(
        request,
        "events/call_detail.html",
        {
            "call": call,
            "me": me,
            "form": form,
            "is_host": is_host,
            "pitches": call.pitches.select_related(
                "participant__user", "participant__organisation", "stage", "modality"
            )
            if is_host
            else None,
            "my_pitch": call.pitches.filter(participant=me).first() if me else None,
        },
    )
