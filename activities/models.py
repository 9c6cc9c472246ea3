"""What groups have done and will do: the activity log, upcoming events and their evidence."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Least
from django.urls import reverse
from django.utils import timezone

from groups.models import CommunityGroup, Topic, public_groups_prefetch
from oig_site.core.content import ImageWithAltText
from oig_site.core.easyread import EasyReadLine
from oig_site.core.fields import RichTextField, web_address_field
from oig_site.core.publishing import PublishableModel, PublishableQuerySet
from oig_site.core.scoping import GroupOwnedQuerySet

EARLIEST_DATE = dt.date(1900, 1, 1)
MAX_PLACES = 10_000
LATEST_DATE = dt.date(2100, 12, 31)

# The orders of the activity log (newest first) and of what's coming (soonest first), each
# ending with the id so that every row has one place (for keyset pagination).
LOG_ORDER = [
    F("start_date").desc(),
    F("start_time").desc(nulls_last=True),
    F("title").asc(),
    F("pk").asc(),
]
UPCOMING_ORDER = [
    F("start_date").asc(),
    F("start_time").asc(nulls_first=True),
    F("title").asc(),
    F("pk").asc(),
]


class ActivityQuerySet(GroupOwnedQuerySet, PublishableQuerySet):
    def public_rule(self) -> Q:
        """A published activity is shown only while at least one of its groups is published."""
        return Q(
            Exists(
                Activity.groups.through.objects.filter(
                    activity=OuterRef("pk"),
                    communitygroup__in=CommunityGroup.objects.published(),
                )
            )
        )

    def upcoming(self, today: dt.date | None = None):
        """Not over yet: starting today or later, or still running today. Soonest first.

        The start date's index is read from the earliest start of anything still running (an
        index lookup on the end date), not from the oldest activity: "start today or later, or
        end today or later" alone would make the database walk every past activity."""
        today = today or timezone.localdate()
        running_since = Subquery(
            Activity.objects.filter(end_date__gte=today, start_date__lt=today)
            # Ordered by an expression (the start date, which is never empty), not the column:
            # PostgreSQL then reads the few rows still running from activity_running_idx,
            # instead of walking the start date's index from the oldest activity.
            .order_by(Coalesce("start_date", "end_date"))
            .values("start_date")[:1]
        )
        return self.filter(
            Q(start_date__gte=Least(Value(today), Coalesce(running_since, Value(today))))
            & (Q(start_date__gte=today) | Q(end_date__gte=today))
        ).order_by(*UPCOMING_ORDER)

    def past(self, today: dt.date | None = None):
        """Over: started before today and not still running. Newest first."""
        today = today or timezone.localdate()
        return (
            self.filter(start_date__lt=today)
            .filter(Q(end_date__isnull=True) | Q(end_date__lt=today))
            .order_by(*LOG_ORDER)
        )

    def year_range(self) -> list[int]:
        """The years from the latest of these activities back to the earliest, newest first:
        two short reads of the start date's index (the first and the last row), not a scan of
        every activity (PostgreSQL does not read MIN() and MAX() from an index here)."""
        dates = self.order_by().values_list("start_date", flat=True)
        first = dates.order_by("start_date").first()
        if first is None:
            return []
        last = dates.order_by("-start_date").first()
        return list(range(last.year, first.year - 1, -1))

    def year_range_of_few(self) -> list[int]:
        """``year_range()`` for a few hundred activities found through an index of their own
        (one group's): one query taking the earliest and latest start date of them all, rather
        than two walks of the start date's index looking for the group's first and last."""
        dates = self.order_by().aggregate(
            first=models.Min("start_date"), last=models.Max("start_date")
        )
        if dates["first"] is None:
            return []
        return list(range(dates["last"].year, dates["first"].year - 1, -1))

    def for_list_items(self):
        """What an activity's item in a page's list shows besides the activity itself (its
        published groups' names, not its topics): one more query, whatever the number of rows.
        Only the groups' names and addresses are read: their descriptions and the rest would be
        read, and made into objects, for nothing."""
        return self.prefetch_related(
            models.Prefetch(
                "groups",
                queryset=CommunityGroup.objects.published().order_by("name").only("name", "slug"),
                to_attr="public_groups",
            )
        )

    # The long texts an activity's item in a list does not show (its page does).
    NOT_IN_LIST_ITEMS = ["description", "outcome", "access_notes", "engaged_with", "image_variants"]

    def without_long_texts(self):
        """The activities without the long texts an item in a list does not show (they are
        neither read nor made into objects)."""
        return self.defer(*self.NOT_IN_LIST_ITEMS)

    def as_list_items(self):
        """What an activity's item in a page's list shows, and no more: ``for_list_items()``
        and ``without_long_texts()``."""
        return self.for_list_items().without_long_texts()

    def for_lists(self):
        """Each activity's published groups, and its topics, each marked if it has a page (what
        a feed or an activity's page shows), in a fixed number of queries."""
        return self.prefetch_related(
            public_groups_prefetch(),
            models.Prefetch("topics", queryset=Topic.objects.with_page_flag()),
        )


