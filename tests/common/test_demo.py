from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client, TestCase

from partnerup.accounts.models import User
from partnerup.directory.models import Asset, Organisation


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # Loaded once for the module inside a transaction that is rolled back at its end, so the
    # other tests never see the demo data.
    # The load's after-commit callbacks run as if it had committed, so what would be sent or
    # printed is.
    out, err = io.StringIO(), io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        mail.outbox = []
        with TestCase.captureOnCommitCallbacks(execute=True):
            # From an emptied database, as the second load in the determinism test: the ids the
            # database hands out (in links in e-mails, in the log) then match on PostgreSQL too,
            # whose sequences earlier tests moved on. The flush is rolled back with the rest.
            call_command("demo", "--reset", stdout=out, stderr=err)
        yield DemoLoad(out.getvalue(), err.getvalue(), len(mail.outbox))
        transaction.set_rollback(True)
    # The flushes made content types anew inside the transaction; forget the cached ones.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@dataclass
class DemoLoad:
    stdout: str
    stderr: str
    mails_sent: int


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
    for role in [
        "organiser",
        "orgadmin",
        "member",
        "researcher",
        "coordinator",
        "teacher",
        "mentor",
        "pupil",
    ]:
        assert f"{role}@example.org" in emails
    client = Client()
    assert client.login(email="member@example.org", password="partnerup-demo")


@pytest.mark.django_db
def test_demo_load_is_quiet_and_ends_with_who_each_log_in_is(demo):
    from partnerup.common.models import OutboxMail

    lines = demo.stdout.splitlines()
    assert len(lines) < 30, demo.stdout[:2000]
    assert demo.stderr == ""
    # Nothing was sent or queued: the demo's e-mails are in the outbox, marked as never sent.
    assert demo.mails_sent == 0
    assert not OutboxMail.objects.exclude(status=OutboxMail.Status.DEMO).exists()
    assert OutboxMail.objects.filter(status=OutboxMail.Status.DEMO).count() > 100
    logins = lines[lines.index("Demo log-ins (password for all: partnerup-demo):") :]
    for expected in [
        "organiser@example.org",
        "organiser — cluster staff",
        "pharma scout at Aurora Pharma Norway",
        "start-up founder at Isbre Oncology",
        "academic researcher at University of Oslo – Centre for Molecular Medicine",
        "school coordinator at Fjellvang Upper Secondary School",
        "teacher at Fjellvang Upper Secondary School",
        "mentor at Nordic University Hospital – Institute for Cancer Research",
        "pupil in the school programme",
        "partnerup demo --code",
    ]:
        assert any(expected in line for line in logins), expected
    assert "TOTP" in lines[-1]


@pytest.mark.django_db
def test_demo_researcher_has_a_profile_and_takes_part_in_the_event(demo):
    from partnerup.events.models import Participant

    researcher = User.objects.get(email="researcher@example.org")
    assert researcher.person.title == "Associate professor, tumour immunology"
    assert researcher.person.expertise_terms.exists()
    participant = Participant.objects.get(user=researcher)
    assert participant.type == "academic"
    assert participant.status == "approved"
    assert "checkpoint inhibitors" in participant.headline


# Apps whose rows the demo loads.
DEMO_APPS = {"accounts", "directory", "placements", "events", "common", "mfa"}


