"""The coordinators' view of an event: who is coming and what they need, only for their own
groups, as a list, a CSV file and a sign-in sheet; and the events on their start page."""

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from activities.models import AccessNeed, SignUp
from activities.services.signups import signup_create
from tests.factories import ActivityFactory, staff_member
from tests.html import form_data, text

pytestmark = pytest.mark.django_db


def add(activity, name, needs=(), email=None, phone="", other=""):
    return signup_create(
        activity=activity,
        name=name,
        email=f"{name.split()[0].lower()}@example.org" if email is None else email,
        phone=phone,
        access_needs=list(needs),
        other_access_needs=other,
    )


@pytest.fixture
def coordinator(client, oig):
    user = staff_member("oig-coord", "coord@example.org", groups=[oig])
    client.force_login(user)
    return client


@pytest.fixture
def other_event(board):
    return ActivityFactory(
        title="Board away day",
        slug="board-away-day",
        start_date=timezone.localdate() + dt.timedelta(days=3),
        groups=[board],
        signups_open=True,
    )


@pytest.fixture
def attendees(event):
    event.places = 3
    event.save()
    add(event, "Pat Morgan", [AccessNeed.BSL, AccessNeed.TRAVEL])
    add(event, "Lee Carter", [AccessNeed.BSL])
    add(event, "Chris Doyle", [AccessNeed.STEP_FREE], email="", phone="01865 000111")
    add(event, "Ruth Evans", [AccessNeed.QUIET_SPACE], other="A carer comes too")
    return event


def attendees_url(activity, suffix=""):
    name = {"": "attendees", "csv": "attendees_csv", "sheet": "sign_in_sheet"}[suffix]
    return reverse(f"admin:activities_signup_{name}", args=[activity.pk])


def test_the_attendee_list_starts_with_a_summary_of_access_needs(coordinator, attendees):
    page = text(coordinator.get(attendees_url(attendees)))
    summary = page[page.index("Access needs to book") :]
    assert "2 need a BSL interpreter" in summary
    assert "1 needs step-free access" in summary
    assert "1 needs help with travel costs" in summary
    assert "1 needs a quiet space" in summary  # on the waiting list, but may get a place
    assert "1 told us about other needs" in summary
    assert summary.index("2 need a BSL") < summary.index("1 needs step-free")
    assert "3 confirmed of 3 places, 1 on the waiting list" in page
    assert "Chris Doyle" in page and "01865 000111" in page


def test_a_coordinator_sees_only_their_groups_sign_ups(coordinator, attendees, other_event):
    add(other_event, "Someone Else")
    changelist = text(coordinator.get(reverse("admin:activities_signup_changelist")))
    assert "Pat Morgan" in changelist
    assert "Someone Else" not in changelist
    for suffix in ("", "csv", "sheet"):
        assert coordinator.get(attendees_url(other_event, suffix)).status_code == 403
    other = SignUp.objects.get(name="Someone Else")
    change = reverse("admin:activities_signup_change", args=[other.pk])
    assert coordinator.get(change).status_code == 403


def test_an_unknown_activity_is_not_found(coordinator):
    assert coordinator.get("/admin/activities/signup/attendees/999999/").status_code == 404


