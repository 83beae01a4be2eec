from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partnerup.accounts.domain import InvitationError, accept_invitation, send_invitation
from partnerup.accounts.forms import AccountForm, InvitationForm, PersonForm
from partnerup.accounts.models import Invitation
from partnerup.accounts.signals import SESSION_KEY
from partnerup.common.activity import changed_fields, log_action
from partnerup.common.views import paginate, public, require
from partnerup.directory.models import Person


@require("accounts.view_own_account")
@require_http_methods(["GET", "POST"])
def me(request: HttpRequest) -> HttpResponse:
    person = Person.objects.filter(user=request.user).first()
    account_form = AccountForm(request.POST or None, instance=request.user, prefix="account")
    person_form = (
        PersonForm(request.POST or None, instance=person, prefix="person")
        if person is not None
        else None
    )
    if request.method == "POST":
        forms_valid = account_form.is_valid() and (person_form is None or person_form.is_valid())
        if forms_valid:
            account_form.save()
            if person_form is not None and person_form.has_changed():
                person_form.save()
                log_action(
                    person, "directory.person.changed", request.user, changed_fields(person_form)
                )
            translation.activate(request.user.language)
            messages.success(request, _("Your account has been saved."))
            return redirect("accounts:me")
    return render(
        request, "accounts/me.html", {"account_form": account_form, "person_form": person_form}
    )


@require("accounts.invite")
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(
        request.POST or None, user=request.user, initial={"language": translation.get_language()}
    )
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        if organisation is not None and not request.user.has_perm(
            "accounts.invite_to", organisation
        ):
            form.add_error("organisation", _("You cannot invite people to this organisation."))
        else:
            invitation = send_invitation(
                invited_by=request.user,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                organisation=organisation,
                role=form.cleaned_data["role"],
                language=form.cleaned_data["language"],
            )
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("accounts:invitations")
    sent = Invitation.objects.select_related("organisation", "invited_by")
    if not request.user.is_organiser:
        sent = sent.filter(
            organisation__memberships__person__user=request.user,
            organisation__memberships__role="admin",
        )
    return render(
        request, "accounts/invitations.html", {"form": form, "page": paginate(request, sent)}
    )


@public
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if not invitation.is_open:
        return render(
            request, "accounts/invitation_closed.html", {"invitation": invitation}, status=410
        )
    if request.method == "POST" and request.user.is_authenticated:
        try:
            with transaction.atomic():
                accept_invitation(invitation, request.user)
        except InvitationError as exc:
            messages.error(request, str(exc))
            return redirect("home")
        messages.success(request, _("Invitation accepted."))
        if invitation.organisation is not None:
            return redirect(invitation.organisation.get_absolute_url())
        return redirect("home")
    if not request.user.is_authenticated:
        # Accepted right after sign-up or sign-in (accounts/signals.py).
        request.session[SESSION_KEY] = invitation.token
    return render(request, "accounts/invitation.html", {"invitation": invitation})
