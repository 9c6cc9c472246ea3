import datetime as dt

import pytest
from django.urls import reverse

from activities.impact import group_impact
from tests.factories import ActivityFactory, CommunityGroupFactory
from tests.html import tags, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_data(oig, hearing, online_meeting, upcoming_meeting, radio):
    ActivityFactory(title="Draft", status="draft", groups=[oig], participants=500)
    return oig


def test_figures_against_known_data(known_data):
    impact = group_impact(group=known_data)
    assert impact.total == 2  # the upcoming, draft and other group's activities do not count
    assert impact.people_reached == 16
    assert impact.years == [2019, 2020]
    assert [(row.label, row.counts, row.total) for row in impact.rows] == [
        ("Meeting with decision-makers", [0, 1], 1),
        ("Committee or scrutiny hearing", [1, 0], 1),
    ]
    assert impact.year_totals == [1, 1]
    assert impact.engaged == [
        ("Oxford City Council Housing Scrutiny Committee", 1),
        ("Oxford Tenant Involvement Groups", 1),
    ]
    assert [a.title for a in impact.outcomes] == ["Housing Scrutiny Committee"]


def test_figures_for_a_period(known_data):
    impact = group_impact(group=known_data, start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31))
    assert (impact.total, impact.people_reached, impact.years) == (1, 10, [2020])


def test_chart_bars_are_scaled_to_the_busiest_year(oig, many_activities):
    many_activities(4, oig, start=dt.date(2018, 3, 1))
    many_activities(2, oig, start=dt.date(2019, 3, 1))
    impact = group_impact(group=oig)
    assert [(bar.year, bar.total, bar.width) for bar in impact.chart] == [
        (2018, 4, 480),
        (2019, 2, 240),
    ]


def charts(response) -> list[dict]:
    """The page's drawings other than the site's mark in the header."""
    return [svg for svg in tags(response, "svg") if "site-logo" not in svg.get("class", "")]


def test_impact_page_has_chart_table_and_download(client, known_data):
    response = client.get(reverse("activities:group_impact", args=[known_data.slug]))
    body = text(response)
    [svg] = charts(response)
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == "chart-title chart-desc"
    assert "2019: 1. 2020: 1." in body
    assert {"scope": "col"} in tags(response, "th")
    assert '<th scope="row">Committee or scrutiny hearing</th><td class="num">1</td>' in body
    assert "<strong>16</strong> people taking part" in body
    assert "Tenants&#x27; experience added to the review." in body
    assert reverse("activities:group_csv", args=[known_data.slug]) in body


def test_impact_page_period_form_keeps_the_period_in_the_download_link(client, known_data):
    url = reverse("activities:group_impact", args=[known_data.slug])
    body = text(client.get(url, {"start": "2020-01-01"}))
    assert "from 1 January 2020" in body
    assert f"{reverse('activities:group_csv', args=[known_data.slug])}?start=2020-01-01" in body


def test_impact_page_explains_a_bad_period(client, known_data):
    url = reverse("activities:group_impact", args=[known_data.slug])
    response = client.get(url, {"start": "2021-01-01", "end": "2020-01-01"})
    assert response.status_code == 200
    assert "The end of the period is before its start." in text(response)
    assert response.context["impact"].total == 2


def test_impact_page_with_nothing_yet(client, oig):
    response = client.get(reverse("activities:group_impact", args=[oig.slug]))
    assert "No activities have been recorded for this period yet." in text(response)
    assert charts(response) == []


def test_impact_of_unknown_or_draft_group_is_404(client):
    draft = CommunityGroupFactory(status="draft")
    ActivityFactory(groups=[draft])
    assert client.get("/groups/nope/impact/").status_code == 404
    assert client.get(reverse("activities:group_impact", args=[draft.slug])).status_code == 404


def test_impact_page_lists_period_errors_at_the_top_linked_to_the_field(client, known_data):
    url = reverse("activities:group_impact", args=[known_data.slug])
    body = text(client.get(url, {"start": "not-a-date"}))
    assert "There is a problem" in body
    assert '<a href="#id_start">From: Enter a valid date.</a>' in body


def test_impact_period_fields_are_labelled_and_an_error_is_tied_to_its_field(client, known_data):
    """The period form is plain Django markup (no crispy-forms): each field has its label, and
    a field with an error is marked invalid and described by its message."""
    url = reverse("activities:group_impact", args=[known_data.slug])
    response = client.get(url, {"start": "not-a-date"})
    [start, end] = [tag for tag in tags(response, "input") if tag.get("name") in {"start", "end"}]
    assert {label.get("for") for label in tags(response, "label")} >= {"id_start", "id_end"}
    assert (start["class"], start["aria-invalid"], start["aria-describedby"]) == (
        "form-control is-invalid",
        "true",
        "id_start_error",
    )
    assert end["class"] == "form-control"
    assert "aria-invalid" not in end
    assert '<div id="id_start_error" class="invalid-feedback">' in text(response)
