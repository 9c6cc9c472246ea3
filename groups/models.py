"""Community groups, the topics they work on, their partner organisations and members' stories."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from oig_site.core.content import CreatedUpdated, ImageWithAltText
from oig_site.core.easyread import EasyReadLine
from oig_site.core.fields import RichTextField, web_address_field
from oig_site.core.publishing import (
    HasPublicationState,
    PublicationState,
    PublishableModel,
    PublishableQuerySet,
    PublishedThroughQuerySet,
)
from oig_site.core.scoping import GroupOwnedQuerySet
from oig_site.core.storage import random_file_name


class TopicQuerySet(PublishedThroughQuerySet):
    """A topic has no status of its own: it is public while a published group works on it.
    Scheduled: no published group works on it yet, but a scheduled one does. Draft: only draft
    groups work on it, or none. Its page, the topic list, the filters and the sitemap all
    follow ``.published()``."""

    published_through = "groups"

    def with_page_flag(self):
        """Each topic with ``has_page``: whether it has a public page to link to."""
        return self.annotate(
            has_page=models.ExpressionWrapper(
                self.conditions()[PublicationState.PUBLISHED], output_field=models.BooleanField()
            )
        )


class Topic(HasPublicationState, CreatedUpdated):
    """A focus area shared by groups (and, later, activities): housing, benefits, ..."""

    name = models.CharField(max_length=80, unique=True)
    slug = web_address_field(max_length=80, unique=True)
    description = models.TextField(
        blank=True, help_text="One or two plain sentences about the topic, shown on its page."
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:topic_detail", kwargs={"slug": self.slug})


class OrganisationQuerySet(PublishedThroughQuerySet):
    """An organisation has no status of its own: it is public while it is a partner of a
    published group. Scheduled: no published group yet, but a scheduled one. Draft: partner of
    draft groups only, or of none. Its page, the links to it and the sitemap all follow
    ``.published()``."""

    published_through = "partnerships__group"


class Organisation(HasPublicationState, CreatedUpdated):
    """A partner organisation: hosts, runs or funds one or more groups."""

    name = models.CharField(max_length=150, unique=True)
    slug = web_address_field(max_length=150, unique=True)
    website = models.URLField(blank=True)
    description = models.TextField(
        blank=True, help_text="A short, plain description: who they are and what they do."
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:organisation_detail", kwargs={"slug": self.slug})


# What a group's Get involved page says until its coordinators write their own.
WHAT_MEMBERS_DO = (
    "Members meet to talk about the services they have used and what would make them better. "
    "They share their experience, in their own words, with the people who run those services, "
    "and work with them as equals on changes. You can take part as much or as little as you "
    "like, and you never have to share anything you would rather keep to yourself."
)
SUPPORT_FOR_MEMBERS = (
    "Tell us what would help you take part. Groups try to meet in places with step-free "
    "access or online, to pay travel costs, and to make papers easy to read. You can bring "
    "someone with you."
)


class GroupColour(models.TextChoices):
    """The colours a group's page and card can take. Each is dark enough for white text on it
    (at least 4.5:1, tested), so coordinators cannot choose one that is hard to read. The
    stylesheet gives each a class, ``group-colour-<value>`` (assets/scss/_site-rules.scss), with
    the shade in ``hex``: the two are tested to agree."""

    PLUM = "plum", "Plum (the site's own colour)"
    BLUE = "blue", "Blue"
    TEAL = "teal", "Teal"
    GREEN = "green", "Green"
    BERRY = "berry", "Berry red"
    BROWN = "brown", "Brown"
    SLATE = "slate", "Slate grey"

    @property
    def hex(self) -> str:
        return GROUP_COLOUR_HEX[self.value]


GROUP_COLOUR_HEX = {
    "plum": "#3d2364",
    "blue": "#1d4f91",
    "teal": "#00646b",
    "green": "#2f6b2f",
    "berry": "#9b1c4a",
    "brown": "#7a4100",
    "slate": "#3b4a5a",
}


def groups_active_first(path: str = "") -> tuple[str, str]:
    """The order of every public list of groups: those that still meet first, then those that
    no longer do; each by name. ``path`` leads from what is listed to its group ("group__")."""
    return f"-{path}is_active", f"{path}name"


class CommunityGroupQuerySet(GroupOwnedQuerySet, PublishableQuerySet):
    def coordinated_by(self, user):
        """The groups ``user`` may edit: every group for a site editor, the groups they
        coordinate for anyone else, and none for an inactive user (see ``edits_everything``).
        Everything owned by groups follows this rule through its ``editable_by(user)``."""
        if CommunityGroup.edits_everything(user):
            return self.all()
        if not user.is_active:
            return self.none()
        return self.filter(coordinators=user)

    def active_first(self):
        """Groups that still meet first, then those that no longer do; each by name."""
        return self.order_by(*groups_active_first(), "pk")

    def with_public_relations(self):
        """Everything a group page or card shows, fetched up front in a fixed number of queries."""
        return self.prefetch_related(
            "topics",
            "aims",
            "links",
            models.Prefetch(
                "partnerships",
                queryset=Partnership.objects.select_related("organisation"),
            ),
            models.Prefetch(
                "stories",
                queryset=MemberStory.objects.published(),
                to_attr="public_stories",
            ),
        )


class CommunityGroup(PublishableModel, ImageWithAltText):
    image_noun = "banner picture"
    image_folder = "groups"
    image_help_text = (
        "Optional: a photo or illustration shown across the top of the group's page and on its "
        "card in lists. Wide pictures work best (about three times as wide as they are tall); "
        "the edges may be cut off on phones. Without one, a pattern in the group's colour is "
        "shown."
    )

    name = models.CharField(max_length=150, unique=True)
    slug = web_address_field(max_length=150, unique=True, example="parent-power")
    strapline = models.CharField(
        max_length=200, blank=True, help_text="A short line under the group's name."
    )
    summary = models.TextField(
        max_length=400,
        help_text=(
            "Two or three plain sentences about the group, shown in lists and to search "
            "engines. No formatting."
        ),
    )
    description = RichTextField(
        blank=True, help_text="The full story of the group: who it is for and how it works."
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="groups", help_text="What the group works on."
    )
    area = models.CharField(
        max_length=120,
        blank=True,
        db_index=True,
        help_text="The place the group serves, for example 'Blackbird Leys, Oxford'.",
    )
    email = models.EmailField(
        "contact e-mail",
        blank=True,
        help_text=(
            "A public address for the group, shown on its page. Leave empty rather than give "
            "a coordinator's own address: the get-involved form reaches the coordinators "
            "without showing their addresses."
        ),
    )
    phone = models.CharField("contact phone", max_length=40, blank=True)
    website = models.URLField(blank=True)
    colour = models.CharField(
        max_length=20,
        choices=GroupColour.choices,
        default=GroupColour.PLUM,
        help_text=(
            "The colour of the band with the group's name on its page, and of its card in "
            "lists. Every colour here is easy to read with white writing on it."
        ),
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Untick if the group no longer meets. Its page stays up, marked as inactive.",
    )
    what_members_do = models.TextField(
        "what members do",
        max_length=2000,
        blank=True,
        help_text=(
            "For the group's Get involved page: what members do, in a few plain sentences. "
            "No formatting. Leave empty for a general text."
        ),
    )
    support_for_members = models.TextField(
        "support members get",
        max_length=2000,
        blank=True,
        help_text=(
            "For the Get involved page: the support members get, for example travel paid, "
            "meetings online or step-free. Leave empty for a general text."
        ),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_groups",
        help_text="The people who keep this group's pages up to date.",
    )

    objects = CommunityGroupQuerySet.as_manager()

    #: The path to the groups that own an object (see ``oig_site.core.scoping``): its own.
    group_path = "pk"

    class Meta:
        ordering = ["name"]
        verbose_name = "community group"
        permissions = [("edit_all_groups", "Can edit every group's content (site editor)")]
        constraints = ImageWithAltText.Meta.constraints

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:group_detail", kwargs={"slug": self.slug})

    @property
    def colour_class(self) -> str:
        """The stylesheet's class for the group's colour (see ``GroupColour``)."""
        return f"group-colour-{self.colour}"

    @property
    def what_members_do_text(self) -> str:
        """For the Get involved page: the group's own words, or a general text."""
        return self.what_members_do or WHAT_MEMBERS_DO

    @property
    def support_for_members_text(self) -> str:
        return self.support_for_members or SUPPORT_FOR_MEMBERS

    @staticmethod
    def edits_everything(user) -> bool:
        """Site editors (and active superusers) edit every group and everything in it, even
        what belongs to no group yet; coordinators only their own groups'."""
        return bool(
            user.is_active and (user.is_superuser or user.has_perm("groups.edit_all_groups"))
        )


