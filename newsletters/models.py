"""Newsletters, their issues and sections, subscribers, deliveries and readers' questions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from groups.models import CommunityGroup
from oig_site.core import pdfs
from oig_site.core.content import ImageWithAltText, TimestampedModel, user_reference
from oig_site.core.easyread import EasyReadLine
from oig_site.core.fields import RichTextField
from oig_site.core.headers import one_line_condition, validate_one_line
from oig_site.core.publishing import (
    HasPublicationState,
    PublishableModel,
    PublishableQuerySet,
    PublishedThroughQuerySet,
)
from oig_site.core.scoping import GroupOwnedQuerySet
from oig_site.core.storage import RandomName, random_file_name

PDF_MAX_BYTES = pdfs.MAX_BYTES
# Kept under this name for migration 0001, which names it; the field is a CleanPdfField.
validate_pdf = pdfs.validate_pdf


def issue_pdf_path(instance, filename: str) -> str:
    """Kept for migration 0001, which names it; fields use ``RandomName``."""
    return random_file_name("newsletters", filename)


def issue_image_path(instance, filename: str) -> str:
    """Kept for migration 0001, which names it; fields use ``RandomName``."""
    return random_file_name("newsletters", filename)


RESERVED_SLUGS = {"search", "subscribe", "confirm", "unsubscribe"}
# Ids the issue page uses itself, which a section's anchor must not take.
PAGE_IDS = {
    "main-content",
    "glossary",
    "glossary-heading",
    "contents-heading",
    "credits-heading",
    "subscribe-heading",
    "error-summary-title",
}


# While there are at most this many newsletters, the pages that offer or list newsletters (a
# subscribe form, the archive) show every one; with more, a page offers only its own (a group's,
# the one being read, those of the issues listed) and links to the subscribe page, which has
# them all. A page's size then stays the same however many groups publish a newsletter.
NEWSLETTERS_SHOWN_IN_FULL = 12


class NewsletterQuerySet(GroupOwnedQuerySet, PublishedThroughQuerySet):
    """A newsletter has no status of its own: it is public while at least one of its groups is
    published. Scheduled: no published group yet, but a scheduled one. Draft: draft groups
    only."""

    published_through = "groups"

    def latest_issue(self):
        """The newest published issue of these newsletters, or None."""
        return Issue.objects.published().filter(newsletter__in=self).newest_first().first()

    def all_if_few(self) -> list | None:
        """These newsletters, if there are at most ``NEWSLETTERS_SHOWN_IN_FULL``; else None.
        One query of at most that many rows and one more."""
        rows = list(self[: NEWSLETTERS_SHOWN_IN_FULL + 1])
        return rows if len(rows) <= NEWSLETTERS_SHOWN_IN_FULL else None

    def offer(self, *, own) -> tuple[list, bool]:
        """What a page's subscribe form offers of these newsletters, and whether that is all of
        them: every one while there are at most ``NEWSLETTERS_SHOWN_IN_FULL``, else only the
        page's own, those matching ``own`` (a condition: a ``Q`` or an ``Exists``). Each has
        ``own`` set. One query of at most ``NEWSLETTERS_SHOWN_IN_FULL`` + 1 rows, the page's own
        first (a page has a handful of its own at most)."""
        rows = list(
            self.annotate(own=ExpressionWrapper(own, output_field=BooleanField())).order_by(
                F("own").desc(), "name"
            )[: NEWSLETTERS_SHOWN_IN_FULL + 1]
        )
        if len(rows) <= NEWSLETTERS_SHOWN_IN_FULL:
            return sorted(rows, key=lambda newsletter: newsletter.name.casefold()), True
        return [newsletter for newsletter in rows if newsletter.own], False


class Newsletter(HasPublicationState, TimestampedModel):
    # The name is part of every issue's e-mail subject, so it is one line.
    name = models.CharField(max_length=150, unique=True, validators=[validate_one_line])
    slug = models.SlugField(
        max_length=150,
        unique=True,
        help_text="The newsletter's web address. Filled in from its name.",
    )
    description = models.TextField(
        blank=True,
        help_text="One or two plain sentences: who it is for and how often it comes out.",
    )
    groups = models.ManyToManyField(
        CommunityGroup,
        related_name="newsletters",
        help_text="The group or groups that publish it.",
    )
    editors_email = models.EmailField(
        "editors' e-mail",
        blank=True,
        help_text="Where readers' questions are sent. Leave empty to use the site's address.",
    )

    objects = NewsletterQuerySet.as_manager()
    group_path = "groups"

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=one_line_condition("name"),
                name="newsletter_name_one_line",
                violation_error_message="Write the name on one line: remove the line breaks.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("newsletters:newsletter_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": "This web address is used by the site: choose another."})

    @property
    def notification_address(self) -> str:
        return self.editors_email or settings.SITE_CONTACT_EMAIL


class IssueQuerySet(GroupOwnedQuerySet, PublishableQuerySet):
    def public_rule(self) -> Q:
        """A published issue is shown only while its newsletter is (it has a published
        group)."""
        return Q(newsletter__in=Newsletter.objects.published())

    def newest_first(self):
        """Newest issue first, each with its newsletter's name to hand."""
        return self.select_related("newsletter").order_by("-issue_date", "-pk")


