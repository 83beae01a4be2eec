"""A real Celery worker on Redis is killed in the middle of a scheduler run; the run is taken
over by a new worker and finishes exactly once.

Needs Redis on 127.0.0.1:6379 (CI has it; elsewhere the test is skipped, but on CI a missing
Redis fails the run). The worker shares the test database: the SQLite test file, or the
PostgreSQL test database. It listens on a queue of its own, so parallel runs do not meet.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.utils import timezone

from partnerup.common.models import ActivityLog
from partnerup.events.models import ScheduleRun
from partnerup.events.scheduling import to_problem
from partnerup.scheduling import validate
from partnerup.scheduling.io import solution_from_dict
from tests import factories
from tests.events.test_schedule_runs import busy_event

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
STALE_AFTER = 3


def _redis_up() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis_queue():
    if not _redis_up():
        message = f"Redis is not running on {REDIS_HOST}:{REDIS_PORT}."
        if os.environ.get("CI"):
            pytest.fail(message + " CI must run the Celery worker tests.")
        pytest.skip(message)
    queue = f"partnerup-test-{uuid.uuid4().hex[:12]}"
    yield queue
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=0)
    client.delete(queue)
    # The killed worker's message waits in kombu's "unacked" hash; drop it with the queue.
    for tag, payload in client.hscan_iter("unacked"):
        if queue.encode() in payload:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


def _worker_env(queue: str, tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERUP_")}
    db = django_settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.postgresql":
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        env["PARTNERUP_DATABASE_URL"] = (
            f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    else:
        env["PARTNERUP_SQLITE_PATH"] = str(db["NAME"])
    env.update(
        PARTNERUP_DATA_DIR=str(tmp_path),
        PARTNERUP_REDIS_URL=f"redis://{REDIS_HOST}:{REDIS_PORT}/0",
        PARTNERUP_TASK_QUEUE=queue,
        PARTNERUP_SCHEDULE_HEARTBEAT="1",
        PARTNERUP_SCHEDULE_STALE_AFTER=str(STALE_AFTER),
    )
    return env


def _start_worker(env, log):
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "partnerup", "worker", "--concurrency=1"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"),
            *("-Q", env["PARTNERUP_TASK_QUEUE"], "-n", f"{env['PARTNERUP_TASK_QUEUE']}@%h"),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the kill takes the pool children too
    )


def _start_run_as_an_app_server(env, event, organiser) -> ScheduleRun:
    """Start the run in a process configured like an app server with a broker. (This test
    process keeps eager tasks: its Celery app may have made its connection pool already.)"""
    code = (
        "import django; django.setup()\n"
        "from django.db import transaction\n"
        "from partnerup.accounts.models import User\n"
        "from partnerup.events import domain\n"
        "from partnerup.events.models import Event\n"
        "with transaction.atomic():\n"
        f"    run = domain.start_schedule_run(Event.objects.get(pk={event.pk}),"
        f" User.objects.get(pk={organiser.pk}), time_limit=10)\n"
        "print(run.pk)\n"
    )
    started = subprocess.run(
        [sys.executable, "-c", code],
        env=env | {"DJANGO_SETTINGS_MODULE": "partnerup.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return ScheduleRun.objects.get(pk=int(started.stdout.split()[-1]))


def _wait_ready(log_path, workers: int, deadline: float) -> None:
    while log_path.read_bytes().count(b" ready.") < workers:
        assert time.monotonic() < deadline, "timed out waiting for the worker to start"
        time.sleep(0.2)


def _wait(run: ScheduleRun, until, deadline: float, what: str) -> None:
    while not until(run):
        assert run.status != "done" or what == "done", f"the run ended before {what}"
        assert time.monotonic() < deadline, f"timed out waiting until {what}: {run.status}"
        time.sleep(0.1)
        run.refresh_from_db()


@pytest.mark.django_db(transaction=True)
def test_a_run_whose_worker_is_killed_finishes_once_on_another_worker(
    redis_queue, settings, tmp_path
):
    env = _worker_env(redis_queue, tmp_path)
    began = time.monotonic()
    log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115 - closed below
    workers = [_start_worker(env, log)]  # starts while the event is set up
    try:
        event = busy_event()
        # On a busy machine (CI runs two test processes on two cores) a worker takes a while
        # to import; the run is handed over only once it listens.
        _wait_ready(tmp_path / "worker.log", 1, time.monotonic() + 120)
        run = _start_run_as_an_app_server(env, event, factories.make_organiser())
        deadline = time.monotonic() + 60
        # In progress: solving, and the heartbeat has moved since the worker claimed the run.
        _wait(
            run,
            lambda r: r.status == "running" and r.started and r.heartbeat > r.started,
            deadline,
            "the run is in progress",
        )
        print(f"in progress after {time.monotonic() - began:.1f} s")
        os.killpg(workers[0].pid, signal.SIGKILL)
        workers[0].wait(timeout=10)
        workers.append(_start_worker(env, log))  # the replacement, idle until it gets the run
        run.refresh_from_db()
        assert (run.status, run.attempts) == ("running", 1)

        # Its heartbeat goes stale, and the periodic check hands the run to the new worker.
        _wait(
            run,
            lambda r: r.heartbeat < timezone.now() - timedelta(seconds=STALE_AFTER + 0.5),
            time.monotonic() + 30,
            "the heartbeat is stale",
        )
        print(f"stale after {time.monotonic() - began:.1f} s")
        recovered = subprocess.run(
            [sys.executable, "-m", "django", "recover_schedule_runs"],
            env=env | {"DJANGO_SETTINGS_MODULE": "partnerup.settings"},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert recovered.stdout.startswith("restarted: 1,"), recovered.stdout
        _wait(run, lambda r: r.status in {"done", "failed"}, time.monotonic() + 90, "done")
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=30)
        log.close()
        connections.close_all()
    assert (run.status, run.attempts, run.progress) == ("done", 2, 100), run.message
    assert validate(to_problem(event), solution_from_dict(run.solution)) == []
    finished = ActivityLog.objects.filter(action="events.schedule.finished")
    assert [entry.data for entry in finished] == [{"attempt": 2}]
    assert not ScheduleRun.objects.filter(status="running").exists()
    print(f"killed and recovered in {time.monotonic() - began:.1f} s")
