"""Search across published issues: titles, introductions and section text.

On PostgreSQL this uses its full-text search (English stemming, ranked by relevance); on
SQLite, a simpler case-insensitive match. Either way a fixed number of queries.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.text import Truncator

from newsletters.models import Issue, Section

MAX_RESULTS = 50


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


def search_issues(query: str) -> list[SearchResult]:
    query = " ".join(query.split())[:200]
    if not query:
        return []
    issues = Issue.objects.published().select_related("newsletter")
    sections = Section.objects.filter(issue__in=Issue.objects.published()).select_related(
        "issue__newsletter"
    )
    if connection.vendor == "postgresql":
        search = SearchQuery(query, search_type="websearch", config="english")
        issue_vector = SearchVector("title", weight="A", config="english") + SearchVector(
            "introduction", weight="B", config="english"
        )
        section_vector = SearchVector("heading", weight="A", config="english") + SearchVector(
            "body", weight="B", config="english"
        )
        # Match first (ts_rank gives every row a tiny rank, even without a match), then rank.
        issues = (
            issues.annotate(document=issue_vector, rank=SearchRank(issue_vector, search))
            .filter(document=search)
            .order_by("-rank", "-issue_date")
        )
        sections = (
            sections.annotate(document=section_vector, rank=SearchRank(section_vector, search))
            .filter(document=search)
            .order_by("-rank", "-issue__issue_date")
        )
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