def snapshot() -> dict[str, list[tuple]]:
    """Every demo row as plain values, with primary keys replaced by their rank in the table so
    two loads compare even when the database hands out other ids. Left out: moments in time
    (the demo is dated relative to now) and values that must be random (password salts,
    secret tokens)."""
    from django.apps import apps
    from django.contrib.contenttypes.fields import GenericForeignKey
    from django.contrib.contenttypes.models import ContentType
    from django.db import models

    chosen = [m for m in apps.get_models() if m._meta.app_label in DEMO_APPS]
    ranks = {
        m: {
            pk: i
            for i, pk in enumerate(m._base_manager.order_by("pk").values_list("pk", flat=True))
        }
        for m in chosen
    }
    out: dict[str, list[tuple]] = {}
    for model in chosen:
        fields = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key
            and not isinstance(f, models.DateTimeField)
            and f.name not in VOLATILE.get(model._meta.label, ())
        ]
        # A generic relation (the activity log's object) stores the id as text: rank it too, as
        # the database's sequences differ between loads (PostgreSQL does not roll them back).
        generic = {
            f.fk_field: f.ct_field
            for f in model._meta.private_fields
            if isinstance(f, GenericForeignKey)
        }
        attnames = [f.attname for f in fields]
        rows = []
        for row in model._base_manager.order_by("pk").values_list(*attnames):
            raw = dict(zip(attnames, row, strict=True))
            values = []
            for field, value in zip(fields, row, strict=True):
                if field.name in generic and value is not None:
                    target = ContentType.objects.get_for_id(
                        raw[generic[field.name] + "_id"]
                    ).model_class()
                    key = int(value) if str(value).isdigit() else value
                    value = ranks.get(target, {}).get(key, value)
                elif field.is_relation and value is not None:
                    if field.related_model in ranks:
                        value = ranks[field.related_model][value]
                    else:  # e.g. a content type: its ids are handed out anew after a flush
                        value = field.related_model._base_manager.get(pk=value).natural_key()
                values.append(_without_timings(value))
            rows.append(tuple(values))
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            pairs = through._base_manager.values_list(
                m2m.m2m_field_name() + "_id", m2m.m2m_reverse_field_name() + "_id"
            )
            rows.append(
                (
                    m2m.name,
                    sorted(
                        (ranks[model][a], ranks.get(m2m.related_model, {}).get(b, b))
                        for a, b in pairs
                    ),
                )
            )
        out[model._meta.label] = rows
    return out


def _check_deferred_constraints_now() -> None:
    """PostgreSQL refuses to TRUNCATE (the reset's flush) tables with foreign-key checks still
    pending in the transaction; outside this test the demo is loaded and committed first."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _without_timings(value):
    """Stored solver results say how long they took; that is the one honest difference."""
    if isinstance(value, dict):
        return {k: _without_timings(v) for k, v in value.items() if k not in TIMINGS}
    if isinstance(value, list):
        return [_without_timings(v) for v in value]
    return value


TIMINGS = {"seconds", "wall_seconds", "elapsed", "solve_seconds", "time"}


def _first_difference(a, b):
    for k, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            if isinstance(x, dict) and isinstance(y, dict):
                keys = sorted(set(x) | set(y))
                diff = [(key, x.get(key), y.get(key)) for key in keys if x.get(key) != y.get(key)]
                return f"column {k}: {str(diff)[:600]}"
            return f"column {k}: {str(x)[:300]} != {str(y)[:300]}"
    return "lengths differ"


# Random on purpose: password salts, secret tokens and the messages that carry them.
VOLATILE = {
    "accounts.User": ("password",),
    "accounts.Invitation": ("token",),
    "events.Participant": ("calendar_token",),
}


@pytest.mark.django_db
def test_demo_is_deterministic_and_loads_once(demo, capsys):
    first = snapshot()
    assert len(first["directory.Organisation"]) >= 150
    call_command("demo")
    assert "loaded already" in capsys.readouterr().out
    assert snapshot() == first
    # A second, real load from an empty database gives the same data.
    _check_deferred_constraints_now()
    call_command("demo", "--reset", stdout=io.StringIO())
    second = snapshot()
    assert second.keys() == first.keys()
    for label in first:
        assert len(second[label]) == len(first[label]), label
        for row, (a, b) in enumerate(zip(first[label], second[label], strict=True)):
            assert b == a, f"{label} row {row}: {_first_difference(a, b)}"
    names = list(Organisation.objects.order_by("pk").values_list("name", flat=True))
    assert names[:3] == [
        "Aurora Pharma Norway",
        "Fjordlab Instruments",
        "Nordic University Hospital – Institute for Cancer Research",
    ]
