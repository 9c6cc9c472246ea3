"""Rate limits for the public forms (subscribe, questions, password reset).

Each key (a visitor's address, an e-mail address) may make ``limit`` attempts in a window that
starts with its first attempt and lasts ``window_seconds``; then the count starts again.

The counts live in the database (``ThrottleCount``), so every server process shares them and
nothing else has to be running: a per-process memory cache would multiply each limit by the
number of workers, and a separate cache server is one more thing that can be down. Counting is
an atomic UPDATE, so attempts made at the same moment are all counted.

The throttles fail open: if the count cannot be read or written, the attempt is allowed and a
warning is logged. A reader's question or subscription is never lost to a throttle error.
"""

import hashlib
import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from oig_site.core.clientip import client_key
from oig_site.core.models import ThrottleCount

logger = logging.getLogger(__name__)

__all__ = ["allow", "allow_visitor_and_address", "client_key"]


def _count(*, scope: str, key: str, window_seconds: int) -> int:
    """Add one to this key's count and return the new count."""
    now = timezone.now()
    expires_at = now + timedelta(seconds=window_seconds)
    row = ThrottleCount.objects.filter(scope=scope, key=key)
    with transaction.atomic():
        if row.filter(expires_at__gt=now).update(count=F("count") + 1):
            pass  # within the current window
        elif row.filter(expires_at__lte=now).update(
            count=1, window_start=now, expires_at=expires_at
        ):
            pass  # the last window had ended: a new one starts
        else:
            try:
                with transaction.atomic():
                    ThrottleCount.objects.create(
                        scope=scope, key=key, window_start=now, expires_at=expires_at, count=1
                    )
            except IntegrityError:  # another request created it first
                row.update(count=F("count") + 1)
            else:
                # Forget the keys whose window has ended, so the table stays small.
                ThrottleCount.objects.filter(expires_at__lte=now).delete()
        return row.values_list("count", flat=True).get()


def allow(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for ``key``; False once more than ``limit`` were made in its window.

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


def allow_visitor_and_address(
    *,
    scope: str,
    visitor: str,
    address: str | None,
    per_visitor: int,
    per_address: int,
    window_seconds: int,
) -> bool:
    """A form's two limits: one per visitor (their IP address, generous enough for a meeting
    on one Wi-Fi) and one per e-mail address given in the form (so nobody can fill one inbox).
    True while both allow the attempt; a form without an address has only the first."""
    return allow(
        scope=f"{scope}-client", key=visitor, limit=per_visitor, window_seconds=window_seconds
    ) and (
        not address
        or allow(
            scope=f"{scope}-address",
            key=address,
            limit=per_address,
            window_seconds=window_seconds,
        )
    )
