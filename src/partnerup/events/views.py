from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerup.common.views import hidden_unless, paginate, public, require
from partnerup.directory.models import Organisation
from partnerup.events import domain
from partnerup.events.interfaces.forms import (
    DeclineForm,
    FeedbackForm,
    RegistrationForm,
    RequestForm,
)
from partnerup.events.models import Event, Meeting, MeetingRequest, Participant, ParticipantType


def _event(request, slug, **_other):
    events = (
        Event.objects.all()
        if request.user.is_authenticated and request.user.is_organiser
        else Event.objects.filter(published=True)
    )
    return get_object_or_404(events, slug=slug)


def _request(request, pk, **_other):
    meeting_request = get_object_or_404(
        MeetingRequest.objects.select_related("sender__user", "recipient__user", "event"), pk=pk
    )
    # Other people's requests answer 404: who asked whom is private.
    hidden_unless(request, "events.answer_request", meeting_request)
    return meeting_request


def _me(request, event) -> Participant | None:
    """The participant the request acts as: the user, or for organisers the one named by
    `as` (acting on a participant's behalf; every change records the organiser as actor)."""
    if not request.user.is_authenticated:
        return None
    acting_as = request.POST.get("as") or request.GET.get("as")
    if acting_as and request.user.is_organiser and acting_as.isdigit():
        return Participant.objects.filter(event=event, pk=int(acting_as)).first()
    return Participant.objects.filter(event=event, user=request.user).first()


def _register_on_behalf(request: HttpRequest, event: Event) -> HttpResponse:
    from partnerup.accounts.models import User
    from partnerup.directory.models import Organisation

    user = User.objects.filter(email__iexact=request.POST.get("email", "").strip()).first()
    organisation = Organisation.objects.filter(pk=request.POST.get("organisation") or 0).first()
    kind = request.POST.get("type", "")
    from partnerup.events.models import ParticipantType

    if user is None or organisation is None or kind not in ParticipantType.values:
        messages.error(
            request,
            _(
                "Give the e-mail of an existing account, an organisation and "
                "a participant type. Invite new people from Invitations first."
            ),
        )
    else:
        try:
            domain.register(event, user, organisation, kind, actor=request.user)
        except domain.EventError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": user})
    return redirect("events:registrations", slug=event.slug)


@require("events.browse")
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    events = (
        Event.objects.all() if request.user.is_organiser else Event.objects.filter(published=True)
    )
    return render(request, "events/event_list.html", {"events": events})


@require("events.browse", get_object=_event)
@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = request.permission_object
    now = timezone.now()
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "me": _me(request, event),
            "days": event.days.prefetch_related("venues"),
            "sessions": event.sessions.select_related("venue"),
            "registration_open": event.registration_opens <= now < event.registration_closes,
        },
    )


@require("events.register", get_object=_event)
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = request.permission_object
    if _me(request, event) is not None:
        messages.info(request, _("You are registered already."))
        return redirect(event.get_absolute_url())
    form = RegistrationForm(request.POST or None, user=request.user, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            domain.register(
                event,
                request.user,
                data["organisation"],
                data["type"],
                headline=data["headline"],
                profile_text=data["profile_text"],
                offers=data["offers"],
                seeks=data["seeks"],
                unavailable=form.unavailable_slots(),
                actor=request.user,
            )
        except domain.EventError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("You are registered."))
            return redirect(event.get_absolute_url())
    return render(request, "events/register.html", {"event": event, "form": form})


@require("events.view_participants", get_object=_event)
@require_GET
def participants(request: HttpRequest, slug: str) -> HttpResponse:
    event = request.permission_object
    people = (
        event.participants.filter(status=Participant.Status.APPROVED)
        .select_related("user", "organisation")
        .prefetch_related("offers", "seeks")
    )
    query = request.GET.get("q", "").strip()[:100]
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
    if not form.is_valid():
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
    return redirect("events:requests", slug=event.slug)


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


