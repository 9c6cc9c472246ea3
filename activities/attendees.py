"""What coordinators read about who is coming to an activity: the attendee list, a summary of
access needs to book support in time, a CSV file and a sign-in sheet."""

from collections import Counter
from dataclasses import dataclass

from activities.models import ACCESS_NEED_SUMMARY, AccessNeed, Activity, SignUp

CSV_HEADER = [
    "Name",
    "Status",
    "E-mail address",
    "Phone number",
    "Access needs",
    "Other access needs",
    "Signed up",
]


@dataclass
class Attendees:
    activity: Activity
    confirmed: list[SignUp]
    waiting: list[SignUp]
    cancelled: int
    needs_summary: list[str]
    other_needs: int


def access_needs_summary(signups) -> list[str]:
    """ "2 need a BSL interpreter", "1 needs step-free access"...: the needs of these people,
    most needed first (then in the form's order)."""
    counts = Counter(need for signup in signups for need in signup.access_needs)
    order = list(AccessNeed.values)
    return [
        f"{count} {'needs' if count == 1 else 'need'} {ACCESS_NEED_SUMMARY[AccessNeed(need)]}"
        for need, count in sorted(counts.items(), key=lambda item: (-item[1], order.index(item[0])))
        if need in order
    ]


def attendees(activity: Activity) -> Attendees:
    """Everyone signed up (one query): confirmed, then the waiting list in order; the summary
    counts the needs of those with a place and those waiting."""
    signups = list(activity.signups.order_by("created_at", "pk"))
    confirmed = [s for s in signups if s.status == SignUp.Status.CONFIRMED]
    waiting = [s for s in signups if s.status == SignUp.Status.WAITING]
    coming = confirmed + waiting
    return Attendees(
        activity=activity,
        confirmed=confirmed,
        waiting=waiting,
        cancelled=len(signups) - len(coming),
        needs_summary=access_needs_summary(coming),
        other_needs=sum(1 for s in coming if s.other_access_needs),
    )


def csv_rows(found: Attendees):
    for signup in found.confirmed + found.waiting:
        yield [
            signup.name,
            signup.get_status_display(),
            signup.email,
            signup.phone,
            "; ".join(signup.access_need_labels),
            signup.other_access_needs,
            signup.created_at.strftime("%Y-%m-%d %H:%M"),
        ]
