"""One search for the whole site: groups, topics, partner organisations, members' stories,
activities, asks, and newsletter issues and their sections; only what the public may see.

What is public is decided by each model's ``.published()`` and nowhere else: every kind's
matches are found within it (sections through ``Issue.objects.published_condition``).

On PostgreSQL each searched table keeps a ``search_document`` (its words, stemmed in English,
the title above the summary above the text) that the database computes on every write, with a
GIN index (see ``oig_site/core/searchdocuments.py``). A search finds each kind's newest
``MAX_RANKED`` matches through the index, ranks only those, and reads them all in one query
(a ``UNION ALL`` of the kinds): a common word costs about what a rare one does. When nothing
matches, names and titles are compared by trigram similarity (``pg_trgm``) instead, so a
misspelt name still finds its page. Snippets come from ``ts_headline`` for the results shown
only. On SQLite (development, tests), a simpler match: every word (less a common ending) must be
in the text, titles rank first, and misspelt names are compared in Python.

A page of results costs a fixed number of queries whatever the data: one for the matches (two
when the misspelling fallback runs), then one per kind shown on the page to read its rows.
"""

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from html import escape, unescape

from django.contrib.postgres.lookups import TrigramSimilar, TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    Expression,
    F,
    FloatField,
    Func,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat, Greatest
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from activities.models import Activity
from asks.models import Ask
from groups.models import CommunityGroup, MemberStory, Organisation, Topic
from newsletters.models import Issue, Section
from oig_site.core.searchdocuments import set_trigram_costs

PER_PAGE = 20
# A search reads at most this many characters, and of those at most this many words.
MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
# Each kind's newest this many matches are ranked: a word found almost everywhere then costs
# no more than a rare one. A kind with more matches says "100+".
MAX_RANKED = 100
# Markers for the words found in a snippet: control characters, removed from the text first.
START, STOP = "\x02", "\x03"
TAG = re.compile(r"<[^>]*>")
TAG_OR_MARKER = r"<[^>]*>|[\x02\x03]"
WORD = re.compile(r"\w+")
# Common English endings: on SQLite a word is looked for without them ("housed" finds
# "housing"), roughly as PostgreSQL's stemming does.
ENDING = re.compile(r"(?<=\w{3})(ings|ing|ies|ied|es|ed|s|ly)$")
SNIPPET_WORDS = 35


class StoredSearchDocument(Expression):
    """The ``search_document`` column PostgreSQL keeps in a searched table's rows."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name('search_document')}", []


class StripTags(Func):
    """The text of some of the site's HTML, its tags (and any snippet marker) made spaces."""

    function = "regexp_replace"
    output_field = TextField()

    def __init__(self, expression):
        super().__init__(expression, Value(TAG_OR_MARKER), Value(" "), Value("g"))


@dataclass(frozen=True)
class Kind:
    """One kind of thing the search finds."""

    key: str  # in the URL: ?kind=groups
    label: str  # a heading: "Groups"
    one: str  # one result's label: "Group"
    model: type
    title: str  # the field that is its name or title
    texts: tuple[str, ...]  # the fields with its text (HTML or plain)
    newest: str  # the ordering that puts its newest first
    shown: tuple[str, ...] = ()  # what a result shows beyond the title and text
    related: tuple[str, ...] = ()  # select_related for it
    matching: object = None  # a function giving its public rows
    fuzzy: bool = True  # whether a misspelt name or title is looked for

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name


def _published(model):
    return lambda: model.objects.published()


def _public_sections():
    # Through a join, not ``issue__in``: a common word's newest matches are then found by
    # walking the issues newest first and stopping, not by reading every match.
    return Section.objects.filter(Issue.objects.published_condition("issue"))