class Issue(PublishableModel, ImageWithAltText):
    image_noun = "cover image"
    image_folder = "newsletters"

    newsletter = models.ForeignKey(Newsletter, on_delete=models.PROTECT, related_name="issues")
    # The title is part of the e-mail's subject, so it is one line.
    title = models.CharField(
        max_length=150, validators=[validate_one_line], help_text="For example 'Autumn 2020'."
    )
    slug = models.SlugField(max_length=150, help_text="Filled in from the title.")
    issue_date = models.DateField(db_index=True, help_text="The date the issue is dated.")
    introduction = RichTextField(blank=True, help_text="A short welcome at the top of the issue.")
    contributors = models.TextField(
        blank=True, help_text="Who wrote for this issue, one per line, for example 'Name, role'."
    )
    editors = models.TextField(blank=True, help_text="The editors, one per line, with their roles.")
    design_credit = models.CharField(
        "designed by", max_length=250, blank=True, help_text="For example 'Name, role'."
    )
    pdf = pdfs.CleanPdfField(
        "print version (PDF)",
        upload_to=RandomName("newsletters"),
        blank=True,
        help_text="Optional: the PDF of the print version, up to 20 MB.",
    )
    pdf_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    send_requested_at = models.DateTimeField(
        "marked for sending", null=True, blank=True, editable=False
    )
    send_requested_by = user_reference()
    send_finished_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = IssueQuerySet.as_manager()
    group_path = "newsletter__groups"

    class Meta:
        ordering = ["-issue_date", "-pk"]
        constraints = [
            *ImageWithAltText.Meta.constraints,
            models.UniqueConstraint(
                fields=["newsletter", "slug"],
                name="unique_issue_slug_per_newsletter",
                violation_error_message="This newsletter already has an issue with this address.",
            ),
            models.CheckConstraint(
                condition=one_line_condition("title"),
                name="issue_title_one_line",
                violation_error_message="Write the title on one line: remove the line breaks.",
            ),
        ]

    def __str__(self):
        return f"{self.newsletter.name}: {self.title}"

    def save(self, *args, **kwargs):
        # Derived: the PDF's size, shown next to its link. A new upload is stored first (without
        # its metadata), so that the size is the stored file's.
        if self.pdf and not self.pdf._committed:
            self.pdf.save(self.pdf.name, self.pdf.file, save=False)
        self.pdf_size = self.pdf.size if self.pdf else None
        super().save(*args, **kwargs)

    not_shown_because = "none of its newsletter's groups is published yet"

    def get_absolute_url(self):
        return reverse(
            "newsletters:issue_detail",
            kwargs={"newsletter_slug": self.newsletter.slug, "slug": self.slug},
        )

    def get_easy_read_url(self):
        return reverse(
            "newsletters:issue_easy_read",
            kwargs={"newsletter_slug": self.newsletter.slug, "slug": self.slug},
        )

    def published_questions(self):
        """The answered questions shown in this issue's question corner."""
        return self.answered_questions.publishable().order_by("created_at")

    @property
    def contributor_list(self) -> list[str]:
        return [line.strip() for line in self.contributors.splitlines() if line.strip()]

    @property
    def editor_list(self) -> list[str]:
        return [line.strip() for line in self.editors.splitlines() if line.strip()]


