"""Numbers too large for the database, values that are not ids, and names too long for the file
system: a form error or a 4xx, never a 500. (The fuzz test, test_fuzz.py, finds these; these
tests pin each one down.)"""

import pytest
from django.contrib.contenttypes.models import ContentType

from groups.models import CommunityGroup
from newsletters.models import Issue
from tests.factories import (
    ActivityFactory,
    CommunityGroupFactory,
    NewsletterFactory,
    TopicFactory,
)
from tests.html import text

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


@pytest.fixture
def newsletter(db):
    return NewsletterFactory(groups=[CommunityGroupFactory()])


def test_subscribing_to_a_huge_newsletter_id_is_a_field_error(client, newsletter):
    response = client.post(
        "/newsletters/subscribe/",
        {"email": "reader@example.org", "newsletters": [str(newsletter.pk), HUGE]},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in text(response)
    assert not newsletter.subscriptions.exists()


def test_a_huge_id_posted_for_a_foreign_key_in_the_admin_is_a_field_error(admin_client):
    response = admin_client.post(
        "/admin/newsletters/issue/add/",
        {"newsletter": HUGE, "title": "Autumn", "slug": "autumn", "issue_date": "2024-01-31"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in text(response)
    assert not Issue.objects.exists()


@pytest.mark.parametrize("value", ["abc", "1e308", HUGE])
def test_a_value_that_is_not_an_id_in_an_autocomplete_box_is_a_field_error(admin_client, value):
    response = admin_client.post(
        "/admin/activities/activity/add/",
        {"title": "A meeting", "slug": "a-meeting", "groups": [value], "kind": "meeting"},
    )
    assert response.status_code == 200
    assert "errornote" in text(response)


def test_an_admin_add_form_opened_with_a_huge_id_shows_the_empty_form(admin_client):
    response = admin_client.get("/admin/newsletters/issue/add/", {"newsletter": HUGE})
    assert response.status_code == 200
    body = text(response)
    assert 'id="id_newsletter"' in body
    assert f'value="{HUGE}"' not in body  # nothing chosen: no such newsletter


@pytest.mark.parametrize("selection", [HUGE, "abc", "1e308", ""])
def test_a_tampered_selection_in_an_admin_action_changes_nothing(admin_client, selection):
    group = CommunityGroupFactory(status="draft")
    response = admin_client.post(
        "/admin/groups/communitygroup/",
        {"action": "publish_now", "_selected_action": [selection], "index": "0"},
    )
    assert response.status_code in {200, 302}
    group.refresh_from_db()
    assert group.status == "draft"
    assert CommunityGroup.objects.count() == 1


def test_a_tampered_selection_says_so(admin_client):
    CommunityGroupFactory()
    response = admin_client.post(
        "/admin/groups/communitygroup/",
        {"action": "delete_selected", "_selected_action": ["abc"], "index": "0"},
        follow=True,
    )
    assert "were not understood" in text(response)
    assert CommunityGroup.objects.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        f"/admin/activities/activity/?start_date__year={HUGE}",
        "/admin/activities/activity/?start_date__year=2147483648",
        f"/admin/newsletters/issue/?issue_date__year={HUGE}&issue_date__month=1",
    ],
)
def test_a_huge_year_in_the_admin_date_drill_down_is_a_400(admin_client, url):
    ActivityFactory()
    response = admin_client.get(url)
    assert response.status_code == 400
    assert "Something was wrong with the request" in text(response)


@pytest.mark.parametrize("field_name", ["activities", "newsletters"])
def test_autocomplete_for_the_far_end_of_a_relation_is_refused(admin_client, field_name):
    TopicFactory()
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "groups", "model_name": "communitygroup", "field_name": field_name},
    )
    assert response.status_code == 403


def test_autocomplete_still_works(admin_client):
    TopicFactory(name="Housing")
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "groups",
            "model_name": "communitygroup",
            "field_name": "topics",
            "term": "Hous",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Housing"]


def test_view_on_site_with_a_huge_id_is_a_404(admin_client):
    content_type = ContentType.objects.get_for_model(CommunityGroup)
    response = admin_client.get(f"/admin/r/{content_type.pk}/{HUGE}/")
    assert response.status_code == 404


def test_an_upload_name_too_long_for_the_file_system_is_a_404(client, settings):
    (settings.MEDIA_ROOT / "groups").mkdir(parents=True)
    response = client.get("/media/" + "x" * 300)
    assert response.status_code == 404
    response = client.get("/media/groups/" + "y" * 300 + ".jpg")
    assert response.status_code == 404
