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
