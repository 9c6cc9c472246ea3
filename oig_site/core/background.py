"""Work to do after the response: e-mails whose sending time must not show in the response.

``run_after_response(func, **kwargs)`` calls ``func(**kwargs)`` once the current database
transaction commits (at once when there is none), in a separate thread, so the visitor gets
their answer without waiting for the mail server, and a slow or failing mail server looks
exactly like a fast one. Errors are logged, never shown to the visitor.

With ``settings.BACKGROUND_THREADS = False`` (the tests) the work runs in the calling thread
when the transaction commits: deterministic, and still never inside the request's own work.
"""

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, connections, transaction

logger = logging.getLogger(__name__)


def _run(func: Callable, kwargs: dict) -> None:
    try:
        func(**kwargs)
    except Exception:
        logger.exception("Background task %s failed.", getattr(func, "__name__", func))


def _run_in_thread(func: Callable, kwargs: dict) -> None:
    close_old_connections()
    try:
        _run(func, kwargs)
    finally:
        connections.close_all()  # this thread's own connections


def _start(func: Callable, kwargs: dict) -> None:
    if getattr(settings, "BACKGROUND_THREADS", True):
        threading.Thread(
            target=_run_in_thread, args=(func, kwargs), name="after-response", daemon=True
        ).start()
    else:
        _run(func, kwargs)


def run_after_response(func: Callable, /, **kwargs) -> None:
    transaction.on_commit(lambda: _start(func, kwargs))
