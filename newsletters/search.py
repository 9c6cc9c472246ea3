"""Search across published issues: titles, introductions and section text.

On PostgreSQL this uses its full-text search (English stemming, ranked by relevance) over the
search documents the database keeps for each issue and section, found through their GIN
indexes (migration 0006): a search never reads the text of every section. On SQLite, a simpler
case-insensitive match. Either way two queries, at most ``MAX_WORDS`` words of the query, and
at most ``MAX_RESULTS`` results.
"""

import re
from dataclasses import dataclass
from html import unescape

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Expression, Q
from django.utils.text import Truncator

from newsletters.models import Issue, Section

MAX_RESULTS = 20
# A search reads at most this many characters, and of those at most this many words.
MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
# A word found almost everywhere matches thousands of sections: the newest this many matches
# are ranked, so that ranking takes the same time however many match.
MAX_RANKED = 200
TAG = re.compile(r"<[^>]*>")


class StoredSearchDocument(Expression):
    """The search document PostgreSQL keeps in each issue's and section's row (its
    ``search_document`` column, computed by the database from the title or heading and the
    text: see migration 0006), for matching and ranking."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name('search_document')}", []


@dataclass
class SearchResult:
    issue: Issue
    section: Section | None
    excerpt: str
    rank: float


def _excerpt(html: str, query: str, length: int = 30) -> str:
    """Some 30 words of the text, from just before the first word of the query if it is
    there. The text is the site's own cleaned HTML (see ``RichTextField``), so removing its
    tags with a pattern is enough, and many times quicker than parsing it; the excerpt is
    escaped where it is shown."""
    text = " ".join(unescape(TAG.sub(" ", html)).split())
    position = text.lower().find(query.lower().split()[0]) if query.split() else -1
    if position > 60:
        # From the start of a word some way before the match.
        text = "…" + text[position - 40 :].split(" ", 1)[-1]
    return Truncator(text).words(length, truncate="…")


def _best_matches(matching, shown, search: SearchQuery, newest_first: str):
    """The rows of ``matching`` (published issues or sections) that match ``search``, best
    first, at most ``MAX_RESULTS``, with their ``rank``, in one query, read as ``shown`` (the
    same model, with what a result shows).

    The newest ``MAX_RANKED`` matches are found through the index (or, for a word in most
    rows, by walking the issues newest first until there are enough); only they are ranked,
    from their stored search documents alone, and only the best few rows are read in full.
    Reading the document, let alone the text, of every match of a common word, to throw most of
    them away, is what takes the time. The publishing rules are applied once, where the
    matches are found: the rows after that are among them."""
    rank = SearchRank(StoredSearchDocument(), search)
    newest = (
        matching.alias(document=StoredSearchDocument())
        .filter(document=search)
        .order_by(newest_first, "-pk")
        .values("pk")[:MAX_RANKED]
    )
    best = (
        matching.model.objects.filter(pk__in=newest)
        .annotate(rank=rank)
        .order_by("-rank", newest_first, "-pk")
        .values("pk")[:MAX_RESULTS]
    )
    return shown.filter(pk__in=best).annotate(rank=rank).order_by("-rank", newest_first, "-pk")


def search_issues(query: str) -> list[SearchResult]:
    # Only the first words count: a long query costs no more than a short one.
    query = " ".join(query.replace("\x00", "")[:MAX_QUERY_LENGTH].split()[:MAX_WORDS])
    if not query:
        return []
    # What a result shows, and nothing else: the issue's introduction and the section's text
    # for the excerpt, the names and addresses for the links.
    shown = ["title", "slug", "issue_date", "newsletter__name", "newsletter__slug"]
    issues_shown = Issue.objects.select_related("newsletter").only("introduction", *shown)
    sections_shown = Section.objects.select_related("issue__newsletter").only(
        "heading", "anchor", "body", *(f"issue__{field}" for field in shown)
    )
    if connection.vendor == "postgresql":
        search = SearchQuery(query, search_type="websearch", config="english")
        issues = _best_matches(Issue.objects.published(), issues_shown, search, "-issue_date")
        # Sections through a join, not ``issue__in``: a common word's newest matches are then
        # found by walking the issues newest first and stopping, not by reading every match.
        sections = _best_matches(
            Section.objects.filter(Issue.objects.published_condition("issue")),
            sections_shown,
            search,
            "-issue__issue_date",
        )
    else:
        words = query.split()
        issue_match, section_match = Q(), Q()
        for word in words:
            issue_match &= Q(title__icontains=word) | Q(introduction__icontains=word)
            section_match &= Q(heading__icontains=word) | Q(body__icontains=word)
        issues = issues_shown.filter(issue_match, pk__in=Issue.objects.published()).order_by(
            "-issue_date"
        )
        sections = sections_shown.filter(
            section_match, Issue.objects.published_condition("issue")
        ).order_by("-issue__issue_date", "position")

    # Excerpts are made for the results shown only: making one means reading a section's text.
    found = [(issue, None, getattr(issue, "rank", 1.0) + 0.01) for issue in issues[:MAX_RESULTS]]
    found += [
        (section.issue, section, getattr(section, "rank", 1.0))
        for section in sections[:MAX_RESULTS]
    ]
    found.sort(key=lambda item: (-item[2], -item[0].issue_date.toordinal()))
    return [
        SearchResult(
            issue=issue,
            section=section,
            excerpt=_excerpt(section.body if section else issue.introduction, query),
            rank=rank,
        )
        for issue, section, rank in found[:MAX_RESULTS]
    ]
