"""Settings come from PARTNERUP_* variables; wrong or contradictory values stop start-up clearly."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
    "s.EMAIL_BACKEND, s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG)"
)


def run(tmp_path, **variables):
    env = {key: value for key, value in os.environ.items() if not key.startswith("PARTNERUP_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "partnerup.settings",
            "PARTNERUP_DATA_DIR": str(tmp_path / "data"),
        }
    )
    env.update({f"PARTNERUP_{key}": value for key, value in variables.items()})
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_defaults_need_nothing_installed(tmp_path):
    result = run(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.mail.backends.console.EmailBackend",
        "True",
        "False",
    ]
    key_file = tmp_path / "data" / "secret.key"
    assert len(key_file.read_text()) > 40
    assert oct(key_file.stat().st_mode)[-3:] == "600"
    # The generated key is kept: a second start uses the same one.
    first = key_file.read_text()
    run(tmp_path)
    assert key_file.read_text() == first


def test_production_services_are_chosen_by_environment(tmp_path):
    result = run(
        tmp_path,
        DATABASE_URL="postgres://u@db.example.org:5432/pu",
        REDIS_URL="redis://127.0.0.1:6379/0",
        SMTP_HOST="smtp.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "django.core.cache.backends.redis.RedisCache",
        "django.core.mail.backends.smtp.EmailBackend",
        "False",
        "False",
    ]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DATABASE_URL": "mysql://u@h/db"}, "PARTNERUP_DATABASE_URL must be a postgres:// URL"),
        ({"DATABASE_URL": "nonsense"}, "PARTNERUP_DATABASE_URL"),
        ({"DEBUG": "maybe"}, "PARTNERUP_DEBUG must be true or false"),
        ({"TASKS_INLINE": "false"}, "needs a broker: set PARTNERUP_REDIS_URL"),
        ({"SMTP_USER": "me"}, "PARTNERUP_SMTP_USER is set but PARTNERUP_SMTP_HOST is not"),
        ({"SMTP_HOST": "h", "SMTP_USER": "me"}, "Set both PARTNERUP_SMTP_USER"),
        ({"SMTP_HOST": "h", "SMTP_TLS": "true", "SMTP_SSL": "true"}, "Set only one of"),
        ({"SMTP_HOST": "h", "SMTP_PORT": "abc"}, "PARTNERUP_SMTP_PORT must be a whole number"),
        ({"SITE_URL": "https://pu.example.org"}, "PARTNERUP_ALLOWED_HOSTS is empty"),
    ],
)
def test_wrong_settings_stop_with_a_clear_message(tmp_path, variables, message):
    result = run(tmp_path, **variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr
