"""Every object that could have a public page is in exactly one publication state, and every
part of the site says the same state: the querysets (``.drafts()``, ``.scheduled()``,
``.waiting()``, ``.published()``), ``publication_state``, ``is_public``, the public page, the
sitemap and the editors' preview banner."""

import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from groups.models import CommunityGroup, MemberStory, Organisation, Topic
from newsletters.models import Issue, Newsletter, Section
from oig_site.core.publishing import PublicationState
from tests.factories import (
    ActivityFactory,
    CommunityGroupFactory,
    IssueFactory,
    MemberStoryFactory,
    NewsletterFactory,
    OrganisationFactory,
    PartnershipFactory,
    SectionFactory,
    TopicFactory,
)
from tests.html import text, whole_sitemap

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT
SCHEDULED = PublicationState.SCHEDULED
WAITING = PublicationState.WAITING
PUBLISHED = PublicationState.PUBLISHED


def soon():
    return timezone.now() + timedelta(days=1)


def draft_group():
    return CommunityGroupFactory(status="draft")


def scheduled_group():
    return CommunityGroupFactory(publish_at=soon())


def group_with(state):
    return {DRAFT: draft_group, SCHEDULED: scheduled_group, PUBLISHED: CommunityGroupFactory}[
        state
    ]()


def topic_of(*states):
    topic = TopicFactory()
    for state in states:
        group_with(state).topics.add(topic)
    return topic


def organisation_of(*states):
    organisation = OrganisationFactory()
    for state in states:
        PartnershipFactory(group=group_with(state), organisation=organisation)
    return organisation


def newsletter_of(*states):
    return NewsletterFactory(groups=[group_with(state) for state in states])


# (name, how to make the object, the state it is in)
CASES = [
    ("group: draft", lambda: CommunityGroupFactory(status="draft"), DRAFT),
    (
        "group: draft with a past time",
        lambda: CommunityGroupFactory(
            status="draft", publish_at=timezone.now() - timedelta(days=1)
        ),
        DRAFT,
    ),
    (
        "group: draft with a future time",
        lambda: CommunityGroupFactory(status="draft", publish_at=soon()),
        DRAFT,
    ),
    ("group: scheduled", lambda: CommunityGroupFactory(publish_at=soon()), SCHEDULED),
    ("group: published", CommunityGroupFactory, PUBLISHED),
    ("activity: draft", lambda: ActivityFactory(status="draft"), DRAFT),
    ("activity: scheduled", lambda: ActivityFactory(publish_at=soon()), SCHEDULED),
    (
        "activity: scheduled, of a draft group",
        lambda: ActivityFactory(publish_at=soon(), groups=[draft_group()]),
        SCHEDULED,
    ),
    ("activity: published", ActivityFactory, PUBLISHED),
    (
        "activity: published, of a draft and a published group",
        lambda: ActivityFactory(groups=[draft_group(), CommunityGroupFactory()]),
        PUBLISHED,
    ),
    ("activity: of a draft group only", lambda: ActivityFactory(groups=[draft_group()]), WAITING),
    (
        "activity: of a scheduled group only",
        lambda: ActivityFactory(groups=[scheduled_group()]),
        WAITING,
    ),
    ("activity: of no group", lambda: ActivityFactory(groups=[]), WAITING),
    (
        "activity: draft, of a draft group",
        lambda: ActivityFactory(status="draft", groups=[draft_group()]),
        DRAFT,
    ),
    ("story: draft", lambda: MemberStoryFactory(status="draft"), DRAFT),
    ("story: scheduled", lambda: MemberStoryFactory(publish_at=soon()), SCHEDULED),
    ("story: published", MemberStoryFactory, PUBLISHED),
    ("story: without consent", lambda: MemberStoryFactory(consent_given_at=None), WAITING),
    (
        "story: consent withdrawn",
        lambda: MemberStoryFactory(consent_withdrawn_at=timezone.now()),
        WAITING,
    ),
    ("story: of a draft group", lambda: MemberStoryFactory(group=draft_group()), WAITING),
    (
        "story: draft, without consent",
        lambda: MemberStoryFactory(status="draft", consent_given_at=None),
        DRAFT,
    ),
    ("issue: draft", lambda: IssueFactory(status="draft"), DRAFT),
    ("issue: scheduled", lambda: IssueFactory(publish_at=soon()), SCHEDULED),
    ("issue: published", IssueFactory, PUBLISHED),
    (
        "issue: of a newsletter of a draft group",
        lambda: IssueFactory(newsletter=newsletter_of(DRAFT)),
        WAITING,
    ),
    (
        "issue: of a newsletter of a scheduled group",
        lambda: IssueFactory(newsletter=newsletter_of(SCHEDULED)),
        WAITING,
    ),
    ("topic: of a published group", lambda: topic_of(PUBLISHED), PUBLISHED),
    ("topic: of a draft and a published group", lambda: topic_of(DRAFT, PUBLISHED), PUBLISHED),
    ("topic: of a scheduled group", lambda: topic_of(SCHEDULED), SCHEDULED),
    ("topic: of a draft and a scheduled group", lambda: topic_of(DRAFT, SCHEDULED), SCHEDULED),
    ("topic: of a draft group", lambda: topic_of(DRAFT), DRAFT),
    ("topic: of no group", topic_of, DRAFT),
    ("organisation: of a published group", lambda: organisation_of(PUBLISHED), PUBLISHED),
    (
        "organisation: of a scheduled and a published group",
        lambda: organisation_of(SCHEDULED, PUBLISHED),
        PUBLISHED,
    ),
    ("organisation: of a scheduled group", lambda: organisation_of(SCHEDULED), SCHEDULED),
    ("organisation: of a draft group", lambda: organisation_of(DRAFT), DRAFT),
    ("organisation: of no group", organisation_of, DRAFT),
    ("newsletter: of a published group", lambda: newsletter_of(PUBLISHED), PUBLISHED),
    ("newsletter: of a scheduled group", lambda: newsletter_of(SCHEDULED), SCHEDULED),
    ("newsletter: of a draft group", lambda: newsletter_of(DRAFT), DRAFT),
    (
        "newsletter: of a draft and a scheduled group",
        lambda: newsletter_of(DRAFT, SCHEDULED),
        SCHEDULED,
    ),
]
KINDS = ("group", "activity", "story", "issue", "topic", "organisation", "newsletter")


