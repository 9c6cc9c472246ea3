"""The publishing rules every public page follows: draft, scheduled, published and waiting.

What the public sees is decided here and only here. At any moment every object that could have
a public page is in exactly one of four states, each with a queryset method of the same name:

- **published** (``.published()``): the public sees it. Views, feeds, calendars, sitemaps,
  search and e-mails all start from this set; nobody re-types the filter.
- **scheduled** (``.scheduled()``): published, but its publish time is still to come. It
  appears by itself then (unless another rule below still keeps it off).
- **waiting** (``.waiting()``): published and its time has come, but another rule of its model
  keeps it off the site (its group is a draft, the teller's consent is missing...). The model's
  ``not_shown_because`` says which rule.
- **draft** (``.drafts()``): everything else. Only editors see it.

Two kinds of model follow these rules:

- ``PublishableModel`` (groups, members' stories, activities, issues) has a status and a
  publish time of its own. Its queryset (``PublishableQuerySet``) adds any further rule for
  being shown in ``public_rule()``; what fails that rule is "waiting".
- Topics, partner organisations and newsletters have no status: they are public while a
  published group uses them. Their querysets (``PublishedThroughQuerySet``) name the relation
  to the groups; their state follows the best state of those groups (see that class).

``publication_state`` on an object (what the preview banner says) is worked out in the
database from the very same conditions as the four querysets, and a list loads it for every row
with ``.with_publication_state()``; so the pages, the sitemap, the banner, the admin and the
dashboard can never disagree.
"""

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from oig_site.core.content import TimestampedModel
from oig_site.core.pagecache import ChangesPublicPagesQuerySet


class Status(models.TextChoices):
    DRAFT = "draft", "Draft (only editors can see it)"
    PUBLISHED = "published", "Published (shown from the publish time)"


class PublicationState(models.TextChoices):
    """Where an object stands with the public: one of the four states described above."""

    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    # Published and its time has come, but a rule of ``.published()`` still keeps it off the
    # site (its group is a draft, the teller's consent is missing...): see ``not_shown_because``.
    WAITING = "waiting", "Published, but not shown"
    PUBLISHED = "published", "Published"


# A condition no row meets (a primary key is never null), and whose negation every row meets.
NOTHING = Q(pk__isnull=True)


def _prefixed(condition: Q, prefix: str) -> Q:
    """``condition`` with ``prefix`` before each of its lookups. A condition holding an
    expression (an ``Exists``) refers to its own model and cannot be moved: that is an error."""
    moved = Q(_connector=condition.connector, _negated=condition.negated)
    for child in condition.children:
        if isinstance(child, Q):
            moved.children.append(_prefixed(child, prefix))
        elif isinstance(child, tuple):
            moved.children.append((prefix + child[0], child[1]))
        else:
            raise ValueError(f"{child!r} cannot be moved to another model.")
    return moved


class PublicationQuerySet(ChangesPublicPagesQuerySet):
    """The four states as querysets, from one set of conditions.

    Subclasses give ``conditions()``: one condition per state, which never overlap and together
    cover every row. Everything else here is built from them. Bulk writes through these
    querysets make the page cache's pages afresh (``ChangesPublicPagesQuerySet``).
    """

    def conditions(self) -> dict[PublicationState, Q]:
        raise NotImplementedError

    def may_wait(self) -> bool:
        """Whether any object here can be "waiting" (a model with rules beyond its status)."""
        return True

    def in_state(self, state: PublicationState | str):
        return self.filter(self.conditions()[PublicationState(state)])

    def drafts(self):
        """Drafts: only editors see them."""
        return self.in_state(PublicationState.DRAFT)

    def scheduled(self):
        """Published, with a publish time still to come: they appear by themselves then."""
        return self.in_state(PublicationState.SCHEDULED)

    def waiting(self):
        """Published and due, but kept off the site by another rule of the model."""
        return self.in_state(PublicationState.WAITING)

    def published(self):
        """Everything the public may see."""
        return self.in_state(PublicationState.PUBLISHED)

    def published_condition(self, path: str) -> Q:
        """The condition of ``published()`` seen from another model through its relation
        ``path`` (``"issue"`` for an issue's sections), to filter that model by a join rather
        than by ``path__in=published()``: PostgreSQL can then walk an index of the related
        rows in order and stop early, where an ``IN`` makes it read every row first."""
        return _prefixed(self.conditions()[PublicationState.PUBLISHED], f"{path}__")

    def with_publication_state(self):
        """Each object with ``publication_state_now``: its state, worked out in the same query
        (its ``publication_state`` then needs no query of its own)."""
        return self.annotate(
            publication_state_now=Case(
                *(
                    When(condition, then=Value(state))
                    for state, condition in self.conditions().items()
                    if state != PublicationState.DRAFT
                ),
                default=Value(PublicationState.DRAFT),
                output_field=models.CharField(),
            )
        )


