"""The site search at /search/: what it finds (and never finds), in what order, how it answers
odd input, and what a page of results costs. CI runs these on SQLite and on PostgreSQL; the
tests marked ``postgresql`` check what only PostgreSQL does."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from oig_site import search as site_search
from tests.factories import (
    ActivityFactory,
    AskFactory,
    CommunityGroupFactory,
    IssueFactory,
    MemberStoryFactory,
    NewsletterFactory,
    OrganisationFactory,
    PartnershipFactory,
    SectionFactory,
    TopicFactory,
)
from tests.html import text

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.postgresql
URL = reverse("search")


def found(query, kind=""):
    """The objects found, best first, on the first page."""
    return [result.obj for result in site_search.search(query, kind=kind).page(1).object_list]


def links(response) -> list[str]:
    """The results' addresses, in order."""
    return re.findall(r'<h3 class="search-title"><a href="([^"]+)"', response.content.decode())


def one_of_each(word: str, group, n: int = 0):
    """A public group, topic, organisation, story, activity, ask, issue and section, each with
    ``word`` in its text."""
    CommunityGroupFactory(summary=f"A group for {word}.")
    topic = TopicFactory(name=f"Topic {n} about {word}", slug=f"topic-{n}-{word}")
    group.topics.add(topic)
    PartnershipFactory(group=group, organisation=OrganisationFactory(name=f"{word} trust {n}"))
    MemberStoryFactory(group=group, body=f"<p>My {word}.</p>")
    ActivityFactory(groups=[group], summary=f"We met about {word}.")
    AskFactory(groups=[group], text=f"Please think about {word}.")
    issue = IssueFactory(
        newsletter=NewsletterFactory(groups=[group]), introduction=f"<p>{word}</p>"
    )
    SectionFactory(issue=issue, body=f"<p>More on {word}.</p>")


# What it finds, first ---------------------------------------------------------------------


def test_a_word_in_a_section_body_finds_that_section_first(client):
    issue = IssueFactory(title="Spring news")
    section = SectionFactory(issue=issue, heading="Our garden", body="<p>We grew parsnips.</p>")
    SectionFactory(issue=issue, heading="Other news", body="<p>Nothing about vegetables.</p>")
    response = client.get(URL, {"q": "parsnips"})
    assert links(response) == [section.get_absolute_url()]


def test_a_misspelt_group_name_finds_the_group_first(client, influence_group, parent_power):
    response = client.get(URL, {"q": "Oxfrod Influnce Group"})
    assert links(response)[0] == influence_group.get_absolute_url()
    assert "names like them" in text(response)


def test_a_misspelt_word_finds_a_group_with_it_in_its_name(client, influence_group):
    """On PostgreSQL by trigram word similarity, on SQLite by comparing names."""
    response = client.get(URL, {"q": "Oxford Influnce Group"})
    assert links(response)[0] == influence_group.get_absolute_url()


def test_a_stemmed_form_finds_the_page_with_another_form(client):
    section = SectionFactory(heading="Homes", body="<p>The council is housing more families.</p>")
    SectionFactory(heading="Parks", body="<p>A walk in the park.</p>")
    response = client.get(URL, {"q": "housed"})
    assert links(response) == [section.get_absolute_url()]


def test_a_title_ranks_above_a_mention_in_the_text(client, influence_group):
    mention = ActivityFactory(
        groups=[influence_group], title="Monthly meeting", summary="We spoke of allotments."
    )
    titled = ActivityFactory(groups=[influence_group], title="Allotments day", summary="A day out.")
    response = client.get(URL, {"q": "allotments"})
    assert links(response) == [titled.get_absolute_url(), mention.get_absolute_url()]


def test_every_kind_is_found(client, influence_group):
    one_of_each("otters", influence_group)
    response = client.get(URL, {"q": "otters"})
    body = text(response)
    for label in site_search.KINDS.values():
        assert f"{escape(label)} (" in body
    assert len(links(response)) == 8


# What it never finds ----------------------------------------------------------------------


