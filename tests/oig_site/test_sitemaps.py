"""The sitemap: an index of files of at most URLS_PER_FILE addresses each, written in a fixed
number of queries whatever the size of the site, and cached."""

import xml.etree.ElementTree as ET

import pytest

from oig_site.core.sitemaps import PageSitemap, RowSitemap
from tests.factories import CommunityGroupFactory

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(response) -> list[str]:
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{NS}loc")]


def relative(address: str) -> str:
    return address.removeprefix("http://testserver")


@pytest.fixture
def two_per_file(monkeypatch):
    monkeypatch.setattr(RowSitemap, "limit", 2)
    monkeypatch.setattr(PageSitemap, "limit", 2)


def test_robots_txt_points_at_the_index(client):
    robots = client.get("/robots.txt").content.decode()
    [address] = [
        line.split(" ", 1)[1] for line in robots.splitlines() if line.startswith("Sitemap:")
    ]
    index = client.get(relative(address))
    assert ET.fromstring(index.content).tag == f"{NS}sitemapindex"


def test_the_index_lists_one_file_per_section_while_they_are_small(client):
    CommunityGroupFactory.create_batch(3)
    files = locations(client.get("/sitemap.xml"))
    assert "http://testserver/sitemap-groups.xml" in files
    assert not any("?p=" in address for address in files)


def test_a_section_too_long_for_one_file_is_split(client, two_per_file):
    groups = CommunityGroupFactory.create_batch(5)
    files = [a for a in locations(client.get("/sitemap.xml")) if "sitemap-groups" in a]
    assert files == [
        "http://testserver/sitemap-groups.xml",
        "http://testserver/sitemap-groups.xml?p=2",
        "http://testserver/sitemap-groups.xml?p=3",
    ]
    pages = [locations(client.get(relative(address))) for address in files]
    assert [len(page) for page in pages] == [2, 2, 1]
    listed = {address for page in pages for address in page}
    assert listed == {f"http://testserver{group.get_absolute_url()}" for group in groups}


def test_no_file_holds_more_than_the_limit(client, two_per_file):
    CommunityGroupFactory.create_batch(5)
    for address in locations(client.get("/sitemap.xml")):
        assert len(locations(client.get(relative(address)))) <= 2


@pytest.mark.parametrize("page", ["4", "0", "-1", "abc", "1e3", "99999999999999999999999"])
def test_a_page_past_the_end_or_not_a_page_is_not_found(client, two_per_file, page):
    CommunityGroupFactory.create_batch(5)
    assert client.get("/sitemap-groups.xml", {"p": page}).status_code == 404


def test_an_unknown_section_is_not_found(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_a_file_gives_the_day_of_the_last_change(client):
    group = CommunityGroupFactory()
    xml = client.get("/sitemap-groups.xml").content.decode()
    assert f"<lastmod>{group.updated_at:%Y-%m-%d}</lastmod>" in xml


@pytest.mark.parametrize("how_many", [3, 30])
def test_a_file_takes_two_queries_however_many_rows(client, django_assert_num_queries, how_many):
    CommunityGroupFactory.create_batch(how_many)
    with django_assert_num_queries(2):  # the count of rows, then the rows
        response = client.get("/sitemap-groups.xml")
    assert len(locations(response)) == how_many


@pytest.mark.parametrize("how_many", [3, 30])
def test_the_index_counts_each_section_once(client, django_assert_num_queries, how_many):
    CommunityGroupFactory.create_batch(how_many)
    # One count for each of the eleven sections read from the database ("pages" is a list).
    with django_assert_num_queries(11):
        assert client.get("/sitemap.xml").status_code == 200


def test_files_and_index_are_cached(client, django_assert_num_queries):
    CommunityGroupFactory.create_batch(3)
    first = client.get("/sitemap-groups.xml")
    client.get("/sitemap.xml")
    with django_assert_num_queries(0):
        again = client.get("/sitemap-groups.xml")
        client.get("/sitemap.xml")
    assert again.content == first.content
    assert "max-age=600" in again["Cache-Control"]


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-groups.xml"])
def test_a_proxy_may_keep_the_sitemap_for_everyone(client, path):
    CommunityGroupFactory.create_batch(2)
    for response in (client.get(path), client.get(path)):  # made, then from Django's cache
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=600"} <= cache_control
        assert "Set-Cookie" not in response
        assert "Cookie" not in response.get("Vary", "")
