"""The page cache: anonymous pages come from the cache, and every change shows at once."""

import datetime as dt
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from activities.models import Activity
from groups.models import CommunityGroup
from groups.services import story_withdraw_consent
from oig_site.core import pagecache
from oig_site.core.cache import RedisCache
from tests.factories import (
    ActivityFactory,
    CommunityGroupFactory,
    GroupAimFactory,
    IssueFactory,
    MemberStoryFactory,
    NewsletterFactory,
    TopicFactory,
)
from tests.html import form_data

pytestmark = pytest.mark.django_db

GROUPS = reverse("groups:group_list")


def later(**delta):
    """Patch the clock to ``delta`` from now (nothing waits)."""
    return mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() + dt.timedelta(**delta)
    )


def page(path, **headers):
    """The page as a new anonymous visitor gets it (no cookies)."""
    return Client().get(path, headers=headers)


def test_the_second_anonymous_request_comes_from_the_cache_with_no_query(
    django_assert_num_queries,
):
    group = CommunityGroupFactory(name="Parent Power")
    first = page(group.get_absolute_url())
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = page(group.get_absolute_url())
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


def test_a_published_group_shows_at_once():
    group = CommunityGroupFactory(name="Parent Power", status="draft")
    assert "Parent Power" not in page(GROUPS).text
    group.status = "published"
    group.save()
    assert "Parent Power" in page(GROUPS).text


def test_an_edit_shows_at_once():
    group = CommunityGroupFactory(name="Parent Power")
    assert "Parent Power" in page(GROUPS).text
    group.name = "Parents Together"
    group.save()
    assert "Parents Together" in page(GROUPS).text


def test_a_deleted_group_goes_at_once():
    group = CommunityGroupFactory(name="Parent Power")
    url = group.get_absolute_url()
    assert page(url).status_code == 200
    group.delete()
    assert page(url).status_code == 404
    assert "Parent Power" not in page(GROUPS).text


def test_unpublishing_in_the_admin_takes_the_page_off_at_once(admin_client):
    group = CommunityGroupFactory(name="Parent Power")
    url = group.get_absolute_url()
    assert page(url).status_code == 200
    admin_client.post(
        reverse("admin:groups_communitygroup_changelist"),
        {"action": "unpublish", "_selected_action": [group.pk]},
    )
    assert CommunityGroup.objects.get().status == "draft"
    assert page(url).status_code == 404


def test_a_scheduled_group_appears_when_its_time_comes_with_no_save():
    CommunityGroupFactory(name="Parent Power", publish_at=timezone.now() + dt.timedelta(hours=2))
    assert "Parent Power" not in page(GROUPS).text
    with later(hours=1):
        assert "Parent Power" not in page(GROUPS).text
    with later(hours=3):
        assert "Parent Power" in page(GROUPS).text


def test_a_scheduled_time_known_only_to_the_database_is_found_when_the_cache_is_emptied():
    CommunityGroupFactory(name="Parent Power", publish_at=timezone.now() + dt.timedelta(hours=2))
    cache.clear()  # as after a restart of the cache server: the state is rebuilt from the data
    assert "Parent Power" not in page(GROUPS).text
    with later(hours=3):
        assert "Parent Power" in page(GROUPS).text


def test_a_story_goes_the_moment_consent_is_withdrawn():
    story = MemberStoryFactory(title="From the waiting room")
    url = story.get_absolute_url()
    assert page(url).status_code == 200
    assert "From the waiting room" in page(story.group.get_absolute_url()).text
    story_withdraw_consent(story=story)
    assert page(url).status_code == 404
    assert "From the waiting room" not in page(story.group.get_absolute_url()).text


def test_a_topic_added_to_a_group_shows_at_once():
    group = CommunityGroupFactory(name="Parent Power")
    housing = TopicFactory(name="Housing", slug="housing")
    CommunityGroupFactory(topics=[housing])  # so the topic has a page
    url = housing.get_absolute_url()
    assert "Parent Power" not in page(url).text
    group.topics.add(housing)
    assert "Parent Power" in page(url).text


def test_a_bulk_update_shows_at_once():
    activity = ActivityFactory(title="Board meeting", groups=[CommunityGroupFactory()])
    url = activity.get_absolute_url()
    assert "Board meeting" in page(url).text
    Activity.objects.filter(pk=activity.pk).update(title="Annual meeting")
    assert "Annual meeting" in page(url).text