def test_nothing_the_public_may_not_see_is_found(influence_group):
    now = timezone.now()
    draft_group = CommunityGroupFactory(status="draft", description="<p>Otters.</p>")
    later = now + dt.timedelta(days=1)
    hidden = [
        draft_group,
        CommunityGroupFactory(publish_at=later, summary="Otters."),
        # A topic and an organisation used by a draft group only.
        TopicFactory(name="Otters", slug="otters"),
        PartnershipFactory(
            group=draft_group, organisation=OrganisationFactory(name="Otters")
        ).organisation,
        MemberStoryFactory(group=influence_group, status="draft", body="<p>Otters.</p>"),
        MemberStoryFactory(group=influence_group, consent_withdrawn_at=now, body="<p>Otters</p>"),
        MemberStoryFactory(group=influence_group, consent_given_at=None, body="<p>Otters</p>"),
        MemberStoryFactory(group=draft_group, body="<p>Otters.</p>"),
        ActivityFactory(groups=[influence_group], status="draft", summary="Otters."),
        ActivityFactory(groups=[influence_group], publish_at=later, summary="Otters."),
        ActivityFactory(groups=[draft_group], summary="Otters."),
        AskFactory(groups=[influence_group], status="draft", text="Otters."),
        AskFactory(groups=[draft_group], text="Otters."),
        IssueFactory(status="draft", introduction="<p>Otters.</p>"),
        IssueFactory(newsletter=NewsletterFactory(groups=[draft_group]), title="Otters"),
    ]
    draft_group.topics.add(hidden[2])
    SectionFactory(issue=IssueFactory(status="draft"), body="<p>Otters.</p>")
    SectionFactory(issue=IssueFactory(publish_at=later), body="<p>Otters.</p>")
    shown = ActivityFactory(groups=[influence_group], summary="Otters.")
    assert found("otters") == [shown]
    assert hidden  # each made above; none is found


def test_a_misspelling_finds_nothing_the_public_may_not_see(client):
    CommunityGroupFactory(name="Oxford Influence Group", status="draft")
    response = client.get(URL, {"q": "Oxfrod Influnce Group"})
    assert links(response) == []
    assert 'No results for "Oxfrod Influnce Group"' in text(response)


# The page -------------------------------------------------------------------------------------


def test_the_kind_filter_shows_one_kind_and_marks_it(client, influence_group):
    one_of_each("otters", influence_group)
    response = client.get(URL, {"q": "otters", "kind": "newsletters"})
    body = response.content.decode()
    assert 'kind=newsletters" aria-current="page">Newsletters (2)</a>' in body
    assert all("/newsletters/" in link for link in links(response))
    assert len(links(response)) == 2


def test_an_unknown_kind_shows_everything(client, influence_group):
    one_of_each("otters", influence_group)
    response = client.get(URL, {"q": "otters", "kind": "nonsense"})
    assert response.status_code == 200
    assert len(links(response)) == 8


def test_results_are_paginated(client, influence_group):
    for n in range(site_search.PER_PAGE + 5):
        ActivityFactory(groups=[influence_group], title=f"Otters {n}")
    first = client.get(URL, {"q": "otters"})
    second = client.get(URL, {"q": "otters", "page": "2"})
    assert len(links(first)) == site_search.PER_PAGE
    assert len(links(second)) == 5
    assert not set(links(first)) & set(links(second))
    assert "Page 2 of 2" in text(second)


def test_a_count_past_the_ranking_limit_says_there_are_more(client, influence_group, monkeypatch):
    monkeypatch.setattr(site_search, "MAX_RANKED", 2)
    for n in range(3):
        ActivityFactory(groups=[influence_group], title=f"Otters {n}")
    assert "Activities (2+)" in text(client.get(URL, {"q": "otters"}))


def test_no_results_suggests_what_to_try(client, influence_group):
    response = client.get(URL, {"q": "wombats"})
    body = text(response)
    assert 'No results for "wombats"' in body
    assert "check the spelling" in body
    assert reverse("groups:group_list") in response.content.decode()


def test_the_page_is_not_for_search_engines_and_names_the_query(client, influence_group):
    body = client.get(URL, {"q": "housing"}).content.decode()
    assert '<meta name="robots" content="noindex">' in body
    assert "<title>Search results for &quot;housing&quot; – " in body
    assert body.count("<h1") == 1