class GroupAim(models.Model):
    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="aims")
    text = models.CharField(max_length=300, help_text="One aim, in a plain sentence.")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Aims are shown in this order, lowest number first."
    )

    objects = GroupOwnedQuerySet.as_manager()
    group_path = "group"

    class Meta:
        ordering = ["group", "position", "pk"]
        verbose_name = "aim"

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return self.group.get_absolute_url() + "#aims"


class GroupEasyReadLine(EasyReadLine):
    """A line of the group's easy-read page."""

    group = models.ForeignKey(
        CommunityGroup, on_delete=models.CASCADE, related_name="easy_read_lines"
    )

    objects = GroupOwnedQuerySet.as_manager()
    group_path = "group"

    class Meta(EasyReadLine.Meta):
        ordering = ["group", "position", "pk"]
        verbose_name = "easy-read line"

    def get_absolute_url(self):
        return reverse("groups:group_easy_read", kwargs={"slug": self.group.slug})


class GroupLink(models.Model):
    class Kind(models.TextChoices):
        FACEBOOK = "facebook", "Facebook"
        X = "x", "X (Twitter)"
        INSTAGRAM = "instagram", "Instagram"
        YOUTUBE = "youtube", "YouTube"
        OTHER = "other", "Other"

    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    label = models.CharField(
        max_length=100,
        blank=True,
        help_text="What the link says, for example 'Oxford Influence Group on Facebook'.",
    )
    url = models.URLField("web address")
    position = models.PositiveSmallIntegerField(default=0)

    objects = GroupOwnedQuerySet.as_manager()
    group_path = "group"

    class Meta:
        ordering = ["group", "position", "pk"]
        verbose_name = "social media or other link"

    def __str__(self):
        return self.label or f"{self.group} on {self.get_kind_display()}"

    def get_absolute_url(self):
        return self.url


