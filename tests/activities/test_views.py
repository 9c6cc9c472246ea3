import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from tests.factories import ActivityFactory, CommunityGroupFactory
from tests.html import tags, text, whole_sitemap

pytestmark = pytest.mark.django_db

LOG = reverse("activities:activity_list")


def titles(response) -> list[str]:
    return [activity.title for activity in response.context["page_obj"].object_list]


# The site-wide log


def test_log_lists_published_activities_newest_first(client, hearing, online_meeting, radio):
    ActivityFactory(title="Draft activity", status="draft")
    ActivityFactory(title="Of a draft group", groups=[CommunityGroupFactory(status="draft")])
    ActivityFactory(title="Scheduled activity", publish_at=timezone.now() + dt.timedelta(days=1))
    response = client.get(LOG)
    assert titles(response) == [
        "Radio interview",
        "Online meeting with tenants",
        "Housing Scrutiny Committee",
    ]
    for hidden in ["Draft activity", "Of a draft group", "Scheduled activity"]:
        assert hidden not in text(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "hearing"}, ["Housing Scrutiny Committee"]),
        ({"topic": "housing"}, ["Online meeting with tenants", "Housing Scrutiny Committee"]),
        ({"year": "2019"}, ["Housing Scrutiny Committee"]),
        ({"group": "team-up-board"}, ["Radio interview"]),
        ({"year": "2020", "topic": "housing"}, ["Online meeting with tenants"]),
        ({"year": "2020", "kind": "hearing"}, []),
    ],
)
def test_log_filters(client, hearing, online_meeting, radio, query, expected):
    assert titles(client.get(LOG, query)) == expected


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "1800"},
        {"kind": "unknown"},
        {"group": "no-such-group"},
        {"page": "0"},
        {"page": "abc"},
        {"year": "99999999999999999999"},
    ],
)
def test_bad_filters_give_the_list_without_them(client, hearing, online_meeting, radio, query):
    response = client.get(LOG, query)
    assert response.status_code == 200
    assert len(titles(response)) == 3
    assert response.context["active_filters"] == []


@pytest.mark.parametrize("page", ["2", "99999", "-1", "1e9"])
def test_old_numbered_page_links_give_the_first_page(client, oig, many_activities, page):
    many_activities(45, oig)
    first = titles(client.get(LOG))
    response = client.get(LOG, {"page": page})
    assert response.status_code == 200
    assert titles(response) == first
    assert len(first) == 20


def test_current_filters_are_shown_and_each_can_be_removed(client, hearing, online_meeting):
    response = client.get(LOG, {"kind": "hearing", "year": "2019"})
    filters = response.context["active_filters"]
    assert [(f["label"], f["value"]) for f in filters] == [
        ("Kind", "Committee or scrutiny hearing"),
        ("Year", "2019"),
    ]
    assert [f["remove_url"] for f in filters] == ["?year=2019", "?kind=hearing"]
    assert "Clear all filters" in text(response)


def test_filter_form_offers_only_years_and_topics_in_use(client, hearing, online_meeting):
    body = text(client.get(LOG))
    assert '<option value="2020">2020</option>' in body
    assert '<option value="2019">2019</option>' in body
    assert '<option value="2018">' not in body
    assert ">Housing</option>" in body


# A group's log


def test_group_log_lists_only_that_groups_activities(client, oig, hearing, online_meeting, radio):
    response = client.get(reverse("activities:group_activity_list", args=[oig.slug]))
    assert titles(response) == ["Online meeting with tenants", "Housing Scrutiny Committee"]
    assert "group" not in response.context["filter_form"].fields


def test_group_log_of_unknown_or_draft_group_is_404(client):
    draft = CommunityGroupFactory(status="draft")
    for slug in ["no-such-group", draft.slug]:
        response = client.get(reverse("activities:group_activity_list", args=[slug]))
        assert response.status_code == 404
        assert "Page not found" in text(response)


def test_group_log_filters_by_year(client, oig, hearing, online_meeting):
    url = reverse("activities:group_activity_list", args=[oig.slug])
    assert titles(client.get(url, {"year": "2020"})) == ["Online meeting with tenants"]


def test_group_log_offers_the_years_of_its_own_activities(client, oig, board, hearing):
    ActivityFactory(title="Board away day", start_date=dt.date(2015, 3, 1), groups=[board])
    ActivityFactory(title="Board review", start_date=dt.date(2023, 3, 1), groups=[board])
    ActivityFactory(
        title="Draft plan", start_date=dt.date(2021, 3, 1), groups=[oig], status="draft"
    )
    body = text(client.get(reverse("activities:group_activity_list", args=[oig.slug])))
    years = [year for year in range(2010, 2030) if f'<option value="{year}">' in body]
    assert years == [2019]


