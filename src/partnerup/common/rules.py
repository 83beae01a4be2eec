"""Every permission of PartnerUp, declared in this one module.

Deny by default: a view must name one of these permissions (see `partnerup.common.views.require`)
or be marked public, and a system check (common/checks.py) fails for any URL whose view does
neither. Object visibility in lists, search and exports is enforced by the `visible_to` querysets
of the models, which these predicates mirror.
"""

from __future__ import annotations

import rules
from django.apps import apps

# Models are looked up by name, not imported: `common` sits below the domain apps
# (docs/architecture.md) and tests/test_architecture.py holds it to that.

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
    Membership = apps.get_model("directory", "Membership")
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
    Asset = apps.get_model("directory", "Asset")
    return asset is not None and Asset.objects.visible_to(user).filter(pk=asset.pk).exists()


@rules.predicate
def is_verified_member(user) -> bool:
    """A confirmed e-mail address and a membership in a member organisation: the cluster's
    signed-in audience (mirrors `directory.models.verified_member_condition`). Signing up alone
    is not enough."""
    if not (user.is_authenticated and user.is_active) or user.is_pupil:
        return False
    EmailAddress = apps.get_model("account", "EmailAddress")
    return (
        EmailAddress.objects.filter(user=user, verified=True).exists()
        and _memberships(user).filter(organisation__is_member=True).exists()
    )


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
rules.add_perm("directory.browse_people", is_organiser | is_verified_member)
rules.add_perm("directory.view_asset", can_see_asset)
rules.add_perm("directory.change_organisation", is_organiser | is_organisation_admin)
rules.add_perm("directory.add_asset", is_organiser | is_organisation_member)
rules.add_perm("directory.change_asset", is_organiser | is_asset_owner_member)
rules.add_perm("directory.change_person", is_organiser | is_self | administers_person)
rules.add_perm("directory.export", is_cluster_user)
rules.add_perm("directory.view_taxonomy", always)

# --- Accounts -----------------------------------------------------------------------------------
rules.add_perm("accounts.view_own_account", rules.is_authenticated)
# Pupils are minors in a school programme: their records are erased by their coordinator.
rules.add_perm("accounts.delete_own_account", is_cluster_user)
rules.add_perm("accounts.invite", is_organiser | is_any_organisation_admin)
rules.add_perm("accounts.invite_to", is_organiser | is_organisation_admin)
rules.add_perm("accounts.accept_invitation", always)
rules.add_perm("accounts.revoke_organiser", is_organiser)

# --- Organisers ---------------------------------------------------------------------------------
rules.add_perm("common.view_activity", is_organiser)
rules.add_perm("common.view_outbox", is_organiser)
# The admin: organisers only (the site also asks for MFA in the session, accounts/admin_site.py).
# Read and write apart: stateful models are read-only there whatever this says (common/admin.py).
rules.add_perm("common.view_admin", is_organiser)
rules.add_perm("common.edit_in_admin", is_organiser)
rules.add_perm("common.resend_outbox", is_organiser)

# --- School programme ---------------------------------------------------------------------------
# Pupils are minors: only organisers, their school's coordinators and teachers, the host admins
# and mentor of their placement, and the pupil see them (Pupil.objects.visible_to).


@rules.predicate
def is_school_staff(user) -> bool:
    return bool(
        user.is_authenticated
        and _memberships(user).filter(role__in=["coordinator", "teacher"]).exists()
    )


@rules.predicate
def is_school_coordinator_of(user, pupil) -> bool:
    if pupil is None or not user.is_authenticated:
        return False
    return _memberships(user).filter(organisation=pupil.school_id, role="coordinator").exists()


@rules.predicate
def can_see_pupil(user, pupil) -> bool:
    Pupil = apps.get_model("placements", "Pupil")
    return pupil is not None and Pupil.objects.visible_to(user).filter(pk=pupil.pk).exists()


@rules.predicate
def is_school_staff_of(user, pupil) -> bool:
    if pupil is None or not user.is_authenticated:
        return False
    return (
        _memberships(user)
        .filter(organisation=pupil.school_id, role__in=["coordinator", "teacher"])
        .exists()
    )


@rules.predicate
def has_pupil_record(user) -> bool:
    return bool(user.is_authenticated and user.is_pupil and hasattr(user, "pupil"))


@rules.predicate
def is_host_member(user, offer) -> bool:
    return offer is not None and is_organisation_member(user, offer.host)


@rules.predicate
def can_host(user) -> bool:
    if not user.is_authenticated or user.is_pupil:
        return False
    return _memberships(user).exclude(organisation__kind="school").exists()


@rules.predicate
def is_placement_mentor(user, placement) -> bool:
    return bool(
        placement is not None
        and placement.mentor_id
        and user.is_authenticated
        and placement.mentor.user_id == user.pk
    )


@rules.predicate
def is_placement_host_admin(user, placement) -> bool:
    return placement is not None and is_organisation_admin(user, placement.host)


@rules.predicate
def is_placed_pupil(user, placement) -> bool:
    return bool(
        placement is not None
        and placement.pupil_id
        and user.is_authenticated
        and placement.pupil.user_id == user.pk
    )


@rules.predicate
def is_placement_school_staff(user, placement) -> bool:
    return bool(
        placement is not None and placement.pupil_id and is_school_staff_of(user, placement.pupil)
    )