@require("events.answer_request", get_object=_request)
@require_POST
def request_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    meeting_request = request.permission_object
    is_recipient = meeting_request.recipient.user_id == request.user.pk or request.user.is_organiser
    try:
        if action == "accept" and is_recipient:
            domain.accept_request(meeting_request, actor=request.user)
            messages.success(request, _("Accepted: the meeting will be scheduled."))
        elif action == "decline" and is_recipient:
            form = DeclineForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            domain.decline_request(meeting_request, reason=reason, actor=request.user)
            messages.success(request, _("Declined."))
        elif action == "cancel":
            domain.cancel_request(meeting_request, actor=request.user)
            messages.success(request, _("Cancelled."))
        else:
            return HttpResponse(
                _("This action is not possible on this request."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
    except domain.EventError as exc:
        messages.error(request, str(exc))
    return redirect("events:requests", slug=meeting_request.event.slug)


@require("events.manage", get_object=_event)
@require_http_methods(["GET", "POST"])
def registrations(request: HttpRequest, slug: str) -> HttpResponse:
    event = request.permission_object
    if request.method == "POST" and "email" in request.POST:
        return _register_on_behalf(request, event)
    if request.method == "POST":
        participant = get_object_or_404(
            Participant, event=event, pk=request.POST.get("participant")
        )
        domain.decide_registration(
            participant, request.POST.get("decision") == "approve", request.user
        )
        messages.success(request, _("Saved."))
        return redirect("events:registrations", slug=event.slug)
    pending = event.participants.select_related("user", "organisation").order_by(
        "status", "registered"
    )
    return render(
        request,
        "events/registrations.html",
        {
            "event": event,
            "page": paginate(request, pending, 50),
            "organisations": Organisation.objects.order_by("name"),
            "types": ParticipantType.choices,
        },
    )


# --- Agenda, calendar, on the day, after --------------------------------------------------------


def _my_participation(request, slug, **_other):
    event = _event(request, slug)
    me = _me(request, event)
    if me is None or me.status != Participant.Status.APPROVED:
        raise Http404
    return me


@require("events.view_agenda", get_object=_my_participation)
@require_http_methods(["GET", "POST"])
def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    me = request.permission_object
    if request.method == "POST":
        domain.rotate_calendar_token(me)
        messages.success(
            request, _("Your calendar link has been renewed; the old one no longer works.")
        )
        return redirect("events:agenda", slug=slug)
    feed = request.build_absolute_uri(
        reverse("events:calendar", kwargs={"token": me.calendar_token})
    )
    return render(
        request,
        "events/agenda.html",
        {
            "event": me.event,
            "me": me,
            "items": domain.agenda(me),
            "feed": feed,
        },
    )


@public
@require_GET
def calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The private calendar feed: the unguessable token is the key; renewing it revokes it."""
    from partnerup.events.calendar import build_calendar

    participant = get_object_or_404(
        Participant.objects.select_related("event", "user"),
        calendar_token=token,
        status=Participant.Status.APPROVED,
    )
    body = build_calendar(participant.event.name, domain.calendar_items(participant))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{participant.event.slug}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@require("events.manage", get_object=_event)
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, slug: str) -> HttpResponse:
    event = request.permission_object
    if request.method == "POST" and "email" in request.POST:
        return _register_on_behalf(request, event)
    if request.method == "POST":
        participant = get_object_or_404(
            Participant, event=event, pk=request.POST.get("participant")
        )
        participant = domain.check_in(participant, request.user)
        if request.htmx:
            return render(
                request, "events/checkin.html#row", {"participant": participant, "event": event}
            )
        return redirect("events:checkin", slug=slug)
    people = event.participants.filter(status=Participant.Status.APPROVED).select_related(
        "user", "organisation"
    )
    query = request.GET.get("q", "").strip()[:100]
    if query:
        people = people.filter(
            Q(user__name__icontains=query)
            | Q(user__email__icontains=query)
            | Q(organisation__name__icontains=query)
        )
    return render(
        request,
        "events/checkin.html",
        {
            "event": event,
            "page": paginate(request, people, 50),
            "q": query,
            "checked_in": event.participants.filter(checked_in__isnull=False).count(),
        },
    )


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


# --- Scouting calls -----------------------------------------------------------------------------


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


# --- Organisers: dashboard and exports ----------------------------------------------------------


@require("events.manage", get_object=_event)
@require_GET
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    from django.db.models import Count

    from partnerup.common.charts import bar_chart
    from partnerup.events.models import MeetingFeedback, ParticipantType

    event = request.permission_object
    types = dict(ParticipantType.choices)
    by_type = list(event.participants.values("type").annotate(n=Count("pk")).order_by("-n"))
    requests_by_status = dict(event.requests.values_list("status").annotate(n=Count("pk")))
    answered = sum(requests_by_status.get(s, 0) for s in ("accepted", "declined"))
    acceptance = (100 * requests_by_status.get("accepted", 0) / answered) if answered else 0
    meetings = event.meetings.exclude(status="cancelled")
    per_day_venue = list(
        meetings.filter(slot__isnull=False)
        .values("slot__starts__date", "slot__venue__name")
        .annotate(n=Count("pk"))
        .order_by("slot__starts__date", "slot__venue__name")
    )
    capacity = sum(slot.venue.tables.count() for slot in event.slots.select_related("venue"))
    scheduled = meetings.filter(slot__isnull=False).count()
    outcomes = list(
        MeetingFeedback.objects.filter(meeting__event=event)
        .values("outcome")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    outcome_labels = dict(MeetingFeedback.Outcome.choices)
    chart_titles = {
        "types": _("Registrations by participant type"),
        "requests": _("Meeting requests by status"),
        "days": _("Meetings per day and venue"),
        "outcomes": _("Follow-up after meetings"),
    }
    charts = {
        "types": bar_chart(
            _("Registrations by participant type"),
            [str(types.get(r["type"], r["type"])) for r in by_type],
            [(_("Participants"), [r["n"] for r in by_type])],
            chart_id="types",
        ),
        "requests": bar_chart(
            _("Meeting requests by status"),
            [str(MeetingRequest.Status(s).label) for s in requests_by_status],
            [(_("Requests"), list(requests_by_status.values()))],
            chart_id="requests",
            height=240,
        ),
        "days": bar_chart(
            _("Meetings per day and venue"),
            [f"{r['slot__starts__date']:%d.%m} {r['slot__venue__name']}" for r in per_day_venue],
            [(_("Meetings"), [r["n"] for r in per_day_venue])],
            chart_id="days",
            height=240,
        ),
        "outcomes": bar_chart(
            _("Follow-up after meetings"),
            [str(outcome_labels.get(r["outcome"], r["outcome"])) for r in outcomes],
            [(_("Answers"), [r["n"] for r in outcomes])],
            chart_id="outcomes",
            height=240,
        ),
    }
    from partnerup.events.recommendations import organiser_view

    no_match, demand = organiser_view(event, request.LANGUAGE_CODE)
    return render(
        request,
        "events/dashboard.html",
        {
            "no_match": no_match,
            "demand": demand,
            "event": event,
            "charts": [(str(chart_titles[key]), chart) for key, chart in charts.items()],
            "participants": event.participants.count(),
            "requests": sum(requests_by_status.values()),
            "acceptance": acceptance,
            "meetings": meetings.count(),
            "scheduled": scheduled,
            "table_use": (100 * scheduled / capacity) if capacity else 0,
            "no_shows": meetings.filter(status="no_show").count(),
            "held": meetings.filter(status="held").count(),
            "checked_in": event.participants.filter(checked_in__isnull=False).count(),
        },
    )


@require("events.manage", get_object=_event)
@require_GET
def export(request: HttpRequest, slug: str, kind: str, file_format: str) -> HttpResponse:
    from partnerup.events.interfaces.exporters import EXPORTERS

    if kind not in EXPORTERS:
        return HttpResponse(
            _("Unknown export."), status=404, content_type="text/plain; charset=utf-8"
        )
    return EXPORTERS[kind](request.permission_object).response(file_format)


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


# --- Scheduling (organisers) --------------------------------------------------------------------


def _run(request, pk, **_other):
    from partnerup.events.models import ScheduleRun

    return get_object_or_404(ScheduleRun.objects.select_related("event"), pk=pk)


@require("events.manage", get_object=_event)
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    event = request.permission_object
    if request.method == "POST":
        try:
            limit = min(max(int(request.POST.get("time_limit", 30)), 1), 600)
        except ValueError:
            limit = 30
        try:
            run = domain.start_schedule_run(
                event,
                request.user,
                time_limit=limit,
                incremental=request.POST.get("incremental") == "1",
            )
        except domain.EventError as exc:
            messages.error(request, str(exc))
            return redirect("events:schedule", slug=slug)
        return redirect(run.get_absolute_url())
    slot_id = request.GET.get("slot")
    slots = list(event.slots.select_related("venue"))
    chosen = next((s for s in slots if str(s.pk) == slot_id), slots[0] if slots else None)
    plan = []
    if chosen is not None:
        booked = {
            m.table_id: m
            for m in Meeting.objects.filter(slot=chosen)
            .exclude(status="cancelled")
            .prefetch_related("seats__participant__user", "seats__participant__organisation")
        }
        plan = [(table, booked.get(table.pk)) for table in chosen.venue.tables.all()]
    return render(
        request,
        "events/schedule.html",
        {
            "event": event,
            "runs": event.schedule_runs.all()[:20],
            "slots": slots,
            "chosen": chosen,
            "plan": plan,
            "published": event.schedule_runs.filter(published__isnull=False).exists(),
            "unscheduled": event.meetings.filter(status=Meeting.Status.ACCEPTED).count(),
        },
    )


@require("events.manage", get_object=_run)
@require_http_methods(["GET", "POST"])
def schedule_run(request: HttpRequest, pk: int) -> HttpResponse:
    from partnerup.events.models import Slot, Table

    run = request.permission_object
    if request.method == "POST" and request.POST.get("action") == "publish":
        try:
            counts = domain.publish_schedule(run, request.user)
        except domain.EventError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Published: %(placed)d meetings placed, %(changed)d "
                    "changed; everyone concerned has been told."
                )
                % counts,
            )
        return redirect(run.get_absolute_url())
    if request.method == "POST" and request.POST.get("action") == "move":
        meeting = get_object_or_404(Meeting, pk=request.POST.get("meeting"), event=run.event)
        slot = Slot.objects.filter(pk=request.POST.get("slot") or 0, event=run.event).first()
        table = Table.objects.filter(
            pk=request.POST.get("table") or 0, venue__event=run.event
        ).first()
        try:
            domain.move_meeting(meeting, slot, table, request.user)
        except domain.EventError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _(
                    "The meeting has been moved and locked. Run the "
                    "scheduler again to plan around it."
                ),
            )
        return redirect(run.get_absolute_url())
    template = "events/schedule_run.html"
    if request.htmx:
        template += "#status"
    unplaced = []
    if run.solution:
        from partnerup.events.scheduling import db_id

        reasons = {db_id(u["meeting"]): u["reason"] for u in run.solution["unscheduled"]}
        for meeting in Meeting.objects.filter(pk__in=reasons).prefetch_related(
            "seats__participant__user", "seats__participant__organisation"
        ):
            unplaced.append((meeting, reasons[meeting.pk]))
    return render(
        request,
        template,
        {
            "run": run,
            "event": run.event,
            "unplaced": unplaced,
            "stats": (run.solution or {}).get("stats", {}),
            "bound": (run.solution or {}).get("bound", {}),
            "moved": (run.solution or {}).get("moved", []),
            "slots": run.event.slots.select_related("venue"),
            "tables": Table.objects.filter(venue__event=run.event).select_related("venue"),
        },
    )
