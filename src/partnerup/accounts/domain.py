"""State changes of accounts. Views, the admin and commands call these, never write directly."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partnerup.accounts.models import Invitation, User
from partnerup.common.activity import log_action
from partnerup.common.mail import send_after_commit
from partnerup.directory.models import Membership, Organisation, Person


class InvitationError(Exception):
    pass


@transaction.atomic
def send_invitation(
    *,
    invited_by: User,
    email: str,
    role: str,
    organisation: Organisation | None = None,
    name: str = "",
    language: str = "en",
) -> Invitation:
    """Create an invitation and e-mail its link.

    Side effects: an Invitation row; an activity-log entry on the organisation (or the
    invitation); one e-mail to `email` in `language`, sent after commit.
    """
    invitation = Invitation.objects.create(
        email=email.lower(), name=name, organisation=organisation, role=role, invited_by=invited_by
    )
    log_action(
        organisation or invitation,
        "accounts.invitation.sent",
        invited_by,
        {"email": invitation.email, "role": role},
    )
    link = reverse("accounts:invitation", kwargs={"token": invitation.token})
    send_after_commit(
        invitation.email,
        "accounts/mail/invitation",
        {"invitation": invitation, "link": link, "inviter": invited_by},
        language,
    )
    return invitation


@transaction.atomic
def accept_invitation(invitation: Invitation, user: User) -> Person:
    """Give `user` what the invitation grants.

    Side effects: marks the invitation accepted (row-locked, so it is used once); creates the
    user's Person if missing; adds a Membership with the invited role, or makes the user an
    organiser; marks the invited e-mail address verified when it is the user's; logs the change.
    """
    invitation = Invitation.objects.select_for_update(no_key=True, of=("self",)).get(
        pk=invitation.pk
    )
    if not invitation.is_open:
        raise InvitationError("This invitation has been used or has expired.")
    person, _created = Person.objects.get_or_create(
        user=user, defaults={"name": user.name or invitation.name or user.email}
    )
    if invitation.role == Invitation.Role.ORGANISER:
        # Organisers manage everything in the admin as well.
        user.is_organiser = user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_organiser", "is_staff", "is_superuser"])
    if invitation.organisation is not None:
        role = invitation.role if invitation.role in Membership.Role.values else "member"
        membership, created = Membership.objects.get_or_create(
            person=person, organisation=invitation.organisation, defaults={"role": role}
        )
        if not created and role == Membership.Role.ADMIN and membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
    invitation.accepted = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted", "accepted_by"])
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user, email__iexact=invitation.email).update(verified=True)
    log_action(
        invitation.organisation or invitation,
        "accounts.invitation.accepted",
        user,
        {"email": invitation.email, "role": invitation.role},
    )
    return person
