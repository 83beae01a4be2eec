from __future__ import annotations

import pytest

from tests import factories


def pytest_runtest_setup(item):
    """`postgres_only` tests need real row locks; SQLite serialises writers, so there they
    would pass whether or not the code locks anything."""
    if item.get_closest_marker("postgres_only"):
        from django.conf import settings

        if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
            pytest.skip("needs PostgreSQL row locks: set PARTNERUP_DATABASE_URL")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    # Hashing is not under test here; the fast hasher keeps fixtures with many users quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A TOTP code computed just before a 30-second boundary stays valid for the next step.
    settings.MFA_TOTP_TOLERANCE = 1
    # Background work (scheduler runs without a broker) runs inline at commit, so tests inside
    # one transaction see it finish; tests of the thread pool set this back to a number.
    settings.BACKGROUND_THREADS = 0
    # Each test starts with an empty cache: allauth remembers used TOTP codes there, and the
    # recommendations are cached too.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _taxonomy(request):
    """The shipped taxonomy, which a data migration seeds, for every test that uses the database.

    Transactional tests (the browser tests) end with a flush that empties every table; this puts
    the terms back for whatever test runs next in the same process.
    """
    fixtures = set(request.fixturenames)
    if not (
        request.node.get_closest_marker("django_db")
        or {"db", "transactional_db", "live_server"} & fixtures
    ):
        return
    transactional = bool({"transactional_db", "live_server"} & fixtures)
    request.getfixturevalue("transactional_db" if transactional else "db")
    from partnerup.directory.models import Term
    from partnerup.directory.taxonomy_seed import seed_taxonomy

    if not Term.objects.exists():
        seed_taxonomy(Term)


@pytest.fixture
def world(db):
    """Two organisations, one user per role, and assets of every visibility.

    `roles` maps role name to a user (None for anonymous).
    """
    pharma = factories.make_organisation("Pharma Co", kind="pharma", slug="pharma-co")
    startup = factories.make_organisation("Start Co", kind="startup", slug="start-co")
    other = factories.make_organisation("Other Co", kind="biotech", slug="other-co")
    school = factories.make_organisation("School", kind="school", slug="school")
    hidden = factories.make_organisation(
        "Hidden Co", kind="startup", slug="hidden-co", listed=False
    )
    roles = {
        "anonymous": None,
        "organiser": factories.make_organiser("organiser@example.org"),
        "org_admin": factories.make_member(startup, role="admin", email="admin@example.org"),
        "org_member": factories.make_member(startup, email="member@example.org"),
        "outsider": factories.make_member(other, email="outsider@example.org"),
        "coordinator": factories.make_member(
            school, role="coordinator", email="coordinator@example.org"
        ),
        "mentor": factories.make_member(pharma, email="mentor@example.org"),
        "pupil": factories.make_user("pupil@example.org", is_pupil=True),
    }
    from partnerup.directory.models import Membership

    Membership.objects.filter(person__user=roles["mentor"]).update(is_mentor=True)
    assets = {
        "public": factories.make_asset(startup, "public", title="Public asset"),
        "signed_in": factories.make_asset(startup, "signed_in", title="Members asset"),
        "restricted": factories.make_asset(
            startup, "restricted", audience=[pharma], title="Secret asset"
        ),
    }
    private_person = factories.make_person(startup, name="Private Person", public=False)
    programme, school_year = factories.make_programme([school])
    placement_round = factories.make_round(school_year)
    offer = factories.make_offer(placement_round, pharma)
    pupil = factories.make_pupil(school, "Petra Pupil", user=roles["pupil"], consent=True)
    from partnerup.placements.models import Placement

    placement = Placement.objects.create(
        pupil=pupil,
        offer=offer,
        round=placement_round,
        host=pharma,
        field="lab",
        year=2026,
        mentor=roles["mentor"].person,
    )
    event = factories.make_event()
    from partnerup.events.models import Participant

    member_participant = Participant.objects.create(
        event=event,
        user=roles["org_member"],
        organisation=startup,
        type="startup",
        status="approved",
    )
    mentor_participant = Participant.objects.create(
        event=event, user=roles["mentor"], organisation=pharma, type="pharma", status="approved"
    )
    from partnerup.events.domain import request_meeting

    meeting_request = request_meeting(member_participant, mentor_participant, message="Hi")
    from partnerup.events.models import Meeting, MeetingSeat

    meeting = Meeting.objects.create(event=event, weight=2)
    for participant in (member_participant, mentor_participant):
        MeetingSeat.objects.create(meeting=meeting, participant=participant)
    return {
        "event": event,
        "meeting_request": meeting_request,
        "meeting": meeting,
        "calendar_token": member_participant.calendar_token,
        "programme": programme,
        "round": placement_round,
        "offer": offer,
        "pupil": pupil,
        "placement": placement,
        "pharma": pharma,
        "startup": startup,
        "other": other,
        "school": school,
        "hidden": hidden,
        "roles": roles,
        "assets": assets,
        "private_person": private_person,
    }


def login(client, user):
    """Sign `user` in; organisers as after the real log-in, with the second factor recorded in the
    session (the MFA middleware and the admin ask for it). tests/accounts covers the real flow."""
    if user is not None:
        client.force_login(user)
        if user.is_organiser or user.is_superuser:
            import time

            from allauth.account.internal.flows.login import (
                _AUTHENTICATION_METHODS_USER_SESSION_KEY,
                AUTHENTICATION_METHODS_SESSION_KEY,
            )

            session = client.session
            session[AUTHENTICATION_METHODS_SESSION_KEY] = [
                {"method": "password", "at": time.time(), "email": user.email},
                {"method": "mfa", "at": time.time(), "type": "totp"},
            ]
            session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
            session.save()
    return client
