"""What groups asked for, of which bodies, and what happened: the asks ledger.

An ask follows the site's one publishing rule (``PublishableModel``) and is shown only while one
of its groups is published. Its evidence points at other apps' pages only through many-to-many
relations (named by string, so this app imports neither); the pages show of them only what
``.published()`` holds now, so a withdrawn story or a draft activity silently drops out."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from groups.models import CommunityGroup, Organisation, Topic
from oig_site.core.fields import web_address_field
from oig_site.core.pagecache import ChangesPublicPagesQuerySet
from oig_site.core.publishing import PublishableModel, PublishableQuerySet
from oig_site.core.scoping import GroupOwnedQuerySet


class UpdateKind(models.TextChoices):
    RAISED = "raised", "Raised"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESPONSE = "response", "Response received"
    COMMITMENT = "commitment", "Commitment made"
    PARTLY_DONE = "partly-done", "Partly done"
    DONE = "done", "Done"
    DECLINED = "declined", "Declined"
    NO_RESPONSE = "no-response", "No response"


# An ask is closed when it was done or declined; every other status is still open.
CLOSED_KINDS = (UpdateKind.DONE, UpdateKind.DECLINED)
# What counts as the body answering (for the response rate and the days to a first response).
RESPONSE_KINDS = (
    UpdateKind.ACKNOWLEDGED,
    UpdateKind.RESPONSE,
    UpdateKind.COMMITMENT,
    UpdateKind.PARTLY_DONE,
    UpdateKind.DONE,
    UpdateKind.DECLINED,
)
# A coordinator may not delete an ask in one of these states, only archive it.
KEEP_KINDS = (UpdateKind.DECLINED, UpdateKind.NO_RESPONSE)


def _latest_update():
    return AskUpdate.objects.filter(ask=OuterRef("pk")).order_by("-date", "-pk")


class AskQuerySet(GroupOwnedQuerySet, PublishableQuerySet):
    def public_rule(self) -> Q:
        """A published ask is shown only while at least one of its groups is published."""
        return Q(
            Exists(
                Ask.groups.through.objects.filter(
                    ask=OuterRef("pk"),
                    communitygroup__in=CommunityGroup.objects.published(),
                )
            )
        )

    def with_status(self):
        """Each ask with ``current_status`` (its latest update's kind, or "raised" when it has
        none yet), ``last_update_on`` and ``is_open``, worked out in the same query."""
        latest = _latest_update()
        return self.annotate(
            current_status=models.functions.Coalesce(
                Subquery(latest.values("kind")[:1]), models.Value(UpdateKind.RAISED)
            ),
            last_update_on=models.functions.Coalesce(
                Subquery(latest.values("date")[:1]), F("raised_on")
            ),
        ).annotate(
            is_open=models.ExpressionWrapper(
                ~Q(current_status__in=CLOSED_KINDS) & Q(archived=False),
                output_field=models.BooleanField(),
            )
        )

    def ledger_order(self):
        """Open asks first, then by their newest update, newest first."""
        asks = self if "current_status" in self.query.annotations else self.with_status()
        return asks.order_by("-is_open", "-last_update_on", "-raised_on", "-pk")

    def raised_between(self, start=None, end=None):
        """The asks raised in a period (either end may be left open)."""
        asks = self
        if start:
            asks = asks.filter(raised_on__gte=start)
        if end:
            asks = asks.filter(raised_on__lte=end)
        return asks

    def status_counts(self) -> list[tuple[str, str, int]]:
        """How many of these asks are in each status now: (kind, label, count) for every
        status, in the order of the timeline, in one query."""
        return status_counts(self)

    def with_first_response(self):
        """Each ask with ``first_response_on``: the date of its first update that is an answer
        from the body asked (or none)."""
        first = (
            AskUpdate.objects.filter(ask=OuterRef("pk"), kind__in=RESPONSE_KINDS)
            .order_by("date", "pk")
            .values("date")[:1]
        )
        return self.annotate(first_response_on=Subquery(first))


class Ask(PublishableModel):
    groups = models.ManyToManyField(
        CommunityGroup,
        related_name="asks",
        help_text="The group or groups that made this ask. Joint asks can have several.",
    )
    organisations = models.ManyToManyField(
        Organisation,
        related_name="asks",
        verbose_name="bodies asked",
        help_text="The organisation or organisations the ask was put to.",
    )
    title = models.CharField(
        max_length=200,
        help_text="What was asked for, in a short plain sentence, for example 'Work with "
        "tenants when planning repairs'.",
    )
    slug = web_address_field(made_from="title", max_length=200, unique=True)
    text = models.TextField(
        "what we asked for",
        help_text="In plain English: what the group asked for, and why. Short sentences.",
    )
    raised_on = models.DateField(
        "date raised", default=timezone.localdate, db_index=True, help_text="When it was asked."
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="asks")
    evidence_activities = models.ManyToManyField(
        "activities.Activity",
        blank=True,
        related_name="asks",
        verbose_name="activities (evidence)",
        help_text="The group's activities behind this ask. Only published ones are shown.",
    )
    evidence_stories = models.ManyToManyField(
        "groups.MemberStory",
        blank=True,
        related_name="asks",
        verbose_name="members' stories (evidence)",
        help_text="Only stories whose tellers agreed to share them are shown.",
    )
    evidence_issues = models.ManyToManyField(
        "newsletters.Issue",
        blank=True,
        related_name="asks",
        verbose_name="newsletter issues (evidence)",
        help_text="Newsletter issues that reported on this ask. Only published ones are shown.",
    )
    archived = models.BooleanField(
        default=False,
        help_text="Archive an ask that was declined or never answered, instead of deleting "
        "it. It stays on the site, marked as archived.",
    )
    archived_reason = models.TextField(
        "why it was archived", blank=True, help_text="Needed when you archive an ask."
    )

    objects = AskQuerySet.as_manager()
    group_path = "groups"
    not_shown_because = "none of its groups is published yet"

    class Meta:
        ordering = ["-raised_on", "title"]
        indexes = [models.Index(fields=["status", "publish_at"], name="ask_published_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(archived=False) | ~Q(archived_reason=""),
                name="ask_archived_with_reason",
                violation_error_message="Say why the ask is archived.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("asks:ask_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.archived and not self.archived_reason.strip():
            raise ValidationError({"archived_reason": "Say why the ask is archived."})

    @property
    def status_now(self) -> str:
        """The latest update's kind (annotated by ``with_status()`` when listed)."""
        status = getattr(self, "current_status", None)
        if status is None:
            latest = self.updates.order_by("-date", "-pk").first()
            status = latest.kind if latest else UpdateKind.RAISED
        return status

    @property
    def status_label(self) -> str:
        return UpdateKind(self.status_now).label

    @property
    def days_since_raised(self) -> int:
        return (timezone.localdate() - self.raised_on).days


