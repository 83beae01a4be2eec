from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # New accounts start in the language they signed up in.
        user.language = (translation.get_language() or "en")[:2]
        if user.language not in {"en", "nb"}:
            user.language = "en"
        return super().save_user(request, user, form, commit)

    def is_email_verified(self, request, email: str) -> bool:
        """An address counts as verified when this browser opened an invitation sent to exactly
        that address: the link reached its mailbox. Any other address is verified by e-mail."""
        from partnerup.accounts.models import Invitation
        from partnerup.accounts.signals import SESSION_KEY

        token = request.session.get(SESSION_KEY) if request is not None else None
        if token:
            invitation = Invitation.objects.filter(token=token).first()
            if (
                invitation is not None
                and invitation.is_open
                and invitation.email.lower() == email.lower()
            ):
                return True
        return super().is_email_verified(request, email)
