"""The admin site: organisers only, with the second factor passed in this session.

There is no separate admin log-in: `/admin/login/` sends people to the one log-in page
(accounts/views.py `admin_login`), with its MFA step and rate limits.
"""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class PartnerUpAdminSite(AdminSite):
    site_header = _("PartnerUp administration")
    site_title = _("PartnerUp admin")

    def has_permission(self, request) -> bool:
        """Who may open the admin is a rule (common.view_admin), not the is_staff flag; organisers
        must also have used their second factor to sign in to this session."""
        from partnerup.accounts.middleware import organiser_mfa_satisfied

        user = request.user
        return bool(
            user.is_active
            and user.has_perm("common.view_admin")
            and organiser_mfa_satisfied(request)
        )


class PartnerUpAdminConfig(AdminConfig):
    default_site = "partnerup.accounts.admin_site.PartnerUpAdminSite"
