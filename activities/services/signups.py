"""Signing up for an activity, cancelling, the waiting list, reminders and deleting sign-ups
once they are no longer needed.

Places are never oversold: every change to an activity's sign-ups happens in a transaction that
first locks the activity's row (``select_for_update`` on PostgreSQL; on SQLite the transaction
takes the database's write lock when it starts, ``transaction_mode: IMMEDIATE`` in settings),
so two people can never both take the last place. The counts in ``SignUpTally`` are written in
the same transaction.

E-mails go after the transaction commits; a failure is logged and recorded (the sign-up is kept
and the person is told on the page), never an error page.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from activities.calendars import build_calendar
from activities.models import Activity, SignUp, SignUpTally
from oig_site.core.links import absolute_url
from oig_site.core.pagecache import content_changed
from oig_site.core.retention import delete_with_history
from oig_site.core.text import one_line

logger = logging.getLogger(__name__)

CANCEL_SALT = "activities.signup.cancel"


class SignUpClosed(Exception):
    """The activity does not take sign-ups (any more)."""


class LinkExpired(Exception):
    """The cancel link is for an activity that has already happened."""


# Links


def cancel_token(signup: SignUp) -> str:
    """An unguessable link to cancel this sign-up: signed, naming the sign-up and when it was
    made (so a link can never point at another sign-up)."""
    return signing.dumps(
        {"s": signup.pk, "t": int(signup.created_at.timestamp())}, salt=CANCEL_SALT
    )


def read_cancel_token(token: str) -> SignUp:
    """The sign-up a cancel link is for. Raises ``signing.BadSignature`` (a bad link, or one
    for a sign-up that no longer exists) or ``LinkExpired``."""
    data = signing.loads(token, salt=CANCEL_SALT)
    if not isinstance(data, dict):
        raise signing.BadSignature("Not a cancel link.")
    try:
        signup = SignUp.objects.select_related("activity").get(pk=int(data["s"]))
    except (KeyError, TypeError, ValueError, SignUp.DoesNotExist) as error:
        raise signing.BadSignature("No such sign-up.") from error
    if int(signup.created_at.timestamp()) != data.get("t"):
        raise signing.BadSignature("No such sign-up.")
    if not signup.activity.is_upcoming:
        raise LinkExpired
    return signup


def cancel_url(signup: SignUp) -> str:
    return absolute_url(reverse("activities:signup_cancel", args=[cancel_token(signup)]))


# Counting and the waiting list (always inside a transaction holding the activity's lock)


def _lock(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().get(pk=activity.pk)


def signup_tally_update(*, activity: Activity) -> SignUpTally:
    """Count the activity's sign-ups again (inside the transaction that changed them)."""
    counts = SignUp.objects.filter(activity=activity).aggregate(
        confirmed=Count("pk", filter=Q(status=SignUp.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=SignUp.Status.WAITING)),
        cancelled=Count("pk", filter=Q(status=SignUp.Status.CANCELLED)),
    )
    tally, created = SignUpTally.objects.get_or_create(activity=activity, defaults=counts)
    changed = created or any(getattr(tally, name) != value for name, value in counts.items())
    if changed and not created:
        for name, value in counts.items():
            setattr(tally, name, value)
        tally.save()
    if changed and activity.start_date <= timezone.localdate():
        # Under way: the group's impact page counts it (its "people taking part"), and that
        # page may be in the page cache. Upcoming activities' counts are only on their own
        # pages, which are never cached.
        content_changed()
    return tally


def _promote(activity: Activity) -> list[SignUp]:
    """Give free places to the first people on the waiting list."""
    if activity.places is None:
        free = None
    else:
        taken = SignUp.objects.filter(activity=activity).confirmed().count()
        free = max(activity.places - taken, 0)
    waiting = SignUp.objects.filter(activity=activity).waiting()
    promoted = list(waiting if free is None else waiting[:free])
    for signup in promoted:
        signup.status = SignUp.Status.CONFIRMED
        signup.save(update_fields=["status", "updated_at"])
    return promoted


# E-mails


def _send(*, signup: SignUp, template: str, subject: str, with_calendar: bool) -> bool:
    """E-mail ``signup`` (if it has an address). True if sent. Any failure, in making the
    e-mail or in sending it, is logged: the sign-up is kept whatever happens here."""
    if not signup.email:
        return False
    try:
        _message(
            signup=signup, template=template, subject=subject, with_calendar=with_calendar
        ).send()
    except Exception:  # noqa: BLE001 - the sign-up is kept; the failure is logged and shown
        logger.exception("Could not e-mail sign-up %s (%s)", signup.pk, template)
        return False
    return True


def _message(
    *, signup: SignUp, template: str, subject: str, with_calendar: bool
) -> EmailMultiAlternatives:
    activity = signup.activity
    subject = one_line(f"{subject}: {activity.title}")
    context = {
        "subject": subject,
        "signup": signup,
        "activity": activity,
        "activity_url": absolute_url(activity.get_absolute_url()),
        "cancel_url": cancel_url(signup),
        "site_name": settings.SITE_NAME,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"activities/email/{template}.txt", context),
        to=[signup.email],
    )
    message.attach_alternative(
        render_to_string(f"activities/email/{template}.html", context), "text/html"
    )
    if with_calendar:
        calendar = build_calendar(
            activities=[activity], name=activity.title, build_absolute_uri=absolute_url
        )
        message.attach(f"{activity.slug}.ics", calendar, "text/calendar")
    return message


