"""Background work without a broker: a small thread pool in the app's own process.

With a broker (PARTNERUP_REDIS_URL) Celery workers run tasks. Without one, `run_in_background`
runs the function in one of a few threads of this process after the current transaction commits,
so a web request that starts long work (a scheduler run) answers at once. Work that must survive
a crash of the process keeps its own record (a schedule run's heartbeat) and is picked up again
by a periodic check. `BACKGROUND_THREADS = 0` runs the function inline at commit (tests that run
inside one transaction).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections, connections, transaction

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


def uses_broker() -> bool:
    """Whether Celery workers run tasks (else this process runs them)."""
    return not settings.CELERY_TASK_ALWAYS_EAGER


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(
                max_workers=settings.BACKGROUND_THREADS, thread_name_prefix="partnerup-bg"
            )
        return _executor


def _run(function: Callable[..., object], args: tuple) -> None:
    close_old_connections()
    try:
        function(*args)
    except Exception:
        logger.exception("Background work %s%r failed", getattr(function, "__name__", ""), args)
    finally:
        # Each thread has its own connections; close them so none is left open when it idles.
        connections.close_all()


def submit(function: Callable[..., object], *args) -> Future | None:
    """Run `function(*args)` in a background thread now (or inline with no threads)."""
    if settings.BACKGROUND_THREADS <= 0:
        function(*args)
        return None
    return _pool().submit(_run, function, args)


def run_in_background(function: Callable[..., object], *args) -> None:
    """Run `function(*args)` in a background thread once the current transaction commits."""
    transaction.on_commit(lambda: submit(function, *args))
