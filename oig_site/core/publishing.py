"""The publishing rules every public model follows: draft, scheduled and published.

What the public sees is decided here and only here, by ``PublishableQuerySet.published()``.
Views, feeds, calendars, sitemaps, search and e-mails all call it.
"""

from django.db import models
from django.utils import timezone

from oig_site.core.content import TimestampedModel


class Status(models.TextChoices):
    DRAFT = "draft", "Draft (only editors can see it)"
    PUBLISHED = "published", "Published (shown from the publish time)"


class PublicationState(models.TextChoices):
    """What a page's status and publish time add up to, for lists and badges."""

    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    # Published and its time has come, but a rule of ``.published()`` still keeps it off the
    # site (its group is a draft, the teller's consent is missing...): see ``not_shown_because``.
    WAITING = "waiting", "Published, but not shown"
    PUBLISHED = "published", "Published"


class PublishableQuerySet(models.QuerySet):
    def drafts(self):
        """Everything still a draft: only editors see it."""
        return self.filter(status=Status.DRAFT)

    def scheduled(self):
        """Published, but its publish time is still to come: it appears by itself then."""
        return self.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())

    def published(self):
        """Everything the public may see: published, and its publish time has come."""
        return self.filter(status=Status.PUBLISHED, publish_at__lte=timezone.now())


class PublishableModel(TimestampedModel):
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Drafts are never shown to the public. Choose Published when it is ready.",
    )
    publish_at = models.DateTimeField(
        "publish time",
        default=timezone.now,
        help_text=(
            "A published page appears on the site from this time. Leave it as it is to "
            "publish straight away, or choose a later time to schedule it."
        ),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def publication_state(self) -> PublicationState:
        """Draft, scheduled, published, or published but kept off the site by another rule of
        ``.published()``: the same rule as the public pages, so they never disagree."""
        return self.publication_state_given(public=None)

    def publication_state_given(self, *, public: bool | None) -> PublicationState:
        """The state, when whether the public can see the object is known already (the admin
        lists annotate it for every row); ``None`` asks ``.published()``."""
        if self.status != Status.PUBLISHED:
            return PublicationState.DRAFT
        if self.publish_at > timezone.now():
            return PublicationState.SCHEDULED
        if public is None:
            public = self.is_public
        return PublicationState.PUBLISHED if public else PublicationState.WAITING

    #: Why a published object is still not shown (for the preview banner); models whose
    #: ``.published()`` adds rules say which.
    not_shown_because = "something it belongs to is not published yet"

    @property
    def is_public(self) -> bool:
        """Whether the public can see this object. Asks ``.published()`` itself, so the rules a
        model adds there (a published group, the teller's consent) are never left out."""
        if self.pk is None:
            return False
        return type(self)._default_manager.published().filter(pk=self.pk).exists()
