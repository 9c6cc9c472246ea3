"""Enquiries from the public: stored first, then e-mailed; deleted once closed and old."""

import calendar
import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from enquiries.models import Enquiry
from groups.models import CommunityGroup
from oig_site.core.links import absolute_url
from oig_site.core.retention import delete_with_history
from oig_site.core.text import one_line, plain_text

logger = logging.getLogger(__name__)


def enquiry_recipients(*, group: CommunityGroup | None) -> list[str]:
    """Who hears of an enquiry: the group's active coordinators who have an e-mail address;
    the site's contact address for an enquiry to no group, or to a group with none."""
    if group is not None:
        addresses = sorted(
            {
                address
                for address in group.coordinators.filter(is_active=True).values_list(
                    "email", flat=True
                )
                if address
            }
        )
        if addresses:
            return addresses
    return [settings.SITE_CONTACT_EMAIL]


def _send(*, subject: str, template: str, context: dict, to: list[str], reply_to=None) -> None:
    subject = one_line(subject)
    context = {**context, "subject": subject}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"enquiries/email/{template}.txt", context),
        to=to,
        reply_to=reply_to,
    )
    message.attach_alternative(
        render_to_string(f"enquiries/email/{template}.html", context), "text/html"
    )
    message.send()


def enquiry_notify(*, enquiry: Enquiry) -> bool:
    """E-mail the enquiry to whoever looks after it. On failure the enquiry keeps the reason
    (shown in the admin) and the error is logged; True if it was sent."""
    group = enquiry.group
    context = {
        "enquiry": enquiry,
        "group": group,
        "site_name": settings.SITE_NAME,
        "admin_url": absolute_url(reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])),
    }
    try:
        _send(
            subject=f"New enquiry for {group.name if group else settings.SITE_NAME}: "
            f"{enquiry.get_interest_display()}",
            template="enquiry",
            context=context,
            to=enquiry_recipients(group=group),
            reply_to=[enquiry.email] if enquiry.email else None,
        )
    except Exception as error:  # noqa: BLE001 - the enquiry is stored; the admin shows this
        logger.exception("Could not e-mail enquiry %s to the coordinators.", enquiry.pk)
        enquiry.notified_at = None
        enquiry.notify_error = one_line(f"{timezone.now():%d %b %Y %H:%M}: {error}")[:300]
        Enquiry.objects.filter(pk=enquiry.pk).update(notify_error=enquiry.notify_error)
        return False
    enquiry.notified_at = timezone.now()
    enquiry.notify_error = ""
    Enquiry.objects.filter(pk=enquiry.pk).update(notified_at=enquiry.notified_at, notify_error="")
    return True


def enquiry_acknowledge(*, enquiry: Enquiry) -> bool:
    """Tell the sender, if they gave an e-mail address, that their message arrived. It repeats
    nothing they typed, so the form cannot be used to send anyone words of a stranger's."""
    if not enquiry.email:
        return False
    group = enquiry.group
    try:
        _send(
            subject=f"We have your message: {group.name if group else settings.SITE_NAME}",
            template="acknowledgement",
            context={
                "group": group,
                "site_name": settings.SITE_NAME,
                "privacy_url": absolute_url(reverse("privacy")),
            },
            to=[enquiry.email],
        )
    except Exception:  # noqa: BLE001 - only a courtesy: the enquiry is stored and sent on
        logger.exception("Could not acknowledge enquiry %s to its sender.", enquiry.pk)
        return False
    return True


def enquiry_submit(
    *,
    group: CommunityGroup | None,
    name: str,
    email: str,
    phone: str,
    interest: str,
    message: str,
    access_needs: str,
) -> Enquiry:
    """Store the enquiry (it is never lost), then e-mail the coordinators and thank the
    sender. A mail failure is recorded on the enquiry, never raised."""
    enquiry = Enquiry.objects.create(
        group=group,
        name=one_line(name)[:150],
        email=email.strip(),
        phone=one_line(phone),
        interest=interest,
        message=plain_text(message).strip(),
        access_needs=plain_text(access_needs).strip(),
        consent_to_contact=True,
    )
    enquiry_notify(enquiry=enquiry)
    enquiry_acknowledge(enquiry=enquiry)
    return enquiry


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the month's last day if it is
    shorter: 31 March less one month is 28 or 29 February)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def enquiries_purge(*, now: datetime | None = None) -> int:
    """Delete closed enquiries whose last change is more than ``ENQUIRY_RETENTION_MONTHS``
    months old, with every trace the admin's history keeps of them (django-reversion versions
    and the admin's log). Returns how many enquiries were deleted."""
    cutoff = months_before(now or timezone.now(), settings.ENQUIRY_RETENTION_MONTHS)
    expired = Enquiry.objects.filter(status=Enquiry.Status.CLOSED, updated_at__lt=cutoff)
    deleted = delete_with_history(expired)
    if deleted:
        logger.info("Deleted %s closed enquiries older than the retention period.", deleted)
    return deleted
