"""Coordinators edit only their own groups; site editors edit every group.

The matrix: for every admin model, a coordinator of group A cannot list, view, change, delete
or choose group B's objects (lists, pages by address, form choices, bulk actions), and can do
so for group A; a site editor can for both."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from groups.models import MemberStory
from groups.roles import COORDINATORS, SITE_EDITORS
from newsletters.models import Issue, Subscription
from tests.factories import (
    ActivityFactory,
    CommunityGroupFactory,
    IssueFactory,
    MemberStoryFactory,
    OrganisationFactory,
    PartnershipFactory,
    one_of_each,
    staff_member,
)
from tests.html import form_data, text

pytestmark = pytest.mark.django_db


# What the coordinator tests look at of each group's things, by model label.
LABELS = (
    "groups.communitygroup",
    "groups.memberstory",
    "activities.activity",
    "newsletters.newsletter",
    "newsletters.issue",
    "newsletters.question",
    "newsletters.subscriber",
    "newsletters.delivery",
    "asks.ask",
)


def content_for(group, name):
    things = {model._meta.label_lower: obj for model, obj in one_of_each(group, name).items()}
    return {label: things[label] for label in LABELS}


@pytest.fixture
def world(django_user_model):
    group_a = CommunityGroupFactory(name="Group Alpha", slug="group-alpha")
    group_b = CommunityGroupFactory(name="Group Beta", slug="group-beta")
    return {
        "a": content_for(group_a, "Alpha"),
        "b": content_for(group_b, "Beta"),
        "coordinator": staff_member("coord-a", "a@example.org", groups=[group_a]),
        "editor": staff_member("editor", "e@example.org", role=SITE_EDITORS),
    }


MODELS = [
    "groups.communitygroup",
    "groups.memberstory",
    "activities.activity",
    "newsletters.newsletter",
    "newsletters.issue",
    "newsletters.question",
    "newsletters.subscriber",
    "newsletters.delivery",
    "asks.ask",
]


def shown_as(label, obj) -> str:
    """How the object appears in its admin list."""
    return obj.subscriber.email if label == "newsletters.delivery" else str(obj)


def admin_url(label, action, *args):
    app, model = label.split(".")
    return reverse(f"admin:{app}_{model}_{action}", args=args)


@pytest.mark.parametrize("label", MODELS)
def test_coordinator_lists_only_their_groups_objects(client, world, label):
    client.force_login(world["coordinator"])
    body = text(client.get(admin_url(label, "changelist")))
    assert shown_as(label, world["a"][label]) in body
    assert shown_as(label, world["b"][label]) not in body


@pytest.mark.parametrize("label", MODELS)
def test_coordinator_cannot_open_another_groups_object_by_its_address(client, world, label):
    client.force_login(world["coordinator"])
    theirs = world["b"][label]
    assert client.get(admin_url(label, "change", theirs.pk)).status_code == 403
    assert client.get(admin_url(label, "history", theirs.pk)).status_code in {403, 404}
    assert client.get(admin_url(label, "change", world["a"][label].pk)).status_code == 200


@pytest.mark.parametrize(
    "label", ["groups.memberstory", "activities.activity", "newsletters.issue"]
)
def test_coordinator_can_delete_their_own_but_not_another_groups(client, world, label):
    client.force_login(world["coordinator"])
    group_a = world["a"]["groups.communitygroup"]
    theirs = world["b"][label]
    own = {
        "groups.memberstory": lambda: MemberStoryFactory(group=group_a),
        "activities.activity": lambda: ActivityFactory(groups=[group_a]),
        "newsletters.issue": lambda: IssueFactory(newsletter=world["a"]["newsletters.newsletter"]),
    }[label]()
    assert client.post(admin_url(label, "delete", theirs.pk), {"post": "yes"}).status_code == 403
    assert type(theirs).objects.filter(pk=theirs.pk).exists()
    client.post(admin_url(label, "delete", own.pk), {"post": "yes"})
    assert not type(own).objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize(
    "label", ["groups.memberstory", "activities.activity", "newsletters.issue"]
)
def test_bulk_actions_ignore_another_groups_objects(client, world, label):
    client.force_login(world["coordinator"])
    theirs = world["b"][label]
    client.post(
        admin_url(label, "changelist"),
        {"action": "delete_selected", "_selected_action": [theirs.pk], "post": "yes"},
    )
    assert type(theirs).objects.filter(pk=theirs.pk).exists()


def test_form_choices_offer_only_their_own_groups(client, world):
    client.force_login(world["coordinator"])
    story_form = client.get(admin_url("groups.memberstory", "add")).context["adminform"].form
    assert list(story_form.fields["group"].queryset) == [world["a"]["groups.communitygroup"]]
    activity_form = client.get(admin_url("activities.activity", "add")).context["adminform"].form
    assert list(activity_form.fields["groups"].queryset) == [world["a"]["groups.communitygroup"]]
    issue_form = client.get(admin_url("newsletters.issue", "add")).context["adminform"].form
    assert list(issue_form.fields["newsletter"].queryset) == [world["a"]["newsletters.newsletter"]]


def test_coordinator_cannot_assign_another_group_by_posting_it(client, world):
    client.force_login(world["coordinator"])
    response = client.post(
        admin_url("groups.memberstory", "add"),
        {
            "group": world["b"]["groups.communitygroup"].pk,
            "title": "Sneaky",
            "slug": "sneaky",
            "body": "<p>x</p>",
            "teller_name": "x",
            "naming": "anonymous",
            "status": "draft",
            "publish_at_0": "01/01/2020",
            "publish_at_1": "09:00:00",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in text(response)
    assert not MemberStory.objects.filter(slug="sneaky").exists()


def test_group_autocomplete_offers_only_their_groups(client, world):
    client.force_login(world["coordinator"])
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "activities",
            "model_name": "activity",
            "field_name": "groups",
            "term": "Group",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Group Alpha"]


def test_coordinator_cannot_change_who_coordinates(client, world):
    client.force_login(world["coordinator"])
    form = (
        client.get(
            admin_url("groups.communitygroup", "change", world["a"]["groups.communitygroup"].pk)
        )
        .context["adminform"]
        .form
    )
    assert "coordinators" not in form.fields


def test_coordinator_cannot_add_a_group(client, world):
    client.force_login(world["coordinator"])
    assert client.get(admin_url("groups.communitygroup", "add")).status_code == 403


def test_editing_a_joint_activity_keeps_the_other_groups(client, world):
    group_a = world["a"]["groups.communitygroup"]
    group_b = world["b"]["groups.communitygroup"]
    joint = ActivityFactory(groups=[group_a, group_b], title="Joint", slug="joint")
    client.force_login(world["coordinator"])
    response = client.post(
        admin_url("activities.activity", "change", joint.pk),
        {
            "groups": [group_a.pk],
            "title": "Joint (renamed)",
            "slug": "joint",
            "kind": "meeting",
            "summary": "s",
            "start_date": joint.start_date.strftime("%d/%m/%Y"),
            "mode": "in-person",
            "status": "published",
            "publish_at_0": "01/01/2020",
            "publish_at_1": "09:00:00",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
            "easy_read_lines-TOTAL_FORMS": "0",
            "easy_read_lines-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    joint.refresh_from_db()
    assert joint.title == "Joint (renamed)"
    assert set(joint.groups.all()) == {group_a, group_b}


@pytest.mark.parametrize("label", MODELS)
def test_site_editor_sees_and_opens_everything(client, world, label):
    client.force_login(world["editor"])
    body = text(client.get(admin_url(label, "changelist")))
    assert shown_as(label, world["a"][label]) in body
    assert shown_as(label, world["b"][label]) in body
    assert client.get(admin_url(label, "change", world["b"][label].pk)).status_code == 200


def test_subscriber_export_has_only_their_newsletters(client, world):
    shared = world["a"]["newsletters.subscriber"]
    Subscription.objects.create(subscriber=shared, newsletter=world["b"]["newsletters.newsletter"])
    client.force_login(world["coordinator"])
    response = client.post(
        admin_url("newsletters.subscriber", "changelist"),
        {"action": "export_confirmed_csv", "_selected_action": [shared.pk]},
    )
    body = response.content.decode()
    assert "Alpha newsletter" in body
    assert "Beta newsletter" not in body


# Preview


def test_coordinator_previews_their_own_drafts_only(client, world):
    own = ActivityFactory(groups=[world["a"]["groups.communitygroup"]], status="draft")
    other = ActivityFactory(groups=[world["b"]["groups.communitygroup"]], status="draft")
    client.force_login(world["coordinator"])
    assert "Draft preview." in text(client.get(own.get_absolute_url()))
    assert client.get(other.get_absolute_url()).status_code == 404


# Giving someone the role


def test_add_coordinator_creates_the_account_and_emails_a_password_link(client, settings):
    settings.SITE_URL = "https://coproduction.example.org"
    group = CommunityGroupFactory(name="Parent Power", slug="parent-power")
    call_command("add_coordinator", "New.Person@example.org", "parent-power", stdout=StringIO())
    [message] = mail.outbox
    assert message.to == ["new.person@example.org"]
    assert "Parent Power" in message.subject
    link = re.search(r"https://coproduction\.example\.org(/reset/\S+/)", message.body).group(1)
    user = group.coordinators.get()
    assert user.is_staff and not user.has_usable_password()
    assert user.groups.filter(name=COORDINATORS).exists()

    response = client.get(link, follow=True)
    assert "<h1>Choose your password</h1>" in text(response)
    set_password_url = response.redirect_chain[-1][0]
    client.post(
        set_password_url,
        {"new_password1": "a long new passphrase 42", "new_password2": "a long new passphrase 42"},
    )
    user.refresh_from_db()
    assert user.has_usable_password()


def test_add_coordinator_again_updates_rather_than_duplicates(settings):
    first = CommunityGroupFactory(slug="first")
    second = CommunityGroupFactory(slug="second")
    call_command("add_coordinator", "sam@example.org", "first", stdout=StringIO())
    call_command("add_coordinator", "sam@example.org", "second", stdout=StringIO())
    assert first.coordinators.get() == second.coordinators.get()


@pytest.mark.parametrize(
    ("email", "slug", "message"),
    [("not-an-address", "x", "is not an e-mail"), ("a@example.org", "nope", "There is no group")],
)
def test_add_coordinator_explains_mistakes(email, slug, message):
    from django.core.management.base import CommandError

    CommunityGroupFactory(slug="x")
    with pytest.raises(CommandError, match=message):
        call_command("add_coordinator", email, slug)


# Guessing passwords


def test_repeated_failed_sign_ins_lock_out_with_a_clear_message(client, django_user_model):
    django_user_model.objects.create_user(
        "coord", "c@example.org", "the right password", is_staff=True
    )
    login = reverse("admin:login")
    for _ in range(5):
        client.post(login, {"username": "coord", "password": "wrong"})
    response = client.post(login, {"username": "coord", "password": "the right password"})
    assert response.status_code == 429
    assert "Signing in is paused for a while" in text(response)


def test_a_correct_sign_in_works(client, django_user_model):
    django_user_model.objects.create_user(
        "coord", "c@example.org", "the right password", is_staff=True
    )
    response = client.post(
        reverse("admin:login"), {"username": "coord", "password": "the right password"}
    )
    assert response.status_code == 302


def test_an_issue_already_sent_cannot_be_deleted_by_a_coordinator(client, world):
    """Its delivery records would go with it, and they keep anyone from getting it twice."""
    client.force_login(world["coordinator"])
    issue = world["a"]["newsletters.issue"]
    response = client.post(admin_url("newsletters.issue", "delete", issue.pk), {"post": "yes"})
    assert response.status_code in {200, 403}
    assert Issue.objects.filter(pk=issue.pk).exists()


# The start page


def test_start_page_shows_their_groups_drafts_scheduled_and_recent_changes(client, world):
    group_a = world["a"]["groups.communitygroup"]
    ActivityFactory(groups=[group_a], title="Alpha draft", status="draft")
    ActivityFactory(
        groups=[group_a],
        title="Alpha scheduled",
        publish_at=timezone.now() + timezone.timedelta(days=3),
    )
    ActivityFactory(
        groups=[world["b"]["groups.communitygroup"]], title="Beta draft", status="draft"
    )
    client.force_login(world["coordinator"])
    body = text(client.get(reverse("admin:index")))
    your_groups = body[body.index('id="your-groups"') : body.index('id="your-drafts"')]
    assert "Group Alpha" in your_groups and "Group Beta" not in your_groups
    drafts = body[body.index('id="your-drafts"') : body.index('id="scheduled"')]
    assert "Alpha draft" in drafts and "Beta draft" not in drafts
    scheduled = body[body.index('id="scheduled"') : body.index('id="recent-changes"')]
    assert "Alpha scheduled" in scheduled
    recent = body[body.index('id="recent-changes"') :]
    assert "Alpha activity" in recent and "Beta" not in recent.split("</div>")[0]


# Publishing from the list


def test_unpublish_returns_to_draft_and_publish_now_brings_it_back(client, world):
    activity = world["a"]["activities.activity"]
    client.force_login(world["coordinator"])
    changelist = admin_url("activities.activity", "changelist")
    client.post(changelist, {"action": "unpublish", "_selected_action": [activity.pk]})
    activity.refresh_from_db()
    assert activity.status == "draft"
    assert client.get(activity.get_absolute_url()).status_code == 200  # their own preview
    client.logout()
    assert client.get(activity.get_absolute_url()).status_code == 404
    client.force_login(world["coordinator"])
    client.post(changelist, {"action": "publish_now", "_selected_action": [activity.pk]})
    activity.refresh_from_db()
    assert activity.is_public


def test_publish_now_refuses_a_story_without_consent(client, world):
    story = MemberStoryFactory(
        group=world["a"]["groups.communitygroup"], status="draft", consent_given_at=None
    )
    client.force_login(world["coordinator"])
    response = client.post(
        admin_url("groups.memberstory", "changelist"),
        {"action": "publish_now", "_selected_action": [story.pk]},
        follow=True,
    )
    assert "consent is recorded" in text(response)
    story.refresh_from_db()
    assert story.status == "draft"


def test_unpublishing_cannot_reach_another_groups_content(client, world):
    theirs = world["b"]["activities.activity"]
    client.force_login(world["coordinator"])
    client.post(
        admin_url("activities.activity", "changelist"),
        {"action": "unpublish", "_selected_action": [theirs.pk]},
    )
    theirs.refresh_from_db()
    assert theirs.status == "published"


# Found by probing: history, filters, columns, joint newsletters, "view on site"


def test_a_revision_shared_with_another_group_cannot_be_reverted(client, admin_client, world):
    own, theirs = world["a"]["groups.memberstory"], world["b"]["groups.memberstory"]
    admin_client.post(
        admin_url("groups.memberstory", "changelist"),
        {"action": "unpublish", "_selected_action": [own.pk, theirs.pk]},
    )
    from reversion.models import Version

    shared = Version.objects.get_for_object(own).first()
    assert Version.objects.get_for_object(theirs).first().revision_id == shared.revision_id
    client.force_login(world["coordinator"])
    url = admin_url("groups.memberstory", "revision", own.pk, shared.pk)
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


def test_a_version_of_another_model_cannot_be_used_by_number(admin_client, world):
    from django.test import Client
    from reversion.models import Version

    client = Client()
    theirs = world["b"]["activities.activity"]
    change = admin_url("activities.activity", "change", theirs.pk)
    admin_client.post(change, form_data(admin_client.get(change), "activity_form"))
    version = Version.objects.get_for_object(theirs).first()
    client.force_login(world["coordinator"])
    own = world["a"]["groups.memberstory"]
    assert (
        client.get(admin_url("groups.memberstory", "revision", own.pk, version.pk)).status_code
        == 404
    )
    response = client.get(admin_url("groups.memberstory", "recover", version.pk))
    assert response.status_code == 404
    assert "Beta" not in text(client.get(admin_url("groups.memberstory", "changelist")))


def test_list_filters_name_only_their_groups_and_newsletters(client, world):
    client.force_login(world["coordinator"])
    for label in [
        "groups.memberstory",
        "activities.activity",
        "newsletters.issue",
        "newsletters.subscriber",
        "newsletters.delivery",
    ]:
        body = text(client.get(admin_url(label, "changelist")))
        assert "Beta" not in body, label


def test_subscriber_list_shows_only_their_newsletters(client, world):
    shared = world["a"]["newsletters.subscriber"]
    Subscription.objects.create(subscriber=shared, newsletter=world["b"]["newsletters.newsletter"])
    client.force_login(world["coordinator"])
    body = text(client.get(admin_url("newsletters.subscriber", "changelist")))
    assert "Alpha newsletter" in body and "Beta newsletter" not in body


def test_organisation_list_names_only_their_groups(client, world):
    organisation = OrganisationFactory(name="Shared partner")
    for side in ("a", "b"):
        PartnershipFactory(group=world[side]["groups.communitygroup"], organisation=organisation)
    client.force_login(world["coordinator"])
    body = text(client.get(admin_url("groups.organisation", "changelist")))
    assert "Shared partner" in body
    assert "Group Alpha" in body and "Group Beta" not in body


def test_saving_a_joint_newsletter_keeps_the_other_group(client, world):
    newsletter = world["a"]["newsletters.newsletter"]
    newsletter.groups.add(world["b"]["groups.communitygroup"])
    client.force_login(world["coordinator"])
    url = admin_url("newsletters.newsletter", "change", newsletter.pk)
    response = client.post(url, form_data(client.get(url), "newsletter_form"))
    assert response.status_code == 302
    assert newsletter.groups.count() == 2


def test_view_on_site_does_not_reveal_another_groups_address(client, world):
    from django.contrib.contenttypes.models import ContentType

    client.force_login(world["coordinator"])
    for label in ["activities.activity", "groups.memberstory", "newsletters.issue"]:
        theirs, own = world["b"][label], world["a"][label]
        ct = ContentType.objects.get_for_model(theirs)
        assert client.get(f"/admin/r/{ct.pk}/{theirs.pk}/").status_code == 404
        assert client.get(f"/admin/r/{ct.pk}/{own.pk}/").status_code == 302


def test_a_coordinators_copy_of_a_joint_activity_is_theirs_only(client, world):
    group_a, group_b = world["a"]["groups.communitygroup"], world["b"]["groups.communitygroup"]
    joint = ActivityFactory(groups=[group_a, group_b], slug="joint-copy")
    client.force_login(world["coordinator"])
    client.post(
        admin_url("activities.activity", "changelist"),
        {"action": "copy_as_draft", "_selected_action": [joint.pk]},
    )
    copy = Activity.objects.get(slug="joint-copy-copy")
    assert list(copy.groups.all()) == [group_a]
