"""Search across published issues: titles, introductions and section text.

On PostgreSQL this uses its full-text search (English stemming, ranked by relevance) over the
search documents the database keeps for each issue and section, found through their GIN
indexes (migration 0006): a search never reads the text of every section. On SQLite, a simpler
case-insensitive match. Either way two queries, at most ``MAX_WORDS`` words of the query, and
at most ``MAX_RESULTS`` results.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Expression, Q
from django.utils.html import strip_tags
from django.utils.text import Truncator

from newsletters.models import Issue, Section

MAX_RESULTS = 50
# A search reads at most this many characters, and of those at most this many words.
MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
# A word found almost everywhere matches thousands of sections: the newest this many matches
# are ranked, so that ranking takes the same time however many match.
MAX_RANKED = 500


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
    text = " ".join(strip_tags(html).split())
    position = text.lower().find(query.lower().split()[0]) if query.split() else -1
    if position > 60:
        text = "…" + text[position - 40 :]
    return Truncator(text).words(length, truncate="…")


def _best_matches(objects, search: SearchQuery, newest_first: str):
    """``objects`` matching ``search``, best first, at most ``MAX_RESULTS``, with their
    ``rank``, in one query. The matches are found through the index (or, for a word in most
    rows, by PostgreSQL reading the stored documents in turn); the newest ``MAX_RANKED`` of
    them are ranked from their stored search documents alone, and only the best few rows are
    read in full. Reading the document, let alone the text, of every
    match of a common word, to throw most of them away, is what takes the time."""
    rank = SearchRank(StoredSearchDocument(), search)
    newest = (
        objects.alias(document=StoredSearchDocument())
        .filter(document=search)
        .order_by(newest_first, "-pk")
        .values("pk")[:MAX_RANKED]
    )
    best = (
        objects.filter(pk__in=newest)
        .annotate(rank=rank)
        .order_by("-rank", newest_first, "-pk")
        .values("pk")[:MAX_RESULTS]
    )
    return objects.filter(pk__in=best).annotate(rank=rank).order_by("-rank", newest_first, "-pk")


def search_issues(query: str) -> list[SearchResult]:
    # Only the first words count: a long query costs no more than a short one.
    query = " ".join(query.replace("\x00", "")[:MAX_QUERY_LENGTH].split()[:MAX_WORDS])
    if not query:
        return []
    issues = Issue.objects.published().select_related("newsletter")
    sections = Section.objects.filter(issue__in=Issue.objects.published()).select_related(
        "issue__newsletter"
    )
    if connection.vendor == "postgresql":
        search = SearchQuery(query, search_type="websearch", config="english")
        issues = _best_matches(issues, search, "-issue_date")
        sections = _best_matches(sections, search, "-issue__issue_date")
    else:
        words = query.split()
        issue_match, section_match = Q(), Q()
        for word in words:
            issue_match &= Q(title__icontains=word) | Q(introduction__icontains=word)
            section_match &= Q(heading__icontains=word) | Q(body__icontains=word)
        issues = issues.filter(issue_match).order_by("-issue_date")
        sections = sections.filter(section_match).order_by("-issue__issue_date", "position")

    results = [
        SearchResult(
            issue=issue,
            section=None,
            excerpt=_excerpt(issue.introduction, query),
            rank=getattr(issue, "rank", 1.0) + 0.01,
        )
        for issue in issues[:MAX_RESULTS]
    ]
    results += [
        SearchResult(
            issue=section.issue,
            section=section,
            excerpt=_excerpt(section.body, query),
            rank=getattr(section, "rank", 1.0),
        )
        for section in sections[:MAX_RESULTS]
    ]
    results.sort(key=lambda result: (-result.rank, -result.issue.issue_date.toordinal()))
    return results[:MAX_RESULTS]
