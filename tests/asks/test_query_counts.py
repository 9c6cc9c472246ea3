"""The ledger pages, feeds, CSV files and sitemap run the same number of SQL queries for a few
asks as for a thousand asks with ten thousand updates."""

import datetime as dt
import itertools

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from asks.models import Ask, AskUpdate, UpdateKind
from oig_site.core import pagecache
from tests.factories import CommunityGroupFactory, OrganisationFactory, TopicFactory

pytestmark = pytest.mark.django_db

KINDS = UpdateKind.values
batch = itertools.count()


def many_asks(n, group, body, topic, updates_each=10):
    """``n`` published asks of ``group`` to ``body`` on ``topic``, each with ``updates_each``
    updates of every kind in turn, made in a few bulk inserts."""
    prefix = f"bulk-{next(batch)}"
    start = dt.date(2015, 1, 1)
    asks = Ask.objects.bulk_create(
        Ask(
            title=f"Ask {prefix}-{i}",
            slug=f"{prefix}-{i}",
            text="Bulk.",
            raised_on=start + dt.timedelta(days=i % 3000),
            status="published",
            publish_at=timezone.now() - dt.timedelta(hours=1),
        )
        for i in range(n)
    )
    Ask.groups.through.objects.bulk_create(
        Ask.groups.through(ask=a, communitygroup=group) for a in asks
    )
    Ask.organisations.through.objects.bulk_create(
        Ask.organisations.through(ask=a, organisation=body) for a in asks
    )
    Ask.topics.through.objects.bulk_create(Ask.topics.through(ask=a, topic=topic) for a in asks)
    AskUpdate.objects.bulk_create(
        AskUpdate(
            ask=a,
            kind=KINDS[(i + j) % len(KINDS)],
            date=a.raised_on + dt.timedelta(days=j * 7),
            note="Bulk update.",
        )
        for i, a in enumerate(asks)
        for j in range(updates_each)
    )
    return asks


# (URL name, its arguments from the fixtures, query string, the exact number of SQL queries)
PAGES = [
    ("asks:group_ask_list", "group", "", 7),
    ("asks:group_ask_list", "group", "status=done&topic=housing&body=the-body", 9),
    ("asks:group_ask_list", "group", "page=3", 7),
    ("asks:ask_detail", "ask", "", 9),  # with the site's glossary
    ("asks:organisation_ask_list", "body", "", 9),
    ("asks:feed", None, "", 1),
    ("asks:group_feed", "group", "", 2),
    ("asks:organisation_feed", "body", "", 2),
    ("asks:group_csv", "group", "start=2015-01-01&end=2016-12-31", 5),
    ("asks:group_status_csv", "group", "", 2),
    ("sitemap_file", "section", "", 2),
]


@pytest.mark.parametrize(
    ("name", "argument", "query", "queries"),
    PAGES,
    ids=[f"{n}?{q}" if q else n for n, _, q, _ in PAGES],
)
def test_query_count_does_not_grow_with_asks(
    client, django_assert_num_queries, name, argument, query, queries
):
    group = CommunityGroupFactory(slug="the-group")
    body = OrganisationFactory(name="The body", slug="the-body")
    topic = TopicFactory(slug="housing")
    other = CommunityGroupFactory()
    first = many_asks(10, group, body, topic)[0]
    many_asks(5, other, body, topic)
    kwargs = {
        None: {},
        "group": {"group_slug": group.slug},
        "ask": {"slug": first.slug},
        "body": {"slug": body.slug},
        "section": {"section": "asks"},
    }[argument]
    url = reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")

    with django_assert_num_queries(queries):
        response = client.get(url)
        assert response.status_code == 200
    few = response.content

    many_asks(1000, group, body, topic)
    many_asks(200, other, body, topic)
    # The sitemap's files are kept for a while by a cache of their own: empty it, as before
    # each test (see tests/conftest.py).
    cache.clear()
    pagecache.reset(next_at=None)
    with django_assert_num_queries(queries):
        response = client.get(url)
        assert response.status_code == 200
    assert response.content != few or name == "asks:ask_detail"
