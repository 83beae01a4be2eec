from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

# Paths that need no account at all.
ALWAYS_OPEN_PREFIXES = ("/static/", "/healthz")
# Paths an organiser who has not yet set up TOTP can still reach: MFA set-up, sign-out, language.
MFA_SETUP_PREFIXES = ("/accounts/", "/i18n/")


def second_factor_passed(request) -> bool:
    """Whether the signed-in user proved a second factor (TOTP or a recovery code) in this session.

    allauth records each authentication step of a session; a session that began with a password
    only (or was started any other way) has no "mfa" record, even if the account has TOTP set up.
    """
    from allauth.account.authentication import get_authentication_records

    user = request.user
    if not user.is_authenticated:
        return False
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def organiser_mfa_satisfied(request) -> bool:
    """Organisers (the operator account too) count as signed in only with the second factor."""
    user = request.user
    if not settings.REQUIRE_ORGANISER_MFA or not user.is_authenticated:
        return True
    if not (user.is_organiser or user.is_superuser):
        return True
    return second_factor_passed(request)


class OrganiserMFAMiddleware:
    """Organisers must have TOTP set up, and must have used it to sign in to this session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.REQUIRE_ORGANISER_MFA
            and user.is_authenticated
            and (user.is_organiser or user.is_superuser)
            and not request.path.startswith(ALWAYS_OPEN_PREFIXES)
        ):
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(user):
                if not request.path.startswith(MFA_SETUP_PREFIXES):
                    messages.warning(
                        request, _("Organisers must set up two-factor authentication first.")
                    )
                    return redirect(reverse("mfa_activate_totp"))
            elif not second_factor_passed(request):
                # A password alone (from any door) is not enough for an organiser: start over at
                # the one log-in page, which asks for the authenticator code.
                next_path = request.get_full_path()
                logout(request)
                messages.warning(
                    request, _("Sign in again with your authenticator code to continue.")
                )
                return redirect_to_login(next_path, reverse("account_login"))
        return self.get_response(request)


class UserLanguageMiddleware:
    """Signed-in users see PartnerUp in the language saved in their account."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