def test_an_issue_published_through_the_admin_action_shows_at_once(admin_client):
    issue = IssueFactory(title="Autumn 2020", status="draft")
    issue.newsletter.groups.add(CommunityGroupFactory())
    archive = reverse("newsletters:archive")
    assert "Autumn 2020" not in page(archive).text
    admin_client.post(
        reverse("admin:newsletters_issue_changelist"),
        {"action": "publish_now", "_selected_action": [issue.pk]},
    )
    assert "Autumn 2020" in page(archive).text


def test_a_group_recovered_from_its_history_in_the_admin_shows_at_once(admin_client):
    group = CommunityGroupFactory(name="Recoverable Group", slug="recoverable")
    GroupAimFactory(group=group, text="An aim that must come back", position=1)
    change = reverse("admin:groups_communitygroup_change", args=[group.pk])
    admin_client.post(change, form_data(admin_client.get(change), "communitygroup_form"))
    admin_client.post(
        reverse("admin:groups_communitygroup_delete", args=[group.pk]), {"post": "yes"}
    )
    assert "Recoverable Group" not in page(GROUPS).text
    version = Version.objects.get_deleted(CommunityGroup).get()
    recover = reverse("admin:groups_communitygroup_recover", args=[version.pk])
    admin_client.post(recover, form_data(admin_client.get(recover), "communitygroup_form"))
    assert "Recoverable Group" in page(GROUPS).text
    assert "An aim that must come back" in page("/groups/recoverable/").text


def test_editors_pages_are_never_cached_nor_served_from_the_cache(admin_client):
    group = CommunityGroupFactory(name="Parent Power")
    url = group.get_absolute_url()
    page(url)
    assert page(url)["X-Cache"] == "hit"
    response = admin_client.get(url)
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_previews_are_never_cached(admin_client):
    group = CommunityGroupFactory(name="Parent Power", status="draft")
    url = group.get_absolute_url()
    preview = admin_client.get(url)
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"]
    assert page(url).status_code == 404


def test_a_cacheable_page_may_be_kept_briefly_by_a_proxy(settings):
    response = page(CommunityGroupFactory().get_absolute_url())
    assert response["Cache-Control"] == f"public, max-age={settings.PAGE_CACHE_MAX_AGE}"


def test_anonymous_pages_do_not_vary_on_cookies():
    group = CommunityGroupFactory()
    for url in (group.get_absolute_url(), GROUPS, reverse("home")):
        assert "Cookie" not in page(url).get("Vary", "")
        assert not page(url).cookies


def test_conditional_get_answers_304_from_the_cache_too():
    url = CommunityGroupFactory().get_absolute_url()
    first = page(url)
    assert first["X-Cache"] == "miss"
    not_modified = page(url, if_none_match=first["ETag"])
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert page(url, if_none_match='"something-else"').status_code == 200


def test_html_is_compressed_when_the_browser_accepts_gzip_and_cached_apart():
    url = CommunityGroupFactory().get_absolute_url()
    compressed = page(url, accept_encoding="gzip, deflate, br")
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    plain = page(url)
    assert "Content-Encoding" not in plain
    assert plain["X-Cache"] == "miss"
    again = page(url, accept_encoding="gzip")
    assert (again["X-Cache"], again["Content-Encoding"]) == ("hit", "gzip")


def test_tracking_parameters_share_the_page(django_assert_num_queries):
    page(GROUPS)
    with django_assert_num_queries(0):
        assert page(f"{GROUPS}?utm_source=newsletter&fbclid=abc")["X-Cache"] == "hit"


def test_parameters_the_site_reads_are_in_the_key_in_any_order():
    TopicFactory(slug="housing")
    first = page(f"{GROUPS}?topic=housing&area=Oxford")
    assert first["X-Cache"] == "miss"
    assert page(f"{GROUPS}?area=Oxford&topic=housing")["X-Cache"] == "hit"
    assert page(f"{GROUPS}?topic=families")["X-Cache"] == "miss"


@pytest.mark.parametrize(
    "query", ["?junk=1", "?junk=2&page=1", f"?q={'x' * 300}", "?page=1&PAGE=2"]
)
def test_made_up_parameters_are_answered_but_never_stored(query):
    response = page(f"{GROUPS}{query}")
    assert response.status_code == 200
    assert "X-Cache" not in response
    assert "X-Cache" not in page(f"{GROUPS}{query}")


