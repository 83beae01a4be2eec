"""Sign-up tells nobody whether an address (a pupil's, say) already has an account."""

from __future__ import annotations

import re

from django.urls import reverse

from partnerup.accounts.models import User
from tests import factories


def sign_up(client, email):
    client.logout()
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": "a-Long-new-password-9",
            "password2": "a-Long-new-password-9",
        },
        follow=True,
    )


def without_csrf(response) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "", response.text)


def test_sign_up_answers_the_same_for_a_taken_address(client, db, mailoutbox):
    factories.make_user("pupil@example.org", is_pupil=True)
    taken = sign_up(client, "pupil@example.org")
    new = sign_up(client, "someone.new@example.org")
    assert taken.redirect_chain == new.redirect_chain
    assert [url for url, _status in taken.redirect_chain] == [
        reverse("account_email_verification_sent")
    ]
    page = without_csrf(taken)
    assert page == without_csrf(new).replace("someone.new@example.org", "pupil@example.org")
    assert "already" not in page.lower()
    # No second account, no change to the first; its owner is told by e-mail.
    assert User.objects.filter(email="pupil@example.org").count() == 1
    assert User.objects.get(email="pupil@example.org").check_password(factories.PASSWORD)
    assert [message.to for message in mailoutbox] == [
        ["pupil@example.org"],
        ["someone.new@example.org"],
    ]
    assert "already" in mailoutbox[0].body.lower()


def test_a_new_account_signs_in_after_confirming_its_address(client, db, mailoutbox):
    sign_up(client, "someone.new@example.org")
    assert "_auth_user_id" not in client.session
    link = next(word for word in mailoutbox[0].body.split() if "/accounts/confirm-email/" in word)
    path = "/accounts/" + link.split("/accounts/", 1)[1]
    response = client.post(path)
    assert response.status_code == 302
    response = client.post(
        reverse("account_login"),
        {"login": "someone.new@example.org", "password": "a-Long-new-password-9"},
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:me")).status_code == 200
