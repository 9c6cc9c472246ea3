"""The archive, a newsletter's page, an issue's page and search run the same number of SQL
queries for 5 issues as for 500."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletters.models import GlossaryTerm, Issue, Section

pytestmark = pytest.mark.django_db

batch = itertools.count()


def make_issues(n, newsletter):
    prefix = next(batch)
    issues = Issue.objects.bulk_create(
        Issue(
            newsletter=newsletter,
            title=f"Issue {prefix}-{i}",
            slug=f"issue-{prefix}-{i}",
            issue_date=dt.date(2000, 1, 1) + dt.timedelta(days=prefix * 1000 + i),
            introduction="<p>Welcome to the housing issue.</p>",
            status="published",
            publish_at=timezone.now() - dt.timedelta(hours=1),
        )
        for i in range(n)
    )
    Section.objects.bulk_create(
        Section(
            issue=issue,
            position=p,
            heading=f"Housing part {p}",
            anchor=f"part-{p}",
            body="<p>Housing news.</p>",
        )
        for issue in issues
        for p in range(2)
    )
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(issue=issue, term="OCC", meaning="Oxfordshire County Council")
        for issue in issues
    )
    return issues


# Each page and the exact number of SQL queries it runs.
PAGES = {
    "archive": 4,
    "archive-filtered": 5,
    "newsletter": 4,
    "issue": 8,
    "search": 2,  # the matches, then the issues shown (see tests/oig_site/test_search.py)
    "feed": 2,
    "home": 4,
}


@pytest.mark.parametrize(("page_name", "queries"), PAGES.items(), ids=PAGES.keys())
def test_query_count_does_not_grow_with_issues(
    client, django_assert_num_queries, working_together, page_name, queries
):
    def url():
        return {
            "archive": reverse("newsletters:archive"),
            "archive-filtered": reverse("newsletters:archive") + "?newsletter=working-together",
            "newsletter": working_together.get_absolute_url(),
            "issue": Issue.objects.order_by("issue_date")[2].get_absolute_url(),
            "search": reverse("search") + "?q=welcome&kind=newsletters",
            "feed": reverse("newsletters:feed", args=[working_together.slug]),
            "home": reverse("home"),
        }[page_name]

    make_issues(5, working_together)
    address = url()
    with django_assert_num_queries(queries):
        assert client.get(address).status_code == 200
    make_issues(495, working_together)
    with django_assert_num_queries(queries):
        assert client.get(address).status_code == 200
