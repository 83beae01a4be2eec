from __future__ import annotations

from django.urls import reverse

from tests import factories
from tests.conftest import login


def test_login_with_email_and_password(client, db):
    factories.make_user("someone@example.org")
    response = client.post(
        reverse("account_login"),
        {
            "login": "SOMEONE@example.org",
            "password": factories.PASSWORD,
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:me")).status_code == 200


def test_wrong_password_gives_a_form_error(client, db):
    factories.make_user("someone@example.org")
    response = client.post(
        reverse("account_login"),
        {
            "login": "someone@example.org",
            "password": "wrong",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def sign_in(client, email):
    response = client.post(
        reverse("account_login"), {"login": email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    return response


def test_organiser_without_mfa_is_sent_to_set_it_up(client, db):
    factories.make_user("new-organiser@example.org", is_organiser=True)
    sign_in(client, "new-organiser@example.org")
    response = client.get(reverse("directory:organisations"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # The set-up page stays reachable (after allauth asks for the password once more).
    assert_totp_setup_reachable(client)


def assert_totp_setup_reachable(client):
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": factories.PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "secret" in page.content.decode().lower() or "code" in page.content.decode().lower()


def test_organiser_with_totp_signs_in_with_a_code(client, db):
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    organiser = factories.make_organiser("boss@example.org")
    response = client.post(
        reverse("account_login"),
        {
            "login": "boss@example.org",
            "password": factories.PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    code = format_hotp_value(
        hotp_value("JBSWY3DPEHPK3PXP", next(iter(yield_hotp_counters_from_time())))
    )
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("activity")).status_code == 200
    assert organiser.is_organiser


def test_mfa_is_available_to_everyone(client, world):
    sign_in(client, world["roles"]["org_member"].email)
    assert_totp_setup_reachable(client)


def test_password_reset_sends_mail(client, db, mailoutbox):
    factories.make_user("forgetful@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "password" in mailoutbox[0].body.lower()


def test_language_choice_is_kept_in_the_account(client, world):
    user = world["roles"]["org_member"]
    login(client, user)
    response = client.post(reverse("accounts:set_language"), {"language": "nb", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "nb"
    page = client.get(reverse("directory:organisations"))
    assert page.content.decode().count('lang="nb"') >= 1


def test_account_page_saves_name_and_person(client, world):
    user = world["roles"]["org_member"]
    login(client, user)
    response = client.post(
        reverse("accounts:me"),
        {
            "account-name": "Maria M",
            "account-language": "en",
            "person-name": "Maria M",
            "person-title": "CSO",
            "person-expertise": "ADCs",
            "person-languages": "English",
            "person-email": "",
            "person-public": "on",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.name == "Maria M"
    assert user.person.title == "CSO"
    # Through the domain functions, so both changes are in the log.
    from partnerup.common.models import ActivityLog

    account = ActivityLog.objects.get(action="accounts.account.changed")
    assert (account.actor, account.data) == (user, {"name": "Maria M"})
    person = ActivityLog.objects.get(action="directory.person.changed")
    assert person.data["title"] == "CSO"