PARTS = [
    Kind(
        "groups",
        "Groups",
        "Group",
        CommunityGroup,
        "name",
        ("strapline", "summary", "description"),
        "-pk",
        shown=("slug", "is_active"),
        matching=_published(CommunityGroup),
    ),
    Kind(
        "topics",
        "Topics",
        "Topic",
        Topic,
        "name",
        ("description",),
        "-pk",
        shown=("slug",),
        matching=_published(Topic),
    ),
    Kind(
        "organisations",
        "Organisations",
        "Organisation",
        Organisation,
        "name",
        ("description",),
        "-pk",
        shown=("slug",),
        matching=_published(Organisation),
    ),
    Kind(
        "stories",
        "Members' stories",
        "Member's story",
        MemberStory,
        "title",
        ("summary", "body"),
        "-pk",  # newest first, through the primary key's index
        shown=("slug", "group__slug", "group__name"),
        related=("group",),
        matching=_published(MemberStory),
    ),
    Kind(
        "activities",
        "Activities",
        "Activity",
        Activity,
        "title",
        ("summary", "description"),
        "-start_date",
        shown=("slug", "start_date"),
        matching=_published(Activity),
    ),
    Kind(
        "asks",
        "Asks",
        "Ask",
        Ask,
        "title",
        ("text",),
        "-raised_on",
        shown=("slug", "raised_on"),
        matching=_published(Ask),
    ),
    Kind(
        "newsletters",
        "Newsletters",
        "Newsletter issue",
        Issue,
        "title",
        ("introduction",),
        "-issue_date",
        shown=("slug", "issue_date", "newsletter__slug", "newsletter__name"),
        related=("newsletter",),
        matching=_published(Issue),
    ),
    Kind(
        "newsletters",
        "Newsletters",
        "Newsletter article",
        Section,
        "heading",
        ("body",),
        "-issue__issue_date",
        shown=(
            "anchor",
            "issue__slug",
            "issue__title",
            "issue__issue_date",
            "issue__newsletter__slug",
            "issue__newsletter__name",
        ),
        related=("issue__newsletter",),
        matching=_public_sections,
        fuzzy=False,
    ),
]
# The kinds a visitor can choose, in order (issues and sections are both "Newsletters").
KINDS = {part.key: part.label for part in PARTS}


def clean_query(query: str) -> str:
    """The first ``MAX_WORDS`` words of the first ``MAX_QUERY_LENGTH`` characters, without
    NUL or the snippet markers: a long query costs no more than a short one."""
    query = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", query or "")[:MAX_QUERY_LENGTH]
    return " ".join(query.split()[:MAX_WORDS])


def _words(query: str) -> list[str]:
    """The query's words for the simple match on SQLite, each without a common ending."""
    return [ENDING.sub("", word) for word in WORD.findall(query.lower())][:MAX_WORDS]


@dataclass
class Result:
    kind: Kind
    pk: int
    rank: float
    obj: object = None
    snippet: str = ""

    @property
    def title(self) -> str:
        return getattr(self.obj, self.kind.title)

    @property
    def url(self) -> str:
        return self.obj.get_absolute_url()


@dataclass
class Search:
    query: str
    kind: str = ""  # the kind chosen, if any
    results: list[Result] = field(default_factory=list)  # every match, best first
    counts: dict[str, int] = field(default_factory=dict)  # per kind key
    capped: set[str] = field(default_factory=set)  # kinds with more matches than counted
    similar: bool = False  # whether these are names like the words, not the words themselves

    def page(self, number):
        """The page ``number`` of the results of the chosen kind, its rows read (one query
        per kind on the page) with their snippets."""
        shown = [r for r in self.results if not self.kind or r.kind.key == self.kind]
        page = Paginator(shown, PER_PAGE).get_page(number)
        _read(page.object_list, self.query, similar=self.similar)
        return page

    @property
    def total(self) -> int:
        return sum(self.counts.values())


# Finding the matches --------------------------------------------------------------------------


def _candidates_sql(part_queries) -> tuple[str, list]:
    """One ``UNION ALL`` of each kind's candidates, ``(part, id, rank)``, each a sub-select so
    it may keep its own order and limit (on PostgreSQL and SQLite alike)."""
    selects, params = [], []
    for number, queryset in part_queries:
        sql, sql_params = queryset.query.sql_with_params()
        # Django compiled ``sql`` with its values as parameters; ``number`` is an int.
        selects.append(
            f"SELECT {number} AS part, k{number}.search_id, k{number}.search_rank "  # noqa: S608
            f"FROM ({sql}) k{number}"
        )
        params.extend(sql_params)
    return " UNION ALL ".join(selects), params


# The candidates' SQL, by database, kind of match and ranking limit, with the parameters that
# change from one search to the next marked: building eight querysets with their publishing
# rules, and compiling them, takes Django longer than PostgreSQL takes to answer.
_COMPILED: dict[tuple, tuple[str, list]] = {}
WORDS_MARK = "\x01the words searched for\x01"


def _compiled(builder, query: str) -> tuple[str, list]:
    """The SQL and parameters of the candidates ``builder`` makes for ``query``: compiled once,
    with a mark for the words and the publishing rules' time, and reused with this search's
    words and this moment's time (the only time in the rules is "now"). If the compiled SQL
    holds any other time, it is compiled afresh every time."""
    key = (connection.vendor, builder.__name__, MAX_RANKED)
    if key not in _COMPILED:
        before = timezone.now()
        sql, params = _candidates_sql(list(builder(WORDS_MARK)))
        after = timezone.now()
        # A date (today) would be kept as it was: only "now" may be replaced.
        times = [p for p in params if isinstance(p, dt.date)]
        if not all(isinstance(t, dt.datetime) and before <= t <= after for t in times):
            return _candidates_sql(list(builder(query)))
        _COMPILED[key] = (sql, params)
    sql, params = _COMPILED[key]
    now = timezone.now()
    return sql, [
        query if p == WORDS_MARK else now if isinstance(p, dt.datetime) else p for p in params
    ]