class AskUpdateQuerySet(GroupOwnedQuerySet, ChangesPublicPagesQuerySet):
    """Bulk writes of updates make the page cache's pages afresh, as saves do."""


class AskUpdate(models.Model):
    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(default=timezone.localdate)
    kind = models.CharField(max_length=20, choices=UpdateKind.choices, default=UpdateKind.RAISED)
    note = models.CharField(
        max_length=400, blank=True, help_text="A short note in plain English: what happened."
    )
    source_url = models.URLField(
        "link to a source",
        blank=True,
        help_text="Optional: minutes, a letter or a report that shows it.",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last changed", auto_now=True)

    objects = AskUpdateQuerySet.as_manager()
    group_path = "ask__groups"

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = "update"
        indexes = [
            models.Index(fields=["ask", "date", "id"], name="askupdate_timeline_idx"),
            # The site-wide feed's order, newest first: read from the index, not sorted.
            models.Index(fields=["date", "id"], name="askupdate_feed_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.date:%-d %B %Y})"

    def get_absolute_url(self):
        return self.ask.get_absolute_url()


def status_counts(asks) -> list[tuple[str, str, int]]:
    """How many of ``asks`` are in each status now: (kind, label, count) for every status, in
    the order of the timeline, in one query."""
    counted = dict(
        asks.with_status()
        .order_by()
        .values("current_status")
        .annotate(total=models.Count("pk", distinct=True))
        .values_list("current_status", "total")
    )
    return [(kind.value, kind.label, counted.get(kind.value, 0)) for kind in UpdateKind]
