"""Who may edit what: a coordinator edits what belongs to the groups they coordinate, a site
editor edits everything, and nobody inactive edits anything. The rule is
``CommunityGroup.objects.coordinated_by(user)``; every model owned by groups follows it through
``editable_by(user)``, by the path to its groups that the model declares."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.urls import reverse
from reversion.models import Version

from activities.models import Activity, ActivityLink
from asks.models import Ask, AskUpdate
from groups.models import CommunityGroup, GroupAim, GroupLink, MemberStory, Partnership
from groups.roles import COORDINATORS, SITE_EDITORS, ensure_roles
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
from oig_site.core.scoping import group_model_of
from tests.factories import (
    ActivityFactory,
    CommunityGroupFactory,
    IssueFactory,
    NewsletterFactory,
    one_of_each,
    staff_member,
)
from tests.html import form_data

pytestmark = pytest.mark.django_db

GROUP_OWNED = [
    CommunityGroup,
    GroupAim,
    GroupLink,
    Partnership,
    MemberStory,
    Activity,
    ActivityLink,
    Newsletter,
    Issue,
    Section,
    GlossaryTerm,
    Subscriber,
    Subscription,
    Question,
    Delivery,
    Ask,
    AskUpdate,
]


@pytest.fixture
def world(django_user_model):
    alpha = CommunityGroupFactory(name="Alpha", slug="alpha")
    beta = CommunityGroupFactory(name="Beta", slug="beta")
    return {
        "alpha": one_of_each(alpha, "Alpha"),
        "beta": one_of_each(beta, "Beta"),
        "coordinator": staff_member("coord", "c@example.org", groups=[alpha]),
        "editor": staff_member("editor", "e@example.org", role=SITE_EDITORS),
    }


# The groups a user coordinates


def test_a_coordinator_coordinates_their_own_groups_only(world):
    assert list(CommunityGroup.objects.coordinated_by(world["coordinator"])) == [
        world["alpha"][CommunityGroup]
    ]


def test_a_site_editor_coordinates_every_group(world):
    assert CommunityGroup.objects.coordinated_by(world["editor"]).count() == 2


def test_a_superuser_coordinates_every_group(world, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "b@example.org", "x")
    assert CommunityGroup.objects.coordinated_by(boss).count() == 2
    assert CommunityGroup.edits_everything(boss)


@pytest.mark.parametrize("who", ["coordinator", "editor"])
def test_an_inactive_user_coordinates_nothing(world, who):
    user = world[who]
    user.is_active = False
    user.save()
    assert not CommunityGroup.objects.coordinated_by(user).exists()
    assert not CommunityGroup.edits_everything(user)


def test_someone_with_no_role_coordinates_nothing(world, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", "n@example.org", is_staff=True)
    assert not CommunityGroup.objects.coordinated_by(nobody).exists()


def test_only_site_editors_edit_everything(world):
    assert CommunityGroup.edits_everything(world["editor"])
    assert not CommunityGroup.edits_everything(world["coordinator"])


# What a user may edit


@pytest.mark.parametrize("model", GROUP_OWNED, ids=lambda model: model.__name__)
def test_every_group_owned_model_declares_a_path_to_the_groups(model):
    assert group_model_of(model) is CommunityGroup


@pytest.mark.parametrize("model", GROUP_OWNED, ids=lambda model: model.__name__)
def test_a_coordinator_edits_their_own_groups_rows_only(world, model):
    assert list(model.objects.editable_by(world["coordinator"])) == [world["alpha"][model]]


@pytest.mark.parametrize("model", GROUP_OWNED, ids=lambda model: model.__name__)
def test_a_site_editor_edits_every_row(world, model):
    editable = set(model.objects.editable_by(world["editor"]))
    assert editable == {world["alpha"][model], world["beta"][model]}


@pytest.mark.parametrize("model", GROUP_OWNED, ids=lambda model: model.__name__)
def test_an_inactive_user_edits_nothing(world, model):
    user = world["editor"]
    user.is_active = False
    user.save()
    assert not model.objects.editable_by(user).exists()


def test_a_joint_activity_is_editable_once_by_each_of_its_groups(world):
    alpha, beta = world["alpha"][CommunityGroup], world["beta"][CommunityGroup]
    joint = ActivityFactory(groups=[alpha, beta], title="Joint")
    world["coordinator"].coordinated_groups.add(beta)
    editable = list(Activity.objects.editable_by(world["coordinator"]))
    assert editable.count(joint) == 1
    assert Activity.objects.editable_by(world["coordinator"]).count() == 3


def test_a_site_editor_edits_a_newsletter_with_no_group_and_its_issues(world):
    orphan = NewsletterFactory(groups=[], name="No group yet")
    issue = IssueFactory(newsletter=orphan)
    assert orphan in Newsletter.objects.editable_by(world["editor"])
    assert issue in Issue.objects.editable_by(world["editor"])
    assert orphan not in Newsletter.objects.editable_by(world["coordinator"])
    assert issue not in Issue.objects.editable_by(world["coordinator"])


def test_editable_by_narrows_the_queryset_it_is_given(world):
    drafts = Activity.objects.filter(title__startswith="Beta")
    assert not drafts.editable_by(world["coordinator"]).exists()


# The roles: each app declares what its coordinators may do


def role_permissions(name) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=name).permissions.select_related("content_type")
    }


def test_coordinators_have_the_same_permissions_as_always():
    ensure_roles()
    expected = {
        *(f"groups.{a}_communitygroup" for a in ("view", "change")),
        *(f"groups.{a}_{m}" for a in ("view", "add", "change", "delete") for m in ("groupaim",)),
        *(f"groups.{a}_grouplink" for a in ("view", "add", "change", "delete")),
        *(f"groups.{a}_partnership" for a in ("view", "add", "change", "delete")),
        *(f"groups.{a}_memberstory" for a in ("view", "add", "change", "delete")),
        *(f"groups.{a}_groupeasyreadline" for a in ("view", "add", "change", "delete")),
        "groups.view_topic",
        "groups.view_organisation",
        *(f"activities.{a}_activity" for a in ("view", "add", "change", "delete")),
        *(f"activities.{a}_activitylink" for a in ("view", "add", "change", "delete")),
        *(f"activities.{a}_activityeasyreadline" for a in ("view", "add", "change", "delete")),
        *(f"activities.{a}_signup" for a in ("view", "change", "delete")),
        *(f"newsletters.{a}_newsletter" for a in ("view", "change")),
        *(f"newsletters.{a}_issue" for a in ("view", "add", "change", "delete")),
        *(f"newsletters.{a}_section" for a in ("view", "add", "change", "delete")),
        *(f"newsletters.{a}_glossaryterm" for a in ("view", "add", "change", "delete")),
        *(f"newsletters.{a}_issueeasyreadline" for a in ("view", "add", "change", "delete")),
        "newsletters.view_subscriber",
        "newsletters.view_subscription",
        *(f"newsletters.{a}_question" for a in ("view", "change")),
        "newsletters.view_delivery",
        *(f"enquiries.{a}_enquiry" for a in ("view", "change", "delete")),
        *(f"asks.{a}_ask" for a in ("view", "add", "change", "delete")),
        *(f"asks.{a}_askupdate" for a in ("view", "add", "change", "delete")),
    }
    assert role_permissions(COORDINATORS) == expected


def test_site_editors_have_every_permission_of_the_apps():
    ensure_roles()
    app_labels = ["groups", "activities", "newsletters", "enquiries", "asks"]
    # And the site's glossary and easy-read pages (not the site's other tables).
    site_models = ["siteglossaryterm", "easyreadpage", "easyreadpageline"]
    expected = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.filter(
            Q(content_type__app_label__in=app_labels)
            | Q(content_type__app_label="oig_site", content_type__model__in=site_models)
        ).select_related("content_type")
    }
    assert "oig_site.change_siteglossaryterm" in expected
    assert "oig_site.change_throttlecount" not in expected
    assert "groups.edit_all_groups" in expected
    assert role_permissions(SITE_EDITORS) == expected


def test_each_app_declares_its_own_coordinator_permissions():
    for label in ("groups", "activities", "newsletters"):
        declared = apps.get_app_config(label).coordinator_permissions
        assert declared, label
        for model_name in declared:
            assert apps.get_model(label, model_name)


# History: a coordinator restores their own group's versions


def test_a_coordinator_can_restore_an_earlier_version_of_their_own_story(
    admin_client, client, world
):
    story = world["alpha"][MemberStory]
    url = reverse("admin:groups_memberstory_change", args=[story.pk])
    original_title = story.title
    for title in (original_title, "Changed title"):
        data = form_data(admin_client.get(url), "memberstory_form")
        data["title"] = title
        assert admin_client.post(url, data).status_code == 302
    first = Version.objects.get_for_object(story).last()

    client.force_login(world["coordinator"])
    history = client.get(reverse("admin:groups_memberstory_history", args=[story.pk]))
    revision_url = reverse("admin:groups_memberstory_revision", args=[story.pk, first.pk])
    assert revision_url in history.content.decode()
    page = client.get(revision_url)
    assert page.status_code == 200
    client.post(revision_url, form_data(page, "memberstory_form"))
    story.refresh_from_db()
    assert story.title == original_title


# The start page


def test_a_site_editors_start_page_lists_drafts_of_every_group_and_of_none(client, world):
    orphan = NewsletterFactory(groups=[], name="No group yet")
    IssueFactory(newsletter=orphan, title="Ungrouped draft issue", status="draft")
    ActivityFactory(groups=[world["beta"][CommunityGroup]], title="Beta draft", status="draft")
    client.force_login(world["editor"])
    body = client.get(reverse("admin:index")).content.decode()
    drafts = body[body.index('id="your-drafts"') : body.index('id="scheduled"')]
    assert "Ungrouped draft issue" in drafts
    assert "Beta draft" in drafts
