"""The admin start page for editors: their groups, their drafts, what is scheduled, and what
changed recently on their groups (by anyone)."""

from dataclasses import dataclass
from itertools import chain

from django.urls import reverse

from activities.models import Activity
from asks.models import Ask
from enquiries.models import Enquiry
from groups.models import CommunityGroup, MemberStory
from newsletters.models import Issue

RECENT = 10


@dataclass
class Item:
    kind: str
    title: str
    admin_url: str
    site_url: str
    when: object
    who: str = ""


def _content(user):
    """What the user may edit, of each kind the start page lists."""
    return [
        ("Story", MemberStory.objects.editable_by(user).select_related("group", "updated_by")),
        ("Activity", Activity.objects.editable_by(user).select_related("updated_by")),
        (
            "Newsletter issue",
            Issue.objects.editable_by(user).select_related("newsletter", "updated_by"),
        ),
        ("Ask", Ask.objects.editable_by(user).select_related("updated_by")),
    ]


def _item(kind, obj, when) -> Item:
    opts = obj._meta
    return Item(
        kind=kind,
        title=str(obj),
        admin_url=reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
        site_url=obj.get_absolute_url(),
        when=when,
        who=obj.updated_by.get_username() if getattr(obj, "updated_by", None) else "",
    )


def editor_dashboard(user) -> dict:
    groups = CommunityGroup.objects.coordinated_by(user).order_by("name")
    content = _content(user)
    drafts = list(
        chain.from_iterable(
            (
                _item(kind, obj, obj.updated_at)
                for obj in qs.drafts().order_by("-updated_at")[:RECENT]
            )
            for kind, qs in content
        )
    )
    scheduled = sorted(
        chain.from_iterable(
            (
                _item(kind, obj, obj.publish_at)
                for obj in qs.scheduled().order_by("publish_at")[:RECENT]
            )
            for kind, qs in content
        ),
        key=lambda item: item.when,
    )
    recent = sorted(
        chain.from_iterable(
            (_item(kind, obj, obj.updated_at) for obj in qs.order_by("-updated_at")[:RECENT])
            for kind, qs in content
        ),
        key=lambda item: item.when,
        reverse=True,
    )[:RECENT]
    events = (
        Activity.objects.editable_by(user)
        .upcoming()
        .filter(signups_open=True)
        .select_related("signup_tally")
    )
    return {
        "new_enquiries": Enquiry.objects.editable_by(user).new().count(),
        "groups": list(groups[:50]),
        "events": list(events[:RECENT]),
        "drafts": sorted(drafts, key=lambda item: item.when, reverse=True)[:RECENT],
        "scheduled": scheduled[:RECENT],
        "recent": recent,
    }
