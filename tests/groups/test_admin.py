"""The admin, as a coordinator uses it: lists, forms, saving, and the consent action."""

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import CommunityGroup, MemberStory
from tests.factories import (
    CommunityGroupFactory,
    MemberStoryFactory,
    OrganisationFactory,
    TopicFactory,
    image_file,
)
from tests.html import text

pytestmark = pytest.mark.django_db

MODELS = ["communitygroup", "memberstory", "topic", "organisation"]


@pytest.fixture
def content(influence_group):
    return {
        "communitygroup": influence_group,
        "memberstory": influence_group.stories.get(),
        "topic": influence_group.topics.get(),
        "organisation": influence_group.partnerships.get().organisation,
    }


@pytest.mark.parametrize("model", MODELS)
def test_change_list_loads_with_content(admin_client, content, model):
    response = admin_client.get(reverse(f"admin:groups_{model}_changelist"))
    assert response.status_code == 200
    assert str(content[model]) in text(response)


@pytest.mark.parametrize("model", MODELS)
def test_add_form_loads(admin_client, model):
    assert admin_client.get(reverse(f"admin:groups_{model}_add")).status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_change_form_loads_with_view_on_site(admin_client, content, model):
    obj = content[model]
    response = admin_client.get(reverse(f"admin:groups_{model}_change", args=[obj.pk]))
    assert response.status_code == 200
    assert "View on site" in text(response)


def test_change_list_search_and_filters(admin_client, influence_group, parent_power):
    url = reverse("admin:groups_communitygroup_changelist")
    assert "Parent Power" not in text(admin_client.get(url, {"q": "Influence"}))
    assert "Parent Power" in text(admin_client.get(url, {"area": "Blackbird Leys, Oxford"}))


def group_form_data(**overrides):
    data = {
        "name": "Team-Up Co-production Board",
        "slug": "team-up-co-production-board",
        "strapline": "",
        "summary": "People who use services and carers.",
        "description": "<p>About the board.</p>",
        "area": "Oxfordshire",
        "email": "",
        "phone": "",
        "website": "",
        "image_alt": "",
        "colour": "teal",
        "is_active": "on",
        "status": "published",
        "publish_at_0": "2020-07-06",
        "publish_at_1": "09:00:00",
        "aims-TOTAL_FORMS": "1",
        "aims-INITIAL_FORMS": "0",
        "aims-0-text": "Check and challenge.",
        "aims-0-position": "1",
        "partnerships-TOTAL_FORMS": "0",
        "partnerships-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "easy_read_lines-TOTAL_FORMS": "0",
        "easy_read_lines-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_adding_a_group_records_who_and_sanitises_rich_text(admin_client, superuser):
    topic = TopicFactory(name="Social care")
    response = admin_client.post(
        reverse("admin:groups_communitygroup_add"),
        group_form_data(
            description=(
                '<p>About <em>us</em></p><script>alert(1)</script><img src=x onerror="alert(2)">'
            ),
            topics=[topic.pk],
        ),
    )
    assert response.status_code == 302, (
        response.context["adminform"].errors if response.context else ""
    )
    group = CommunityGroup.objects.get(slug="team-up-co-production-board")
    assert group.description == "<p>About <em>us</em></p>"
    assert group.created_by == superuser
    assert group.updated_by == superuser
    assert list(group.aims.values_list("text", flat=True)) == ["Check and challenge."]
    assert list(group.topics.all()) == [topic]


def test_group_form_refuses_an_image_without_alt_text(admin_client):
    response = admin_client.post(
        reverse("admin:groups_communitygroup_add"),
        group_form_data(image=image_file()),
    )
    assert response.status_code == 200
    assert "Describe the banner picture for people who cannot see it" in text(response)
    assert not CommunityGroup.objects.exists()


def test_story_cannot_be_published_in_the_admin_without_consent(admin_client, influence_group):
    response = admin_client.post(
        reverse("admin:groups_memberstory_add"),
        {
            "group": influence_group.pk,
            "title": "My story",
            "slug": "my-story",
            "summary": "",
            "body": "<p>Words.</p>",
            "teller_name": "A member",
            "naming": "anonymous",
            "consent_given_by": "",
            "consent_scope": "",
            "image_alt": "",
            "status": "published",
            "publish_at_0": "2020-07-06",
            "publish_at_1": "09:00:00",
        },
    )
    assert response.status_code == 200
    assert "only be published once the teller&#x27;s consent is recorded" in text(response)
    assert not MemberStory.objects.filter(slug="my-story").exists()


def test_withdraw_consent_action_takes_stories_off_the_site_and_keeps_them(
    admin_client, influence_group
):
    story = influence_group.stories.get()
    already = MemberStoryFactory(consent_withdrawn_at=timezone.now())
    response = admin_client.post(
        reverse("admin:groups_memberstory_changelist"),
        {"action": "withdraw_consent", "_selected_action": [story.pk, already.pk]},
        follow=True,
    )
    assert "Consent withdrawn for 1 story" in text(response)
    story.refresh_from_db()
    assert story.consent_withdrawn_at is not None
    assert not story.is_public
    assert MemberStory.objects.count() == 2


def test_topic_autocomplete_answers(admin_client, housing):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "groups",
            "model_name": "communitygroup",
            "field_name": "topics",
            "term": "hou",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Housing"]


def test_organisation_autocomplete_answers(admin_client):
    OrganisationFactory(name="Oxford Hub")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "groups",
            "model_name": "partnership",
            "field_name": "organisation",
            "term": "hub",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Oxford Hub"]


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("admin:groups_communitygroup_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_draft_groups_show_as_not_on_the_site(admin_client):
    CommunityGroupFactory(name="Draft One", status="draft")
    response = admin_client.get(reverse("admin:groups_communitygroup_changelist"))
    assert '<td class="field-state">Draft</td>' in text(response)
    assert (
        '<td class="field-is_live"><img src="/static/admin/img/icon-no.svg" alt="False"></td>'
        in (text(response))
    )
