import base64
import hashlib
import re
from functools import cache

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.exceptions import BadRequest
from django.core.handlers.exception import response_for_exception
from django.db import DataError
from django.http import QueryDict
from django_prose_editor.widgets import importmap

IMPORT_MAP = re.compile(r"<script[^>]*>(.*)</script>", re.S)


@cache
def admin_import_map_hash() -> str:
    """The CSP source for the one inline script the admin needs: the import map that the
    rich-text editor writes into the page. Allowing exactly its hash (rather than every inline
    script) means nothing else written into an admin page can run."""
    content = IMPORT_MAP.search(str(importmap.render())).group(1)
    digest = hashlib.sha256(content.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with two policies: the strict one in ``CONTENT_SECURITY_POLICY`` for public
    pages, and ``ADMIN_CONTENT_SECURITY_POLICY`` for the admin, which also allows the rich-text
    editor's import map (by its hash) and the inline styles the admin and the editor use.

    With debug on, Django answers errors with its own pages (the 400 for a bad request, the 403
    for a failed form check, the 404 and 500), styled inline: those may use inline styles, so a
    developer sees them as Django draws them. django-csp already leaves out the header on the
    404 and 500; with debug off the site's own error pages are shown, under the strict policy.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:
            return parts
        if request.path_info.startswith("/admin/"):
            directives = dict(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
            directives["script-src"] = [*directives["script-src"], admin_import_map_hash()]
            parts.config = directives
        elif settings.DEBUG and response.status_code >= 400:
            directives = dict(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
            directives["style-src"] = [*directives["style-src"], "'unsafe-inline'"]
            parts.config = directives
        return parts


class RejectNullBytesMiddleware:
    """A NUL byte is never part of a real address, query or form, and PostgreSQL refuses to
    store or compare text holding one: answer 400 (the site's own page) instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for data in (request.GET, request.POST if request.method == "POST" else QueryDict())
            for key, values in data.lists()
        ):
            raise BadRequest("The request contained a NUL character.")
        return self.get_response(request)


class OutOfRangeIsBadRequestMiddleware:
    """A number too large for Python's dates or the database's columns (``?year=99999999999``
    in the admin's date drill-down, an id beyond any column) is the visitor's mistake: answer
    400 (the site's own page) instead of a 500.

    Forms check their own fields first (and show a field error); this is the safety net for the
    places Django passes the value on unchecked.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # Only numbers out of range: any other DataError (text too long for its column, say) is
        # a gap in the site's own checks, and stays a 500 that the administrators hear about.
        out_of_range = isinstance(exception, OverflowError) or (
            isinstance(exception, DataError) and "out of range" in str(exception)
        )
        if out_of_range:
            return response_for_exception(
                request, BadRequest(f"A value in the request is out of range: {exception}")
            )
        return None


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's sessions, without ``Vary: Cookie`` for a visitor who brings no session.

    Public views ask whether the visitor is an editor (who may preview drafts), which reads the
    session. For a visitor with no session cookie there is nothing to read: every such visitor
    gets the same page, so it must not be marked as varying on cookies (which would stop
    proxies and the page cache from sharing it). A visitor with a session cookie still gets
    ``Vary: Cookie``, and the page cache never serves or keeps their pages.
    """

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if (
            session is not None
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not session.modified
            and session.is_empty()
        ):
            session.accessed = False
        return super().process_response(request, response)
