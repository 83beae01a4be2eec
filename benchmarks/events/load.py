"""Load test of meeting requests on PostgreSQL: concurrent clients request, accept and decline
against a running gunicorn server, then the database is checked for double bookings.

    .venv/bin/python benchmarks/events/load.py [--clients 50] [--seconds 60] [--workers 4]

Needs PostgreSQL (PARTNERUP_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/...); it
creates and drops its own database. Traffic goes to 127.0.0.1 only, and the run stops itself.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql], check=True
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--participants", type=int, default=400)
    args = parser.parse_args()

    database = f"partnerup_load_{os.getpid()}"
    psql(f"CREATE DATABASE {database}")
    env = {
        **os.environ,
        "PARTNERUP_DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "PARTNERUP_DATA_DIR": tempfile.mkdtemp(prefix="pu-load-"),
        "PARTNERUP_SECRET_KEY": "load-test-" + "x" * 40,
        "PARTNERUP_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "partnerup.settings",
    }
    os.environ.update(env)
    server = None
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        cookies, event_slug, participant_ids = seed(args.participants)
        port = free_port()
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "partnerup.wsgi",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        wait_for(port)
        results = drive(port, cookies, event_slug, participant_ids, args)
        report(results, args, check_database())
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    return 0


def seed(count: int):
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from partnerup.accounts.models import User
    from partnerup.directory.models import Organisation, PartneringProfile
    from partnerup.events.models import Event, Participant, TypeCap

    now = timezone.now()
    event = Event.objects.create(
        name="Load",
        slug="load",
        registration_opens=now - timedelta(days=1),
        registration_closes=now + timedelta(days=1),
        request_deadline=now + timedelta(days=1),
        published=True,
        auto_approve=True,
    )
    TypeCap.objects.create(event=event, type="pharma", max_meetings=20)
    cookies, ids = {}, []
    for index in range(count):
        organisation = Organisation.objects.create(
            name=f"Org {index}", slug=f"org-{index}", kind="startup"
        )
        PartneringProfile.objects.create(organisation=organisation)
        user = User(email=f"load{index}@example.org", name=f"Load {index}")
        user.set_unusable_password()
        user.save()
        participant = Participant.objects.create(
            event=event,
            user=user,
            organisation=organisation,
            type="pharma" if index % 10 == 0 else "startup",
            status="approved",
        )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies[participant.pk] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
        ids.append(participant.pk)
    return cookies, event.slug, ids


def wait_for(port: int) -> None:
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def drive(port, cookies, slug, ids, args):
    from partnerup.events.models import MeetingRequest

    deadline = time.monotonic() + args.seconds
    lock = threading.Lock()
    results = {"latencies": [], "status": {}, "errors": 0}
    popular = ids[: max(5, len(ids) // 10)]

    def client(number: int) -> None:
        rng = random.Random(number)
        me = ids[number % len(ids)]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        base_cookie = cookies[me]
        csrf_token = csrf_cookie = None
        while time.monotonic() < deadline:
            try:
                if csrf_token is None:
                    connection.request(
                        "GET", f"/events/{slug}/requests/", headers={"Cookie": base_cookie}
                    )
                    response = connection.getresponse()
                    page = response.read().decode()
                    csrf_cookie = next(
                        (
                            c.split(";")[0]
                            for c in response.headers.get_all("Set-Cookie") or []
                            if c.startswith("csrftoken=")
                        ),
                        None,
                    )
                    match = CSRF.search(page)
                    csrf_token = match.group(1) if match else None
                    record(response.status, 0)
                    continue
                cookie = f"{base_cookie}; {csrf_cookie}" if csrf_cookie else base_cookie
                headers = {
                    "Cookie": cookie,
                    "X-CSRFToken": csrf_token,
                    "Content-Type": "application/x-www-form-urlencoded",
                }
                roll = rng.random()
                pending = None
                if roll < 0.5:
                    pending = (
                        MeetingRequest.objects.filter(recipient_id=me, status="pending")
                        .values_list("pk", flat=True)
                        .first()
                    )
                if pending:
                    action = "accept" if rng.random() < 0.7 else "decline"
                    path, body = f"/events/requests/{pending}/{action}/", ""
                else:
                    target = rng.choice(popular if rng.random() < 0.6 else ids)
                    if target == me:
                        continue
                    path = f"/events/{slug}/participants/{target}/request/"
                    body = f"message=hi&priority={rng.randint(1, 3)}"
                started = time.perf_counter()
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                record(response.status, time.perf_counter() - started)
            except (OSError, http.client.HTTPException):
                with lock:
                    results["errors"] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.close()

    def record(status: int, seconds: float) -> None:
        with lock:
            results["status"][status] = results["status"].get(status, 0) + 1
            if seconds:
                results["latencies"].append(seconds * 1000)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def check_database() -> dict[str, int]:
    from django.db import connection
    from django.db.models import Count

    from partnerup.events.models import Meeting, MeetingRequest, MeetingSeat, TypeCap

    duplicate_pairs = (
        MeetingRequest.objects.filter(status__in=["pending", "accepted"])
        .values("pair_low", "pair_high")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    cap = TypeCap.objects.get(type="pharma").max_meetings
    over_cap = (
        MeetingSeat.objects.filter(active=True, participant__type="pharma")
        .exclude(meeting__status="cancelled")
        .values("participant")
        .annotate(n=Count("pk"))
        .filter(n__gt=cap)
        .count()
    )
    meetings_without_two = (
        Meeting.objects.exclude(status="cancelled").annotate(n=Count("seats")).exclude(n=2).count()
    )
    connection.close()
    return {
        "requests": MeetingRequest.objects.count(),
        "accepted": MeetingRequest.objects.filter(status="accepted").count(),
        "duplicate active pairs": duplicate_pairs,
        "participants over the meeting cap": over_cap,
        "meetings without exactly two seats": meetings_without_two,
    }


def report(results, args, checks) -> None:
    latencies = sorted(results["latencies"])
    p50 = statistics.median(latencies) if latencies else 0
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0
    server_errors = sum(n for status, n in results["status"].items() if status >= 500)
    print(
        f"Meeting-request load — {args.clients} clients, {args.seconds} s, gunicorn "
        f"{args.workers} workers, PostgreSQL; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"{platform.machine()}, {os.cpu_count()} cores"
    )
    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| write requests | {len(latencies)} ({len(latencies) / args.seconds:.0f}/s) |")
    print(f"| p50 / p95 latency | {p50:.0f} ms / {p95:.0f} ms |")
    print(f"| answers by status | {dict(sorted(results['status'].items()))} |")
    print(f"| 5xx answers | {server_errors} |")
    print(f"| connection errors | {results['errors']} |")
    for name, value in checks.items():
        print(f"| {name} | {value} |")
    if (
        server_errors
        or checks["duplicate active pairs"]
        or checks["participants over the meeting cap"]
        or checks["meetings without exactly two seats"]
    ):
        print("\nFAILED: see the table above.")
        sys.exit(1)


if __name__ == "__main__":
    sys.exit(main())
