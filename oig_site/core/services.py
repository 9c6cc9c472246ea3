"""Site-wide services: publishing (used by every app's admin actions) and password reset."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from oig_site.core.background import run_after_response
from oig_site.core.publishing import Status
from oig_site.core.throttle import allow_visitor_and_address


def content_publish_now(*, objects: QuerySet, user) -> tuple[int, list[str]]:
    """Publish each object from now. Objects that may not be published (for example a story
    without recorded consent) are left as they are; their problems are returned."""
    published, problems = 0, []
    for obj in objects:
        obj.status, obj.publish_at = Status.PUBLISHED, timezone.now()
        try:
            obj.full_clean()
        except ValidationError as error:
            problems.append(f"{obj}: {' '.join(error.messages)}")
            continue
        obj.updated_by = user
        obj.save()
        published += 1
    return published, problems


def content_unpublish(*, objects: QuerySet, user) -> int:
    """Take objects off the public site: back to draft. Nothing is deleted."""
    changed = 0
    for obj in objects.exclude(status=Status.DRAFT):
        obj.status = Status.DRAFT
        obj.updated_by = user
        obj.save()
        changed += 1
    return changed


# Password reset: the e-mail goes out after the response, so the answer takes as long whether or
# not the address has an account, and each address gets at most a few e-mails an hour.
PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
PASSWORD_RESET_LIMIT_PER_CLIENT = 20
PASSWORD_RESET_WINDOW_SECONDS = 60 * 60


def password_reset_request(*, email: str, client: str, domain: str, use_https: bool) -> bool:
    """Arrange for a password reset link to be e-mailed to ``email`` after the response, unless
    this address or this visitor (``client``, their IP address) asked too often. Returns whether
    it will be sent; the visitor is told the same either way."""
    if not allow_visitor_and_address(
        scope="password-reset",
        visitor=client,
        address=email,
        per_visitor=PASSWORD_RESET_LIMIT_PER_CLIENT,
        per_address=PASSWORD_RESET_LIMIT_PER_ADDRESS,
        window_seconds=PASSWORD_RESET_WINDOW_SECONDS,
    ):
        return False
    run_after_response(password_reset_send, email=email, domain=domain, use_https=use_https)
    return True


def password_reset_send(*, email: str, domain: str, use_https: bool) -> None:
    """E-mail a reset link to each active account with this address and a usable password
    (Django's rules); nothing when there is none."""
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(
            domain_override=domain,
            use_https=use_https,
            extra_email_context={"site_name": settings.SITE_NAME},
        )
