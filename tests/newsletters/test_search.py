"""Searching the newsletters stays bounded: a fixed number of queries, at most MAX_RESULTS
results, only the first words of a long query, and on PostgreSQL the stored search documents
(found through their index) rather than the text of every section."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsletters import search
from newsletters.models import Section
from newsletters.search import search_issues
from tests.factories import IssueFactory, SectionFactory

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
