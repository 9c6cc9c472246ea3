"""The page cache: anonymous visitors' pages kept whole in Django's cache framework.

What is cached: the response to a GET or HEAD of a public page by a visitor with no session
cookie (so never signed in), when it is a 200 with no ``Set-Cookie``, not streamed, not marked
``private``, ``no-cache`` or ``no-store`` (editors' previews and the story photo view are), not
varying on anything but ``Accept-Encoding``, and not under a path of ``PAGE_CACHE_SKIP_PATHS``
(the admin, password reset).

The key: today's date (lists of upcoming events change at
midnight), the scheme, host and path, whether the visitor accepts gzip, and the query string
reduced to the parameters the site reads (``PAGE_CACHE_QUERY_PARAMETERS``), sorted. Tracking
parameters (``utm_*``, ``fbclid``...) are left out of the key; any other parameter, or a value
longer than ``PAGE_CACHE_MAX_VALUE_LENGTH``, means the page is made afresh and not stored, so
made-up parameters cannot fill the cache. The key is a hash: its length is bounded.

Invalidation: a change to anything a public page can show moves the site to a new content
version, so every cached page is made afresh; entries of old versions are never served again.
Each app names its public models in its ``AppConfig.public_models``; their saves, deletes and
many-to-many changes move the version (``connect_invalidation``), at once and again when the
transaction commits (so a page made from the old rows while the change was being saved is not
kept under the new version). Writes that send no signals (``QuerySet.update()``) call
``content_changed()`` themselves. Beside the version the cache keeps the next publish time of
anything scheduled; the first request after that time moves to a new version, so a scheduled
page appears on time with nobody saving anything.

Looking a page up never touches the database: one read from the cache fetches the version and
the page's entry, which records the version it was made under; an entry of an older version is
made afresh and replaced.
"""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_cache_control, set_response_etag
from django.utils.http import urlencode

logger = logging.getLogger(__name__)

STATE_KEY = "pagecache:state"
# Parameters that never change a page (added by mailing lists and social sites): not in the key.
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "msclkid", "ref"})
UNCACHEABLE_DIRECTIVES = frozenset({"private", "no-cache", "no-store"})


@dataclass(frozen=True)
class State:
    """The content version, and when the next scheduled page appears (None: nothing is)."""

    version: str
    next_at: datetime | None


# The content version ------------------------------------------------------------------------


def public_models() -> list:
    """Every model whose rows a public page can show, as the apps declare them in
    ``AppConfig.public_models`` (model names)."""
    return [
        apps.get_model(config.label, name)
        for config in apps.get_app_configs()
        for name in getattr(config, "public_models", ())
    ]


def _scheduled_models() -> list:
    return [
        model
        for model in public_models()
        if any(field.name == "publish_at" for field in model._meta.concrete_fields)
        and hasattr(model._default_manager, "scheduled")
    ]


def next_scheduled_time() -> datetime | None:
    """When the next scheduled object appears, from the database (one query per model that has
    a publish time)."""
    times = [
        model._default_manager.scheduled().aggregate(next=Min("publish_at"))["next"]
        for model in _scheduled_models()
    ]
    return min((time for time in times if time is not None), default=None)


def _write_state(state: State) -> State:
    try:
        cache.set(STATE_KEY, state, timeout=None)
    except Exception:
        logger.exception("Could not record the page cache's content version.")
    return state


def reset(*, next_at: datetime | None) -> State:
    """Start a new content version, with the next scheduled publish time given."""
    return _write_state(State(version=secrets.token_hex(8), next_at=next_at))


def refresh() -> State:
    """Start a new content version, reading the next scheduled publish time from the database."""
    return reset(next_at=next_scheduled_time())


def current_state() -> State:
    """The content version to use now (see ``usable_state``)."""
    try:
        state = cache.get(STATE_KEY)
    except Exception:
        logger.exception("Could not read the page cache's content version.")
        state = None
    return usable_state(state)


def usable_state(state: State | None) -> State:
    """The state read from the cache, or a new one: a missing version (an emptied cache) is
    rebuilt from the database, and a scheduled time that has passed starts a new version."""
    if state is None or (state.next_at is not None and state.next_at <= timezone.now()):
        state = refresh()
    return state


def _on_commit_queued(connection) -> bool:
    return any(entry[1] is refresh for entry in getattr(connection, "run_on_commit", ()))


def content_changed(*, scheduled_at: datetime | None = None) -> None:
    """Something a public page can show has changed: every cached page is made afresh.

    ``scheduled_at``: the publish time of a changed object, if it is still to come.
    """
    try:
        state = cache.get(STATE_KEY)
    except Exception:
        state = None
    next_at = state.next_at if state is not None else None
    if scheduled_at is not None and scheduled_at > timezone.now():
        next_at = scheduled_at if next_at is None else min(next_at, scheduled_at)
    reset(next_at=next_at)
    connection = transaction.get_connection()
    if connection.in_atomic_block and not _on_commit_queued(connection):
        transaction.on_commit(refresh)


def _earliest_future(times) -> datetime | None:
    now = timezone.now()
    return min((time for time in times if isinstance(time, datetime) and time > now), default=None)