def test_the_public_cannot_see_attendees(client, attendees):
    response = client.get(attendees_url(attendees))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_csv_file_lists_everyone_coming_and_is_safe_in_a_spreadsheet(coordinator, event):
    add(event, '=HYPERLINK("http://evil")', other="+1 then @SUM(A1)")
    response = coordinator.get(attendees_url(event, "csv"))
    assert response["Content-Disposition"] == (
        'attachment; filename="housing-campaign-planning-attendees.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Name", "Status"]
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert rows[1][5] == "'+1 then @SUM(A1)"


def test_the_sign_in_sheet_lists_the_people_with_a_place(coordinator, attendees):
    response = coordinator.get(attendees_url(attendees, "sheet"))
    page = text(response)
    assert "Sign-in sheet: Housing campaign planning" in page
    assert "Pat Morgan" in page
    assert "Ruth Evans" not in page  # waiting, not coming
    assert "css/sign-in-sheet.css" in page


def test_the_attendee_list_makes_the_same_queries_however_many_people(
    coordinator, event, django_assert_num_queries
):
    event.places = None
    event.save()
    add(event, "First Person")
    url = attendees_url(event)
    coordinator.get(url)
    with django_assert_num_queries(ATTENDEE_PAGE_QUERIES):
        coordinator.get(url)
    for i in range(20):
        add(event, f"Person {i}", [AccessNeed.BSL])
    with django_assert_num_queries(ATTENDEE_PAGE_QUERIES):
        coordinator.get(url)


ATTENDEE_PAGE_QUERIES = 6
CHANGELIST_QUERIES = 7


def test_the_sign_up_list_makes_the_same_queries_however_many_people(
    coordinator, event, django_assert_num_queries
):
    event.places = None
    event.save()
    add(event, "First Person")
    url = reverse("admin:activities_signup_changelist")
    coordinator.get(url)
    with django_assert_num_queries(CHANGELIST_QUERIES):
        coordinator.get(url)
    for i in range(20):
        add(event, f"Person {i}")
    with django_assert_num_queries(CHANGELIST_QUERIES):
        coordinator.get(url)


def test_cancelling_in_the_admin_offers_the_place_to_the_waiting_list(coordinator, attendees):
    mail.outbox.clear()
    pat = SignUp.objects.get(name="Pat Morgan")
    response = coordinator.post(
        reverse("admin:activities_signup_changelist"),
        {"action": "cancel_signups", "_selected_action": [pat.pk]},
    )
    assert response.status_code == 302
    assert SignUp.objects.get(name="Pat Morgan").status == "cancelled"
    assert SignUp.objects.get(name="Ruth Evans").status == "confirmed"
    (offer,) = mail.outbox
    assert offer.to == ["ruth@example.org"]


def test_deleting_in_the_admin_offers_the_place_and_updates_the_counts(coordinator, attendees):
    mail.outbox.clear()
    pat = SignUp.objects.get(name="Pat Morgan")
    response = coordinator.post(
        reverse("admin:activities_signup_delete", args=[pat.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not SignUp.objects.filter(name="Pat Morgan").exists()
    assert SignUp.objects.get(name="Ruth Evans").status == "confirmed"
    assert [message.to for message in mail.outbox] == [["ruth@example.org"]]
    tally = attendees.signup_tally
    tally.refresh_from_db()
    assert (tally.confirmed, tally.waiting, tally.cancelled) == (3, 0, 0)


def test_adding_places_in_the_admin_gives_them_to_the_waiting_list(admin_client, attendees):
    url = reverse("admin:activities_activity_change", args=[attendees.pk])
    data = form_data(admin_client.get(url), "activity_form")
    data["places"] = "5"
    mail.outbox.clear()
    response = admin_client.post(url, data)
    assert response.status_code == 302, text(response)
    assert SignUp.objects.get(name="Ruth Evans").status == "confirmed"
    assert [message.to for message in mail.outbox] == [["ruth@example.org"]]


def test_the_activity_list_shows_sign_up_counts(admin_client, attendees):
    page = text(admin_client.get(reverse("admin:activities_activity_changelist")))
    assert "3 of 3, 1 waiting" in page


def test_sign_ups_cannot_be_added_by_hand_nor_their_status_changed(coordinator, attendees):
    assert coordinator.get(reverse("admin:activities_signup_add")).status_code == 403
    pat = SignUp.objects.get(name="Pat Morgan")
    url = reverse("admin:activities_signup_change", args=[pat.pk])
    data = form_data(coordinator.get(url), "signup_form")
    data.update(status="cancelled", phone="01865 999999")
    assert coordinator.post(url, data).status_code == 302
    pat.refresh_from_db()
    assert pat.status == "confirmed"
    assert pat.phone == "01865 999999"


def test_a_sign_ups_page_says_how_to_cancel_it(coordinator, attendees):
    """The page has a Delete button but no Cancel: it says where cancelling is."""
    pat = SignUp.objects.get(name="Pat Morgan")
    page = text(coordinator.get(reverse("admin:activities_signup_change", args=[pat.pk])))
    assert "To cancel this place and offer it to the waiting list" in page
    assert "Cancel, and offer the places to the waiting list" in page


def test_the_admin_form_refuses_no_contact_and_unknown_needs(coordinator, attendees):
    pat = SignUp.objects.get(name="Pat Morgan")
    url = reverse("admin:activities_signup_change", args=[pat.pk])
    data = form_data(coordinator.get(url), "signup_form")
    data.update(email="", phone="")
    assert "Give an e-mail address or a phone number." in text(coordinator.post(url, data))
    data.update(email="pat@example.org", access_needs=["jetpack"])
    response = coordinator.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in text(response)


# The start page


def test_the_start_page_lists_upcoming_events_with_sign_up_counts(coordinator, attendees):
    page = text(coordinator.get(reverse("admin:index")))
    section = page[page.index("Upcoming events taking sign-ups") :]
    assert "Housing campaign planning" in section
    assert "3 of 3 places confirmed, 1 waiting" in section


def test_the_start_page_leaves_out_other_groups_events(coordinator, attendees, other_event):
    page = text(coordinator.get(reverse("admin:index")))
    assert "Board away day" not in page


# The whole start page, its count of new enquiries and its events taking sign-ups included.
START_PAGE_QUERIES = 20  # with three for asks (drafts, scheduled, recent)


def test_the_start_page_makes_the_same_queries_however_many_events(
    coordinator, oig, django_assert_num_queries
):
    def new_event(n):
        activity = ActivityFactory(
            start_date=timezone.localdate() + dt.timedelta(days=n),
            groups=[oig],
            signups_open=True,
            places=10,
        )
        add(activity, f"Person {n}")

    new_event(1)
    url = reverse("admin:index")
    coordinator.get(url)
    with django_assert_num_queries(START_PAGE_QUERIES):
        coordinator.get(url)
    for n in range(2, 15):
        new_event(n)
    with django_assert_num_queries(START_PAGE_QUERIES):
        coordinator.get(url)


# The activity's sign-up fields in the admin


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"places": "0"}, "The number of places must be between 1 and 10000"),
        ({"places": "-3"}, "Ensure this value is greater than or equal to 0."),
        ({"places": "lots"}, "Enter a whole number."),
        ({"places": "99999999999999999999"}, "Ensure this value is less than or equal to"),
        ({"signups_close_at_0": "31/02/2030", "signups_close_at_1": "10:00"}, "Enter a valid date"),
        ({"signups_close_at_0": "01/01/2030", "signups_close_at_1": "25:99"}, "Enter a valid time"),
        (
            {"signups_close_at_0": "01/01/2099", "signups_close_at_1": "10:00"},
            "Sign-ups must close before the activity starts.",
        ),
    ],
)
def test_hostile_sign_up_settings_give_a_clear_error(admin_client, event, fields, message):
    url = reverse("admin:activities_activity_change", args=[event.pk])
    data = form_data(admin_client.get(url), "activity_form")
    data.update(fields)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert message in text(response)
    event.refresh_from_db()
    assert event.places == 2


def test_a_coordinator_switches_sign_ups_on(coordinator, oig):
    activity = ActivityFactory(
        groups=[oig], start_date=timezone.localdate() + dt.timedelta(days=20), slug="walk"
    )
    url = reverse("admin:activities_activity_change", args=[activity.pk])
    data = form_data(coordinator.get(url), "activity_form")
    data.update(signups_open="on", places="15")
    assert coordinator.post(url, data).status_code == 302
    coordinator.logout()
    assert "15 places left" in text(coordinator.get(activity.get_absolute_url()))


def test_a_copy_keeps_the_places_but_not_the_closing_time_nor_the_people(admin_client, attendees):
    attendees.signups_close_at = attendees.starts_at - dt.timedelta(days=1)
    attendees.save()
    admin_client.post(
        reverse("admin:activities_activity_changelist"),
        {"action": "copy_as_draft", "_selected_action": [attendees.pk]},
    )
    copy = type(attendees).objects.get(slug="housing-campaign-planning-copy")
    assert (copy.signups_open, copy.places, copy.signups_close_at) == (True, 3, None)
    assert not copy.signups.exists()
    assert copy.signups_confirmed == 0
