from __future__ import annotations

from allauth.account.signals import user_logged_in, user_signed_up
from allauth.mfa.signals import authenticator_added
from django.contrib import messages
from django.dispatch import receiver
from django.utils.translation import gettext as _

from partnerup.accounts.models import Invitation

SESSION_KEY = "partnerup_invitation"


def _accept_pending(request, user) -> None:
    from partnerup.accounts.domain import InvitationError, accept_invitation

    token = request.session.pop(SESSION_KEY, None)
    if not token:
        return
    invitation = Invitation.objects.filter(token=token).first()
    if invitation is None:
        return
    try:
        accept_invitation(invitation, user)
    except InvitationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Invitation accepted. Welcome to PartnerUp."))


@receiver(user_signed_up)
def on_signed_up(sender, request, user, **kwargs):
    if request is not None:
        _accept_pending(request, user)


@receiver(user_logged_in)
def on_logged_in(sender, request, user, **kwargs):
    if request is not None:
        if user.language:
            request.session["_language"] = user.language
        _accept_pending(request, user)


@receiver(authenticator_added)
def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    """Setting up TOTP means typing a valid code: that counts as the second factor of this
    session, so a new organiser can go on working without signing in again."""
    if request is None or authenticator.type != authenticator.Type.TOTP:
        return
    if request.user.is_authenticated and request.user.pk == user.pk:
        from allauth.account.internal.flows.login import record_authentication

        record_authentication(request, user, "mfa", id=authenticator.pk, type="totp")
