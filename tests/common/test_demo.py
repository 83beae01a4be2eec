from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from partnerup.accounts.models import User
from partnerup.directory.models import Asset, Organisation


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # Loaded once for the module inside a transaction that is rolled back at its end, so the
    # other tests never see the demo data.
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_demo_cluster_has_every_kind_and_the_anchors(demo):
    assert Organisation.objects.count() >= 150
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == set(Organisation.Kind.values)
    for slug in [
        "aurora-pharma-norway",
        "fjordlab-instruments",
        "oslo-cyclotron-centre",
        "nordic-university-hospital-institute-for-cancer-research",
        "fjellvang-upper-secondary-school",
        "nordlys-life-science-ventures",
    ]:
        assert Organisation.objects.filter(slug=slug).exists(), slug
    visibilities = set(Asset.objects.values_list("visibility", flat=True))
    assert visibilities == set(Asset.Visibility.values)


@pytest.mark.django_db
def test_demo_has_a_login_for_every_role(demo, settings):
    # The demo hashed its passwords with the default hasher, before the tests' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    emails = set(User.objects.values_list("email", flat=True))
    for role in ["organiser", "orgadmin", "member", "coordinator", "teacher", "mentor", "pupil"]:
        assert f"{role}@example.org" in emails
    client = Client()
    assert client.login(email="member@example.org", password="partnerup-demo")


@pytest.mark.django_db
def test_demo_is_deterministic_and_loads_once(demo, capsys):
    names = list(Organisation.objects.order_by("pk").values_list("name", flat=True))
    call_command("demo")
    assert "loaded already" in capsys.readouterr().out
    assert list(Organisation.objects.order_by("pk").values_list("name", flat=True)) == names
    assert names[:3] == [
        "Aurora Pharma Norway",
        "Fjordlab Instruments",
        "Nordic University Hospital – Institute for Cancer Research",
    ]
