import io
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from activities.models import Activity, ActivityLink
from asks.models import Ask, AskUpdate
from groups.models import (
    CommunityGroup,
    GroupAim,
    GroupLink,
    MemberStory,
    Organisation,
    Partnership,
    Topic,
)
from groups.roles import COORDINATORS, ensure_roles
from newsletters.models import (
    Delivery,
    GlossaryTerm,
    Issue,
    Newsletter,
    Question,
    Section,
    Subscriber,
    Subscription,
)


def staff_member(username: str, email: str, *, role: str = COORDINATORS, groups=(), **extra):
    """A staff account with one of the two editing roles (``COORDINATORS`` or
    ``SITE_EDITORS``), coordinating ``groups``."""
    ensure_roles()
    user = get_user_model().objects.create_user(username, email, is_staff=True, **extra)
    user.groups.add(Group.objects.get(name=role))
    for group in groups:
        group.coordinators.add(user)
    return user


def image_file(name: str = "photo.png", size=(40, 30), image_format: str = "PNG"):
    """A small, real image, as an upload."""
    buffer = io.BytesIO()
    Image.new("RGB", size, "purple").save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def an_hour_ago():
    return timezone.now() - timedelta(hours=1)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    website = "https://example.org/"


class CommunityGroupFactory(factory.django.DjangoModelFactory):
    """A published group (publish time in the past) unless told otherwise."""

    class Meta:
        model = CommunityGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    summary = "A group of people with lived experience of public services."
    description = "<p>The group's story.</p>"
    area = "Oxford"
    status = "published"
    publish_at = factory.LazyFunction(an_hour_ago)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class GroupAimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupAim

    group = factory.SubFactory(CommunityGroupFactory)
    text = factory.Sequence(lambda n: f"Aim {n}")
    position = factory.Sequence(lambda n: n)


class GroupLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupLink

    group = factory.SubFactory(CommunityGroupFactory)
    kind = "facebook"
    url = factory.Sequence(lambda n: f"https://facebook.example/group{n}")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    group = factory.SubFactory(CommunityGroupFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "partner"


class MemberStoryFactory(factory.django.DjangoModelFactory):
    """A published story whose teller has given consent, unless told otherwise."""

    class Meta:
        model = MemberStory

    group = factory.SubFactory(CommunityGroupFactory)
    title = factory.Sequence(lambda n: f"Story {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    summary = "A member's story."
    body = "<p>In my own words.</p>"
    teller_name = "Jo Bloggs"
    naming = "anonymous"
    consent_given_by = "The teller"
    consent_given_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    consent_scope = "Story on the website, no name."
    status = "published"
    publish_at = factory.LazyFunction(an_hour_ago)


class ActivityFactory(factory.django.DjangoModelFactory):
    """A published activity of a published group, a month ago, unless told otherwise."""

    class Meta:
        model = "activities.Activity"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Activity {n}")
    slug = factory.Sequence(lambda n: f"activity-{n}")
    kind = "meeting"
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    summary = "What happened, in a sentence."
    status = "published"
    publish_at = factory.LazyFunction(an_hour_ago)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.set(extracted if extracted is not None else [CommunityGroupFactory()])

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class NewsletterFactory(factory.django.DjangoModelFactory):
    """A newsletter published by a published group, unless told otherwise."""

    class Meta:
        model = "newsletters.Newsletter"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Newsletter {n}")
    slug = factory.Sequence(lambda n: f"newsletter-{n}")
    description = "News from the group."

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.set(extracted if extracted is not None else [CommunityGroupFactory()])


class IssueFactory(factory.django.DjangoModelFactory):
    """A published issue, unless told otherwise."""

    class Meta:
        model = "newsletters.Issue"

    newsletter = factory.SubFactory(NewsletterFactory)
    title = factory.Sequence(lambda n: f"Issue {n}")
    slug = factory.Sequence(lambda n: f"issue-{n}")
    issue_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    introduction = "<p>Welcome to this issue.</p>"
    status = "published"
    publish_at = factory.LazyFunction(an_hour_ago)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "newsletters.Section"

    issue = factory.SubFactory(IssueFactory)
    heading = factory.Sequence(lambda n: f"Section {n}")
    position = factory.Sequence(lambda n: n)
    body = "<p>Section text.</p>"


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber."""

    class Meta:
        model = "newsletters.Subscriber"

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    consent_at = factory.LazyFunction(an_hour_ago)
    consent_source = "Newsletter archive"
    confirmed_at = factory.LazyFunction(timezone.now)


class AskFactory(factory.django.DjangoModelFactory):
    """A published ask of a published group, raised 60 days ago, to a new organisation, with
    no updates, unless told otherwise."""

    class Meta:
        model = "asks.Ask"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Ask {n}")
    slug = factory.Sequence(lambda n: f"ask-{n}")
    text = "Please work with the people who use the service."
    raised_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    status = "published"
    publish_at = factory.LazyFunction(an_hour_ago)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.set(extracted if extracted is not None else [CommunityGroupFactory()])

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create:
            self.organisations.set(extracted if extracted is not None else [OrganisationFactory()])

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


def ask_update(ask, kind: str, days_after: int = 0, **extra) -> AskUpdate:
    """An update on ``ask``, ``days_after`` it was raised."""
    return AskUpdate.objects.create(
        ask=ask, kind=kind, date=ask.raised_on + timedelta(days=days_after), **extra
    )


def one_of_each(group, name: str) -> dict:
    """One of each kind of thing a group owns, belonging to ``group`` alone, keyed by model and
    named after ``name`` ("Alpha story", "Alpha activity", ...)."""
    activity = ActivityFactory(groups=[group], title=f"{name} activity")
    newsletter = NewsletterFactory(groups=[group], name=f"{name} newsletter")
    issue = IssueFactory(newsletter=newsletter, title=f"{name} issue")
    subscriber = SubscriberFactory(email=f"{name.lower()}-reader@example.org")
    ask = AskFactory(groups=[group], title=f"{name} ask")
    return {
        CommunityGroup: group,
        GroupAim: GroupAimFactory(group=group),
        GroupLink: GroupLinkFactory(group=group),
        Partnership: PartnershipFactory(group=group, organisation=OrganisationFactory()),
        MemberStory: MemberStoryFactory(group=group, title=f"{name} story"),
        Activity: activity,
        ActivityLink: ActivityLink.objects.create(
            activity=activity, kind="other", label="Notes", url="https://example.org/notes"
        ),
        Newsletter: newsletter,
        Issue: issue,
        Section: SectionFactory(issue=issue),
        GlossaryTerm: GlossaryTerm.objects.create(issue=issue, term="NHS", meaning="Health"),
        Subscriber: subscriber,
        Subscription: Subscription.objects.create(subscriber=subscriber, newsletter=newsletter),
        Question: Question.objects.create(newsletter=newsletter, question=f"{name} question?"),
        Delivery: Delivery.objects.create(issue=issue, subscriber=subscriber, status="sent"),
        Ask: ask,
        AskUpdate: ask_update(ask, "raised", note=f"{name} raised it"),
    }
