from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partnerup.accounts.domain import InvitationError, accept_invitation
from partnerup.accounts.models import Invitation, User
from partnerup.common.models import ActivityLog
from partnerup.directory.models import Membership
from tests import factories
from tests.conftest import login


def test_org_admin_invites_a_member_who_signs_up(client, world, django_capture_on_commit_callbacks):
    login(client, world["roles"]["org_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:invitations"),
            {
                "email": "New.Person@Example.org",
                "name": "New Person",
                "organisation": world["startup"].pk,
                "role": "member",
                "language": "nb",
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert "invitert" in message.body  # Norwegian, as chosen
    link = re.search(r"http://\S+/invitations/\S+/", message.body).group(0)
    path = link.split("8000", 1)[-1] if "8000" in link else "/" + link.split("/", 3)[3]

    client.logout()
    assert client.get(path).status_code == 200
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new.person@example.org",
            "password1": "a-Long-new-password-9",
            "password2": "a-Long-new-password-9",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person__user__email="new.person@example.org")
    assert membership.organisation == world["startup"]
    assert membership.role == "member"
    invitation = Invitation.objects.get()
    assert invitation.accepted is not None
    assert ActivityLog.objects.filter(action="accounts.invitation.accepted").count() == 1
    # Used once: the link now answers 410 Gone.
    assert client.get(path).status_code == 410


def test_org_admin_cannot_invite_to_another_organisation(client, world):
    login(client, world["roles"]["org_admin"])
    response = client.post(
        reverse("accounts:invitations"),
        {
            "email": "x@example.org",
            "organisation": world["pharma"].pk,
            "role": "member",
            "language": "en",
        },
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert Invitation.objects.count() == 0


def test_org_admin_cannot_invite_organisers(client, world):
    login(client, world["roles"]["org_admin"])
    response = client.post(
        reverse("accounts:invitations"),
        {
            "email": "x@example.org",
            "organisation": world["startup"].pk,
            "role": "organiser",
            "language": "en",
        },
    )
    assert response.status_code == 200
    assert "role" in response.context["form"].errors


def test_signed_in_user_accepts_invitation_as_admin(client, world):
    user = world["roles"]["outsider"]
    invitation = Invitation.objects.create(
        email=user.email, organisation=world["startup"], role="admin"
    )
    login(client, user)
    response = client.post(reverse("accounts:invitation", args=[invitation.token]))
    assert response.status_code == 302
    assert Membership.objects.get(person__user=user, organisation=world["startup"]).role == "admin"


def test_expired_invitation_is_refused(client, world):
    invitation = Invitation.objects.create(
        email="late@example.org",
        organisation=world["startup"],
        expires=timezone.now() - timedelta(minutes=1),
    )
    assert client.get(reverse("accounts:invitation", args=[invitation.token])).status_code == 410


def test_unknown_invitation_token_is_404(client, db):
    assert client.get(reverse("accounts:invitation", args=["nope"])).status_code == 404


def test_coordinator_role_only_at_a_school(client, world):
    login(client, world["roles"]["organiser"])
    response = client.post(
        reverse("accounts:invitations"),
        {
            "email": "c@example.org",
            "organisation": world["startup"].pk,
            "role": "coordinator",
            "language": "en",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["role"] == [
        "Coordinators and teachers belong to a school."
    ]


def test_organiser_invitation_makes_an_organiser_not_a_superuser(client, world):
    invitation = Invitation.objects.create(
        email="staff@example.org", role="organiser", invited_by=world["roles"]["organiser"]
    )
    user = factories.make_user("staff@example.org")
    login(client, user)
    client.post(reverse("accounts:invitation", args=[invitation.token]))
    user.refresh_from_db()
    assert user.is_organiser
    assert not user.is_superuser
    grant = ActivityLog.objects.get(action="accounts.role.granted")
    assert grant.object_id == str(user.pk)
    assert grant.actor == world["roles"]["organiser"]
    assert grant.data["role"] == "organiser"


def test_someone_else_signed_in_cannot_use_an_organiser_invitation(client, world):
    """An outsider who got hold of the link gains nothing: the invitation is for its address."""
    invitation = Invitation.objects.create(email="staff@example.org", role="organiser")
    outsider = world["roles"]["outsider"]
    login(client, outsider)
    response = client.post(reverse("accounts:invitation", args=[invitation.token]))
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert not outsider.is_organiser
    assert not outsider.is_superuser
    invitation.refresh_from_db()
    assert invitation.accepted is None
    assert not ActivityLog.objects.filter(action="accounts.role.granted").exists()


def test_unverified_address_cannot_accept(client, world):
    from allauth.account.models import EmailAddress

    user = factories.make_user("staff@example.org")
    EmailAddress.objects.filter(user=user).update(verified=False)
    invitation = Invitation.objects.create(email="staff@example.org", role="organiser")
    login(client, user)
    client.post(reverse("accounts:invitation", args=[invitation.token]))
    user.refresh_from_db()
    assert not user.is_organiser


def test_signing_up_with_another_address_does_not_accept(client, world):
    invitation = Invitation.objects.create(email="staff@example.org", role="organiser")
    assert client.get(reverse("accounts:invitation", args=[invitation.token])).status_code == 200
    client.post(
        reverse("account_signup"),
        {
            "email": "intruder@example.org",
            "password1": "a-Long-new-password-9",
            "password2": "a-Long-new-password-9",
        },
    )
    intruder = User.objects.get(email="intruder@example.org")
    assert not intruder.is_organiser
    assert not intruder.is_superuser
    # The invited address was not slipped into the intruder's account either.
    assert not intruder.emailaddress_set.filter(email="staff@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.accepted is None


def test_an_invitation_is_used_once(client, world):
    invitation = Invitation.objects.create(
        email=world["roles"]["outsider"].email, organisation=world["startup"], role="admin"
    )
    login(client, world["roles"]["outsider"])
    client.post(reverse("accounts:invitation", args=[invitation.token]))
    with pytest.raises(InvitationError):
        accept_invitation(invitation, world["roles"]["outsider"])
    assert ActivityLog.objects.filter(action="accounts.invitation.accepted").count() == 1


def test_expired_invitation_cannot_be_accepted(world):
    user = world["roles"]["outsider"]
    invitation = Invitation.objects.create(
        email=user.email, role="organiser", expires=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(InvitationError):
        accept_invitation(invitation, user)
    user.refresh_from_db()
    assert not user.is_organiser
