"""Topics and partner organisations are shared by every group: only site editors add them, and
their pages follow the publishing rule (shown only while a published group uses them)."""

import pytest
from django.urls import reverse

from groups.models import Organisation, Topic
from tests.factories import (
    ActivityFactory,
    CommunityGroupFactory,
    OrganisationFactory,
    PartnershipFactory,
    TopicFactory,
    staff_member,
)
from tests.html import text, whole_sitemap

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, django_user_model):
    user = staff_member("coord", "c@example.org", groups=[CommunityGroupFactory(slug="own-group")])
    client.force_login(user)
    return user


@pytest.mark.parametrize("model", ["topic", "organisation"])
def test_coordinators_cannot_add_or_change_shared_lists(client, coordinator, model):
    assert client.get(reverse(f"admin:groups_{model}_add")).status_code == 403
    response = client.post(reverse(f"admin:groups_{model}_add"), {"name": "New", "slug": "new"})
    assert response.status_code == 403
    assert not Topic.objects.filter(slug="new").exists()
    assert not Organisation.objects.filter(slug="new").exists()


def test_coordinators_still_choose_topics_for_their_groups(client, coordinator):
    TopicFactory(name="Housing", slug="housing")
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "groups",
            "model_name": "communitygroup",
            "field_name": "topics",
            "term": "Hous",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Housing"]


def test_site_editors_add_topics(admin_client):
    admin_client.post(reverse("admin:groups_topic_add"), {"name": "Transport", "slug": "transport"})
    assert Topic.objects.filter(slug="transport").exists()


def test_topic_of_draft_groups_only_has_no_page(client):
    hidden = TopicFactory(name="Secret plans", slug="secret-plans")
    CommunityGroupFactory(status="draft", topics=[hidden])
    shown = TopicFactory(name="Housing", slug="housing")
    CommunityGroupFactory(topics=[shown])
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(shown.get_absolute_url()).status_code == 200
    listing = text(client.get(reverse("groups:topic_list")))
    assert "Housing" in listing
    assert "Secret plans" not in listing
    sitemap = whole_sitemap(client)
    assert shown.get_absolute_url() in sitemap
    assert hidden.get_absolute_url() not in sitemap


def test_organisation_of_draft_groups_only_has_no_page(client):
    hidden = OrganisationFactory(name="Hidden partner", slug="hidden-partner")
    PartnershipFactory(group=CommunityGroupFactory(status="draft"), organisation=hidden)
    shown = OrganisationFactory(name="Citizens Advice", slug="citizens-advice")
    PartnershipFactory(group=CommunityGroupFactory(), organisation=shown)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(shown.get_absolute_url()).status_code == 200
    sitemap = whole_sitemap(client)
    assert shown.get_absolute_url() in sitemap
    assert hidden.get_absolute_url() not in sitemap


def test_an_activity_links_only_topics_that_have_a_page(client):
    with_page = TopicFactory(name="Housing", slug="housing")
    group = CommunityGroupFactory(topics=[with_page])
    without = TopicFactory(name="Buses", slug="buses")
    activity = ActivityFactory(groups=[group], topics=[with_page, without])
    body = text(client.get(activity.get_absolute_url()))
    assert f'href="{with_page.get_absolute_url()}"' in body
    assert f'href="{without.get_absolute_url()}"' not in body
    assert "Buses" in body
