"""Pages that share well: OpenGraph and Twitter tags, canonical links, titles, descriptions and
JSON-LD, read back with extruct (a structured-data parser independent of the site's code)."""

import datetime as dt
import re
from io import StringIO

import extruct
import pytest
from django.core.management import call_command
from django.utils import timezone

from activities.models import Activity
from groups.models import CommunityGroup
from tests.browser.test_accessibility import PAGES
from tests.factories import (
    ActivityFactory,
    CommunityGroupFactory,
    IssueFactory,
    OrganisationFactory,
    PartnershipFactory,
    image_file,
)
from tests.html import tags

pytestmark = pytest.mark.django_db

SITE = "https://coproduction.example.org"

PAGE_TYPES = {
    **PAGES,
    "get involved": "/get-involved/",
    "group's get involved": "/groups/parent-power/get-involved/",
    "contact": "/contact/",
    "privacy": "/privacy/",
    "newsletter archive, page 2": "/newsletters/?page=2",
    "activity in easy read": "/activities/tenants-without-a-voice-online-meeting/easy-read/",
    "newsletter issue in easy read": "/newsletters/working-together/autumn-2020/easy-read/",
}
ERROR_PAGES = {PAGES["not found"]: 404, PAGES["broken confirmation link"]: 400}


@pytest.fixture
def demo(settings):
    settings.SITE_URL = SITE
    call_command("load_demo_content", stdout=StringIO())


def extract(response) -> dict:
    return extruct.extract(
        response.content.decode(),
        base_url=f"{SITE}/",
        syntaxes=["opengraph", "json-ld"],
        uniform=True,
    )


def opengraph(response) -> dict:
    """The page's OpenGraph properties ({} if it has none)."""
    found = extract(response)["opengraph"]
    assert len(found) <= 1
    return found[0] if found else {}


def head_meta(response) -> dict:
    """Every <meta name=...> in the page, by name."""
    return {m["name"]: m["content"] for m in tags(response, "meta") if "name" in m}


def canonical(response) -> list[str]:
    return [link["href"] for link in tags(response, "link") if link.get("rel") == "canonical"]


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def sharing_problems(response, path) -> list[str]:
    """What is missing or wrong in one page's share tags (an empty list when all is well)."""
    problems = []

    def check(ok, message):
        if not ok:
            problems.append(message)

    check(response.status_code == ERROR_PAGES.get(path, 200), f"status {response.status_code}")
    og = opengraph(response)
    meta = head_meta(response)
    check(og.get("og:title"), "no og:title")
    check(og.get("og:description"), "no og:description")
    check(og.get("@type") in {"website", "article"}, f"og:type {og.get('@type')}")  # extruct's name
    check(og.get("og:site_name") == "Co-production Groups", "og:site_name")
    check(og.get("og:locale") == "en_GB", "og:locale")
    check(og.get("og:image", "").startswith(f"{SITE}/"), f"og:image {og.get('og:image')}")
    check(og.get("og:image:alt"), "no og:image:alt")
    check(meta.get("twitter:card") in {"summary", "summary_large_image"}, "twitter:card")
    check(meta.get("twitter:title") == og.get("og:title"), "twitter:title")
    check(meta.get("twitter:image") == og.get("og:image"), "twitter:image")
    check(meta.get("description") == og.get("og:description"), "description")
    check(len(meta.get("description", "")) <= 155, "description longer than 155 characters")
    if path in ERROR_PAGES or meta.get("robots") == "noindex":
        # Error pages and pages kept out of search engines name no canonical address.
        # Error pages and pages kept out of search engines name no canonical address; their
        # og:url is their own address.
        check(canonical(response) == [], "a canonical link on a page not to index")
        check(og.get("og:url") == f"{SITE}{path}", f"og:url {og.get('og:url')}")
    else:
        check(canonical(response) == [og.get("og:url")], "canonical is not og:url")
        check(og.get("og:url", "").startswith(f"{SITE}/"), f"og:url {og.get('og:url')}")
    return problems


def test_every_public_page_type_has_valid_opengraph_and_twitter_tags(client, demo):
    problems = {}
    for name, path in PAGE_TYPES.items():
        found = sharing_problems(client.get(path), path)
        if found:
            problems[f"{name} ({path})"] = found
    assert problems == {}


def test_the_check_finds_a_page_without_share_tags(client, demo):
    """Guards the test above: a page with none of the tags fails it."""
    response = client.get("/robots.txt")
    assert "no og:title" in sharing_problems(response, "/robots.txt")


