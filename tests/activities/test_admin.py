import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from tests.factories import ActivityFactory
from tests.html import text

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:activities_activity_changelist")
ADD = reverse("admin:activities_activity_add")


def form_data(group, **overrides):
    data = {
        "groups": [group.pk],
        "title": "Housing Scrutiny Committee",
        "slug": "housing-scrutiny-committee",
        "kind": "hearing",
        "summary": "Members spoke to the committee.",
        "description": "<p>More.</p>",
        "start_date": "05/11/2019",
        "start_time": "",
        "end_date": "",
        "end_time": "",
        "mode": "in-person",
        "venue": "Oxford Town Hall",
        "online_url": "",
        "access_notes": "",
        "engaged_with": "Oxford City Council Housing Scrutiny Committee",
        "participants": "6",
        "outcome": "",
        "image_alt": "",
        "status": "published",
        "publish_at_0": "01/09/2020",
        "publish_at_1": "09:00:00",
        "links-TOTAL_FORMS": "1",
        "links-INITIAL_FORMS": "0",
        "easy_read_lines-TOTAL_FORMS": "0",
        "easy_read_lines-INITIAL_FORMS": "0",
        "links-0-kind": "report",
        "links-0-label": "Report of the meeting",
        "links-0-url": "https://example.org/report",
        "links-0-position": "1",
    }
    data.update(overrides)
    return data


def test_change_list_with_filters_search_and_date_hierarchy(admin_client, hearing, radio):
    response = admin_client.get(CHANGELIST)
    body = text(response)
    assert "Housing Scrutiny Committee" in body and "Radio interview" in body
    assert "Oxford Influence Group" in body  # the groups column
    assert "?start_date__year=2019" in body  # the date hierarchy
    assert "Radio interview" not in text(admin_client.get(CHANGELIST, {"q": "scrutiny"}))
    assert "Radio interview" not in text(admin_client.get(CHANGELIST, {"kind__exact": "hearing"}))
    year = admin_client.get(CHANGELIST, {"start_date__year": "2019"})
    assert "Radio interview" not in text(year) and "Housing Scrutiny" in text(year)


def test_logging_an_activity(admin_client, superuser, oig):
    response = admin_client.post(ADD, form_data(oig))
    assert response.status_code == 302
    activity = Activity.objects.get(slug="housing-scrutiny-committee")
    assert list(activity.groups.all()) == [oig]
    assert activity.start_date == dt.date(2019, 11, 5)
    assert activity.created_by == superuser
    assert activity.links.get().label == "Report of the meeting"


def test_end_before_start_is_refused_with_a_clear_message(admin_client, oig):
    response = admin_client.post(ADD, form_data(oig, end_date="01/11/2019"))
    assert response.status_code == 200
    assert "The end date cannot be before the start date." in text(response)
    assert not Activity.objects.exists()


def test_outcome_on_a_future_activity_is_refused(admin_client, oig):
    future = (timezone.localdate() + dt.timedelta(days=10)).strftime("%d/%m/%Y")
    response = admin_client.post(ADD, form_data(oig, start_date=future, outcome="It went well"))
    assert response.status_code == 200
    assert "This activity has not happened yet." in text(response)
    assert not Activity.objects.exists()


def test_add_form_defaults_to_today_and_a_draft(admin_client):
    response = admin_client.get(ADD)
    form = response.context["adminform"].form
    assert form["start_date"].value() == timezone.localdate()
    assert form["status"].value() == "draft"


def test_group_is_pre_chosen_for_a_coordinator_of_one_group(client, django_user_model, oig):
    user = django_user_model.objects.create_user("coordinator", password="pw", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__endswith="_activity"))
    oig.coordinators.add(user)
    client.force_login(user)
    form = client.get(ADD).context["adminform"].form
    assert form.initial["groups"] == [oig.pk]


def test_group_is_not_pre_chosen_for_a_coordinator_of_two(client, django_user_model, oig, board):
    user = django_user_model.objects.create_user("coordinator", password="pw", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__endswith="_activity"))
    oig.coordinators.add(user)
    board.coordinators.add(user)
    client.force_login(user)
    assert "groups" not in client.get(ADD).context["adminform"].form.initial


def test_copy_as_new_draft(admin_client, superuser, hearing):
    hearing.links.create(kind="report", label="Report", url="https://example.org/r")
    response = admin_client.post(
        CHANGELIST, {"action": "copy_as_draft", "_selected_action": [hearing.pk]}, follow=True
    )
    copy = Activity.objects.get(slug="housing-scrutiny-committee-copy")
    assert "Copied as a new draft" in text(response)
    assert copy.title == "Housing Scrutiny Committee (copy)"
    assert copy.status == "draft"
    assert copy.outcome == "" and copy.participants is None
    assert list(copy.groups.all()) == list(hearing.groups.all())
    assert list(copy.topics.all()) == list(hearing.topics.all())
    assert copy.links.get().url == "https://example.org/r"
    assert copy.created_by == superuser
    hearing.refresh_from_db()
    assert hearing.status == "published" and hearing.links.count() == 1


def test_copying_twice_gives_distinct_addresses(admin_client, hearing):
    for _ in range(2):
        admin_client.post(CHANGELIST, {"action": "copy_as_draft", "_selected_action": [hearing.pk]})
    assert sorted(Activity.objects.values_list("slug", flat=True)) == [
        "housing-scrutiny-committee",
        "housing-scrutiny-committee-copy",
        "housing-scrutiny-committee-copy-2",
    ]


def test_change_form_loads_with_view_on_site(admin_client, hearing):
    response = admin_client.get(reverse("admin:activities_activity_change", args=[hearing.pk]))
    assert response.status_code == 200
    assert "View on site" in text(response)


def test_description_is_sanitised(admin_client, oig):
    admin_client.post(ADD, form_data(oig, description="<p>Hi</p><script>alert(1)</script>"))
    assert Activity.objects.get().description == "<p>Hi</p>"


def test_draft_activity_shows_as_not_on_the_site(admin_client):
    ActivityFactory(title="Draft one", status="draft")
    assert '<td class="field-state">Draft</td>' in text(admin_client.get(CHANGELIST))
