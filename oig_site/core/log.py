"""Logging pieces: error e-mails to the administrators that nobody can turn into a flood, and
one-line log entries for requests with a wrong Host header."""

import logging
import threading
import time
import traceback
from collections import deque

from django.utils.log import AdminEmailHandler


class RateLimitedAdminEmailHandler(AdminEmailHandler):
    """E-mails errors to ``ADMINS`` like Django's handler, but at most ``limit`` e-mails in
    ``window_seconds`` (per server process), and each kind of error (the same exception at the
    same place, or the same message) once in that window. What is held back is still logged
    by the other handlers, and the next e-mail says how many were held back."""

    def __init__(self, *args, limit: int = 10, window_seconds: int = 3600, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit, self.window_seconds = int(limit), int(window_seconds)
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self._sent: deque[float] = deque()
        self._last_sent_for: dict[tuple, float] = {}
        self.held_back = 0

    @staticmethod
    def kind_of(record: logging.LogRecord) -> tuple:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            frames = traceback.extract_tb(error.__traceback__)
            where = (frames[-1].filename, frames[-1].lineno) if frames else ("", 0)
            return (record.name, type(error).__qualname__, *where)
        return (record.name, str(record.msg)[:200])

    def allow(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        kind = self.kind_of(record)
        with self._lock:
            while self._sent and self._sent[0] <= now - self.window_seconds:
                self._sent.popleft()
            last = self._last_sent_for.get(kind)
            if len(self._sent) >= self.limit or (
                last is not None and last > now - self.window_seconds
            ):
                self.held_back += 1
                return False
            self._sent.append(now)
            self._last_sent_for[kind] = now
            return True

    def emit(self, record: logging.LogRecord) -> None:
        if not self.allow(record):
            return
        if self.held_back:
            record.msg = f"{record.msg} ({self.held_back} more error e-mails were held back.)"
            self.held_back = 0
        super().emit(record)


class WithoutTraceback(logging.Filter):
    """Log the message alone: for expected refusals (a wrong Host header) a traceback is noise
    that anyone on the internet could fill the logs with."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True
