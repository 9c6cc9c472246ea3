"""The activity log and "what's on" page by cursor ("Older" and "Newer" links carrying the id of
the last or first row shown): every row exactly once, in order, even among rows with the same
date, time and title; filters kept across pages; any cursor answered with a page, never an
error; and a deep page costs the same queries as the first."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from activities.views import ActivityListView
from tests.factories import ActivityFactory, CommunityGroupFactory, TopicFactory
from tests.html import tags

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_made_each_time(settings):
    """These tests read each response's context and count queries on pages they have already
    asked for: the page cache (tested on its own) is off for them."""
    settings.PAGE_CACHE_SECONDS = 0


LOG = reverse("activities:activity_list")
WHATS_ON = reverse("activities:whats_on")
DAY = dt.date(2021, 6, 1)


def pks(response) -> list[int]:
    return [activity.pk for activity in response.context["page_obj"].object_list]


RELS = {"Older activities": "next", "Later": "next", "Newer activities": "prev"}


def link(response, label: str) -> str | None:
    """The address of the page link with this label, or None."""
    found = [a["href"] for a in tags(response, "a") if a.get("rel") == RELS[label]]
    if found:
        assert f">{label}</a>" in response.content.decode()
    return found[0] if found else None


def walk(client, path: str, first: dict, label: str) -> list[list[int]]:
    """Every page from ``first``, following the link ``label``."""
    pages, response = [], client.get(path, first)
    while True:
        pages.append(pks(response))
        href = link(response, label)
        if href is None:
            return pages
        response = client.get(path + href)


@pytest.fixture
def crowded_log(db):
    """45 activities: many on one day, with and without times, some with the same title."""
    group = CommunityGroupFactory()
    for n in range(45):
        ActivityFactory(
            groups=[group],
            title=f"Meeting {n % 4}",
            start_date=DAY - dt.timedelta(days=n // 15),
            start_time=None if n % 3 == 0 else dt.time(9 + n % 2),
        )
    return group


def log_order(queryset) -> list[int]:
    """The log's order worked out in Python: newest day, then latest time (no time last), then
    title, then id."""
    rows = sorted(queryset, key=lambda a: (a.title, a.pk))
    rows.sort(key=lambda a: (a.start_time is not None, a.start_time or dt.time()), reverse=True)
    rows.sort(key=lambda a: a.start_date, reverse=True)
    return [a.pk for a in rows]


def test_older_links_go_through_every_activity_once_in_order(client, crowded_log):
    pages = walk(client, LOG, {}, "Older activities")
    assert [len(page) for page in pages] == [20, 20, 5]
    assert sum(pages, []) == log_order(Activity.objects.all())


def test_newer_links_come_back_the_same_way(client, crowded_log):
    older = walk(client, LOG, {}, "Older activities")
    last = client.get(LOG, {"after": older[1][-1]})
    assert pks(last) == older[2]
    back = client.get(LOG + link(last, "Newer activities"))
    assert pks(back) == older[1]
    first = client.get(LOG + link(back, "Newer activities"))
    assert pks(first) == older[0]
    assert link(first, "Newer activities") is None
    assert first.context["page_obj"].is_first


def test_filters_are_kept_on_the_page_links(client, crowded_log):
    topic = TopicFactory(slug="housing")
    for n in range(25):
        ActivityFactory(title=f"Housing {n}", topics=[topic], start_date=DAY)
    response = client.get(LOG, {"topic": "housing", "junk": "x" * 50})
    older = link(response, "Older activities")
    query = parse_qs(urlsplit(older).query)
    assert query["topic"] == ["housing"]
    assert "junk" not in query
    second = client.get(LOG + older)
    assert [a.title[:7] for a in second.context["page_obj"].object_list] == ["Housing"] * 5


@pytest.mark.parametrize(
    "cursor",
    ["abc", "-5", "0", "999999999", "9" * 40, "1.5", "١٢", "", "%00", "1 OR 1=1"],
)
@pytest.mark.parametrize("key", ["after", "before"])
def test_a_garbled_or_unknown_cursor_gives_the_first_page(client, crowded_log, key, cursor):
    first = pks(client.get(LOG))
    response = client.get(LOG, {key: cursor})
    assert response.status_code == 200
    assert pks(response) == first


def test_a_deep_page_makes_as_many_queries_as_the_first(
    client, crowded_log, django_assert_num_queries
):
    """The first page counts its matches up to a limit (one query); a deep page looks up the
    cursor's row instead (one query); nothing counts the whole list."""
    pages = walk(client, LOG, {}, "Older activities")
    with django_assert_num_queries(6):
        client.get(LOG)
    with django_assert_num_queries(6):
        client.get(LOG, {"after": pages[1][-1]})


def test_whats_on_pages_soonest_first(client):
    today = timezone.localdate()
    group = CommunityGroupFactory()
    for n in range(25):
        ActivityFactory(groups=[group], start_date=today + dt.timedelta(days=n % 5))
    first = client.get(WHATS_ON)
    later = client.get(WHATS_ON + link(first, "Later"))
    dates = [a.start_date for a in first.context["page_obj"].object_list]
    dates += [a.start_date for a in later.context["page_obj"].object_list]
    assert len(dates) == 25
    assert dates == sorted(dates)
    assert link(later, "Later") is None
    assert "s on, later" in later.content.decode().split("</title>")[0]


def test_newer_back_at_the_start_gives_a_whole_first_page(client, crowded_log):
    first = pks(client.get(LOG))
    second = client.get(LOG, {"after": first[-1]})
    Activity.objects.filter(pk=first[0]).delete()  # the first page is one short now
    back = client.get(LOG + link(second, "Newer activities"))
    assert pks(back) == first[1:] + [pks(second)[0]]
    assert link(back, "Newer activities") is None


def test_newer_with_rows_added_since_gives_the_rows_just_before(client, crowded_log):
    first = pks(client.get(LOG))
    second = client.get(LOG, {"after": first[-1]})
    ActivityFactory(title="Just added", start_date=DAY + dt.timedelta(days=1))
    back = client.get(LOG + link(second, "Newer activities"))
    assert pks(back) == first
    newest = client.get(LOG + link(back, "Newer activities"))
    assert newest.context["page_obj"].object_list[0].title == "Just added"


def results_heading(response) -> str:
    html = response.content.decode()
    return re.search(r'<h2 class="results-count">(.*?)</h2>', html).group(1)


def test_the_first_page_counts_matches_up_to_a_limit(client, crowded_log, monkeypatch):
    """Screen reader users hear how many activities the filters found, without the page
    counting every activity: past the limit it says "more than"."""
    total = Activity.objects.published().count()
    heading = results_heading(client.get(LOG))
    assert heading == f"{total} activities"
    monkeypatch.setattr(ActivityListView, "COUNT_LIMIT", total - 1)
    heading = results_heading(client.get(LOG))
    assert heading == f"More than {total - 1} activities"
    heading = results_heading(client.get(LOG, {"after": pks(client.get(LOG))[-1]}))
    assert heading == "Older activities"