def test_group_log_with_no_activities_offers_no_year(client, board):
    response = client.get(reverse("activities:group_activity_list", args=[board.slug]))
    assert response.status_code == 200
    assert list(response.context["filter_form"].fields["year"].choices) == [("", "All years")]


# What's on


def test_whats_on_lists_upcoming_soonest_first(client, oig, hearing, upcoming_meeting):
    sooner = ActivityFactory(
        title="Coffee morning", start_date=timezone.localdate() + dt.timedelta(days=2)
    )
    ActivityFactory(
        title="Draft upcoming",
        status="draft",
        start_date=timezone.localdate() + dt.timedelta(days=1),
    )
    response = client.get(reverse("activities:whats_on"))
    assert titles(response) == [sooner.title, "Monthly meeting"]
    assert "Draft upcoming" not in text(response)


def test_home_page_shows_whats_on(client, upcoming_meeting):
    body = text(client.get(reverse("home")))
    assert '<h2 id="whats-on-heading">What\'s on</h2>' in body
    assert upcoming_meeting.get_absolute_url() in body


def test_group_page_shows_upcoming_and_recent_activities(client, oig, hearing, upcoming_meeting):
    ActivityFactory(title="Someone else's", groups=[CommunityGroupFactory()])
    body = text(client.get(oig.get_absolute_url()))
    assert upcoming_meeting.get_absolute_url() in body
    assert hearing.get_absolute_url() in body
    assert "Someone else" not in body
    assert reverse("activities:group_calendar", args=[oig.slug]) in body
    assert reverse("activities:group_impact", args=[oig.slug]) in body


# An activity's page


def test_activity_page_shows_everything(client, upcoming_meeting):
    response = client.get(upcoming_meeting.get_absolute_url())
    body = text(response)
    assert "<h1>Monthly meeting</h1>" in body
    assert ", 2pm to 4pm</time>" in body
    assert "In person and online" in body
    assert "Citizens Advice Oxford; Online" in body
    assert 'href="https://meet.example.org/oig"' in body
    assert "Step-free access" in body and "Hearing loop" in body
    assert "Tea and biscuits provided." in body
    assert "Oxford Influence Group</a>" in body
    assert f'href="{upcoming_meeting.get_calendar_url()}"' in body


def test_past_activity_shows_what_it_achieved_and_no_join_link(client, hearing):
    hearing.online_url = "https://meet.example.org/old"
    hearing.mode = "both"
    hearing.save()
    body = text(client.get(hearing.get_absolute_url()))
    assert "Oxford City Council Housing Scrutiny Committee" in body
    assert "Tenants&#x27; experience added to the review." in body
    assert "<dd>6</dd>" in body
    assert "https://meet.example.org/old" not in body
    assert "Add to my calendar" not in body


def test_activity_page_lists_related_activities(client, hearing, online_meeting, radio):
    response = client.get(hearing.get_absolute_url())
    assert [a.title for a in response.context["related_activities"]] == [
        "Online meeting with tenants"
    ]


def test_draft_activity_is_404_but_previewable_by_editors(client, django_user_model):
    activity = ActivityFactory(status="draft")
    assert client.get(activity.get_absolute_url()).status_code == 404
    editor = django_user_model.objects.create_user("ed", password="pw", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_activity"))
    activity.groups.get().coordinators.add(editor)  # a coordinator of the activity's group
    client.force_login(editor)
    response = client.get(activity.get_absolute_url())
    assert "Draft preview." in text(response)


def test_activity_links_are_listed(client, hearing):
    hearing.links.create(kind="report", label="Report of the meeting", url="https://example.org/r")
    body = text(client.get(hearing.get_absolute_url()))
    assert '<a href="https://example.org/r">Report of the meeting</a> (report)' in body


def test_each_page_has_one_h1(client, hearing, oig):
    for url in [
        LOG,
        reverse("activities:whats_on"),
        hearing.get_absolute_url(),
        reverse("activities:group_impact", args=[oig.slug]),
    ]:
        assert len(tags(client.get(url), "h1")) == 1, url


def test_sitemap_lists_published_activities_and_group_pages(client, oig, hearing):
    draft = ActivityFactory(slug="secret-draft", status="draft")
    body = whole_sitemap(client)
    assert f"http://testserver{hearing.get_absolute_url()}" in body
    assert f"http://testserver/groups/{oig.slug}/impact/" in body
    assert draft.slug not in body
