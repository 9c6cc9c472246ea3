"""With many newsletters (a national network), the pages that list or offer them stay the same
size: while there are few, the archive lists them all and every subscribe form offers them all;
with more than ``NEWSLETTERS_SHOWN_IN_FULL``, a page offers only its own newsletters and links
to the subscribe page, which offers every one."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletters.models import NEWSLETTERS_SHOWN_IN_FULL, Issue, Newsletter
from tests.factories import CommunityGroupFactory, NewsletterFactory
from tests.html import tags, text

pytestmark = pytest.mark.django_db

SUBSCRIBE_PAGE = reverse("newsletters:subscribe")


def make_newsletters(count: int) -> list[Newsletter]:
    """``count`` newsletters, each of its own published group, each with one published issue
    (the first newsletter's the newest)."""
    newsletters = []
    for number in range(count):
        group = CommunityGroupFactory(name=f"Group {number:03}", slug=f"group-{number:03}")
        newsletter = NewsletterFactory(
            name=f"News {number:03}", slug=f"news-{number:03}", groups=[group]
        )
        Issue.objects.create(
            newsletter=newsletter,
            title=f"Issue of news {number:03}",
            slug="first",
            issue_date=dt.date(2026, 1, 1) - dt.timedelta(days=number),
            status="published",
            publish_at=timezone.now() - dt.timedelta(hours=1),
        )
        newsletters.append(newsletter)
    return newsletters


BOX = re.compile(
    r'(<input type="checkbox"[^>]*name="newsletters"[^>]*>)\s*'
    r'<label for="[^"]+" class="form-check-label">([^<]*)</label>'
)
ISSUE_LINK = re.compile(r'<a href="/newsletters/[^/]+/first/">([^<]*)</a>')


def offered(response) -> list[str]:
    """The names of the newsletters the page's subscribe form offers, in order."""
    return [name for _checked, name in BOX.findall(text(response))]


def chosen(response) -> list[str]:
    return [name for box, name in BOX.findall(text(response)) if " checked" in box]


def issues_listed(response) -> list[str]:
    return ISSUE_LINK.findall(text(response))


def links_to_subscribe_page(response) -> bool:
    return any(a.get("href") == SUBSCRIBE_PAGE for a in tags(response, "a"))


def test_with_few_newsletters_every_page_offers_them_all(client):
    newsletters = make_newsletters(NEWSLETTERS_SHOWN_IN_FULL)
    names = sorted(newsletter.name for newsletter in newsletters)
    archive = client.get(reverse("newsletters:archive"))
    assert offered(archive) == names
    assert [o["value"] for o in tags(archive, "option") if o["value"].startswith("news-")] == [
        newsletter.slug for newsletter in sorted(newsletters, key=lambda n: n.name)
    ]
    assert "The newsletters" in text(archive)
    page = client.get(newsletters[3].get_absolute_url())
    assert offered(page) == names
    assert chosen(page) == [newsletters[3].name]
    group_page = client.get(newsletters[5].groups.get().get_absolute_url())
    assert offered(group_page) == names
    assert chosen(group_page) == [newsletters[5].name]
    for response in (archive, page, group_page):
        assert "Choose from every newsletter" not in text(response)


def test_with_many_newsletters_a_page_offers_its_own_and_links_to_the_rest(client):
    newsletters = make_newsletters(NEWSLETTERS_SHOWN_IN_FULL + 1)
    page = client.get(newsletters[3].get_absolute_url())
    assert offered(page) == chosen(page) == [newsletters[3].name]
    group_page = client.get(newsletters[5].groups.get().get_absolute_url())
    assert offered(group_page) == chosen(group_page) == [newsletters[5].name]
    for response in (page, group_page):
        assert links_to_subscribe_page(response)
        assert "Choose from every newsletter" in text(response)
    # The subscribe page offers every one.
    assert len(offered(client.get(SUBSCRIBE_PAGE))) == NEWSLETTERS_SHOWN_IN_FULL + 1


def test_with_many_newsletters_the_archive_offers_those_of_its_issues(client):
    newsletters = make_newsletters(40)
    response = client.get(reverse("newsletters:archive"))
    # A page of 20 issues, newest first: the first 20 newsletters' issues.
    assert offered(response) == sorted(newsletter.name for newsletter in newsletters[:20])
    assert chosen(response) == []
    assert links_to_subscribe_page(response)
    # No list of every newsletter, and no drop-down of them: a link from a newsletter's page
    # sets that filter.
    assert "The newsletters" not in text(response)
    assert "id_newsletter" not in [select["id"] for select in tags(response, "select")]
    filtered = client.get(reverse("newsletters:archive"), {"newsletter": "news-030"})
    assert offered(filtered) == ["News 030"]
    assert "Newsletter: <strong>News 030</strong>" in text(filtered)
    assert issues_listed(filtered) == ["News 030: Issue of news 030"]


def test_the_archive_is_the_same_size_for_twenty_or_two_hundred_newsletters(
    client, django_assert_num_queries
):
    make_newsletters(20)
    with django_assert_num_queries(4):
        few = client.get(reverse("newsletters:archive"))
    for number in range(20, 200):
        group = CommunityGroupFactory(name=f"Group {number:03}", slug=f"group-{number:03}")
        NewsletterFactory(name=f"News {number:03}", slug=f"news-{number:03}", groups=[group])
    with django_assert_num_queries(4):
        many = client.get(reverse("newsletters:archive"))
    assert len(many.content) == len(few.content)


def test_the_archive_filters_by_year(client):
    newsletters = make_newsletters(3)
    Issue.objects.filter(newsletter=newsletters[1]).update(issue_date=dt.date(2019, 3, 1))
    response = client.get(reverse("newsletters:archive"), {"year": "2019"})
    assert issues_listed(response) == ["News 001: Issue of news 001"]
    years = [o["value"] for o in tags(response, "option") if o["value"].isdigit()]
    assert years == [str(year) for year in range(2026, 2018, -1)]
    # A year outside the range, or not a year, shows every issue.
    for year in ("2031", "nineteen", "-1"):
        response = client.get(reverse("newsletters:archive"), {"year": year})
        assert len(issues_listed(response)) == 3
