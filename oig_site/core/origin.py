"""Public forms on cached pages: checked by where the post comes from, not by a token.

A page kept in the shared page cache (``oig_site/core/pagecache.py``) is the same for every
visitor, so it cannot carry a CSRF token for each of them. The public forms it holds (subscribe
to a newsletter, ask a question) therefore take no token; instead ``same_origin_only`` refuses
a post that a browser says came from another site, which is what a token would prevent.

Why this is safe for these forms:

- They act for nobody: no sign-in is read or used, so a forged post cannot borrow a visitor's
  session (the harm CSRF tokens exist to stop). At worst it could subscribe someone, and a
  subscription waits for the owner of the address to confirm it by e-mail; both forms are
  limited per visitor and per address (``oig_site/core/throttle.py``).
- Every current browser sends ``Origin`` with a POST (and ``Sec-Fetch-Site``): a post from a
  page on another site carries that site's origin and is refused with a 403 page that says
  why. This is the check Django 5.2's ``CsrfViewMiddleware`` itself makes first
  (``_origin_verified``: the request's scheme and host, or ``CSRF_TRUSTED_ORIGINS``).
- With neither header, the ``Referer`` is checked if present. A post with none of the three
  is not from a browser page at all (a script can post anyway, token or not), so it is let
  through to the form's own checks and limits.

Forms for signed-in editors (the admin, password reset, confirming a subscription) keep Django's
CSRF token as it is.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render
from django.utils.http import is_same_domain
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def _origin_allowed(request, origin: str) -> bool:
    if origin == f"{request.scheme}://{request.get_host()}":
        return True
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    parts = urlsplit(origin)
    # "https://*.example.org" allows any subdomain, as in Django's own check.
    return any(
        parts.scheme == trusted.scheme and is_same_domain(parts.netloc, trusted.netloc[1:])
        for trusted in map(urlsplit, settings.CSRF_TRUSTED_ORIGINS)
        if trusted.netloc.startswith("*")
    )


def from_this_site(request) -> bool:
    """Whether the browser says this request came from one of the site's own pages."""
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        return origin != "null" and _origin_allowed(request, origin)
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    referer = request.META.get("HTTP_REFERER")
    if referer:
        parts = urlsplit(referer)
        return _origin_allowed(request, f"{parts.scheme}://{parts.netloc}")
    return True


def cross_site_refused(request):
    return render(request, "403_cross_site.html", status=403)


def same_origin_only(view):
    """For a public form's view: no CSRF token (see the module's docstring), but a post from
    another site is refused with a 403 page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in SAFE_METHODS and not from_this_site(request):
            return cross_site_refused(request)
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)