def _run(part_queries=None, *, sql_and_params=None) -> list[tuple[int, int, float]]:
    if sql_and_params is None:
        if not part_queries:
            return []
        sql_and_params = _candidates_sql(part_queries)
    sql, params = sql_and_params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _full_text_queries(query: str):
    if connection.vendor == "postgresql":
        search = SearchQuery(query, search_type="websearch", config="english")
        for number, part in enumerate(PARTS):
            newest = (
                part.matching()
                .alias(document=StoredSearchDocument())
                .filter(document=search)
                .order_by(part.newest, "-pk")
                .values("pk")[:MAX_RANKED]
            )
            yield (
                number,
                part.model.objects.filter(pk__in=newest)
                .annotate(
                    search_id=F("pk"),
                    search_rank=SearchRank(StoredSearchDocument(), search),
                )
                .values("search_id", "search_rank")
                .order_by(),
            )
        return
    words = _words(query)
    if not words:
        return
    for number, part in enumerate(PARTS):
        match, in_title = Q(), Q()
        for word in words:
            in_title &= Q(**{f"{part.title}__icontains": word})
            in_text = Q()
            for text in part.texts:
                in_text |= Q(**{f"{text}__icontains": word})
            match &= Q(**{f"{part.title}__icontains": word}) | in_text
        yield (
            number,
            part.matching()
            .filter(match)
            .annotate(
                search_id=F("pk"),
                search_rank=Case(
                    When(in_title, then=Value(1.0)), default=Value(0.1), output_field=FloatField()
                ),
            )
            .values("search_id", "search_rank")
            .order_by(part.newest, "-pk")[:MAX_RANKED],
        )


def _similar_queries(query: str):
    """Names and titles like the query (PostgreSQL: by trigram similarity, through the trigram
    indexes: ``%`` for the whole name, ``%>`` for a name holding words like the query)."""
    for number, part in enumerate(PARTS):
        if not part.fuzzy:
            continue
        title = part.title
        newest = (
            part.matching()
            .filter(
                Q(TrigramSimilar(F(title), Value(query)))
                | Q(TrigramWordSimilar(F(title), Value(query)))
            )
            # In no order: walking the newest rows first, PostgreSQL would compare every name
            # with the words; unordered, it reads the few like them from the trigram index.
            .order_by()
            .values("pk")[:MAX_RANKED]
        )
        similarity = Greatest(
            Func(Value(query), F(title), function="word_similarity", output_field=FloatField()),
            Func(F(title), Value(query), function="similarity", output_field=FloatField()),
        )
        yield (
            number,
            part.model.objects.filter(pk__in=newest)
            .annotate(search_id=F("pk"), search_rank=similarity)
            .values("search_id", "search_rank")
            .order_by(),
        )


# On SQLite: names are compared in Python, for the kinds with few rows only.
SMALL_KINDS = ("groups", "topics", "organisations")
MAX_NAMES = 1000


def _similar_on_sqlite(query: str) -> list[tuple[int, int, float]]:
    part_queries = [
        (
            number,
            part.matching()
            .annotate(search_id=F("pk"), search_rank=F(part.title))
            .values("search_id", "search_rank")
            .order_by("pk")[:MAX_NAMES],
        )
        for number, part in enumerate(PARTS)
        if part.key in SMALL_KINDS
    ]
    wanted = query.lower()
    found = []
    for number, pk, name in _run(part_queries):
        ratio = difflib.SequenceMatcher(None, wanted, name.lower()).ratio()
        if ratio >= 0.6:
            found.append((number, pk, ratio))
    return found


