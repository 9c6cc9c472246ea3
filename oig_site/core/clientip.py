"""The visitor's address, for everything that needs it: sign-in lock-outs (django-axes) and the
form throttles.

Behind a reverse proxy every request comes from the proxy, so REMOTE_ADDR is the proxy's address.
``DJANGO_TRUSTED_PROXIES`` (``settings.TRUSTED_PROXIES``) says how many proxies we run in front
of the site. Each proxy appends the address it received the request from to X-Forwarded-For, so
with N trusted proxies the Nth entry from the right is the address the outermost of our proxies
saw: the visitor. Entries further left were written by the visitor and cannot be trusted. With 0
(the default) X-Forwarded-For is ignored and REMOTE_ADDR is used.
"""

import ipaddress

from django.conf import settings

# A real header holds a handful of addresses; anything much longer is not worth parsing.
MAX_HEADER_LENGTH = 2000


def valid_ip(value: str) -> str | None:
    """The address in its normal written form, or None if ``value`` is not an IP address.
    Accepts what proxies write: an optional port (``1.2.3.4:5678``, ``[2001:db8::1]:443``)."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [IPv6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def client_ip(request) -> str | None:
    """The visitor's IP address, or None when there is no valid one (never raises)."""
    remote = valid_ip(request.META.get("REMOTE_ADDR") or "")
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR") or ""
    if not header or len(header) > MAX_HEADER_LENGTH:
        return remote
    entries = [entry for entry in header.split(",") if entry.strip()]
    if len(entries) < proxies:
        # Fewer entries than proxies: the request did not come through all of them (a
        # misconfiguration, or a request sent to an inner proxy directly). Use the nearest
        # address we know, never one further left that the client may have written.
        return remote
    return valid_ip(entries[-proxies]) or remote


def client_key(request) -> str:
    """The visitor's address as a throttle key (``"unknown"`` when there is none)."""
    return client_ip(request) or "unknown"


def login_username(request, credentials=None) -> str | None:
    """The username django-axes records for a sign-in attempt, cut to the 255 characters its
    table holds (no account has a username that long, so the attempt fails as usual)."""
    username = (credentials or {}).get("username")
    if username is None:
        username = request.POST.get("username") if request is not None else None
    if username is None:
        return None
    return str(username)[:255]
