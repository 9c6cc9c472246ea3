"""Searching the newsletters stays bounded: a fixed number of queries, at most MAX_RESULTS
results, only the first words of a long query, and on PostgreSQL the stored search documents
(found through their index) rather than the text of every section."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from newsletters import search
from newsletters.models import Issue, Section
from newsletters.search import search_issues
from tests.factories import (
    CommunityGroupFactory,
    IssueFactory,
    NewsletterFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

# Stored search documents are PostgreSQL's: these run in the PostgreSQL run (CI has both) and
# are left out of the SQLite one (see tests/conftest.py).
on_postgresql = pytest.mark.postgresql


def test_results_are_capped(working_together):
    issue = IssueFactory(newsletter=working_together)
    Section.objects.bulk_create(
        Section(
            issue=issue, position=n, heading=f"Part {n}", anchor=f"part-{n}", body="<p>Otters.</p>"
        )
        for n in range(search.MAX_RESULTS + 5)
    )
    assert len(search_issues("otters")) == search.MAX_RESULTS


def test_a_page_of_results_says_how_many(client, working_together):
    SectionFactory(issue=IssueFactory(newsletter=working_together), body="<p>Otters swim.</p>")
    response = client.get(reverse("newsletters:search"), {"q": "otters"})
    assert '1 result for "otters"' in response.content.decode()


def test_a_search_with_no_match_says_so(client, working_together):
    SectionFactory(issue=IssueFactory(newsletter=working_together), body="<p>Otters swim.</p>")
    response = client.get(reverse("newsletters:search"), {"q": "wombats"})
    assert "Nothing matched" in response.content.decode()


def test_only_the_first_words_of_a_long_query_count(working_together):
    SectionFactory(issue=IssueFactory(newsletter=working_together), body="<p>Otters swim.</p>")
    # The word after the first MAX_WORDS is not looked for, so it cannot rule the match out.
    query = " ".join(["otters"] * search.MAX_WORDS + ["wombats"])
    assert len(search_issues(query)) == 1


@pytest.mark.parametrize(
    "query",
    [
        "housing " * 500,
        '"unclosed quote',
        "(((( ))))",
        "a:* & | ! <-> 'b'",
        "-",
        "the and of",
        "ß∂ƒ 漢字 🙂",
        "%_\\",
    ],
    ids=[
        "long",
        "quote",
        "brackets",
        "tsquery-syntax",
        "minus",
        "stop-words",
        "unicode",
        "like-wildcards",
    ],
)
def test_odd_queries_are_answered_with_two_queries_at_most(
    client, django_assert_max_num_queries, working_together, query
):
    SectionFactory(issue=IssueFactory(newsletter=working_together), body="<p>Housing news.</p>")
    with django_assert_max_num_queries(2):
        response = client.get(reverse("newsletters:search"), {"q": query})
    assert response.status_code == 200


@on_postgresql
def test_postgresql_searches_the_stored_documents_not_the_text(working_together):
    SectionFactory(issue=IssueFactory(newsletter=working_together), body="<p>Housing news.</p>")
    with CaptureQueriesContext(connection) as queries:
        assert search_issues("housing")
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "search_document" in sql
    assert "to_tsvector" not in sql


@on_postgresql
def test_postgresql_keeps_the_stored_documents_up_to_date(working_together):
    section = SectionFactory(
        issue=IssueFactory(newsletter=working_together), body="<p>Otters swim.</p>"
    )
    section.body = "<p>Beavers build.</p>"
    section.save()
    assert search_issues("otters") == []
    assert [result.section for result in search_issues("beavers")] == [section]


@on_postgresql
def test_postgresql_ranks_the_newest_matches_when_very_many_match(monkeypatch, working_together):
    monkeypatch.setattr(search, "MAX_RANKED", 2)
    monkeypatch.setattr(search, "MAX_RESULTS", 5)
    issues = [
        IssueFactory(newsletter=working_together, issue_date=f"2020-0{month}-01")
        for month in range(1, 5)
    ]
    for issue in issues:
        SectionFactory(issue=issue, body="<p>Otters.</p>")
    found = {result.issue for result in search_issues("otters") if result.section}
    assert found == set(issues[-2:])


def test_a_full_page_of_results_says_there_may_be_more(client, working_together):
    issue = IssueFactory(newsletter=working_together)
    Section.objects.bulk_create(
        Section(
            issue=issue, position=n, heading=f"Part {n}", anchor=f"part-{n}", body="<p>Otters.</p>"
        )
        for n in range(search.MAX_RESULTS)
    )
    body = client.get(reverse("newsletters:search"), {"q": "otters"}).content.decode()
    assert f'The {search.MAX_RESULTS} best matches for "otters"' in body
    assert "add words to your search" in body


def test_search_finds_only_what_is_published(working_together, board):
    """Sections are matched through a join on their issue (see ``published_condition``): the
    same rules as ``Issue.objects.published()``."""
    now = timezone.now()
    shown = IssueFactory(newsletter=working_together, title="Shown")
    draft = IssueFactory(newsletter=working_together, title="Draft", status="draft")
    scheduled = IssueFactory(
        newsletter=working_together, title="Scheduled", publish_at=now + dt.timedelta(days=1)
    )
    hidden_group = CommunityGroupFactory(status="draft")
    unpublished_newsletter = NewsletterFactory(groups=[hidden_group])
    waiting = IssueFactory(newsletter=unpublished_newsletter, title="Waiting")
    for issue in (shown, draft, scheduled, waiting):
        SectionFactory(issue=issue, body="<p>Otters swim.</p>")
    assert {(r.issue, bool(r.section)) for r in search_issues("otters")} == {(shown, True)}
    assert set(Issue.objects.published()) == {shown}


def test_an_excerpt_starts_at_a_whole_word_before_the_match(working_together):
    words = " ".join(f"word{n}" for n in range(40))
    SectionFactory(
        issue=IssueFactory(newsletter=working_together),
        body=f"<p>{words} <strong>otters</strong> &amp; beavers.</p>",
    )
    [result] = search_issues("otters")
    assert result.excerpt.startswith("…word")
    assert result.excerpt.split()[0][1:] in words.split()
    assert "otters & beavers." in result.excerpt