class ChangesPublicPagesQuerySet(QuerySet):
    """For the querysets of public models: the writes that send no signals (``update()``,
    ``bulk_create()``, ``bulk_update()``, as bulk imports and data generators use) start a new
    content version themselves."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            content_changed(scheduled_at=_earliest_future([kwargs.get("publish_at")]))
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            times = [getattr(obj, "publish_at", None) for obj in created]
            content_changed(scheduled_at=_earliest_future(times))
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        rows = super().bulk_update(objs, fields, *args, **kwargs)
        if rows:
            times = [getattr(obj, "publish_at", None) for obj in objs]
            content_changed(scheduled_at=_earliest_future(times))
        return rows


def _saved_or_deleted(sender, instance, **kwargs) -> None:
    # A future publish time, even a draft's, is noted: at worst a new version starts for nothing.
    content_changed(scheduled_at=getattr(instance, "publish_at", None))


def _m2m_changed(sender, action, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        content_changed()


def _migrated(sender, **kwargs) -> None:
    content_changed()


def connect_invalidation() -> None:
    """Move to a new content version on every save, delete and many-to-many change of the
    public models, and after migrations (a deployment)."""
    for model in public_models():
        uid = f"pagecache_{model._meta.label_lower}"
        post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"{uid}_delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _m2m_changed, sender=through, dispatch_uid=f"pagecache_{through._meta.label_lower}"
            )
    post_migrate.connect(_migrated, dispatch_uid="pagecache_migrated")


# The key --------------------------------------------------------------------------------------


def _query_key(request) -> str | None:
    """The query string reduced to what the site reads, or None if it holds anything else."""
    allowed = settings.PAGE_CACHE_QUERY_PARAMETERS
    longest = settings.PAGE_CACHE_MAX_VALUE_LENGTH
    kept = []
    for name, values in request.GET.lists():
        if name in TRACKING_PARAMETERS or name.startswith("utm_"):
            continue
        # Views read the last value given (QueryDict.get), so only that one counts.
        if name not in allowed or len(values[-1]) > longest:
            return None
        kept.append((name, values[-1]))
    return urlencode(sorted(kept))


def has_session(request) -> bool:
    """Whether the visitor brings a session (signed in, or was) or a message to show."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def is_anonymous_read(request) -> bool:
    """A GET or HEAD by a visitor with no session: what a public, shareable page answers."""
    return request.method in ("GET", "HEAD") and not has_session(request)


def page_key(request) -> str | None:
    """The cache key of this request's page, or None if this request is never cached. The
    content version is not part of it: it is kept in the entry and compared, so that one read
    from the cache fetches both."""
    if not is_anonymous_read(request):
        return None
    path = request.path
    if any(path.startswith(prefix) for prefix in settings.PAGE_CACHE_SKIP_PATHS):
        return None
    query = _query_key(request)
    if query is None:
        return None
    gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
    parts = (
        timezone.localdate().isoformat(),
        request.scheme,
        request.get_host(),
        path,
        query,
        "gzip" if gzip else "identity",
    )
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest()
    return f"page:{digest}"


# The middleware ---------------------------------------------------------------------------


def _cache_control(response) -> set[str]:
    value = response.get("Cache-Control", "")
    return {part.split("=")[0].strip().lower() for part in cc_delim_re.split(value) if part}


def is_shareable(response) -> bool:
    """Whether this response to an anonymous read may be kept and shared with anyone."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if _cache_control(response) & UNCACHEABLE_DIRECTIVES:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
    return vary <= {"accept-encoding"}


class PageCacheMiddleware:
    """Serves anonymous visitors' pages from the cache and keeps new ones (see the module's
    docstring), and sets each response's ``Cache-Control``:

    - a shareable anonymous page: ``public, max-age=PAGE_CACHE_MAX_AGE`` (a proxy may keep it
      that long) and an ``ETag`` (``ConditionalGetMiddleware``, placed before this one, then
      answers ``If-None-Match`` with 304, for pages from the cache too);
    - a visitor with a session (editors), and every form result (POST): ``private, no-cache``.

    Placed after ``SecurityMiddleware`` and WhiteNoise and before ``GZipMiddleware``, so a
    cached page is kept compressed, with the headers of the middleware after it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        key = page_key(request) if seconds > 0 else None
        if key is not None:
            state, entry = self._read(key)
            if entry is not None and entry[0] == state.version:
                return self._from_entry(entry)
        response = self.get_response(request)
        if is_anonymous_read(request) and is_shareable(response):
            if "Cache-Control" not in response:
                patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_MAX_AGE)
            if not response.has_header("ETag"):
                set_response_etag(response)
            if key is not None and len(response.content) <= settings.PAGE_CACHE_MAX_BYTES:
                self._write(key, state.version, response, seconds)
                response["X-Cache"] = "miss"
        elif "Cache-Control" not in response and (
            has_session(request) or request.method not in ("GET", "HEAD")
        ):
            patch_cache_control(response, private=True, no_cache=True)
        return response

    @staticmethod
    def _read(key) -> tuple[State, tuple | None]:
        """The content version and this page's entry, in one read from the cache."""
        try:
            found = cache.get_many([STATE_KEY, key])
        except Exception:
            logger.exception("Could not read a page from the cache.")
            found = {}
        return usable_state(found.get(STATE_KEY)), found.get(key)

    @staticmethod
    def _write(key, version, response, seconds) -> None:
        entry = (version, list(response.items()), response.content)
        try:
            cache.set(key, entry, timeout=seconds)
        except Exception:
            logger.exception("Could not keep a page in the cache.")

    @staticmethod
    def _from_entry(entry) -> HttpResponse:
        _, headers, content = entry
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response["X-Cache"] = "hit"
        return response
