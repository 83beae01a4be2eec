"""State changes of accounts. Views, the admin and commands call these, never write directly."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerup.accounts.models import Invitation, User
from partnerup.common.activity import forget_in_log, log_action
from partnerup.common.mail import forget_in_outbox, send_after_commit
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


def has_verified_email(user: User, email: str) -> bool:
    """Whether `email` is one of the user's addresses and its owner proved it (allauth)."""
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


@transaction.atomic
def accept_invitation(invitation: Invitation, user: User) -> Person:
    """Give `user` what the invitation grants, if it was sent to one of their verified addresses.

    Raises InvitationError when the invitation is used, expired, or addressed to someone else.
    Side effects: marks the invitation accepted (row-locked, so it is used once); creates the
    user's Person if missing; adds a Membership with the invited role, or makes the user an
    organiser (never a superuser: that is the operator account from createsuperuser); logs
    `accounts.invitation.accepted` and `accounts.role.granted`.
    """
    invitation = Invitation.objects.select_for_update(no_key=True, of=("self",)).get(
        pk=invitation.pk
    )
    if not invitation.is_open:
        raise InvitationError(_("This invitation has been used or has expired."))
    if not has_verified_email(user, invitation.email):
        raise InvitationError(
            _(
                "This invitation was sent to another e-mail address. Sign in with that address, "
                "or add it to your account and confirm it, then open the link again."
            )
        )
    person, _created = Person.objects.get_or_create(
        user=user, defaults={"name": user.name or invitation.name or user.email}
    )
    granted = None
    if invitation.role == Invitation.Role.ORGANISER and not user.is_organiser:
        # Admin access comes from the rules (common.view_admin); is_staff shows the link.
        user.is_organiser = user.is_staff = True
        user.save(update_fields=["is_organiser", "is_staff"])
        granted = {"role": "organiser"}
    if invitation.organisation is not None:
        role = invitation.role if invitation.role in Membership.Role.values else "member"
        membership, created = Membership.objects.get_or_create(
            person=person, organisation=invitation.organisation, defaults={"role": role}
        )
        if not created and role == Membership.Role.ADMIN and membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
            created = True
        if created:
            granted = {"role": membership.role, "organisation": invitation.organisation.name}
    invitation.accepted = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted", "accepted_by"])
    log_action(
        invitation.organisation or invitation,
        "accounts.invitation.accepted",
        user,
        {"email": invitation.email, "role": invitation.role},
    )
    if granted is not None:
        log_action(
            user,
            "accounts.role.granted",
            invitation.invited_by,
            {**granted, "invitation": invitation.pk, "accepted_by": user.email},
        )
    return person


@transaction.atomic
def update_account(user: User, *, name: str, language: str) -> dict[str, str]:
    """Change the account's name and language; returns the changed fields.

    Side effects: saves the user; logs `accounts.account.changed` when something changed.
    """
    changes = {}
    if user.name != name:
        changes["name"] = name
    if user.language != language:
        changes["language"] = language
    if changes:
        user.name, user.language = name, language
        user.save(update_fields=list(changes))
        log_action(user, "accounts.account.changed", user, changes)
    return changes


def set_language(user: User, code: str) -> None:
    """Keep the user's language choice (pages and e-mails). Side effects: saves the user."""
    if code not in dict(settings.LANGUAGES):
        raise ValueError(f"Unknown language {code!r}.")
    if user.language != code:
        user.language = code
        user.save(update_fields=["language"])


@transaction.atomic
def revoke_organiser(user: User, actor: User) -> bool:
    """Take the organiser role (and with it the admin) away; returns whether it was held.

    Raises ValueError when organisers would revoke their own role (someone else must, so the
    cluster is never left without one by a slip). Side effects: saves the user; logs
    `accounts.role.revoked`.
    """
    if user.pk == actor.pk:
        raise ValueError(_("You cannot take away your own organiser role."))
    if not user.is_organiser:
        return False
    user.is_organiser = user.is_staff = False
    user.save(update_fields=["is_organiser", "is_staff"])
    log_action(user, "accounts.role.revoked", actor, {"role": "organiser"})
    return True


# --- Erasure ------------------------------------------------------------------------------------


def _end_sessions(user: User) -> None:
    # A session holds the user's id and how they signed in (the address they typed); expired
    # ones too, until `clearsessions` runs.
    from django.contrib.sessions.models import Session

    for session in Session.objects.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


@transaction.atomic
def delete_account(user: User, actor, reason: str = "request") -> None:
    """Delete an account and the personal data that hangs on it, everywhere.

    Side effects: erases the user's pupil record, if any (`erase_pupil`); deletes their event
    registrations with their meeting requests and messages, seats, feedback and pitches, and the
    pitch attachments from storage after commit (`events.domain.privacy`); deletes their person
    in the directory with its memberships (placements they mentored keep no mentor) and the
    invitations to their address; ends their sessions; deletes the user with e-mail addresses
    and second factors; activity-log entries about them lose their label and details and every
    other entry or e-mail naming them has the name or address replaced; e-mails to them are
    deleted; logs `accounts.account.deleted` without personal data.
    """
    from partnerup.events.domain.privacy import erase_event_data
    from partnerup.placements.models import Pupil

    user = User.objects.select_for_update(of=("self",)).get(pk=user.pk)
    pupil = Pupil.objects.filter(user=user).first()
    if pupil is not None:
        from partnerup.placements.domain import erase_pupil

        # erase_pupil deletes the account through this function once the pupil is gone.
        erase_pupil(pupil, actor, reason=reason)
        return
    deleted = _("(deleted account)")
    person = Person.objects.filter(user=user).first()
    invitations = Invitation.objects.filter(email__iexact=user.email)
    needles = [user.name, user.email, *invitations.values_list("name", flat=True)]
    addresses = [user.email]
    objects: list[tuple[type, object, str]] = [(User, user.pk, deleted)]
    objects += [(Invitation, pk, deleted) for pk in invitations.values_list("pk", flat=True)]
    if person is not None:
        needles += [person.name, person.email]
        addresses.append(person.email)
        objects.append((Person, person.pk, deleted))
        objects += [
            (Membership, pk, deleted) for pk in person.memberships.values_list("pk", flat=True)
        ]
    from allauth.account.models import EmailAddress

    for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True):
        needles.append(address)
        addresses.append(address)
    needles += erase_event_data(user, needles=needles, replacement=deleted)
    _end_sessions(user)
    invitations.delete()
    if person is not None:
        person.delete()
    user_id = user.pk
    user.delete()
    forget_in_log(objects=objects, needles=needles, replacement=deleted)
    forget_in_outbox(addresses=addresses, needles=needles, replacement=deleted)
    log_action(
        User(pk=user_id),
        "accounts.account.deleted",
        actor if actor is not None and getattr(actor, "pk", None) != user_id else None,
        {"reason": reason},
        label=deleted,
    )