def test_the_cache_can_be_turned_off(settings):
    settings.PAGE_CACHE_SECONDS = 0
    page(GROUPS)
    response = page(GROUPS)
    assert "X-Cache" not in response
    assert response["Cache-Control"].startswith("public")


def test_a_visitor_with_a_session_cookie_is_not_served_from_the_cache(client, settings):
    page(GROUPS)
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-real-session"
    response = client.get(GROUPS)
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_password_reset_is_never_cached():
    assert "X-Cache" not in page(reverse("admin_password_reset"))
    assert "X-Cache" not in page(reverse("admin_password_reset"))


def test_looking_up_the_version_needs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        pagecache.current_state()


# Forms on cached pages ------------------------------------------------------------------------


@pytest.fixture
def newsletter():
    return NewsletterFactory(name="Working Together", groups=[CommunityGroupFactory()])


def test_the_subscribe_form_from_a_cached_page_works_for_a_new_visitor(newsletter):
    page(newsletter.get_absolute_url())
    cached = page(newsletter.get_absolute_url())
    assert cached["X-Cache"] == "hit"
    assert b"csrfmiddlewaretoken" not in cached.content
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.post(
        reverse("newsletters:subscribe"),
        {"email": "new@example.org", "newsletters": [newsletter.pk]},
        headers={"origin": "http://testserver", "sec-fetch-site": "same-origin"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletters:subscribe_check_email")
    assert "private" in response["Cache-Control"]


def test_a_subscription_posted_from_another_site_is_refused(newsletter, mailoutbox):
    response = Client().post(
        reverse("newsletters:subscribe"),
        {"email": "victim@example.org", "newsletters": [newsletter.pk]},
        headers={"origin": "https://elsewhere.example", "sec-fetch-site": "cross-site"},
    )
    assert response.status_code == 403
    assert "sent from a page on another website" in response.text
    assert mailoutbox == []


def test_a_question_posted_from_another_site_is_refused(newsletter):
    url = reverse("newsletters:ask", args=[newsletter.slug])
    form = {"question": "Forged?", "name": "", "email": ""}
    refused = Client().post(url, form, headers={"origin": "https://elsewhere.example"})
    assert refused.status_code == 403
    refused = Client().post(url, form, headers={"referer": "https://elsewhere.example/x"})
    assert refused.status_code == 403
    refused = Client().post(url, form, headers={"sec-fetch-site": "cross-site"})
    assert refused.status_code == 403
    assert not newsletter.questions.exists()


@pytest.mark.parametrize(
    ("origin", "status"),
    [
        ("https://www.example.org", 302),
        ("https://news.example.org", 302),
        ("http://news.example.org", 403),
        ("https://example.org.evil.example", 403),
        ("null", 403),
    ],
)
def test_the_sites_other_addresses_may_post(settings, newsletter, origin, status):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.example.org", "https://*.example.org"]
    url = reverse("newsletters:ask", args=[newsletter.slug])
    form = {"question": "From another address?", "name": "", "email": ""}
    assert Client().post(url, form, headers={"origin": origin}).status_code == status


def test_the_question_form_from_a_cached_page_works(newsletter):
    url = reverse("newsletters:ask", args=[newsletter.slug])
    page(url)
    assert page(url)["X-Cache"] == "hit"
    response = Client(enforce_csrf_checks=True).post(
        url,
        {"question": "How do I join?", "name": "", "email": ""},
        headers={"origin": "http://testserver"},
    )
    assert response.status_code == 302
    assert newsletter.questions.get().question == "How do I join?"


def test_editors_forms_keep_their_csrf_token(admin_client):
    response = admin_client.get(reverse("admin:groups_communitygroup_add"))
    assert b"csrfmiddlewaretoken" in response.content


def test_the_redis_cache_keeps_one_client():
    """Making a Redis client costs more than a read: one is made once and kept."""
    backend = RedisCache("redis://127.0.0.1:6379/11", {})
    assert backend._cache.get_client() is backend._cache.get_client()


def test_a_head_request_is_answered_from_the_cache(django_assert_num_queries):
    url = CommunityGroupFactory().get_absolute_url()
    page(url)
    with django_assert_num_queries(0):
        response = Client().head(url)
    assert (response.status_code, response["X-Cache"], response.content) == (200, "hit", b"")