def _send_confirmation(signup: SignUp) -> bool:
    if signup.status == SignUp.Status.CONFIRMED:
        sent = _send(
            signup=signup, template="signup_confirmed", subject="Your place", with_calendar=True
        )
    else:
        sent = _send(
            signup=signup,
            template="signup_waiting",
            subject="You are on the waiting list",
            with_calendar=False,
        )
    if sent:
        signup.confirmation_sent_at = timezone.now()
        SignUp.objects.filter(pk=signup.pk).update(confirmation_sent_at=signup.confirmation_sent_at)
    return sent


def _send_place_offers(promoted: list[SignUp]) -> None:
    for signup in promoted:
        _send(
            signup=signup, template="place_offered", subject="A place is yours", with_calendar=True
        )


# What views, the admin and commands call


def signup_create(
    *,
    activity: Activity,
    name: str,
    email: str = "",
    phone: str = "",
    access_needs: list[str] | None = None,
    other_access_needs: str = "",
    now: dt.datetime | None = None,
) -> SignUp:
    """Sign someone up: a place if one is free, else the waiting list. Raises ``SignUpClosed``
    if the activity does not take sign-ups now. E-mails a confirmation (with the event's
    calendar file) if an address was given; ``confirmation_sent_at`` says whether it went."""
    with transaction.atomic():
        activity = _lock(activity)
        # The time is read once the lock is held, so that the order of the sign-ups' times
        # (the waiting list's order) is the order in which places were given.
        now = now or timezone.now()
        published = Activity.objects.published().filter(pk=activity.pk).exists()
        if not published or not activity.takes_signups(now):
            raise SignUpClosed
        taken = SignUp.objects.filter(activity=activity).confirmed().count()
        full = activity.places is not None and taken >= activity.places
        signup = SignUp.objects.create(
            activity=activity,
            name=name.strip(),
            email=email.strip(),
            phone=phone.strip(),
            access_needs=sorted(set(access_needs or [])),
            other_access_needs=other_access_needs.strip(),
            status=SignUp.Status.WAITING if full else SignUp.Status.CONFIRMED,
            created_at=now,
        )
        signup_tally_update(activity=activity)
    _send_confirmation(signup)
    return signup


def signup_cancel(*, signup: SignUp) -> tuple[SignUp, list[SignUp]]:
    """Cancel a sign-up (cancelling twice is harmless). A freed place goes to the first on the
    waiting list, who is e-mailed. Returns the sign-up and those given a place."""
    with transaction.atomic():
        activity = _lock(signup.activity)
        signup = SignUp.objects.select_for_update().get(pk=signup.pk)
        promoted = []
        if signup.status != SignUp.Status.CANCELLED:
            signup.status = SignUp.Status.CANCELLED
            signup.cancelled_at = timezone.now()
            signup.save(update_fields=["status", "cancelled_at", "updated_at"])
            if activity.is_upcoming:
                promoted = _promote(activity)
            signup_tally_update(activity=activity)
    for person in promoted:
        person.activity = activity
    _send_place_offers(promoted)
    signup.activity = activity
    return signup, promoted


def signup_delete(*, signup: SignUp) -> None:
    """Delete a sign-up now (someone asked for their data to be removed, or it was a mistake):
    its place goes to the waiting list first, and the counts no longer include it."""
    signup_cancel(signup=signup)
    with transaction.atomic():
        activity = _lock(signup.activity)
        SignUp.objects.filter(pk=signup.pk).delete()
        signup_tally_update(activity=activity)


def waiting_list_promote(*, activity: Activity) -> list[SignUp]:
    """After places were added: give them to the first on the waiting list, and e-mail them."""
    if not activity.is_upcoming:
        return []
    with transaction.atomic():
        locked = _lock(activity)
        promoted = _promote(locked)
        if promoted:
            signup_tally_update(activity=locked)
    for person in promoted:
        person.activity = locked
    _send_place_offers(promoted)
    return promoted


# Reminders


def reminders_due(*, today: dt.date | None = None):
    """Confirmed sign-ups with an e-mail address, not yet reminded, for published activities
    starting tomorrow."""
    tomorrow = (today or timezone.localdate()) + dt.timedelta(days=1)
    return (
        SignUp.objects.confirmed()
        .filter(
            reminder_sent_at=None,
            activity__start_date=tomorrow,
            activity__in=Activity.objects.published(),
        )
        .exclude(email="")
        .select_related("activity")
        .order_by("pk")
    )


def reminders_send(*, today: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """E-mail each person going tomorrow, once: each sign-up is claimed (a conditional update
    that only one run can win) before its e-mail is sent, so two runs at once never send the
    same reminder twice. A reminder that could not be sent is released for the next run.
    Returns the number sent."""
    sent = 0
    for signup in reminders_due(today=today):
        claimed_at = now or timezone.now()
        claimed = SignUp.objects.filter(pk=signup.pk, reminder_sent_at=None).update(
            reminder_sent_at=claimed_at
        )
        if not claimed:
            continue  # another run has it
        if _send(signup=signup, template="reminder", subject="Reminder", with_calendar=True):
            sent += 1
        else:
            SignUp.objects.filter(pk=signup.pk, reminder_sent_at=claimed_at).update(
                reminder_sent_at=None
            )
    return sent


# Personal data kept only as long as needed


def signups_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the sign-ups of activities that ended more than ``SIGNUP_RETENTION_DAYS`` ago,
    with any history of them. The counts (``SignUpTally``) stay, so impact figures do not
    change. Returns the number deleted."""
    today = timezone.localdate(now or timezone.now())
    cutoff = today - dt.timedelta(days=settings.SIGNUP_RETENTION_DAYS)
    ended = Q(activity__end_date__lt=cutoff) | Q(
        activity__end_date__isnull=True, activity__start_date__lt=cutoff
    )
    return delete_with_history(SignUp.objects.filter(ended))
