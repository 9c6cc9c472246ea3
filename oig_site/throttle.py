"""Fixed-window rate limits for the public forms (subscribe, questions, password reset).

The counts live in the database (``ThrottleCount``), so every server process shares them and
nothing else has to be running: a per-process memory cache would multiply each limit by the
number of workers, and a separate cache server is one more thing that can be down. Counting is
one atomic UPDATE, so two requests at once are both counted.

The throttles fail open: if the count cannot be read or written, the attempt is allowed and a
warning is logged. A reader's question or subscription is never lost to a throttle error.
"""

import hashlib
import logging
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from oig_site.clientip import client_key
from oig_site.models import ThrottleCount

logger = logging.getLogger(__name__)

__all__ = ["allow", "client_key"]


def _window_start(now: datetime, window_seconds: int) -> datetime:
    seconds = int(now.timestamp())
    return datetime.fromtimestamp(seconds - seconds % window_seconds, tz=UTC)


def _count(*, scope: str, key: str, window_seconds: int) -> int:
    """Add one to this key's count in the current window and return the new count."""
    now = timezone.now()
    start = _window_start(now, window_seconds)
    row = ThrottleCount.objects.filter(scope=scope, key=key, window_start=start)
    with transaction.atomic():
        if not row.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    ThrottleCount.objects.create(
                        scope=scope,
                        key=key,
                        window_start=start,
                        expires_at=start + timedelta(seconds=window_seconds),
                        count=1,
                    )
            except IntegrityError:  # another request created it first
                row.update(count=F("count") + 1)
            else:
                # A new window began: forget the windows that have ended.
                ThrottleCount.objects.filter(expires_at__lte=now).delete()
        return row.values_list("count", flat=True).get()


def allow(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for ``key``; False once more than ``limit`` were made in the window.

    True (with a warning in the log) if the count cannot be kept, so a form never fails
    because of its throttle.
    """
    digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()
    try:
        count = _count(scope=scope, key=digest, window_seconds=window_seconds)
    except Exception:  # the database is down or locked: let the visitor through
        logger.warning(
            "Throttle %s could not be checked; allowing the attempt.", scope, exc_info=True
        )
        return True
    return count <= limit