def json_ld(response) -> list[dict]:
    return extract(response)["json-ld"]


def events(response) -> list[dict]:
    return [item for item in json_ld(response) if item.get("@type") == "Event"]


def parse_date(value: str):
    return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)


REQUIRED_EVENT_FIELDS = {
    "name",
    "startDate",
    "location",
    "eventAttendanceMode",
    "eventStatus",
    "organizer",
    "description",
    "url",
}


def test_every_demo_activity_page_has_one_valid_event(client, demo):
    activities = Activity.objects.published()
    assert activities.count() > 10
    for activity in activities:
        response = client.get(activity.get_absolute_url())
        (event,) = events(response)
        assert event.keys() >= REQUIRED_EVENT_FIELDS, activity.slug
        assert event["name"] == activity.title
        assert event["url"] == f"{SITE}{activity.get_absolute_url()}"
        start = parse_date(event["startDate"])
        if isinstance(start, dt.datetime):
            assert start.tzinfo is not None, activity.slug
        if "endDate" in event:
            assert parse_date(event["endDate"]) >= start
        organisers = {organiser["name"] for organiser in event["organizer"]}
        assert organisers == {group.name for group in activity.groups.published()}


def test_an_event_says_how_and_where_people_take_part(client, influence_group):
    activity = ActivityFactory(
        slug="forum",
        groups=[influence_group],
        start_date=dt.date(2030, 7, 1),
        start_time=dt.time(18, 30),
        end_time=dt.time(20, 0),
        mode="both",
        venue="Blackbird Leys Community Centre, Oxford OX4 6HW",
        online_url="https://meet.example.org/forum",
        step_free_access=True,
        hearing_loop=True,
        bsl_interpretation=True,
    )
    (event,) = events(client.get(activity.get_absolute_url()))
    assert event["startDate"] == "2030-07-01T18:30:00+01:00"  # British Summer Time
    assert event["endDate"] == "2030-07-01T20:00:00+01:00"
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, online = event["location"]
    assert place["@type"] == "Place"
    assert place["address"] == "Blackbird Leys Community Centre, Oxford OX4 6HW"
    assert {f["name"] for f in place["amenityFeature"]} == {"Step-free access", "Hearing loop"}
    assert online == {"@type": "VirtualLocation", "url": "https://meet.example.org/forum"}
    assert "British Sign Language interpretation" in event["description"]


@pytest.mark.parametrize(
    "days_from_today, name", [(10, "Venue to be confirmed"), (-10, "Venue not recorded")]
)
def test_an_event_without_a_venue_names_its_place_as_the_page_does(
    client, influence_group, days_from_today, name
):
    activity = ActivityFactory(
        slug="no-venue",
        groups=[influence_group],
        start_date=timezone.localdate() + dt.timedelta(days=days_from_today),
        mode="in-person",
        venue="",
        venue_to_be_confirmed=True,
    )
    (event,) = events(client.get(activity.get_absolute_url()))
    assert event["location"] == {"@type": "Place", "name": name}
    assert activity.where == name


def test_an_online_event_without_a_date_time_gives_the_day(client, influence_group):
    activity = ActivityFactory(slug="online", groups=[influence_group], mode="online")
    (event,) = events(client.get(activity.get_absolute_url()))
    assert event["startDate"] == activity.start_date.isoformat()
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"]["@type"] == "VirtualLocation"


def test_a_draft_previewed_by_an_editor_has_no_event(admin_client, influence_group):
    activity = ActivityFactory(slug="draft", groups=[influence_group], status="draft")
    response = admin_client.get(activity.get_absolute_url())
    assert response.status_code == 200
    assert events(response) == []


HOSTILE_TITLE = "</script><script>alert(\"x\")</script> & 'quotes' <!--"


