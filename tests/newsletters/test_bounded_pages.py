"""The archive and a newsletter's page stay the same size however many issues there are: the
archive a page of issues at a time, a newsletter's page its latest issues with a link to the
rest; and both in the same number of queries."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletters.models import Issue
from newsletters.views import ArchiveView, NewsletterDetailView
from tests.factories import NewsletterFactory
from tests.html import tags, text

pytestmark = pytest.mark.django_db

batch = itertools.count()


def make_issues(n, newsletter):
    prefix = next(batch)
    return Issue.objects.bulk_create(
        Issue(
            newsletter=newsletter,
            title=f"Issue {prefix}-{i}",
            slug=f"issue-{prefix}-{i}",
            issue_date=dt.date(2001, 1, 1) + dt.timedelta(days=prefix * 1000 + i),
            status="published",
            publish_at=timezone.now() - dt.timedelta(hours=1),
        )
        for i in range(n)
    )


def issue_links(response) -> list[str]:
    return [a["href"] for a in tags(response, "a") if "/issue-" in a.get("href", "")]


def test_the_archive_shows_a_page_of_twenty_issues_newest_first(client, working_together):
    issues = make_issues(30, working_together)
    newest_first = sorted(issues, key=lambda issue: issue.issue_date, reverse=True)
    first = client.get(reverse("newsletters:archive"))
    assert issue_links(first) == [i.get_absolute_url() for i in newest_first[:20]]
    assert any(a.get("href") == "?page=2" for a in tags(first, "a"))
    second = client.get(reverse("newsletters:archive"), {"page": "2"})
    assert issue_links(second) == [i.get_absolute_url() for i in newest_first[20:]]
    assert "Newsletters, page 2" in text(second)


def test_the_archive_keeps_its_filter_across_pages(client, working_together):
    make_issues(ArchiveView.paginate_by + 1, working_together)
    response = client.get(reverse("newsletters:archive"), {"newsletter": working_together.slug})
    assert any(
        a.get("href") == f"?newsletter={working_together.slug}&page=2" for a in tags(response, "a")
    )


@pytest.mark.parametrize("page", ["999", "0", "abc", "-5", "99999999999999999999999"])
def test_the_archive_forgives_odd_page_numbers(client, working_together, page):
    make_issues(ArchiveView.paginate_by + 1, working_together)
    assert client.get(reverse("newsletters:archive"), {"page": page}).status_code == 200


def test_the_archive_takes_the_same_queries_for_few_or_many_issues(
    client, django_assert_num_queries, working_together
):
    make_issues(3, working_together)
    with django_assert_num_queries(4):
        client.get(reverse("newsletters:archive"))
    make_issues(120, working_together)
    with django_assert_num_queries(4):
        client.get(reverse("newsletters:archive"), {"page": "2"})


def test_a_newsletters_page_shows_its_latest_issues_and_links_to_the_rest(client, working_together):
    latest = NewsletterDetailView.LATEST_ISSUES
    issues = make_issues(latest + 5, working_together)
    newest_first = sorted(issues, key=lambda issue: issue.issue_date, reverse=True)
    response = client.get(working_together.get_absolute_url())
    assert issue_links(response) == [i.get_absolute_url() for i in newest_first[:latest]]
    archive = f"{reverse('newsletters:archive')}?newsletter={working_together.slug}"
    assert any(a.get("href") == archive for a in tags(response, "a"))


def test_a_newsletter_with_few_issues_lists_them_all_without_a_link(client, working_together):
    issues = make_issues(3, working_together)
    response = client.get(working_together.get_absolute_url())
    assert len(issue_links(response)) == len(issues)
    assert "Every issue of" not in text(response)


def test_a_newsletters_page_takes_the_same_queries_for_few_or_many_issues(
    client, django_assert_num_queries, working_together
):
    make_issues(3, working_together)
    with django_assert_num_queries(4):
        client.get(working_together.get_absolute_url())
    make_issues(100, working_together)
    with django_assert_num_queries(4):
        client.get(working_together.get_absolute_url())


def test_a_newsletters_feed_holds_its_20_newest_issues(client, working_together):
    issues = make_issues(25, working_together)
    newest_first = sorted(issues, key=lambda issue: issue.issue_date, reverse=True)
    feed = client.get(reverse("newsletters:feed", args=[working_together.slug])).content.decode()
    assert feed.count("<entry>") == 20
    assert newest_first[19].get_absolute_url() in feed
    assert newest_first[20].get_absolute_url() not in feed


def test_the_archive_filter_marks_the_chosen_newsletter_and_escapes_names(
    client, working_together, board
):
    other = NewsletterFactory(name="Tom & Jerry <News>", slug="tom-and-jerry", groups=[board])
    make_issues(1, other)
    response = client.get(reverse("newsletters:archive"), {"newsletter": "tom-and-jerry"})
    options = {o["value"]: o for o in tags(response, "option")}
    assert "selected" in options["tom-and-jerry"]
    assert "selected" not in options["working-together"]
    assert b"selected>Tom &amp; Jerry &lt;News&gt;</option>" in response.content
    assert [o["value"] for o in tags(response, "option")].count("") == 2  # "All ..." once each