class Partnership(models.Model):
    """How an organisation is linked to a group: it hosts, runs, funds or partners it."""

    class Role(models.TextChoices):
        HOST = "host", "Host"
        PARTNER = "partner", "Partner"
        FUNDER = "funder", "Funder"

    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnerships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTNER)
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional: a few words on their part, for example 'runs the group with parents'.",
    )

    objects = GroupOwnedQuerySet.as_manager()
    group_path = "group"

    class Meta:
        ordering = ["group", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "organisation", "role"],
                name="unique_partnership_role",
                violation_error_message="This organisation already has that role for the group.",
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display().lower()} of {self.group})"

    def get_absolute_url(self):
        return self.organisation.get_absolute_url()


def public_groups_prefetch(*lookups: str) -> models.Prefetch:
    """For a queryset of anything with ``groups`` (activities, newsletters, topics): each one's
    published groups, by name, as the list ``public_groups``. ``lookups`` are prefetched on the
    groups in turn (for example "topics")."""
    return models.Prefetch(
        "groups",
        queryset=CommunityGroup.objects.published().order_by("name").prefetch_related(*lookups),
        to_attr="public_groups",
    )


def public_partnerships() -> models.QuerySet:
    """Partnerships with published groups (what an organisation's page lists), each with its
    group."""
    return Partnership.objects.filter(group__in=CommunityGroup.objects.published()).select_related(
        "group"
    )


def story_photo_path(instance, filename: str) -> str:
    """Kept for migration 0003, which names it; fields use ``RandomName``."""
    return random_file_name("stories", filename)


class MemberStoryQuerySet(GroupOwnedQuerySet, PublishableQuerySet):
    def public_rule(self) -> Q:
        """A published story is shown only while its teller's consent is recorded and not
        withdrawn, and its group is published."""
        return Q(
            consent_given_at__isnull=False,
            consent_withdrawn_at__isnull=True,
            group__in=CommunityGroup.objects.published(),
        )


