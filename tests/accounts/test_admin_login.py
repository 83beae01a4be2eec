"""One door in: organisers reach the admin and the organiser pages only with the second factor
passed in this session, whichever way the password was given."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import login

SECRET = "JBSWY3DPEHPK3PXP"  # factories.make_organiser's TOTP secret


def totp_code(secret: str = SECRET) -> str:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


ORGANISER_PAGES = [
    "/admin/",
    "/admin/placements/pupil/",
    "/admin/accounts/user/",
    "/outbox/",
    "/activity/",
]


def assert_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302, url
    assert response["Location"].startswith(reverse("account_login")) or response[
        "Location"
    ].startswith("/admin/login/"), response["Location"]
    assert "_auth_user_id" not in client.session, url


def test_password_at_the_admin_login_signs_nobody_in(client, db):
    factories.make_organiser("boss@example.org")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "boss@example.org", "password": factories.PASSWORD, "next": "/admin/"},
    )
    # The admin has no log-in of its own: the one log-in page asks for the code.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/admin/"
    assert "_auth_user_id" not in client.session
    for url in ORGANISER_PAGES:
        assert_sent_to_log_in(client, url)


@pytest.mark.parametrize("url", ORGANISER_PAGES)
def test_a_password_only_session_reaches_no_organiser_page(client, db, url):
    """However a session got signed in with the password alone (an old admin log-in, a future
    door), an organiser with TOTP is signed out and sent to the log-in page."""
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )

    organiser = factories.make_organiser("boss@example.org")
    client.force_login(organiser)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "password", "at": time.time()}]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(organiser.pk)
    session.save()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=" + url
    assert "_auth_user_id" not in client.session


def test_password_then_code_opens_the_admin(client, db):
    factories.make_organiser("boss@example.org")
    response = client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": "boss@example.org", "password": factories.PASSWORD},
    )
    assert response["Location"] == reverse("mfa_authenticate")
    # Signed in halfway: nothing opens yet.
    assert_sent_to_log_in(client, "/admin/")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    for url in ORGANISER_PAGES:
        assert client.get(url).status_code == 200, url
    # /admin/login/ sends a signed-in organiser straight on.
    assert client.get("/admin/login/?next=/admin/").headers["Location"] == "/admin/"


def test_new_organiser_setting_up_totp_goes_on_working(client, transactional_db):
    # Real commits: allauth announces the new authenticator after the request's commit.
    organiser = factories.make_user("new@example.org", is_organiser=True)
    client.post(
        reverse("account_login"), {"login": organiser.email, "password": factories.PASSWORD}
    )
    assert client.get("/activity/")["Location"] == reverse("mfa_activate_totp")
    response = client.get(reverse("mfa_activate_totp"))
    client.post(response["Location"], {"password": factories.PASSWORD})  # reauthenticate
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    # Typing a valid code to set TOTP up is the second factor of this session.
    assert client.get("/activity/").status_code == 200


def test_admin_login_is_no_way_around_the_log_in_limits(client, db):
    factories.make_organiser("boss@example.org")
    for _attempt in range(30):
        response = client.post(
            "/admin/login/", {"username": "boss@example.org", "password": "wrong-guess"}
        )
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    # Nothing was tried there, so the real organiser is not locked out of the log-in page.
    response = client.post(
        reverse("account_login"), {"login": "boss@example.org", "password": factories.PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")


def test_wrong_passwords_at_the_log_in_page_are_limited(client, db):
    factories.make_organiser("boss@example.org")
    for _attempt in range(5):
        response = client.post(
            reverse("account_login"), {"login": "boss@example.org", "password": "wrong-guess"}
        )
        assert response.status_code == 200
    response = client.post(
        reverse("account_login"), {"login": "boss@example.org", "password": factories.PASSWORD}
    )
    assert response.status_code == 200
    assert "Too many failed login attempts" in str(response.context["form"].errors)
    assert "_auth_user_id" not in client.session


def test_members_and_the_is_staff_flag_do_not_open_the_admin(client, world):
    member = world["roles"]["org_admin"]
    member.is_staff = True
    member.save(update_fields=["is_staff"])
    client.force_login(member)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_the_admin_password_link_leads_to_the_site_page(client, world):
    login(client, world["roles"]["organiser"])
    response = client.get("/admin/password_change/")
    assert response["Location"] == reverse("account_change_password")
