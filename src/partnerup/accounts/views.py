from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerup.accounts.domain import (
    InvitationError,
    accept_invitation,
    delete_account,
    send_invitation,
    update_account,
)
from partnerup.accounts.domain import set_language as set_account_language
from partnerup.accounts.forms import AccountForm, DeleteAccountForm, InvitationForm, PersonForm
from partnerup.accounts.models import Invitation, User
from partnerup.accounts.signals import SESSION_KEY
from partnerup.common.views import paginate, public, require
from partnerup.directory.domain import update_person
from partnerup.directory.models import Person


@require("accounts.view_own_account")
@require_http_methods(["GET", "POST"])
def me(request: HttpRequest) -> HttpResponse:
    person = Person.objects.filter(user=request.user).first()
    # The forms get copies: validating a ModelForm writes into its instance, and the domain
    # functions compare the stored values with the new ones.
    account_form = AccountForm(
        request.POST or None, instance=User.objects.get(pk=request.user.pk), prefix="account"
    )
    person_form = (
        PersonForm(request.POST or None, instance=Person.objects.get(pk=person.pk), prefix="person")
        if person is not None
        else None
    )
    if request.method == "POST":
        forms_valid = account_form.is_valid() and (person_form is None or person_form.is_valid())
        if forms_valid:
            update_account(
                request.user,
                name=account_form.cleaned_data["name"],
                language=account_form.cleaned_data["language"],
            )
            if person_form is not None and person_form.has_changed():
                data = person_form.cleaned_data
                update_person(
                    person,
                    request.user,
                    name=data["name"],
                    title=data["title"],
                    expertise=data["expertise"],
                    expertise_terms=list(data["expertise_terms"]),
                    languages=data["languages"],
                    email=data["email"],
                    public=data["public"],
                )
            translation.activate(request.user.language)
            messages.success(request, _("Your account has been saved."))
            return redirect("accounts:me")
    return render(
        request, "accounts/me.html", {"account_form": account_form, "person_form": person_form}
    )


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language; signed-in users keep the choice in their account (e-mails too)."""
    from django.views.i18n import set_language as django_set_language

    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        set_account_language(request.user, language)
    return response


@public
@require_http_methods(["GET", "POST"])
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin has no log-in of its own: the one log-in page, with its second factor and
    rate limits, signs organisers in and sends them on."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    target = target or reverse("admin:index")
    if request.user.is_authenticated:
        # Signed in already: the admin site's own check decides (accounts/admin_site.py); sending
        # a signed-in user to the log-in page would only bounce back here.
        from django.contrib import admin

        if admin.site.has_permission(request):
            return redirect(target)
        raise PermissionDenied
    return redirect_to_login(target, reverse("account_login"))


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


@require("accounts.view_own_account")
@require_GET
def admin_password_change(request: HttpRequest) -> HttpResponse:
    """The admin's "change password" link leads to the site's own page (re-authentication,
    notification e-mail), not to a second password form."""
    return redirect("account_change_password")


@require("accounts.delete_own_account")
@require_http_methods(["GET", "POST"])
def delete_me(request: HttpRequest) -> HttpResponse:
    """The user deletes their own account and the personal data that hangs on it."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        delete_account(request.user, request.user, reason="request")
        logout(request)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})