class Activity(PublishableModel, ImageWithAltText):
    image_folder = "activities"

    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting with decision-makers"
        HEARING = "hearing", "Committee or scrutiny hearing"
        CONSULTATION = "consultation", "Consultation or focus group"
        EVENT = "event", "Event or festival"
        TRAINING = "training", "Training and learning"
        MEDIA = "media", "Media (radio, press, online)"
        CAMPAIGN = "campaign", "Campaign"
        CO_DESIGN = "co-design", "Co-design of a service"
        PEER_SUPPORT = "peer-support", "Peer support"
        OTHER = "other", "Other"

    class Mode(models.TextChoices):
        IN_PERSON = "in-person", "In person"
        ONLINE = "online", "Online"
        BOTH = "both", "In person and online"

    groups = models.ManyToManyField(
        CommunityGroup,
        related_name="activities",
        help_text="The group or groups that did this. Joint events can have several.",
    )
    title = models.CharField(max_length=200)
    slug = web_address_field(made_from="title", max_length=200, unique=True)
    kind = models.CharField(
        "kind of activity", max_length=20, choices=Kind.choices, default=Kind.MEETING, db_index=True
    )
    start_date = models.DateField(
        default=timezone.localdate, db_index=True, help_text="The day it happened or happens."
    )
    start_time = models.TimeField(blank=True, null=True, help_text="Optional. UK time.")
    end_date = models.DateField(
        blank=True, null=True, help_text="Optional: only if it lasts more than one day."
    )
    end_time = models.TimeField(blank=True, null=True, help_text="Optional. UK time.")
    mode = models.CharField(
        "how people take part", max_length=20, choices=Mode.choices, default=Mode.IN_PERSON
    )
    venue = models.CharField(
        max_length=250,
        blank=True,
        help_text="Where it is, with the address, for example 'Blackbird Leys Community Centre, "
        "Oxford OX4 6HW'.",
    )
    venue_to_be_confirmed = models.BooleanField("venue to be confirmed", default=False)
    online_url = models.URLField(
        "link to join online",
        blank=True,
        help_text="For example a Zoom or Teams link. Shown on the page and in calendars.",
    )
    step_free_access = models.BooleanField("step-free access", default=False)
    bsl_interpretation = models.BooleanField("British Sign Language interpretation", default=False)
    hearing_loop = models.BooleanField(default=False)
    easy_read_materials = models.BooleanField("easy-read materials", default=False)
    travel_costs_paid = models.BooleanField(default=False)
    access_notes = models.TextField(
        "other access information",
        blank=True,
        help_text="Anything else people need to know to take part, in plain words.",
    )
    summary = models.TextField(
        max_length=400, help_text="One or two plain sentences, shown in lists and calendars."
    )
    description = RichTextField(blank=True, help_text="The full story, if there is more to say.")
    engaged_with = models.CharField(
        "who was engaged",
        max_length=250,
        blank=True,
        db_index=True,
        help_text="The decision-makers or organisation, for example 'Oxford City Council "
        "Housing Scrutiny Committee'.",
    )
    outcome = models.TextField(
        "what came of it",
        blank=True,
        help_text="What changed or was agreed. Often added later; only for activities that "
        "have happened.",
    )
    participants = models.PositiveIntegerField(
        "people taking part",
        blank=True,
        null=True,
        help_text="Optional: roughly how many people took part or were reached.",
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="activities")

    signups_open = models.BooleanField(
        "take sign-ups",
        default=False,
        help_text="Let people sign up on the activity's page. Only upcoming, published "
        "activities take sign-ups.",
    )
    places = models.PositiveIntegerField(
        "number of places",
        blank=True,
        null=True,
        help_text="Optional. When these are taken, people can join a waiting list. Leave empty "
        "for no limit.",
    )
    signups_close_at = models.DateTimeField(
        "sign-ups close",
        blank=True,
        null=True,
        help_text="Optional. UK time. If empty, sign-ups close when the activity starts.",
    )

    objects = ActivityQuerySet.as_manager()
    group_path = "groups"

    class Meta:
        ordering = ["-start_date", "-start_time", "title"]
        verbose_name_plural = "activities"
        indexes = [
            models.Index(fields=["status", "publish_at"], name="activity_published_idx"),
            # What is still running: few rows have an end date, fewer still one not yet past.
            models.Index(
                fields=["end_date", "start_date"],
                condition=Q(end_date__isnull=False),
                name="activity_running_idx",
            ),
            # The feeds' order, newest published first: the 20 newest are read from the index
            # instead of sorting every published activity.
            models.Index(fields=["status", "publish_at", "id"], name="activity_feed_order_idx"),
        ]
        constraints = [
            *ImageWithAltText.Meta.constraints,
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="activity_ends_after_it_starts",
                violation_error_message="The end date cannot be before the start date.",
            ),
            models.CheckConstraint(
                condition=Q(start_date__gte=EARLIEST_DATE, start_date__lte=LATEST_DATE)
                & (Q(end_date__isnull=True) | Q(end_date__lte=LATEST_DATE)),
                name="activity_dates_in_range",
                violation_error_message="Dates must be between 1900 and 2100.",
            ),
            models.CheckConstraint(
                condition=Q(places__isnull=True) | Q(places__gte=1, places__lte=MAX_PLACES),
                name="activity_places_in_range",
                violation_error_message=f"The number of places must be between 1 and "
                f"{MAX_PLACES}, or empty for no limit.",
            ),
        ]

    def __str__(self):
        return self.title

    not_shown_because = "none of its groups is published yet"

    def get_absolute_url(self):
        return reverse("activities:activity_detail", kwargs={"slug": self.slug})

    def get_calendar_url(self):
        return reverse("activities:activity_ics", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date cannot be before the start date."
        for name in ("start_date", "end_date"):
            value = getattr(self, name)
            if value and not EARLIEST_DATE <= value <= LATEST_DATE:
                errors[name] = "Check the year: dates must be between 1900 and 2100."
        if self.end_time and not self.start_time:
            errors["start_time"] = "Add a start time as well as the end time."
        several_days = self.end_date and self.end_date != self.start_date
        if several_days and self.start_time and not self.end_time:
            errors["end_time"] = (
                "For an activity over several days with a start time, add the time it ends "
                "on the last day (or leave out the start time)."
            )
        same_day = self.end_date is None or self.end_date == self.start_date
        if self.start_time and self.end_time and same_day and self.end_time < self.start_time:
            errors["end_time"] = "The end time cannot be before the start time."
        if self.outcome.strip() and self.start_date and self.start_date > timezone.localdate():
            errors["outcome"] = (
                "This activity has not happened yet. Add what came of it once it has."
            )
        if self.signups_close_at and self.start_date:
            starts = self.starts_at or timezone.make_aware(
                dt.datetime.combine(self.start_date, dt.time.max)
            )
            if self.signups_close_at > starts:
                errors["signups_close_at"] = "Sign-ups must close before the activity starts."
        if errors:
            raise ValidationError(errors)

    # Derived values for pages and calendars

    @property
    def starts_at(self) -> dt.datetime | None:
        """The start as an aware datetime in the site's time zone (None without a time)."""
        if self.start_time is None:
            return None
        return timezone.make_aware(dt.datetime.combine(self.start_date, self.start_time))

    @property
    def ends_at(self) -> dt.datetime | None:
        if self.end_time is None or self.start_time is None:
            return None
        return timezone.make_aware(
            dt.datetime.combine(self.end_date or self.start_date, self.end_time)
        )

    @property
    def is_upcoming(self) -> bool:
        today = timezone.localdate()
        return self.start_date >= today or bool(self.end_date and self.end_date >= today)

    @property
    def signups_close(self) -> dt.datetime:
        """When sign-ups close: the time set, or else when the activity starts (the end of its
        first day if it has no start time)."""
        if self.signups_close_at:
            return self.signups_close_at
        return self.starts_at or timezone.make_aware(
            dt.datetime.combine(self.start_date, dt.time.max)
        )

    def takes_signups(self, now: dt.datetime | None = None) -> bool:
        """Whether people can sign up now: switched on and not closed yet (for a published
        activity: the views and services read only those)."""
        return self.signups_open and (now or timezone.now()) < self.signups_close

    @property
    def signups_confirmed(self) -> int:
        tally = getattr(self, "signup_tally", None)
        return tally.confirmed if tally else 0

    @property
    def signups_waiting(self) -> int:
        tally = getattr(self, "signup_tally", None)
        return tally.waiting if tally else 0

    @property
    def places_left(self) -> int | None:
        """Places not yet taken (None: no limit)."""
        if self.places is None:
            return None
        return max(self.places - self.signups_confirmed, 0)

    def signup_state(self, now: dt.datetime | None = None) -> str:
        """What the page says: "open", "full" (join the waiting list), "closed", or "" for an
        activity that does not take sign-ups."""
        if not self.signups_open:
            return ""
        if not self.takes_signups(now):
            return "closed"
        return "full" if self.places_left == 0 else "open"

    @property
    def is_online(self) -> bool:
        return self.mode in {self.Mode.ONLINE, self.Mode.BOTH}

    @property
    def is_in_person(self) -> bool:
        return self.mode in {self.Mode.IN_PERSON, self.Mode.BOTH}

    @property
    def where(self) -> str:
        """Where it is, in words: the venue, 'to be confirmed' (or, once it has happened,
        'not recorded'), and/or 'Online'."""
        parts = []
        if self.is_in_person:
            if self.venue:
                parts.append(self.venue)
            elif self.venue_to_be_confirmed:
                parts.append(self.venue_unknown)
        if self.is_online:
            parts.append("Online")
        return "; ".join(parts)

    @property
    def venue_unknown(self) -> str:
        """What stands in for a venue not given: still to be confirmed while the activity is
        to come, not recorded once it has happened."""
        coming = self.start_date is None or self.is_upcoming
        return "Venue to be confirmed" if coming else "Venue not recorded"

    @property
    def access_features(self) -> list[str]:
        """The access arrangements, as plain phrases."""
        flags = [
            (self.step_free_access, "Step-free access"),
            (self.bsl_interpretation, "British Sign Language (BSL) interpretation"),
            (self.hearing_loop, "Hearing loop"),
            (self.easy_read_materials, "Easy-read materials"),
            (self.travel_costs_paid, "Travel costs paid"),
        ]
        return [label for present, label in flags if present]


class ActivityEasyReadLine(EasyReadLine):
    """A line of the activity's easy-read page."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="easy_read_lines")

    objects = GroupOwnedQuerySet.as_manager()
    group_path = "activity__groups"

    class Meta(EasyReadLine.Meta):
        ordering = ["activity", "position", "pk"]
        verbose_name = "easy-read line"

    def get_absolute_url(self):
        return reverse("activities:activity_easy_read", kwargs={"slug": self.activity.slug})


class ActivityLink(models.Model):
    class Kind(models.TextChoices):
        RECORDING = "recording", "Recording"
        LISTEN_AGAIN = "listen-again", "Listen again"
        REPORT = "report", "Report"
        PRESS = "press", "Press coverage"
        OTHER = "other", "Other"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    label = models.CharField(
        max_length=200, help_text="What the link is, for example 'Report of the meeting'."
    )
    url = models.URLField("web address")
    position = models.PositiveSmallIntegerField(default=0)

    objects = GroupOwnedQuerySet.as_manager()
    group_path = "activity__groups"

    class Meta:
        ordering = ["activity", "position", "pk"]
        verbose_name = "link"

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return self.url


class AccessNeed(models.TextChoices):
    """What a person may need to take part, asked when they sign up."""

    STEP_FREE = "step-free", "Step-free access"
    BSL = "bsl", "A British Sign Language (BSL) interpreter"
    HEARING_LOOP = "hearing-loop", "A hearing loop"
    LARGE_PRINT = "large-print", "Large print or easy-read papers"
    TRAVEL = "travel", "Help with travel costs"
    CHILDCARE = "childcare", "Childcare"
    QUIET_SPACE = "quiet-space", "A quiet space"


# How the summary of access needs names each one ("2 need a BSL interpreter").
ACCESS_NEED_SUMMARY = {
    AccessNeed.STEP_FREE: "step-free access",
    AccessNeed.BSL: "a BSL interpreter",
    AccessNeed.HEARING_LOOP: "a hearing loop",
    AccessNeed.LARGE_PRINT: "large print or easy-read papers",
    AccessNeed.TRAVEL: "help with travel costs",
    AccessNeed.CHILDCARE: "childcare",
    AccessNeed.QUIET_SPACE: "a quiet space",
}


class SignUpQuerySet(GroupOwnedQuerySet):
    def confirmed(self):
        return self.filter(status=SignUp.Status.CONFIRMED)

    def waiting(self):
        """The waiting list, first come first served."""
        return self.filter(status=SignUp.Status.WAITING).order_by("created_at", "pk")

    def active(self):
        """Confirmed or waiting: not cancelled."""
        return self.exclude(status=SignUp.Status.CANCELLED)


class SignUp(models.Model):
    """A person's place (or place on the waiting list) at an activity. Personal data: deleted
    ``SIGNUP_RETENTION_DAYS`` after the activity (``signups_purge``), the counts kept."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    name = models.CharField(max_length=150)
    email = models.EmailField("e-mail address", max_length=254, blank=True)
    phone = models.CharField("phone number", max_length=30, blank=True)
    access_needs = models.JSONField(
        default=list,
        blank=True,
        help_text="What they need to take part (from the list on the form).",
    )
    other_access_needs = models.TextField("other access needs", max_length=1000, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.CONFIRMED, db_index=True
    )
    confirmation_sent_at = models.DateTimeField(
        "confirmation e-mailed",
        blank=True,
        null=True,
        help_text="Empty if the person gave no e-mail address or the e-mail could not be sent.",
    )
    reminder_sent_at = models.DateTimeField("reminder e-mailed", blank=True, null=True)
    cancelled_at = models.DateTimeField("cancelled", blank=True, null=True)
    created_at = models.DateTimeField("signed up", default=timezone.now, db_index=True)
    updated_at = models.DateTimeField("last changed", auto_now=True)

    objects = SignUpQuerySet.as_manager()
    group_path = "activity__groups"

    class Meta:
        ordering = ["activity", "created_at", "pk"]
        verbose_name = "sign-up"
        indexes = [
            models.Index(fields=["activity", "status", "created_at"], name="signup_list_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""),
                name="signup_has_email_or_phone",
                violation_error_message="Give an e-mail address or a phone number.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.activity})"

    def get_absolute_url(self):
        return self.activity.get_absolute_url()

    def clean(self):
        super().clean()
        if not (self.email or "").strip() and not (self.phone or "").strip():
            raise ValidationError("Give an e-mail address or a phone number.")
        needs = self.access_needs
        if not isinstance(needs, list) or not set(needs) <= set(AccessNeed.values):
            raise ValidationError({"access_needs": "Choose access needs from the list."})

    @property
    def access_need_labels(self) -> list[str]:
        labels = dict(AccessNeed.choices)
        return [str(labels[need]) for need in AccessNeed.values if need in self.access_needs]

    @property
    def all_access_needs(self) -> list[str]:
        """The needs ticked, then anything else they wrote."""
        other = [self.other_access_needs] if self.other_access_needs else []
        return self.access_need_labels + other

    @property
    def contact(self) -> str:
        return "; ".join(part for part in (self.email, self.phone) if part)


class SignUpTally(models.Model):
    """How many people signed up for an activity: anonymous counts, kept up to date with each
    sign-up and cancellation (under the activity's lock) and kept when the sign-ups themselves
    are deleted, so that the impact figures stay the same."""

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="signup_tally", primary_key=True
    )
    confirmed = models.PositiveIntegerField(default=0)
    waiting = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["activity"]
        verbose_name = "sign-up count"

    def __str__(self):
        return f"{self.activity}: {self.confirmed} confirmed, {self.waiting} waiting"

    def get_absolute_url(self):
        return self.activity.get_absolute_url()
