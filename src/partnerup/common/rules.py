"""Every permission of PartnerUp, declared in this one module.

Deny by default: a view must name one of these permissions (see `partnerup.common.views.require`)
or be marked public, and a system check (common/checks.py) fails for any URL whose view does
neither. Object visibility in lists, search and exports is enforced by the `visible_to` querysets
of the models, which these predicates mirror.
"""

from __future__ import annotations

import rules

# --- Roles --------------------------------------------------------------------------------------


@rules.predicate
def is_organiser(user) -> bool:
    return bool(user.is_authenticated and user.is_organiser and user.is_active)


@rules.predicate
def is_pupil(user) -> bool:
    return bool(user.is_authenticated and user.is_pupil)


@rules.predicate
def is_cluster_user(user) -> bool:
    """A signed-in adult account: anyone signed in who is not a pupil."""
    return bool(user.is_authenticated and user.is_active and not user.is_pupil)


def _memberships(user):
    from partnerup.directory.models import Membership

    return Membership.objects.filter(person__user=user)


@rules.predicate
def is_organisation_admin(user, organisation) -> bool:
    if organisation is None or not user.is_authenticated:
        return False
    return _memberships(user).filter(organisation=organisation, role="admin").exists()


@rules.predicate
def is_organisation_member(user, organisation) -> bool:
    if organisation is None or not user.is_authenticated or user.is_pupil:
        return False
    return _memberships(user).filter(organisation=organisation).exists()


@rules.predicate
def is_any_organisation_admin(user) -> bool:
    return bool(user.is_authenticated and _memberships(user).filter(role="admin").exists())


@rules.predicate
def is_asset_owner_member(user, asset) -> bool:
    return asset is not None and is_organisation_member(user, asset.organisation)


@rules.predicate
def can_see_asset(user, asset) -> bool:
    from partnerup.directory.models import Asset

    return asset is not None and Asset.objects.visible_to(user).filter(pk=asset.pk).exists()


@rules.predicate
def is_self(user, person) -> bool:
    return person is not None and user.is_authenticated and person.user_id == user.pk


@rules.predicate
def administers_person(user, person) -> bool:
    if person is None or not user.is_authenticated:
        return False
    return (
        _memberships(user).filter(role="admin", organisation__memberships__person=person).exists()
    )


always = rules.always_allow

# --- Directory ----------------------------------------------------------------------------------
rules.add_perm("directory.browse", always)
rules.add_perm("directory.browse_people", is_cluster_user)
rules.add_perm("directory.view_asset", can_see_asset)
rules.add_perm("directory.change_organisation", is_organiser | is_organisation_admin)
rules.add_perm("directory.add_asset", is_organiser | is_organisation_member)
rules.add_perm("directory.change_asset", is_organiser | is_asset_owner_member)
rules.add_perm("directory.change_person", is_organiser | is_self | administers_person)
rules.add_perm("directory.export", is_cluster_user)
rules.add_perm("directory.view_taxonomy", always)

# --- Accounts -----------------------------------------------------------------------------------
rules.add_perm("accounts.view_own_account", rules.is_authenticated)
rules.add_perm("accounts.invite", is_organiser | is_any_organisation_admin)
rules.add_perm("accounts.invite_to", is_organiser | is_organisation_admin)
rules.add_perm("accounts.accept_invitation", always)

# --- Organisers ---------------------------------------------------------------------------------
rules.add_perm("common.view_activity", is_organiser)
