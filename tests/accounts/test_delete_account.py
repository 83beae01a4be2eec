"""A member deletes their own account from the account page; pupils cannot (their coordinator
erases their record)."""

from __future__ import annotations

from django.urls import reverse

from partnerup.accounts.models import User
from partnerup.directory.models import Person
from tests import factories
from tests.conftest import login


def test_member_deletes_own_account_with_password(client, db):
    startup = factories.make_organisation("Delete Me Bio")
    user = factories.make_member(startup, email="leaving@example.org", name="Lea Leaving")
    login(client, user)
    page = client.get(reverse("accounts:me"))
    assert reverse("accounts:delete_me") in page.text
    wrong = client.post(reverse("accounts:delete_me"), {"password": "not-it"})
    assert wrong.status_code == 200
    assert "That is not your password." in wrong.text
    assert User.objects.filter(pk=user.pk).exists()

    response = client.post(reverse("accounts:delete_me"), {"password": factories.PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(email="leaving@example.org").exists()
    assert not Person.objects.filter(name="leaving@example.org").exists()
    # Signed out: the account page asks for a log-in again.
    assert client.get(reverse("accounts:me")).status_code == 302


def test_pupil_cannot_delete_own_account(client, db):
    school = factories.make_organisation("School", kind="school")
    pupil_user = factories.make_user("pupil.del@example.org", is_pupil=True)
    factories.make_pupil(school, user=pupil_user)
    login(client, pupil_user)
    assert reverse("accounts:delete_me") not in client.get(reverse("accounts:me")).text
    assert (
        client.post(reverse("accounts:delete_me"), {"password": factories.PASSWORD}).status_code
        == 403
    )
    assert User.objects.filter(pk=pupil_user.pk).exists()
