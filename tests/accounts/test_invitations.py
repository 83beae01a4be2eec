from __future__ import annotations

import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partnerup.accounts.models import Invitation
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


def test_organiser_invitation_makes_an_organiser(client, world):
    invitation = Invitation.objects.create(email="staff@example.org", role="organiser")
    user = factories.make_user("staff@example.org")
    login(client, user)
    client.post(reverse("accounts:invitation", args=[invitation.token]))
    user.refresh_from_db()
    assert user.is_organiser