class Section(ImageWithAltText):
    image_folder = "newsletters"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Sections appear in this order."
    )
    heading = models.CharField(max_length=200)
    anchor = models.SlugField(
        max_length=200,
        blank=True,
        help_text="The section's link within the issue. Filled in from the heading if empty.",
    )
    author = models.CharField(max_length=150, blank=True)
    author_role = models.CharField("author's role", max_length=200, blank=True)
    body = RichTextField(blank=True)
    is_question_corner = models.BooleanField(
        "question corner",
        default=False,
        help_text="Tick for the section where answered readers' questions are shown.",
    )

    objects = GroupOwnedQuerySet.as_manager()
    group_path = "issue__newsletter__groups"

    class Meta:
        ordering = ["issue", "position", "pk"]
        constraints = ImageWithAltText.Meta.constraints

    def __str__(self):
        return self.heading

    def save(self, *args, **kwargs):
        # Derived: an anchor that is unique in the issue and clear of the page's own ids.
        base = slugify(self.anchor or self.heading)[:190] or f"section-{self.position}"
        if base in PAGE_IDS:
            base = f"section-{base}"
        taken = set(
            Section.objects.filter(issue_id=self.issue_id)
            .exclude(pk=self.pk)
            .values_list("anchor", flat=True)
        )
        anchor, number = base, 2
        while anchor in taken:
            anchor, number = f"{base}-{number}", number + 1
        self.anchor = anchor
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.issue.get_absolute_url()}#{self.anchor}"