class MemberStory(PublishableModel, ImageWithAltText):
    image_noun = "photo"
    image_folder = "stories"
    image_help_text = (
        "Optional. Only with the teller's agreement to show it. It is kept private and shown "
        "only while the story is published with consent."
    )
    # Served only by the story's photo address, which checks the story may be seen.
    image_private = True

    class Naming(models.TextChoices):
        FULL_NAME = "full", "Full name"
        FIRST_NAME = "first", "First name only"
        ANONYMOUS = "anonymous", "Anonymous (no name shown)"

    group = models.ForeignKey(CommunityGroup, on_delete=models.PROTECT, related_name="stories")
    title = models.CharField(max_length=200)
    slug = web_address_field(made_from="title", max_length=200)
    summary = models.TextField(
        max_length=300, blank=True, help_text="One or two plain sentences shown in lists."
    )
    body = RichTextField(help_text="The story, in the teller's own words.")
    teller_name = models.CharField(
        "teller's name",
        max_length=150,
        help_text="Kept for the record. What the public sees depends on 'how they are named'.",
    )
    naming = models.CharField(
        "how they are named",
        max_length=20,
        choices=Naming.choices,
        default=Naming.ANONYMOUS,
        help_text="Ask the teller. If in doubt, choose anonymous.",
    )
    consent_given_by = models.CharField(
        "consent given by",
        max_length=150,
        blank=True,
        help_text="Who agreed to the story being published: the teller, or who on their behalf.",
    )
    consent_given_at = models.DateTimeField(
        "consent given on",
        null=True,
        blank=True,
        help_text="When they agreed. A story cannot be published until this is filled in.",
    )
    consent_scope = models.TextField(
        "what they agreed to",
        blank=True,
        help_text="For example: 'story and first name on the website; no photo'.",
    )
    consent_withdrawn_at = models.DateTimeField(
        "consent withdrawn on",
        null=True,
        blank=True,
        help_text="Filled in when the teller withdraws consent: the story leaves the site at once.",
    )

    objects = MemberStoryQuerySet.as_manager()
    group_path = "group"

    class Meta:
        ordering = ["-publish_at", "title"]
        verbose_name = "member's story"
        verbose_name_plural = "members' stories"
        constraints = [
            *ImageWithAltText.Meta.constraints,
            models.UniqueConstraint(
                fields=["group", "slug"],
                name="unique_story_slug_per_group",
                violation_error_message="The group already has a story with this web address.",
            ),
            models.CheckConstraint(
                condition=Q(consent_withdrawn_at__isnull=True)
                | Q(
                    consent_given_at__isnull=False,
                    consent_withdrawn_at__gte=F("consent_given_at"),
                ),
                name="story_consent_withdrawn_after_given",
                violation_error_message="Consent can only be withdrawn once it has been given.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "groups:story_detail", kwargs={"group_slug": self.group.slug, "slug": self.slug}
        )

    def get_photo_url(self):
        return reverse(
            "groups:story_photo", kwargs={"group_slug": self.group.slug, "slug": self.slug}
        )

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.status == "published" and not self.consent_given_at:
            errors["consent_given_at"] = (
                "A story can only be published once the teller's consent is recorded."
            )
        if self.consent_given_at and not self.consent_given_by.strip():
            errors["consent_given_by"] = "Say who gave consent."
        if self.consent_given_at and self.consent_given_at > timezone.now():
            errors["consent_given_at"] = "Consent cannot be given in the future."
        if self.consent_withdrawn_at and not self.consent_given_at:
            errors["consent_withdrawn_at"] = "Consent can only be withdrawn once it was given."
        elif self.consent_withdrawn_at and self.consent_withdrawn_at < self.consent_given_at:
            errors["consent_withdrawn_at"] = "Consent cannot be withdrawn before it was given."
        if errors:
            raise ValidationError(errors)

    @property
    def has_consent(self) -> bool:
        return self.consent_given_at is not None and self.consent_withdrawn_at is None

    @property
    def not_shown_because(self) -> str:
        if not self.has_consent:
            return "the teller's consent is not recorded, or was withdrawn"
        return "its group is not published yet"

    @property
    def byline(self) -> str:
        """How the teller is named in public."""
        if self.naming == self.Naming.FULL_NAME and self.teller_name:
            return self.teller_name
        if self.naming == self.Naming.FIRST_NAME and self.teller_name:
            return self.teller_name.split()[0]
        return f"A member of {self.group.name}"