class PublishableQuerySet(PublicationQuerySet):
    """For models with a status and a publish time of their own (``PublishableModel``).

    - draft: the status is not "published";
    - scheduled: published, with the publish time in the future;
    - published: published, the publish time has come, and ``public_rule()`` holds;
    - waiting: published, the publish time has come, but ``public_rule()`` does not hold.
    """

    def public_rule(self) -> Q:
        """What an object needs, besides being published with its time come, to be shown.
        Models add their rules here (a published group, the teller's consent), as conditions on
        the object's own row or ``Exists`` subqueries, so that "not shown" is their negation."""
        return Q()

    def may_wait(self) -> bool:
        return bool(self.public_rule())

    def conditions(self) -> dict[PublicationState, Q]:
        now = timezone.now()
        published = Q(status=Status.PUBLISHED)
        due = published & Q(publish_at__lte=now)
        rule = self.public_rule()
        return {
            PublicationState.DRAFT: ~published,
            PublicationState.SCHEDULED: published & Q(publish_at__gt=now),
            PublicationState.PUBLISHED: due & rule,
            PublicationState.WAITING: due & ~rule if rule else NOTHING,
        }


class PublishedThroughQuerySet(PublicationQuerySet):
    """For things with no status of their own (topics, partner organisations, newsletters),
    public while a published object uses them: the objects reached through the relation named
    in ``published_through`` (for example ``"groups"`` or ``"partnerships__group"``), which
    must follow the publishing rules themselves. The state is the best state of those objects:

    - published: at least one of them is published;
    - scheduled: none is published, but one is scheduled (it appears by itself then);
    - waiting: none is published or scheduled, but one is waiting;
    - draft: anything else: only drafts use it, or nothing does.
    """

    published_through = ""

    def _through(self) -> tuple[models.QuerySet, str]:
        """The objects that publish these, and the path from them back to these."""
        model, back = self.model, []
        for name in self.published_through.split("__"):
            field = model._meta.get_field(name)
            if field.concrete:
                back.append(field.related_query_name())
            else:  # the reverse side of a relation declared on the other model
                back.append(field.field.name)
            model = field.related_model
        return model._default_manager.all(), "__".join(reversed(back))

    def may_wait(self) -> bool:
        publishers, _ = self._through()
        return publishers.may_wait()

    def conditions(self) -> dict[PublicationState, Q]:
        publishers, back = self._through()
        # One set of conditions (one "now") for the publishers, so no moment falls between.
        states = publishers.conditions()

        def used_by(state):
            objects = publishers.filter(states[state], **{back: OuterRef("pk")})
            return Q(Exists(objects))

        published = used_by(PublicationState.PUBLISHED)
        scheduled = used_by(PublicationState.SCHEDULED)
        if not publishers.may_wait():
            return {
                PublicationState.PUBLISHED: published,
                PublicationState.SCHEDULED: ~published & scheduled,
                PublicationState.WAITING: NOTHING,
                PublicationState.DRAFT: ~published & ~scheduled,
            }
        waiting = used_by(PublicationState.WAITING)
        return {
            PublicationState.PUBLISHED: published,
            PublicationState.SCHEDULED: ~published & scheduled,
            PublicationState.WAITING: ~published & ~scheduled & waiting,
            PublicationState.DRAFT: ~published & ~scheduled & ~waiting,
        }


class HasPublicationState:
    """``publication_state`` and ``is_public`` for a model whose default manager is a
    ``PublicationQuerySet``: asked of the database, by the same conditions as the querysets."""

    #: Why an object that is published and due is still not shown (for the preview banner);
    #: models whose querysets add rules say which.
    not_shown_because = "something it belongs to is not published yet"

    @property
    def publication_state(self) -> PublicationState:
        """Draft, scheduled, published, or waiting (see the module's docstring)."""
        state = getattr(self, "publication_state_now", None)
        if state is None and self.pk is not None:
            state = (
                type(self)
                ._default_manager.filter(pk=self.pk)
                .with_publication_state()
                .values_list("publication_state_now", flat=True)
                .first()
            )
        return PublicationState(state or PublicationState.DRAFT)

    @property
    def is_public(self) -> bool:
        """Whether the public can see this object: whether ``.published()`` holds it, with every
        rule the model adds there (a published group, the teller's consent)."""
        if self.pk is None:
            return False
        return type(self)._default_manager.published().filter(pk=self.pk).exists()


class PublishableModel(HasPublicationState, TimestampedModel):
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
