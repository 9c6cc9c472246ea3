"""Site-wide pages: home, about co-production, accessibility statement, errors, robots, sitemap."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import CommunityGroupFactory
from tests.html import tags, text, whole_sitemap

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "home",
    "about_coproduction",
    "accessibility",
    "privacy",
    "groups:group_list",
    "enquiries:get_involved",
    "enquiries:contact",
    "enquiries:thanks",
]


def test_home_says_what_the_site_is_and_leads_to_the_groups(client, influence_group):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "working on it together, as equals" in text(response)
    assert any(a.get("href") == reverse("groups:group_list") for a in tags(response, "a"))
    assert any(a.get("href") == influence_group.get_absolute_url() for a in tags(response, "a"))


def test_home_leaves_out_draft_groups(client):
    CommunityGroupFactory(name="Secret Draft Group", status="draft")
    assert "Secret Draft Group" not in text(client.get(reverse("home")))


def test_home_lists_groups_in_a_constant_number_of_queries(client, django_assert_num_queries):
    CommunityGroupFactory.create_batch(3)
    with django_assert_num_queries(4):
        assert client.get(reverse("home")).status_code == 200
    CommunityGroupFactory.create_batch(27)
    with django_assert_num_queries(4):
        assert client.get(reverse("home")).status_code == 200


def test_about_coproduction_page(client):
    response = client.get(reverse("about_coproduction"))
    assert response.status_code == 200
    assert "<h1>About co-production</h1>" in text(response)


def test_accessibility_statement_names_the_standard_and_how_to_report(client, settings):
    response = client.get(reverse("accessibility"))
    body = text(response)
    assert "WCAG" in body and "2.2" in body and "level AA" in body
    assert "Known issues" in body
    assert f"mailto:{settings.SITE_CONTACT_EMAIL}" in body


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_page_has_the_accessibility_baseline(client, name):
    response = client.get(reverse(name))
    assert tags(response, "html")[0]["lang"] == "en-GB"
    assert len(tags(response, "h1")) == 1
    assert tags(response, "a")[0] == {"class": "skip-link", "href": "#main-content"}
    assert [m.get("id") for m in tags(response, "main")] == ["main-content"]
    assert {"aria-label": "Main", "class": "main-nav"} in tags(response, "nav")
    assert len(tags(response, "footer")) == 1


def test_page_title_says_where_you_are(client, settings, influence_group):
    response = client.get(influence_group.get_absolute_url())
    assert f"<title>Oxford Influence Group – {settings.SITE_NAME}</title>" in text(response)


def test_current_navigation_item_is_marked(client):
    response = client.get(reverse("groups:group_list"))
    current = [a for a in tags(response, "a") if a.get("aria-current") == "page"]
    assert [a["href"] for a in current] == [reverse("groups:group_list")]


def test_site_name_is_a_setting(client, settings):
    settings.SITE_NAME = "Working Together Online"
    assert "Working Together Online" in text(client.get(reverse("home")))


def test_unknown_page_gets_the_sites_own_404(client, settings):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in text(response)
    assert settings.SITE_NAME in text(response)


def test_public_pages_send_a_content_security_policy(client):
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_public_pages_have_no_inline_script_or_style(client, influence_group):
    for url in [reverse("home"), influence_group.get_absolute_url()]:
        response = client.get(url)
        # Only data blocks (JSON-LD), which browsers never run: no script.
        scripts = tags(response, "script")
        assert [attrs.get("type") for attrs in scripts] == ["application/ld+json"]
        assert not any("src" in attrs for attrs in scripts)
        assert not any(
            "style" in attrs for name in ("div", "p", "a") for attrs in tags(response, name)
        )
        # No element at all carries a style attribute or an inline <style> block.
        assert not re.search(r"<[a-z][^>]*\sstyle=", text(response))
        assert tags(response, "style") == []


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    assert "Sitemap: http://testserver/sitemap.xml" in text(response)
    assert "Disallow: /admin/" in text(response)


def test_sitemap_lists_published_pages_only(client, influence_group):
    CommunityGroupFactory(slug="draft-group", status="draft")
    body = whole_sitemap(client)
    assert "http://testserver/groups/oxford-influence-group/" in body
    assert "/groups/oxford-influence-group/stories/from-the-waiting-room/" in body
    assert "draft-group" not in body


def test_no_migrations_are_missing():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_every_page_sends_a_permissions_policy(client, admin_client):
    for response in [client.get(reverse("home")), admin_client.get("/admin/")]:
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy
        assert "geolocation=()" in policy
        assert "microphone=()" in policy