def test_hostile_text_stays_inside_the_json(client, influence_group):
    activity = ActivityFactory(
        slug="hostile", groups=[influence_group], title=HOSTILE_TITLE, summary=HOSTILE_TITLE
    )
    response = client.get(activity.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert" not in html
    assert html.count("<script") == 1
    (event,) = events(response)
    assert event["name"] == HOSTILE_TITLE
    assert opengraph(response)["og:title"].startswith(HOSTILE_TITLE)


def test_group_pages_describe_the_group_as_an_organization(client, demo):
    response = client.get("/groups/team-up-co-production-board/")
    (organisation,) = [i for i in json_ld(response) if i.get("@type") == "Organization"]
    group = CommunityGroup.objects.get(slug="team-up-co-production-board")
    assert organisation["name"] == group.name
    assert organisation["url"] == f"{SITE}/groups/team-up-co-production-board/"
    assert organisation["description"] == group.summary
    assert set(organisation["sameAs"]) >= set(group.links.values_list("url", flat=True))
    assert organisation["sameAs"]


def test_a_group_names_its_host(client):
    group = CommunityGroupFactory()
    host = OrganisationFactory(name="Oxford Host", website="https://host.example.org/")
    PartnershipFactory(group=group, organisation=host, role="host")
    PartnershipFactory(group=group, organisation=OrganisationFactory(), role="funder")
    (organisation,) = json_ld(client.get(group.get_absolute_url()))
    assert organisation["parentOrganization"] == [
        {"@type": "Organization", "name": "Oxford Host", "url": "https://host.example.org/"}
    ]


def test_the_home_page_describes_the_site(client, demo):
    response = client.get("/")
    (organisation,) = json_ld(response)
    assert organisation["@type"] == "Organization"
    assert organisation["name"] == "Co-production Groups"
    assert organisation["url"] == f"{SITE}/"
    assert organisation["logo"] == f"{SITE}/static/img/share.png"


def test_titles_read_page_group_site_without_repeats(client, demo):
    assert title(client.get("/")) == "Co-production Groups"
    assert title(client.get("/groups/parent-power/")) == "Parent Power – Co-production Groups"
    activities = Activity.objects.published().filter(groups__slug="parent-power")
    activity = activities.exclude(title__icontains="Parent Power").first()
    assert title(client.get(activity.get_absolute_url())) == (
        f"{activity.title} – Parent Power – Co-production Groups"
    )
    named = activities.get(title="Parent Power coffee morning")
    assert title(client.get(named.get_absolute_url())) == (
        "Parent Power coffee morning – Co-production Groups"
    )
    assert title(client.get("/whats-on/")) == "What&#x27;s on – Co-production Groups"


def test_descriptions_come_from_the_page_and_end_on_a_whole_word(client, influence_group):
    summary = "Members " + "talk about housing and benefits with the council " * 6
    activity = ActivityFactory(slug="long", groups=[influence_group], summary=summary)
    description = head_meta(client.get(activity.get_absolute_url()))["description"]
    assert len(description) <= 155
    assert description.endswith("…")
    assert summary.startswith(description.removesuffix("…"))
    assert summary[len(description) - 1] == " "  # cut between words


def test_an_issue_description_is_its_introduction_without_tags(client):
    issue = IssueFactory(introduction="<p>Welcome to our <strong>autumn</strong> issue.</p>")
    description = head_meta(client.get(issue.get_absolute_url()))["description"]
    assert description == "Welcome to our autumn issue."


def test_a_group_picture_is_its_share_image(client, demo):
    group = CommunityGroup.objects.get(slug="oxford-influence-group")
    assert group.image
    og = opengraph(client.get(group.get_absolute_url()))
    assert og["og:image"] == f"{SITE}{group.image.url}"
    assert og["og:image:alt"] == group.image_alt
    assert og["og:image:width"] == str(group.image_width)


def test_a_large_picture_is_shared_through_its_largest_smaller_copy(
    client, settings, influence_group
):
    settings.SITE_URL = SITE
    influence_group.image.save("wide.png", image_file(size=(2400, 1260)), save=False)
    influence_group.image_alt = "Members around a table"
    influence_group.save()
    response = client.get(influence_group.get_absolute_url())
    og = opengraph(response)
    assert og["og:image"].startswith(f"{SITE}/media/")
    assert og["og:image"].endswith("-1600w.png")
    assert (og["og:image:width"], og["og:image:height"]) == ("1600", "840")
    assert head_meta(response)["twitter:card"] == "summary_large_image"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "/activities/"),
        ("?before=12", "/activities/?before=12"),
        ("?page=1", "/activities/"),
        ("?kind=meeting", "/activities/"),
        ("?kind=meeting&before=12", "/activities/"),
        ("?utm_source=newsletter", "/activities/"),
    ],
)
def test_canonical_addresses_keep_only_the_page(client, query, expected):
    response = client.get(f"/activities/{query}")
    assert canonical(response) == [f"http://127.0.0.1:8000{expected}"]


def test_absolute_addresses_never_come_from_the_host_header(client, settings, influence_group):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = SITE
    response = client.get(influence_group.get_absolute_url(), HTTP_HOST="attacker.example")
    assert "attacker.example" not in response.content.decode()
    assert canonical(response) == [f"{SITE}{influence_group.get_absolute_url()}"]
