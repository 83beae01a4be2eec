"""Registration, the organisers' registrations list and check-in."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partnerup.common.forms import QueryParameterError, parse_id, search_text
from partnerup.common.views import paginate, require
from partnerup.directory.models import Organisation
from partnerup.events import domain
from partnerup.events.interfaces.forms import RegistrationForm
from partnerup.events.models import Event, Participant, ParticipantType
from partnerup.events.views._common import _event, _me, posted_object


def _register_on_behalf(request: HttpRequest, event: Event) -> HttpResponse:
    from partnerup.accounts.models import User
    from partnerup.directory.models import Organisation

    user = User.objects.filter(email__iexact=request.POST.get("email", "").strip()[:254]).first()
    organisation_id = parse_id(request.POST.get("organisation", ""))
    organisation = (
        Organisation.objects.filter(pk=organisation_id).first() if organisation_id else None
    )
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


@require("events.manage", get_object=_event)
@require_http_methods(["GET", "POST"])
def registrations(request: HttpRequest, slug: str) -> HttpResponse:
    event = request.permission_object
    if request.method == "POST" and "email" in request.POST:
        return _register_on_behalf(request, event)
    if request.method == "POST":
        participant = posted_object(
            request,
            "participant",
            event.participants.all(),
            _("Choose a registration from the list."),
        )
        decision = request.POST.get("decision")
        if decision not in ("approve", "reject"):
            raise QueryParameterError(_("Choose approve or reject."))
        domain.decide_registration(participant, decision == "approve", request.user)
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


@require("events.manage", get_object=_event)
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, slug: str) -> HttpResponse:
    event = request.permission_object
    if request.method == "POST" and "email" in request.POST:
        return _register_on_behalf(request, event)
    if request.method == "POST":
        participant = posted_object(
            request,
            "participant",
            event.participants.filter(status=Participant.Status.APPROVED),
            _("Choose an approved participant from the list."),
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
    query = search_text(request.GET, max_length=100)
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