def cases(*kinds, leave_out=()):
    """The cases for these kinds of object, as ``pytest.param``s named after them."""
    return [
        pytest.param(name, make, state, id=name)
        for name, make, state in CASES
        if name.split(":")[0] in kinds and state not in leave_out
    ]


WITH_STATUS = ("group", "activity", "story", "issue")


def test_the_cases_cover_every_publishable_model_and_every_state():
    models = {CommunityGroup, Activity, MemberStory, Issue, Topic, Organisation, Newsletter}
    assert {type(make()) for _, make, _ in CASES} == models
    assert {state for _, _, state in CASES} == set(PublicationState)


@pytest.mark.parametrize(("name", "make", "state"), cases(*KINDS))
def test_each_object_is_in_exactly_one_state_and_says_so(name, make, state):
    obj = make()
    objects = type(obj).objects
    holding = {
        PublicationState.DRAFT: objects.drafts(),
        PublicationState.SCHEDULED: objects.scheduled(),
        PublicationState.WAITING: objects.waiting(),
        PublicationState.PUBLISHED: objects.published(),
    }
    found = [s for s, queryset in holding.items() if queryset.filter(pk=obj.pk).exists()]
    assert found == [state]
    fresh = type(obj).objects.get(pk=obj.pk)
    assert fresh.publication_state == state
    assert fresh.is_public is (state == PUBLISHED)
    annotated = objects.with_publication_state().get(pk=obj.pk)
    assert annotated.publication_state == state


@pytest.mark.parametrize(("name", "make", "state"), cases(*KINDS))
def test_the_page_and_the_sitemap_follow_the_state(client, name, make, state):
    obj = make()
    public = state == PUBLISHED
    assert client.get(obj.get_absolute_url()).status_code == (200 if public else 404)
    sitemap = whole_sitemap(client)
    assert (f"{obj.get_absolute_url()}</loc>" in sitemap) is public


ADMIN_LISTS = {
    "group": "admin:groups_communitygroup_changelist",
    "activity": "admin:activities_activity_changelist",
    "story": "admin:groups_memberstory_changelist",
    "issue": "admin:newsletters_issue_changelist",
}


@pytest.mark.parametrize(("name", "make", "state"), cases(*WITH_STATUS))
def test_the_admin_list_says_the_state(admin_client, name, make, state):
    make()  # the only object of its kind, so the only row of the list
    body = text(admin_client.get(reverse(ADMIN_LISTS[name.split(":")[0]])))
    assert re.findall(r'<td class="field-state">([^<]*)</td>', body) == [state.label]


@pytest.mark.parametrize(("name", "make", "state"), cases(*WITH_STATUS, leave_out={PUBLISHED}))
def test_the_preview_banner_says_the_state(admin_client, name, make, state):
    obj = make()
    assert Client().get(obj.get_absolute_url()).status_code == 404
    body = text(admin_client.get(obj.get_absolute_url()))
    start = body.index('class="preview-banner"')
    banner = html.unescape(" ".join(body[start : body.index("</div>", start)].split()))
    assert f"it is {state.label.lower()}" in banner


@pytest.mark.parametrize(("name", "make", "state"), cases("topic"))
def test_the_topic_list_and_the_directory_filter_follow_the_state(client, name, make, state):
    topic = make()
    public = state == PUBLISHED
    listing = text(client.get(reverse("groups:topic_list")))
    assert (f'href="{topic.get_absolute_url()}"' in listing) is public
    directory = text(client.get(reverse("groups:group_list")))
    assert (f'<option value="{topic.slug}">' in directory) is public


def test_published_condition_seen_through_a_relation_is_published():
    """``published_condition("issue")`` filters sections by a join with the same rules as
    ``issue__in=Issue.objects.published()``."""
    hidden = NewsletterFactory(groups=[CommunityGroupFactory(status="draft")])
    shown = NewsletterFactory()
    issues = [
        IssueFactory(newsletter=shown),
        IssueFactory(newsletter=shown, status="draft"),
        IssueFactory(newsletter=shown, publish_at=soon()),
        IssueFactory(newsletter=hidden),
    ]
    for issue in issues:
        SectionFactory(issue=issue)
    joined = Section.objects.filter(Issue.objects.published_condition("issue"))
    assert list(joined) == list(Section.objects.filter(issue__in=Issue.objects.published()))
    assert [section.issue for section in joined] == issues[:1]


def test_a_condition_with_a_subquery_of_its_own_model_cannot_be_moved():
    """An activity's rule is an ``Exists`` on its own row: it cannot be seen from elsewhere."""
    with pytest.raises(ValueError, match="cannot be moved"):
        Activity.objects.published_condition("activity")
