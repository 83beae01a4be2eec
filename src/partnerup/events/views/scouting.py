"""Scouting calls and pitches.

Reading a call is `events.browse`; each form on its page posts a write guarded by its own
permission (common/rules.py). Pitch attachments are private files, served by `pitch_attachment`
only to those `Pitch.objects.attachment_visible_to` lets through (404 for everyone else).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from partnerup.common.files import private_file_response
from partnerup.common.views import require
from partnerup.events import domain
from partnerup.events.interfaces.forms import CallForm, PitchForm
from partnerup.events.models import Participant, Pitch, ScoutingCall
from partnerup.events.views._common import _event, _me, posted_object


def _call(request, pk, **_other):
    return get_object_or_404(
        ScoutingCall.objects.select_related("event", "host"), pk=pk, event__published=True
    )


def _posted_pitch(request, pk, **_other):
    """A pitch of the call named in the URL that the user may see; else 400."""
    return posted_object(
        request,
        "pitch",
        Pitch.objects.visible_to(request.user)
        .filter(call_id=pk)
        .select_related("call__host", "participant"),
        _("Choose a pitch from the list."),
    )


def _form_hosts(request, event):
    from partnerup.directory.queries import host_organisations

    if request.user.is_organiser:
        return event.hosts.all()
    return event.hosts.filter(pk__in=host_organisations(request.user))


def _calls_page(request, event, form):
    return render(
        request,
        "events/calls.html",
        {"event": event, "calls": event.calls.select_related("host"), "form": form},
    )


@require("events.add_call", get_object=_event)
def _create_call(request: HttpRequest, slug: str) -> HttpResponse:
    event = request.permission_object
    form = CallForm(request.POST, hosts=_form_hosts(request, event), event=event)
    if form.is_valid():
        data = form.cleaned_data
        try:
            call = domain.create_scouting_call(
                event,
                data["host"],
                title=data["title"],
                description=data["description"],
                deadline=data["deadline"],
                terms=data["terms"],
                actor=request.user,
            )
        except domain.EventError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The call has been published."))
            return redirect(call.get_absolute_url())
    return _calls_page(request, event, form)


@require("events.browse", get_object=_event)
@require_http_methods(["GET", "POST"])
def calls(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "POST":
        return _create_call(request, slug=slug)
    event = request.permission_object
    hosts = _form_hosts(request, event)
    form = CallForm(hosts=hosts, event=event) if hosts.exists() else None
    return _calls_page(request, event, form)


def _call_page(request, call, form=None):
    me = _me(request, call.event)
    return render(
        request,
        "events/call_detail.html",
        {
            "call": call,
            "me": me,
            "form": form or PitchForm(),
            "pitches": Pitch.objects.visible_to(request.user)
            .filter(call=call)
            .select_related("participant__user", "participant__organisation", "stage", "modality"),
            "my_pitch": call.pitches.filter(participant=me).first() if me else None,
        },
    )


@require("events.invite_pitchers", get_object=_call)
def _invite(request: HttpRequest, pk: int) -> HttpResponse:
    call = request.permission_object
    host_participant = (
        Participant.objects.filter(event=call.event, organisation=call.host, user=request.user)
        .select_related("organisation", "user")
        .first()
        or Participant.objects.filter(
            event=call.event, organisation=call.host, status=Participant.Status.APPROVED
        ).first()
    )
    chosen = list(
        Pitch.objects.filter(call=call, pk__in=_pitch_ids(request))
        .select_related("participant__user")
        .order_by("pk")
    )
    if host_participant is None:
        messages.error(
            request,
            _(
                "No one was invited: the invitations come from someone of %(host)s taking part "
                "in the event. Register one of them first."
            )
            % {"host": call.host.name},
        )
    elif not chosen:
        messages.error(request, _("No one was invited: tick the pitches to invite first."))
    else:
        try:
            outcome = domain.shortlist_and_invite(
                call,
                chosen,
                host_participant,
                message=request.POST.get("message", "")[:1000],
                actor=request.user,
            )
        except domain.EventError as exc:
            messages.error(request, str(exc))
        else:
            _report_invitations(request, outcome)
    return redirect(call.get_absolute_url())


def _report_invitations(request: HttpRequest, outcome) -> None:
    """Say how many were invited, and for each pitch that was not, why."""
    count = len(outcome.invited)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d pitcher invited to a meeting.",
                "%(count)d pitchers invited to a meeting.",
                count,
            )
            % {"count": count},
        )
    elif outcome.not_invited:
        messages.warning(request, _("No one was invited."))
    for pitch, reason in outcome.not_invited:
        messages.warning(
            request,
            _("Not invited: %(title)s (%(name)s). %(reason)s")
            % {
                "title": pitch.title,
                "name": pitch.participant.user.get_full_name(),
                "reason": reason,
            },
        )


def _pitch_ids(request) -> list[int]:
    from partnerup.common.forms import QueryParameterError, parse_id

    ids = [parse_id(value) for value in request.POST.getlist("pitch")[:500]]
    if None in ids:
        raise QueryParameterError(_("Choose pitches from the list."))
    return ids


@require("events.submit_pitch", get_object=_call)
def _submit(request: HttpRequest, pk: int) -> HttpResponse:
    call = request.permission_object
    form = PitchForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            domain.submit_pitch(call, _me(request, call.event), **form.cleaned_data)
        except domain.EventError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your pitch has been sent."))
            return redirect(call.get_absolute_url())
    return _call_page(request, call, form)


@require("events.decline_pitch", get_object=_posted_pitch)
def _decline(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        domain.decline_pitch(request.permission_object, request.user)
    except domain.EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Declined. Your organisation can no longer open the pitch's attachment."),
        )
    return redirect("events:call", pk=pk)


@require("events.withdraw_pitch", get_object=_posted_pitch)
def _withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        domain.withdraw_pitch(request.permission_object, request.user)
    except domain.EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Your pitch is withdrawn; the host can no longer open its attachment.")
        )
    return redirect("events:call", pk=pk)


@require("events.browse", get_object=_call)
@require_http_methods(["GET", "POST"])
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        if "invite" in request.POST:
            return _invite(request, pk=pk)
        if "decline" in request.POST:
            return _decline(request, pk=pk)
        if "withdraw" in request.POST:
            return _withdraw(request, pk=pk)
        return _submit(request, pk=pk)
    return _call_page(request, request.permission_object)


def _attachment(request, pk, **_other):
    # Pitches one may not see, and attachments one may no longer open, answer 404 alike.
    return get_object_or_404(
        Pitch.objects.attachment_visible_to(request.user).exclude(attachment=""), pk=pk
    )


@require("events.download_pitch_attachment", get_object=_attachment)
@require_GET
def pitch_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    pitch = request.permission_object
    return private_file_response(pitch.attachment, f"pitch-{pitch.pk}.pdf")
