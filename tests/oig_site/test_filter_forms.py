"""The lists' filter forms (groups directory, activity log, newsletter archive) are one form:
a search landmark named for the list, a label for every filter, a "Show ..." button, and the
filters in use, each with a link that removes it and keeps the others."""

import datetime as dt

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oig_site.core.forms import FilterForm, QuickSelect
from tests.factories import ActivityFactory, IssueFactory, NewsletterFactory
from tests.html import tags, text

pytestmark = pytest.mark.django_db

# The list's address, its noun, and two filters (name, value in the address, label, shown value).
LISTS = {
    "groups": (
        "/groups/",
        "groups",
        [("topic", "housing", "Topic", "Housing"), ("area", "Oxford", "Area", "Oxford")],
    ),
    "activities": (
        "/activities/",
        "activities",
        [
            ("topic", "housing", "Topic", "Housing"),
            ("kind", "meeting", "Kind", "Meeting with decision-makers"),
        ],
    ),
    "newsletters": (
        "/newsletters/",
        "issues",
        [
            ("newsletter", "influence-news", "Newsletter", "Influence News"),
            ("year", "2025", "Year", "2025"),
        ],
    ),
}


@pytest.fixture
def content(influence_group, housing):
    ActivityFactory(groups=[influence_group], topics=[housing])
    newsletter = NewsletterFactory(
        name="Influence News", slug="influence-news", groups=[influence_group]
    )
    IssueFactory(newsletter=newsletter, issue_date=dt.date(2025, 6, 1))


@pytest.mark.parametrize(("path", "noun", "filters"), LISTS.values(), ids=LISTS.keys())
def test_the_filter_form_is_a_named_search_with_labelled_fields(
    client, content, path, noun, filters
):
    response = client.get(path)
    assert response.status_code == 200
    [form] = [f for f in tags(response, "form") if f.get("aria-label") == f"Filter {noun}"]
    assert (form["role"], form["method"], form["action"]) == ("search", "get", path)
    assert f'<button type="submit" class="button">Show {noun}</button>' in text(response)
    labelled = {label.get("for") for label in tags(response, "label")}
    selects = [select["id"] for select in tags(response, "select")]
    assert {f"id_{name}" for name, *_ in filters} <= set(selects)
    assert set(selects) <= labelled
    assert "Showing" not in text(response)  # no filters in use yet


@pytest.mark.parametrize(("path", "noun", "filters"), LISTS.values(), ids=LISTS.keys())
def test_each_filter_in_use_has_a_link_that_removes_only_it(client, content, path, noun, filters):
    (first, first_value, first_label, first_shown), (second, second_value, *_) = filters
    body = text(client.get(path, {first: first_value, second: second_value}))
    assert f"Showing {noun} for:" in body
    assert (
        f'{first_label}: <strong>{first_shown}</strong> <a href="?{second}={second_value}">'
        f'Remove<span class="visually-hidden"> filter {first_label}: {first_shown}</span></a>'
    ) in body
    assert '<a href="?">Clear all filters</a>' in body


def test_the_activity_log_offers_no_list_of_groups_but_keeps_a_group_filter(client, content):
    """A thousand groups would be a thousand options: the group is reached from its page, and a
    group filter in use is shown, kept in a hidden field, and removable."""
    assert "id_group" not in [select["id"] for select in tags(client.get("/activities/"), "select")]
    response = client.get("/activities/", {"group": "oxford-influence-group", "kind": "meeting"})
    body = text(response)
    assert '<input type="hidden" name="group" value="oxford-influence-group" id="id_group">' in body
    assert ('Group: <strong>Oxford Influence Group</strong> <a href="?kind=meeting">Remove') in body


def test_the_archive_offers_no_list_of_groups_but_keeps_a_group_filter(client, content):
    """The group is reached from its page, as on the activity log."""
    selects = tags(client.get("/newsletters/"), "select")
    assert "id_group" not in [select["id"] for select in selects]
    response = client.get("/newsletters/", {"group": "oxford-influence-group", "year": "2025"})
    body = text(response)
    assert '<input type="hidden" name="group" value="oxford-influence-group" id="id_group">' in body
    assert 'Group: <strong>Oxford Influence Group</strong> <a href="?year=2025">Remove' in body


# The filters' <select>s are written out in Python (QuickSelect): the same markup as Django's.

CHOICES = [
    ("", "All of them"),
    ("a", "Tom & Jerry's <b>"),
    ("Group", [("b", "In a group"), ("c", 'Quote "marks"')]),
    (3, "A number"),
]


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        (None, {"class": "form-select"}),
        ("", {"class": "form-select"}),
        ("b", {"class": "form-select is-invalid", "aria-invalid": "true", "disabled": True}),
        (3, {"class": "form-select", "hidden": False, "id": "id_pick"}),
        ("<script>", {"data-x": '"><script>'}),
    ],
)
def test_quick_select_writes_the_same_markup_as_djangos(value, attrs):
    quick = QuickSelect(attrs=attrs, choices=CHOICES).render("pick", value)
    django = forms.Select(attrs=attrs, choices=CHOICES).render("pick", value)
    assert quick == django
    assert "<script>" not in quick


def test_filter_forms_use_quick_selects_and_keep_other_widgets():
    class Form(FilterForm):
        one = forms.ChoiceField(choices=CHOICES, required=False)
        many = forms.MultipleChoiceField(choices=CHOICES, required=False)
        when = forms.DateField(required=False)

    form = Form()
    assert type(form.fields["one"].widget) is QuickSelect
    assert form.fields["one"].widget.attrs["class"] == "form-select"
    assert type(form.fields["many"].widget) is forms.SelectMultiple
    assert form.fields["when"].widget.attrs["class"] == "form-control"


@pytest.mark.postgresql
@pytest.mark.parametrize("path", ["/groups/", "/activities/", "/newsletters/"])
def test_filter_choices_are_read_without_a_server_side_cursor(client, content, path):
    """Django reads a model choice field's choices with ``.iterator()``: on PostgreSQL a cursor
    declared, fetched and closed, three round trips for a few dozen rows. The filters read them
    in one query."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    assert not [query for query in queries.captured_queries if "DECLARE" in query["sql"]]