rules.add_perm("placements.view_programme", is_organiser | is_school_staff | can_host)
rules.add_perm("placements.view_statistics", is_cluster_user)
rules.add_perm("placements.import_history", is_organiser)
rules.add_perm("placements.manage_rounds", is_organiser)
rules.add_perm("placements.view_offers", rules.is_authenticated)
rules.add_perm("placements.add_offer", is_organiser | can_host)
rules.add_perm("placements.change_offer", is_organiser | is_host_member)
rules.add_perm("placements.apply", has_pupil_record)
rules.add_perm("placements.manage_pupils", is_organiser | is_school_staff)
rules.add_perm("placements.view_pupil", can_see_pupil)
rules.add_perm("placements.change_pupil", is_organiser | is_school_staff_of)
rules.add_perm("placements.erase_pupil", is_organiser | is_school_coordinator_of)
rules.add_perm(
    "placements.view_placement",
    is_organiser
    | is_placement_mentor
    | is_placement_host_admin
    | is_placed_pupil
    | is_placement_school_staff,
)
rules.add_perm(
    "placements.mentor_placement", is_organiser | is_placement_mentor | is_placement_host_admin
)
rules.add_perm("placements.evaluate_placement", is_placed_pupil)
rules.add_perm("placements.manage_activities", is_organiser)

# --- Partnering events --------------------------------------------------------------------------


@rules.predicate
def is_event_participant(user, event) -> bool:
    Participant = apps.get_model("events", "Participant")
    return bool(
        event is not None
        and user.is_authenticated
        and Participant.objects.filter(
            event=event, user=user, status=Participant.Status.APPROVED
        ).exists()
    )


@rules.predicate
def is_request_party(user, request) -> bool:
    return bool(
        request is not None
        and user.is_authenticated
        and user.pk in {request.sender.user_id, request.recipient.user_id}
    )


@rules.predicate
def is_published_event(user, event) -> bool:
    return bool(event is not None and event.published)


rules.add_perm("events.browse", is_cluster_user)
# An event's landing page (description, programme, counts of who is coming, never names) is
# public once the event is published; organisers also see unpublished ones.
rules.add_perm("events.view_public_event", is_organiser | is_published_event)
rules.add_perm("events.register", is_cluster_user)
rules.add_perm("events.view_participants", is_organiser | is_event_participant)
rules.add_perm("events.request_meeting", is_event_participant | is_organiser)
rules.add_perm("events.view_requests", is_organiser | is_event_participant)
rules.add_perm("events.manage", is_organiser)


@rules.predicate
def is_own_participation(user, participant) -> bool:
    return bool(
        participant is not None and user.is_authenticated and participant.user_id == user.pk
    )


rules.add_perm("events.view_agenda", is_own_participation)


@rules.predicate
def is_meeting_party(user, meeting) -> bool:
    return bool(
        meeting is not None
        and user.is_authenticated
        and meeting.seats.filter(participant__user=user).exists()
    )


rules.add_perm("events.view_meeting", is_organiser | is_meeting_party)
# Writes on a meeting, apart from reading it. Whether the moment is right (feedback only after
# the meeting's start) is the domain's rule: the page explains it instead of a bare 403.
rules.add_perm("events.give_feedback", is_meeting_party)
rules.add_perm("events.mark_meeting", is_organiser | is_meeting_party)
rules.add_perm("events.add_colleague", is_organiser | is_meeting_party)
rules.add_perm("events.pick_slot", is_organiser | is_meeting_party)


@rules.predicate
def is_request_recipient(user, request) -> bool:
    return bool(
        request is not None and user.is_authenticated and request.recipient.user_id == user.pk
    )


# Who asked whom is private: the two and the organisers see a request (others get 404).
rules.add_perm("events.view_request", is_organiser | is_request_party)
rules.add_perm("events.accept_request", is_organiser | is_request_recipient)
rules.add_perm("events.cancel_request", is_organiser | is_request_party)


@rules.predicate
def is_event_host_member(user, event) -> bool:
    """Someone of one of the event's host partners (they may publish scouting calls)."""
    if event is None or not user.is_authenticated or user.is_pupil:
        return False
    return _memberships(user).filter(organisation__hosted_events=event).exists()


@rules.predicate
def is_call_host_member(user, call) -> bool:
    return call is not None and is_organisation_member(user, call.host)


@rules.predicate
def is_pitch_host_member(user, pitch) -> bool:
    return pitch is not None and is_organisation_member(user, pitch.call.host)


@rules.predicate
def is_pitcher(user, pitch) -> bool:
    return bool(
        pitch is not None and user.is_authenticated and pitch.participant.user_id == user.pk
    )


@rules.predicate
def can_download_pitch_attachment(user, pitch) -> bool:
    Pitch = apps.get_model("events", "Pitch")
    return (
        pitch is not None and Pitch.objects.attachment_visible_to(user).filter(pk=pitch.pk).exists()
    )


@rules.predicate
def may_pitch_to(user, call) -> bool:
    return call is not None and is_event_participant(user, call.event)


rules.add_perm("events.add_call", is_organiser | is_event_host_member)
rules.add_perm("events.view_pitches", is_organiser | is_call_host_member)
rules.add_perm("events.invite_pitchers", is_organiser | is_call_host_member)
rules.add_perm("events.submit_pitch", may_pitch_to)
rules.add_perm("events.decline_pitch", is_organiser | is_pitch_host_member)
rules.add_perm("events.withdraw_pitch", is_pitcher)
rules.add_perm("events.download_pitch_attachment", can_download_pitch_attachment)
