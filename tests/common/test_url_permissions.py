"""Every URL of PartnerUp, visited as every role: the answer each role gets is declared here.

A URL that is added to the project without a line in EXPECTED fails `test_every_url_is_listed`.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import login

ROLES = [
    "anonymous",
    "organiser",
    "org_admin",
    "org_member",
    "outsider",
    "coordinator",
    "mentor",
    "pupil",
]


def answers(default: int, **overrides: int) -> dict[str, int]:
    return {role: overrides.get(role, default) for role in ROLES}


SIGNED_IN = answers(200, anonymous=302)
CLUSTER_USERS = answers(200, anonymous=302, pupil=403)
ORGANISERS = answers(403, anonymous=302, organiser=200)
POST_ORGANISERS = answers(403, anonymous=302, organiser=405)
EVENT_PEOPLE = answers(403, anonymous=302, organiser=200, org_member=200, mentor=200)
HOST_PHARMA = answers(403, anonymous=302, organiser=200, mentor=200)  # mentor works at pharma

# name -> (method, kwargs builder, expected status per role)
EXPECTED = {
    "home": ("get", lambda w: {}, answers(200)),
    "healthz": ("get", lambda w: {}, answers(200)),
    "activity": ("get", lambda w: {}, ORGANISERS),
    "outbox": ("get", lambda w: {}, ORGANISERS),
    "outbox_resend": ("get", lambda w: {"pk": w["mail"].pk}, POST_ORGANISERS),
    "directory:organisations": ("get", lambda w: {}, answers(200)),
    "directory:export_organisations": ("get", lambda w: {"file_format": "csv"}, CLUSTER_USERS),
    "directory:organisation": (
        "get",
        lambda w: {"slug": w["hidden"].slug},
        answers(404, organiser=200),
    ),
    "directory:organisation_edit": (
        "get",
        lambda w: {"slug": w["startup"].slug},
        answers(403, anonymous=302, organiser=200, org_admin=200),
    ),
    "directory:asset_create": (
        "get",
        lambda w: {"slug": w["startup"].slug},
        answers(403, anonymous=302, organiser=200, org_admin=200, org_member=200),
    ),
    "directory:assets": ("get", lambda w: {}, answers(200)),
    "directory:export_assets": ("get", lambda w: {"file_format": "xlsx"}, CLUSTER_USERS),
    "directory:asset": (
        "get",
        lambda w: {"pk": w["assets"]["restricted"].pk},
        answers(404, organiser=200, org_admin=200, org_member=200, mentor=200),
    ),
    "directory:asset_edit": (
        "get",
        lambda w: {"pk": w["assets"]["restricted"].pk},
        answers(404, organiser=200, org_admin=200, org_member=200, mentor=403),
    ),
    # GET on a POST-only view: allowed roles reach the method check (405), others never do.
    "directory:asset_delete": (
        "get",
        lambda w: {"pk": w["assets"]["restricted"].pk},
        answers(404, organiser=405, org_admin=405, org_member=405, mentor=403),
    ),
    "directory:people": ("get", lambda w: {}, CLUSTER_USERS),
    "directory:person": (
        "get",
        lambda w: {"pk": w["private_person"].pk},
        answers(404, organiser=200, org_admin=200, org_member=200),
    ),
    "directory:taxonomy": ("get", lambda w: {}, answers(200)),
    "accounts:me": ("get", lambda w: {}, SIGNED_IN),
    "accounts:delete_me": ("get", lambda w: {}, CLUSTER_USERS),
    "accounts:invitations": (
        "get",
        lambda w: {},
        answers(403, anonymous=302, organiser=200, org_admin=200),
    ),
    "accounts:invitation": ("get", lambda w: {"token": w["invitation"].token}, answers(200)),
    "accounts:set_language": ("post", lambda w: {}, answers(302)),
    # The admin's log-in is the one log-in page: anonymous users are sent there, organisers (with
    # the second factor in the session) on to the admin, everyone else is refused.
    "accounts:admin_login": ("get", lambda w: {}, answers(403, anonymous=302, organiser=302)),
    "accounts:admin_password_change": ("get", lambda w: {}, answers(302)),
    # The school programme. Pupils are minors: their pages answer 404 to everyone else.
    "placements:index": ("get", lambda w: {}, answers(200, anonymous=302, pupil=403)),
    "placements:statistics": ("get", lambda w: {}, CLUSTER_USERS),
    "placements:statistics_export": ("get", lambda w: {"file_format": "csv"}, CLUSTER_USERS),
    "placements:history_import": ("get", lambda w: {}, ORGANISERS),
    "placements:round_create": ("get", lambda w: {}, ORGANISERS),
    "placements:round": ("get", lambda w: {"pk": w["round"].pk}, ORGANISERS),
    "placements:round_edit": ("get", lambda w: {"pk": w["round"].pk}, ORGANISERS),
    "placements:round_allocate": ("get", lambda w: {"pk": w["round"].pk}, POST_ORGANISERS),
    "placements:round_adjust": ("get", lambda w: {"pk": w["round"].pk}, POST_ORGANISERS),
    "placements:round_publish": ("get", lambda w: {"pk": w["round"].pk}, POST_ORGANISERS),
    "placements:apply": (
        "get",
        lambda w: {"pk": w["round"].pk},
        answers(403, anonymous=302, pupil=200),
    ),
    "placements:offers": ("get", lambda w: {}, SIGNED_IN),
    "placements:offer_create": (
        "get",
        lambda w: {},
        answers(200, anonymous=302, coordinator=403, pupil=403),
    ),
    "placements:offer": ("get", lambda w: {"pk": w["offer"].pk}, SIGNED_IN),
    "placements:offer_edit": ("get", lambda w: {"pk": w["offer"].pk}, HOST_PHARMA),
    "placements:offer_rank": ("get", lambda w: {"pk": w["offer"].pk}, HOST_PHARMA),
    "placements:my": ("get", lambda w: {}, answers(403, anonymous=302, pupil=200)),
    "placements:pupils": (
        "get",
        lambda w: {},
        answers(403, anonymous=302, organiser=200, coordinator=200),
    ),
    "placements:pupil_create": (
        "get",
        lambda w: {},
        answers(403, anonymous=302, organiser=200, coordinator=200),
    ),
    "placements:pupil": (
        "get",
        lambda w: {"pk": w["pupil"].pk},
        answers(404, organiser=200, coordinator=200, mentor=200, pupil=200),
    ),
    "placements:pupil_edit": (
        "get",
        lambda w: {"pk": w["pupil"].pk},
        answers(404, organiser=200, coordinator=200, mentor=403, pupil=403),
    ),
    "placements:pupil_export": (
        "get",
        lambda w: {"pk": w["pupil"].pk},
        answers(404, organiser=200, coordinator=200, mentor=403, pupil=403),
    ),
    "placements:pupil_erase": (
        "get",
        lambda w: {"pk": w["pupil"].pk},
        answers(404, organiser=405, coordinator=405, mentor=403, pupil=403),
    ),
    "placements:placement": (
        "get",
        lambda w: {"pk": w["placement"].pk},
        answers(404, organiser=200, coordinator=200, mentor=200, pupil=200),
    ),
    "placements:placement_evaluate": (
        "get",
        lambda w: {"pk": w["placement"].pk},
        answers(404, organiser=403, coordinator=403, mentor=403, pupil=200),
    ),
    # Partnering events: who asked whom is private to the two and the organisers.
    "events:events": ("get", lambda w: {}, CLUSTER_USERS),
    # A published event's landing page is public (counts of who comes, never names).
    "events:event": ("get", lambda w: {"slug": w["event"].slug}, answers(200)),
    "events:register": (
        "get",
        lambda w: {"slug": w["event"].slug},
        answers(200, anonymous=302, pupil=403, org_member=302, mentor=302),
    ),
    "events:participants": ("get", lambda w: {"slug": w["event"].slug}, EVENT_PEOPLE),
    "events:requests": ("get", lambda w: {"slug": w["event"].slug}, EVENT_PEOPLE),
    "events:request_create": (
        "get",
        lambda w: {"slug": w["event"].slug, "pk": w["meeting_request"].recipient_id},
        answers(403, anonymous=302, organiser=405, org_member=405, mentor=405),
    ),
    "events:request_action": (
        "get",
        lambda w: {"pk": w["meeting_request"].pk, "action": "accept"},
        answers(404, organiser=405, org_member=405, mentor=405),
    ),
    "events:registrations": ("get", lambda w: {"slug": w["event"].slug}, ORGANISERS),
    "events:checkin": ("get", lambda w: {"slug": w["event"].slug}, ORGANISERS),
    "events:dashboard": ("get", lambda w: {"slug": w["event"].slug}, ORGANISERS),
    "events:schedule": ("get", lambda w: {"slug": w["event"].slug}, ORGANISERS),
    "events:schedule_run": ("get", lambda w: {"pk": w["run"].pk}, ORGANISERS),
    "events:export": (
        "get",
        lambda w: {"slug": w["event"].slug, "kind": "participants", "file_format": "csv"},
        ORGANISERS,
    ),
    "events:calls": ("get", lambda w: {"slug": w["event"].slug}, CLUSTER_USERS),
    "events:call": ("get", lambda w: {"pk": w["call"].pk}, CLUSTER_USERS),
    # A private file: the pitcher, the host's people and organisers; 404 for everyone else.
    "events:pitch_attachment": (
        "get",
        lambda w: {"pk": w["pitch"].pk},
        answers(404, organiser=200, org_member=200, mentor=200),
    ),
    "events:meeting_pick_slot": (
        "get",
        lambda w: {"pk": w["meeting"].pk},
        answers(404, organiser=405, org_member=405, mentor=405),
    ),
    "events:agenda": (
        "get",
        lambda w: {"slug": w["event"].slug},
        answers(404, org_member=200, mentor=200),
    ),
    "events:meeting": (
        "get",
        lambda w: {"pk": w["meeting"].pk},
        answers(404, organiser=200, org_member=200, mentor=200),
    ),
    # The token is the key; the page is the same for every role.
    "events:calendar": ("get", lambda w: {"token": w["calendar_token"]}, answers(200)),
    "placements:activities": ("get", lambda w: {}, ORGANISERS),
    "placements:activity_create": ("get", lambda w: {}, ORGANISERS),
}


def url_names() -> set[str]:
    """Every URL name of PartnerUp's own views, qualified by its URL namespace."""
    from django.urls import URLResolver, get_resolver

    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif getattr(pattern.callback, "__module__", "").startswith("partnerup."):
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_is_listed():
    assert url_names() == set(EXPECTED)