class IssueEasyReadLine(EasyReadLine):
    """A line of the issue's easy-read page."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="easy_read_lines")

    objects = GroupOwnedQuerySet.as_manager()
    group_path = "issue__newsletter__groups"

    class Meta(EasyReadLine.Meta):
        ordering = ["issue", "position", "pk"]
        verbose_name = "easy-read line"

    def get_absolute_url(self):
        return self.issue.get_easy_read_url()


class GlossaryTerm(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="glossary")
    term = models.CharField(max_length=50, help_text="For example 'OCC'.")
    meaning = models.CharField(
        max_length=250, help_text="For example 'Oxfordshire County Council'."
    )

    objects = GroupOwnedQuerySet.as_manager()
    group_path = "issue__newsletter__groups"

    class Meta:
        ordering = ["issue", "term"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "term"], name="unique_glossary_term_per_issue")
        ]

    def __str__(self):
        return f"{self.term}: {self.meaning}"

    def get_absolute_url(self):
        return f"{self.issue.get_absolute_url()}#glossary"


class Subscriber(models.Model):
    """Someone who confirmed (double opt-in) that they want one or more newsletters.

    Only what is needed is kept: the address, an optional name, when and where they consented,
    when they confirmed; and, per newsletter, when they unsubscribed.
    """

    email = models.EmailField("e-mail address", unique=True)
    name = models.CharField(max_length=150, blank=True)
    consent_at = models.DateTimeField("consent given", help_text="When they asked to subscribe.")
    consent_source = models.CharField(
        "where they subscribed", max_length=200, help_text="The page the subscribe form was on."
    )
    confirmed_at = models.DateTimeField("confirmed", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GroupOwnedQuerySet.as_manager()
    #: A subscriber belongs to the groups of every newsletter they subscribe to.
    group_path = "subscriptions__newsletter__groups"

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email

    def get_absolute_url(self):
        return reverse("admin:newsletters_subscriber_change", args=[self.pk])


def active_subscription(path: str = "") -> Q:
    """The rule for an active subscription (the people an issue is sent to): its subscriber
    confirmed their address and has not unsubscribed. ``path`` leads to the subscription from
    the model being filtered or counted, such as ``"subscriptions__"`` from a newsletter."""
    return Q(
        **{f"{path}subscriber__confirmed_at__isnull": False, f"{path}unsubscribed_at__isnull": True}
    )


class SubscriptionQuerySet(GroupOwnedQuerySet):
    def active(self):
        """Confirmed and not unsubscribed: the people an issue is sent to."""
        return self.filter(active_subscription())


class Subscription(models.Model):
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    newsletter = models.ForeignKey(
        Newsletter, on_delete=models.PROTECT, related_name="subscriptions"
    )
    subscribed_at = models.DateTimeField(default=timezone.now)
    unsubscribed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = SubscriptionQuerySet.as_manager()
    group_path = "newsletter__groups"

    class Meta:
        ordering = ["newsletter", "subscriber"]
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "newsletter"], name="unique_subscription")
        ]

    def __str__(self):
        return f"{self.subscriber} → {self.newsletter}"

    def get_absolute_url(self):
        return self.newsletter.get_absolute_url()


class Delivery(models.Model):
    """One e-mail of one issue to one subscriber. At most one per pair, ever: a retry after a
    passing problem (the mail server dropping the connection, say) reuses the same row."""

    class Status(models.TextChoices):
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        RETRY = "retry", "Will be retried"
        FAILED = "failed", "Failed"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SENDING)
    attempts = models.PositiveSmallIntegerField(
        default=1, help_text="How many times sending it has been tried."
    )
    attempted_at = models.DateTimeField(default=timezone.now, help_text="When it was last tried.")
    next_attempt_at = models.DateTimeField(
        "next try",
        null=True,
        blank=True,
        help_text="When it will be tried again, after a passing problem.",
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField("last error", blank=True)

    objects = GroupOwnedQuerySet.as_manager()
    group_path = "issue__newsletter__groups"

    class Meta:
        ordering = ["issue", "subscriber"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="one_delivery_per_issue")
        ]
        indexes = [
            # The retries that are due, found by each run of send_newsletters.
            models.Index(fields=["issue", "status", "next_attempt_at"], name="delivery_retry_due"),
        ]

    def __str__(self):
        return f"{self.issue} to {self.subscriber}: {self.get_status_display()}"

    def get_absolute_url(self):
        return self.issue.get_absolute_url()


class QuestionQuerySet(GroupOwnedQuerySet):
    def publishable(self):
        """Answered questions the editors chose to publish."""
        return self.filter(status=Question.Status.ANSWERED).exclude(answer="")


class Question(models.Model):
    """A reader's question to a newsletter's editors (the question corner)."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        ANSWERED = "answered", "Answered"
        NOT_PUBLISHED = "not-published", "Not for publishing"

    newsletter = models.ForeignKey(Newsletter, on_delete=models.PROTECT, related_name="questions")
    name = models.CharField(
        "your name", max_length=150, blank=True, help_text="Optional. Not published."
    )
    email = models.EmailField(
        "your e-mail", blank=True, help_text="Optional: if you would like a reply. Not published."
    )
    question = models.TextField("your question", max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)
    editors_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    answer = models.TextField(blank=True, help_text="The editors' answer, as it will be published.")
    published_in = models.ForeignKey(
        Issue,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_questions",
        help_text="The issue whose question corner shows this question and its answer.",
    )

    objects = QuestionQuerySet.as_manager()
    group_path = "newsletter__groups"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.question[:80]

    def get_absolute_url(self):
        if self.published_in_id:
            return f"{self.published_in.get_absolute_url()}#question-{self.pk}"
        return self.newsletter.get_absolute_url()

    def clean(self):
        super().clean()
        if not self.published_in_id:
            return
        errors = {}
        if not self.answer.strip():
            errors["answer"] = "Add the answer before publishing the question."
        if self.status != self.Status.ANSWERED:
            errors["status"] = "Choose 'Answered' for a question published in an issue."
        if self.published_in.newsletter_id != self.newsletter_id:
            errors["published_in"] = "Choose an issue of the same newsletter."
        if errors:
            raise ValidationError(errors)
        if self.published_in_id and self.published_in.newsletter_id != self.newsletter_id:
            raise ValidationError({"published_in": "Choose an issue of the same newsletter."})
