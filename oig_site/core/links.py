"""The site's own addresses made absolute, for e-mails and files read away from the site."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` (such as ``/newsletters/``) on the site's public address, ``SITE_URL``."""
    return settings.SITE_URL.rstrip("/") + path