def test_a_snippet_marks_the_words_and_is_safe_html(client):
    SectionFactory(
        body="<p>Otters &amp; beavers. &lt;script&gt;alert(1)&lt;/script&gt; \x02 end.</p>"
    )
    body = client.get(URL, {"q": "otters"}).content.decode()
    assert "<mark>Otters</mark> &amp; beavers" in body
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert body.count("<mark>") == body.count("</mark>")


def test_the_query_is_echoed_safely(client):
    body = client.get(URL, {"q": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)" not in body


def test_every_page_has_the_search_box_in_its_header(client, influence_group):
    body = client.get(reverse("home")).content.decode()
    header = body.split("</header>")[0]
    assert f'action="{URL}" role="search" aria-label="Site search"' in header
    assert '<label for="header-search-words"' in header


def test_the_newsletter_search_is_the_site_search_of_newsletters(client):
    response = client.get(reverse("newsletters:search"), {"q": "otters & co"})
    assert response.status_code == 301
    assert response["Location"] == f"{URL}?kind=newsletters&q=otters+%26+co"


def test_the_newsletter_archive_searches_the_newsletters(client, influence_group):
    body = client.get(reverse("newsletters:archive")).content.decode()
    assert f'<form method="get" action="{URL}" role="search"' in body
    assert '<input type="hidden" name="kind" value="newsletters">' in body


# Odd input --------------------------------------------------------------------------------

HOSTILE = {
    "quotes": "\"unclosed 'quote",
    "tsquery-syntax": "a:* & | ! <-> 'b' (c",
    "brackets": "(((( ))))",
    "backslashes": "\\\\ \\' \\",
    "minus": "-",
    "or": "or OR -or",
    "stop-words": "the and of",
    "like-wildcards": "%_% _",
    "sql": "' OR 1=1; DROP TABLE auth_user; --",
    "html": '"><script>alert(1)</script>',
    "unicode": "ß∂ƒ 漢字 🙂 \u202e",
    "markers": "\x02otters\x03",
    "control": "line\r\nline\x1b[31m\x7f",
    "long": "housing " * 1500,
    "one-long-word": "x" * 10_000,
    "empty": "",
    "spaces": "   ",
}


@pytest.mark.parametrize("query", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_queries_are_answered(client, influence_group, query):
    SectionFactory(body="<p>Housing news.</p>")
    response = client.get(URL, {"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "params",
    [{"page": "abc"}, {"page": "-1"}, {"page": "99999999999999999999"}, {"kind": "'; --"}],
    ids=["page-word", "page-negative", "page-huge", "kind-sql"],
)
def test_odd_parameters_are_answered(client, influence_group, params):
    ActivityFactory(groups=[influence_group], title="Housing forum")
    response = client.get(URL, {"q": "housing", **params})
    assert response.status_code == 200
    assert "Housing forum" in text(response)


def test_a_nul_is_a_bad_request(client):
    assert client.get(URL, {"q": "a\x00b"}).status_code == 400


def test_only_the_first_words_count(influence_group):
    ActivityFactory(groups=[influence_group], title="Otters")
    # The word after the first MAX_WORDS is not looked for, so it cannot rule the match out.
    query = " ".join(["otters"] * site_search.MAX_WORDS + ["wombats"])
    assert len(found(query)) == 1


# What a page costs ----------------------------------------------------------------------------


@pytest.mark.parametrize("many", [1, 30], ids=["one-each", "thirty-each"])
def test_a_page_of_everything_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, influence_group, many
):
    """One query finds every kind's matches; one per kind on the page reads its rows: nine at
    most (eight kinds, issues and sections apart), whatever the data."""
    for n in range(many):
        one_of_each("otters", influence_group, n)
    with django_assert_max_num_queries(1 + 8):
        response = client.get(URL, {"q": "otters"})
    assert len(links(response)) == min(8 * many, site_search.PER_PAGE)


def test_a_page_with_every_kind_on_it_costs_nine_queries(
    client, django_assert_num_queries, influence_group
):
    one_of_each("otters", influence_group)
    with django_assert_num_queries(9):
        response = client.get(URL, {"q": "otters"})
    assert len(links(response)) == 8


@pytest.mark.parametrize("many", [1, 60])
def test_a_page_of_one_kind_costs_two_queries(
    client, django_assert_num_queries, influence_group, many
):
    for n in range(many):
        ActivityFactory(groups=[influence_group], title=f"Otters {n}")
    with django_assert_num_queries(2):
        response = client.get(URL, {"q": "otters", "kind": "activities", "page": "2"})
    assert len(links(response)) == min(many, site_search.PER_PAGE * 2) - (
        site_search.PER_PAGE if many > site_search.PER_PAGE else 0
    )


def test_a_misspelling_costs_one_query_more(client, django_assert_num_queries, influence_group):
    with django_assert_num_queries(3):
        client.get(URL, {"q": "Oxfrod Influnce Group"})


def test_no_match_costs_two_queries(client, django_assert_num_queries, influence_group):
    with django_assert_num_queries(2):
        client.get(URL, {"q": "wombats"})


# PostgreSQL's own search --------------------------------------------------------------------


@on_postgresql
def test_postgresql_searches_the_stored_documents_not_the_text(influence_group):
    one_of_each("otters", influence_group)
    with CaptureQueriesContext(connection) as queries:
        site_search.search("otters")
    [sql] = [query["sql"] for query in queries.captured_queries]
    assert sql.count("search_document") >= 8
    assert "to_tsvector" not in sql


@on_postgresql
def test_postgresql_keeps_the_stored_documents_up_to_date(influence_group):
    activity = ActivityFactory(groups=[influence_group], summary="Otters swim.")
    activity.summary = "Beavers build."
    activity.save()
    assert found("otters") == []
    assert found("beavers") == [activity]


@on_postgresql
def test_postgresql_ranks_the_newest_matches_when_very_many_match(influence_group, monkeypatch):
    monkeypatch.setattr(site_search, "MAX_RANKED", 2)
    activities = [
        ActivityFactory(groups=[influence_group], title="Otters", start_date=f"2020-0{m}-01")
        for m in range(1, 5)
    ]
    assert set(found("otters", kind="activities")) == set(activities[-2:])


@on_postgresql
def test_postgresql_stems_and_ranks(influence_group):
    better = IssueFactory(title="Housing special")
    best = SectionFactory(issue=better, heading="Housing", body="<p>Housing, more housing.</p>")
    other = SectionFactory(heading="Other news", body="<p>A word on houses.</p>")
    results = found("housed", kind="newsletters")
    assert results[0] == best
    assert set(results[1:]) == {better, other}


def test_rebuild_search_index(capsys):
    call_command("rebuild_search_index")
    out = capsys.readouterr().out
    if connection.vendor == "postgresql":
        assert "Rebuilt the indexes of activities_activity and analysed it." in out
        assert "8 table(s) done." in out
    else:
        assert "Nothing to rebuild" in out


@on_postgresql
def test_rebuild_search_index_gives_pg_trgm_comparisons_their_cost():
    """A restore from a dump loses the cost the migration gave pg_trgm's comparisons (without
    it PostgreSQL compares every name instead of reading the trigram index): the command sets
    it again."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER FUNCTION similarity_op(text, text) COST 1")
    call_command("rebuild_search_index")
    with connection.cursor() as cursor:
        cursor.execute("SELECT procost FROM pg_proc WHERE proname = 'similarity_op'")
        assert cursor.fetchone()[0] == 200


def test_a_scheduled_page_is_found_once_its_time_comes(influence_group, monkeypatch):
    """On PostgreSQL the candidates' SQL is compiled once and reused: the publishing rules'
    "now" must still be the moment of each search."""
    now = timezone.now()
    scheduled = ActivityFactory(
        groups=[influence_group], title="Otters", publish_at=now + dt.timedelta(hours=1)
    )
    assert found("otters") == []
    monkeypatch.setattr(timezone, "now", lambda: now + dt.timedelta(hours=2))
    assert found("otters") == [scheduled]
