"""The data migration takes superuser away from organisers who joined through an invitation."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0002_initial")]
AFTER = [("accounts", "0003_organisers_are_not_superusers")]


def test_invited_organisers_lose_superuser_the_operator_keeps_it(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    User = apps.get_model("accounts", "User")
    Invitation = apps.get_model("accounts", "Invitation")
    User.objects.create(email="ops@example.org", is_superuser=True, is_organiser=True)
    invited = User.objects.create(email="staff@example.org", is_superuser=True, is_organiser=True)
    Invitation.objects.create(email=invited.email, role="organiser", token="t", accepted_by=invited)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    User = apps.get_model("accounts", "User")
    assert User.objects.get(email="ops@example.org").is_superuser
    assert not User.objects.get(email="staff@example.org").is_superuser
    assert User.objects.get(email="staff@example.org").is_organiser
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
