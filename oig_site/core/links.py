"""The site's own addresses made absolute, for e-mails and files read away from the site."""

from django.conf import settings


def site_address() -> str:
    """The site's public address, ``SITE_URL``, without a trailing slash."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """``path`` (such as ``/newsletters/``) on the site's public address."""
    return site_address() + path
