"""Registration, the organisers' registrations list and check-in."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from partnerup.common.forms import MAX_IDS, QueryParameterError, parse_id, search_text
from partnerup.common.views import paginate, require
from partnerup.directory.models import Organisation
from partnerup.events import domain
from partnerup.events.domain.registration import REASON_MAX_LENGTH
from partnerup.events.interfaces.forms import RegistrationForm
from partnerup.events.models import Event, Participant, ParticipantType
from partnerup.events.queries import registrations as registration_queries
from partnerup.events.queries.registrations import RegistrationFilters
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


KEPT_FILTERS = ("status", "type", "organisation", "q", "page")


def _registration_filters(params) -> RegistrationFilters:
    """The list's filters from the query string; 400 with a reason for a value no form offers."""
    status = str(params.get("status", "")).strip()
    if status and status not in Participant.Status.values:
        raise QueryParameterError(_("Choose a status from the list."))
    kind = str(params.get("type", "")).strip()
    if kind and kind not in ParticipantType.values:
        raise QueryParameterError(_("Choose a participant type from the list."))
    organisation = str(params.get("organisation", "")).strip()
    organisation_id = parse_id(organisation) if organisation else None
    if organisation and organisation_id is None:
        raise QueryParameterError(_("Choose an organisation from the list."))
    return RegistrationFilters(
        status=status,
        type=kind,
        organisation_id=organisation_id,
        query=search_text(params, max_length=100),
    )


def _decide(request: HttpRequest, event: Event) -> HttpResponse:
    """One POST decides one registration (a row's button, `row=approve:12`) or every ticked one
    (`participant`, repeated), with an optional reason for the rejection e-mail."""
    row = request.POST.get("row", "")
    if row:
        decision, _sep, raw_ids = row.partition(":")
        raw_ids = [raw_ids]
    else:
        decision = request.POST.get("decision")
        raw_ids = request.POST.getlist("participant")
    if decision not in ("approve", "reject"):
        raise QueryParameterError(_("Choose approve or reject."))
    ids = {parse_id(value) for value in raw_ids[:MAX_IDS]}
    people = list(event.participants.select_related("user").filter(pk__in=ids - {None}))
    if not people or len(raw_ids) > MAX_IDS or len(people) != len(ids):
        raise QueryParameterError(_("Choose one or more registrations from the list."))
    reason = request.POST.get("reason", "").strip()
    back = redirect_with_filters(request, event)
    if len(reason) > REASON_MAX_LENGTH:
        messages.error(
            request,
            _("Keep the reason under %(limit)d characters.") % {"limit": REASON_MAX_LENGTH},
        )
        return back
    approve = decision == "approve"
    changed = domain.decide_registrations(people, approve, request.user, reason=reason)
    if approve:
        text = ngettext(
            "%(count)d registration approved.", "%(count)d registrations approved.", changed
        )
    else:
        text = ngettext(
            "%(count)d registration rejected.", "%(count)d registrations rejected.", changed
        )
    messages.success(request, text % {"count": changed})
    return back


def redirect_with_filters(request: HttpRequest, event: Event) -> HttpResponse:
    """Back to the list as it was filtered (the form posts the filters along)."""
    kept = QueryDict(mutable=True)
    for name in KEPT_FILTERS:
        value = str(request.POST.get(f"filter_{name}", "")).strip()[:100]
        if value:
            kept[name] = value
    url = reverse("events:registrations", kwargs={"slug": event.slug})
    return redirect(f"{url}?{kept.urlencode()}" if kept else url)


@require("events.manage", get_object=_event)
@require_http_methods(["GET", "POST"])
def registrations(request: HttpRequest, slug: str) -> HttpResponse:
    event = request.permission_object
    if request.method == "POST" and "email" in request.POST:
        return _register_on_behalf(request, event)
    if request.method == "POST":
        return _decide(request, event)
    filters = _registration_filters(request.GET)
    counts = registration_queries.status_counts(event)
    return render(
        request,
        "events/registrations.html",
        {
            "event": event,
            "page": paginate(request, registration_queries.registrations(event, filters), 50),
            "filters": filters,
            "status_counts": [
                (value, label, counts[value]) for value, label in Participant.Status.choices
            ],
            "kept_filters": [
                (name, request.GET[name])
                for name in KEPT_FILTERS
                if str(request.GET.get(name, "")).strip()
            ],
            "statuses": Participant.Status.choices,
            "registered_organisations": registration_queries.registered_organisations(event),
            "organisations": Organisation.objects.order_by("name"),
            "types": ParticipantType.choices,
            "reason_max_length": REASON_MAX_LENGTH,
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
            # The row, and the counter above the table swapped out of band.
            context = {
                "participant": participant,
                "event": event,
                "checked_in": event.participants.filter(checked_in__isnull=False).count(),
                "oob": True,
            }
            return HttpResponse(
                render_to_string("events/checkin.html#row", context, request)
                + render_to_string("events/checkin.html#counter", context, request)
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
