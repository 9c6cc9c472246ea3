from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.handlers.exception import response_for_exception
from django.db import DataError
from django.http import QueryDict


class ContentSecurityPolicyMiddleware:
    """Send the site's Content-Security-Policy with every public page.

    The admin is left out: its rich-text editor loads an import map written inline in the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


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
        if isinstance(exception, OverflowError | DataError):
            return response_for_exception(
                request, BadRequest(f"A value in the request is out of range: {exception}")
            )
        return None