def search(query: str, *, kind: str = "") -> Search:
    """Everything public that matches ``query``, best first (the matches are found and ranked
    here; a page's rows are read by ``Search.page``). ``kind`` (a key of ``KINDS``) chooses
    which results are shown; the counts are for every kind."""
    query = clean_query(query)
    found = Search(query=query, kind=kind if kind in KINDS else "")
    if not query:
        return found
    if connection.vendor == "postgresql":
        rows = _run(sql_and_params=_compiled(_full_text_queries, query))
    else:
        rows = _run(list(_full_text_queries(query)))
    if not rows:
        found.similar = True
        if connection.vendor == "postgresql":
            rows = _run(sql_and_params=_compiled(_similar_queries, query))
        else:
            rows = _similar_on_sqlite(query)
    # Best first; the order of the kinds, then the newest, breaks ties.
    rows.sort(key=lambda row: (-row[2], row[0], -row[1]))
    found.results = [Result(kind=PARTS[number], pk=pk, rank=rank) for number, pk, rank in rows]
    per_part: dict[int, int] = {}
    for number, _pk, _rank in rows:
        per_part[number] = per_part.get(number, 0) + 1
    for number, count in per_part.items():
        key = PARTS[number].key
        found.counts[key] = found.counts.get(key, 0) + count
        if count >= MAX_RANKED:
            found.capped.add(key)
    return found


# Reading a page of results --------------------------------------------------------------------


def _text(part: Kind):
    if len(part.texts) == 1:
        return F(part.texts[0])
    pieces = []
    for text in part.texts:
        pieces += [F(text), Value(" ")]
    return Concat(*pieces[:-1], output_field=TextField())


def _read(results: list[Result], query: str, *, similar: bool) -> None:
    """Each result's row (one query per kind among ``results``) and its snippet."""
    by_part: dict[int, list[Result]] = {}
    for result in results:
        by_part.setdefault(PARTS.index(result.kind), []).append(result)
    postgresql = connection.vendor == "postgresql"
    for number, part_results in by_part.items():
        part = PARTS[number]
        rows = part.model.objects.filter(pk__in=[r.pk for r in part_results])
        if part.related:
            rows = rows.select_related(*part.related)
        rows = rows.only(part.title, *part.shown, *part.texts)
        if postgresql and not similar:
            rows = rows.annotate(
                snippet=SearchHeadline(
                    StripTags(_text(part)),
                    SearchQuery(query, search_type="websearch", config="english"),
                    config="english",
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=SNIPPET_WORDS,
                    min_words=15,
                )
            )
        objects = {row.pk: row for row in rows}
        for result in part_results:
            result.obj = objects.get(result.pk)
            if result.obj is None:  # deleted since it was found
                continue
            if postgresql and not similar:
                result.snippet = marked(result.obj.snippet)
            else:
                text = " ".join(str(getattr(result.obj, name) or "") for name in part.texts)
                result.snippet = _excerpt(text, [] if similar else _words(query))
    results[:] = [result for result in results if result.obj is not None]


def marked(text: str) -> str:
    """Safe HTML from text in which ``START`` and ``STOP`` surround the words found: the text
    (still holding the site's HTML entities) is unescaped and escaped again, and the markers
    become ``<mark>``, always closed."""
    html, open_mark = [], False
    for piece in re.split(f"([{START}{STOP}])", " ".join((text or "").split())):
        if piece == START:
            if not open_mark:
                html.append("<mark>")
                open_mark = True
        elif piece == STOP:
            if open_mark:
                html.append("</mark>")
                open_mark = False
        else:
            html.append(escape(unescape(piece), quote=False))
    if open_mark:
        html.append("</mark>")
    return mark_safe("".join(html))  # noqa: S308 - every piece of text is escaped above


def _excerpt(html: str, words: list[str]) -> str:
    """About ``SNIPPET_WORDS`` words of the text, from a little before the first word found,
    each word found marked (as ``marked`` does)."""
    text = " ".join(unescape(TAG.sub(" ", html)).replace(START, " ").replace(STOP, " ").split())
    lower = text.lower()
    positions = [lower.find(word) for word in words if word and lower.find(word) >= 0]
    if positions and min(positions) > 60:
        text = "…" + text[min(positions) - 40 :].split(" ", 1)[-1]
    text = Truncator(text).words(SNIPPET_WORDS, truncate="…")
    if words:
        pattern = re.compile("(" + "|".join(re.escape(w) for w in words if w) + r")\w*", re.I)
        text = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text)
    return marked(text)


# Keeping the index ----------------------------------------------------------------------------


def search_index_rebuild() -> list[str]:
    """Rebuild the search's indexes and refresh PostgreSQL's statistics for every searched
    table; the tables done. The search documents themselves never need rebuilding: the
    database recomputes a row's document whenever the row is written. This is for after a
    bulk load, a restore, or a change of the documents' definition. Nothing on SQLite."""
    if connection.vendor != "postgresql":
        return []
    tables = list(dict.fromkeys(part.model._meta.db_table for part in PARTS))
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"REINDEX TABLE {connection.ops.quote_name(table)}")
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    set_trigram_costs(connection)
    return tables
