"""Keyset pagination: "Newer" and "Older" links that carry a cursor (the id of the last or first
row shown), so that every page costs the same as the first, however deep.

A page is the rows strictly after (or before) the cursor's row in the list's order, read with an
index range and a LIMIT; no OFFSET, and no COUNT over the whole list. A cursor that is not a
number, or names no row, gives the first page: an old link never gives an error page.
"""

from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy

# The query-string names of the cursors. Anything else, such as an old link's ``page=N``, is
# ignored: the first page.
AFTER, BEFORE = "after", "before"
# A cursor is a row id: digits, and short enough to be a 64-bit integer.
MAX_CURSOR_DIGITS = 18

NOTHING = Q(pk__in=[])


@dataclass
class KeysetPage:
    """One page of a keyset-paginated list, for ``includes/_pagination.html``."""

    object_list: list
    next_query: str = ""  # the query string of the next page (further along), if any
    previous_query: str = ""  # the query string of the previous page, if any
    first_query: str = ""  # the query string of the first page (the filters in use)
    is_first: bool = True
    is_keyset: bool = field(default=True, init=False)

    @property
    def has_next(self) -> bool:
        return bool(self.next_query)

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_query)

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def parse_cursor(value: str | None) -> int | None:
    """A cursor's row id, or None when the value is missing or is not a plain positive number."""
    if not value or not value.isascii() or not value.isdigit() or len(value) > MAX_CURSOR_DIGITS:
        return None
    return int(value)


def _name(order: OrderBy) -> str:
    return order.expression.name


def _nulls_last(order: OrderBy) -> bool:
    """Where empty values come in this order (as PostgreSQL sorts them when not told)."""
    if order.nulls_last:
        return True
    if order.nulls_first:
        return False
    return not order.descending


def reversed_order(ordering: list[OrderBy], nullable: set[str]) -> list[OrderBy]:
    """The same order, backwards: each direction flipped, and empty values (in the ``nullable``
    columns) at the other end."""
    flipped = []
    for order in ordering:
        if _name(order) not in nullable:
            flipped.append(OrderBy(F(_name(order)), descending=not order.descending))
            continue
        nulls_last = not _nulls_last(order)
        flipped.append(
            OrderBy(
                F(_name(order)),
                descending=not order.descending,
                nulls_last=nulls_last or None,
                nulls_first=(not nulls_last) or None,
            )
        )
    return flipped


def rows_after(ordering: list[OrderBy], values: dict, nullable: set[str]) -> Q:
    """The rows that come strictly after the row with ``values`` in ``ordering``, whose last
    column must be unique (the id). The first column's range is also given on its own, so that
    the database reads it from its index (``start_date <= ...``)."""
    condition = NOTHING
    same_so_far = Q()
    for order in ordering:
        name, value = _name(order), values[_name(order)]
        if value is None:
            later = NOTHING if _nulls_last(order) else Q(**{f"{name}__isnull": False})
            same = Q(**{f"{name}__isnull": True})
        else:
            later = Q(**{f"{name}__{'lt' if order.descending else 'gt'}": value})
            if name in nullable and _nulls_last(order):
                later |= Q(**{f"{name}__isnull": True})
            same = Q(**{name: value})
        condition |= same_so_far & later
        same_so_far &= same
    first = ordering[0]
    first_value = values[_name(first)]
    if first_value is not None and _name(first) not in nullable:
        bound = "lte" if first.descending else "gte"
        condition = Q(**{f"{_name(first)}__{bound}": first_value}) & condition
    return condition


def keyset_page(
    queryset: QuerySet, *, ordering: list[OrderBy], size: int, query: dict, base_query
) -> KeysetPage:
    """The page of ``queryset`` in ``ordering`` that ``query`` (the request's GET) asks for:
    ``after=<id>`` the rows after that row, ``before=<id>`` the rows before it, anything else
    the first page. ``base_query`` (a mutable QueryDict) is kept in the page links (the
    filters in use). The last column of ``ordering`` must be unique (the id)."""
    after, before = parse_cursor(query.get(AFTER)), parse_cursor(query.get(BEFORE))
    names = [_name(order) for order in ordering]
    nullable = {
        name for name in names if name != "pk" and queryset.model._meta.get_field(name).null
    }
    cursor_id = after or before
    values = None
    if cursor_id:
        values = queryset.model._default_manager.filter(pk=cursor_id).values(*names).first()
    if values is None:
        return _first_page(queryset, ordering=ordering, size=size, base=base_query)
    if after:
        later = queryset.filter(rows_after(ordering, values, nullable)).order_by(*ordering)
        rows = list(later[: size + 1])
        return _page(rows[:size], more_after=len(rows) > size, more_before=True, base=base_query)
    backwards = reversed_order(ordering, nullable)
    earlier = queryset.filter(rows_after(backwards, values, nullable)).order_by(*backwards)
    rows = list(earlier[: size + 1])
    if len(rows) <= size:
        # Back at the start (perhaps with rows added since): the first page, full.
        return _first_page(queryset, ordering=ordering, size=size, base=base_query)
    return _page(rows[:size][::-1], more_after=True, more_before=True, base=base_query)


def _first_page(queryset, *, ordering, size, base) -> KeysetPage:
    rows = list(queryset.order_by(*ordering)[: size + 1])
    return _page(rows[:size], more_after=len(rows) > size, more_before=False, base=base)


def _page(rows: list, *, more_after: bool, more_before: bool, base) -> KeysetPage:
    def link(key: str, row) -> str:
        query = base.copy()
        query[key] = str(row.pk)
        return query.urlencode()

    return KeysetPage(
        object_list=rows,
        next_query=link(AFTER, rows[-1]) if rows and more_after else "",
        previous_query=link(BEFORE, rows[0]) if rows and more_before else "",
        first_query=base.urlencode(),
        is_first=not more_before,
    )


def count_up_to(queryset, limit: int) -> int:
    """How many rows ``queryset`` has, counting no further than ``limit + 1``: a list can say
    "22 activities" or "more than 100" without counting every row (the database stops reading
    once it has found ``limit + 1``)."""
    return queryset.order_by()[: limit + 1].count()