@pytest.fixture
def world_with_invitation(world):
    from datetime import timedelta

    from django.utils import timezone

    from partnerup.accounts.models import Invitation
    from partnerup.common.models import OutboxMail
    from partnerup.events.models import ScheduleRun, ScoutingCall

    world["run"] = ScheduleRun.objects.create(event=world["event"], version=1)

    world["call"] = ScoutingCall.objects.create(
        event=world["event"],
        host=world["pharma"],
        title="Call",
        description="d",
        deadline=timezone.now() + timedelta(days=2),
    )

    from django.core.files.base import ContentFile

    from partnerup.events.models import Participant, Pitch
    from tests import factories

    world["pitch"] = Pitch.objects.create(
        call=world["call"],
        participant=Participant.objects.get(user=world["roles"]["org_member"]),
        title="Pitch",
        summary="s",
        stage=factories.term("stage", "phase-1"),
        modality=factories.term("modality", "adc"),
    )
    world["pitch"].attachment.save("deck.pdf", ContentFile(b"%PDF-1.4 deck"))

    world["mail"] = OutboxMail.objects.create(
        to="a@example.org", subject="S", body="B", template="t", language="en"
    )
    world["invitation"] = Invitation.objects.create(
        email="new@example.org", organisation=world["startup"], role="member"
    )
    return world


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_url_answers_each_role(client, world_with_invitation, name):
    method, kwargs, expected = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(world_with_invitation))
    seen = {}
    for role in ROLES:
        client.logout()
        login(client, world_with_invitation["roles"][role])
        response = getattr(client, method)(url)
        seen[role] = response.status_code
    assert seen == expected
