"""Signing up for an activity on its page: places left, the waiting list, the e-mails with the
calendar file and the cancel link, cancelling, and hostile input."""

import datetime as dt
import re
from io import StringIO
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, OperationalError
from django.urls import reverse
from django.utils import timezone

from activities.models import AccessNeed, SignUp
from activities.services.signups import CANCEL_SALT, cancel_token
from tests.activities.conftest import sign_up
from tests.factories import ActivityFactory
from tests.html import text

pytestmark = pytest.mark.django_db


def cancel_link(message) -> str:
    return re.search(r"http://[^\s]+/sign-ups/[^\s]+/cancel/", message.body).group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


# The activity's page


def test_the_page_says_how_many_places_are_left_and_stays_right_after_each_sign_up(client, event):
    assert "2 places left" in text(client.get(event.get_absolute_url()))
    assert sign_up(client, event).status_code == 302
    assert "1 place left" in text(client.get(event.get_absolute_url()))
    sign_up(client, event, name="Grace", email="grace@example.org")
    page = text(client.get(event.get_absolute_url()))
    assert "Full: join the waiting list" in page
    assert "Join the waiting list</button>" in page


def test_a_page_taking_sign_ups_is_never_cached(client, event):
    response = client.get(event.get_absolute_url())
    assert "no-store" in response["Cache-Control"]


def test_the_form_asks_for_each_access_need(client, event):
    page = text(client.get(event.get_absolute_url()))
    for _value, label in AccessNeed.choices:
        assert str(label) in page
    assert 'name="other_access_needs"' in page
    assert "csrfmiddlewaretoken" not in page  # the page may be cached: no per-visitor token


def test_the_form_says_how_long_the_details_are_kept_and_links_to_the_privacy_notice(
    client, event, settings
):
    settings.SIGNUP_RETENTION_DAYS = 45
    body = text(client.get(event.get_absolute_url()))
    assert "delete them 45 days after it" in body
    assert f'<a href="{reverse("privacy")}#events">privacy notice</a>' in body


def test_no_limit_says_places_are_open(client, event):
    event.places = None
    event.save()
    assert "Places are open" in text(client.get(event.get_absolute_url()))


def test_sign_ups_close_at_the_closing_time(client, event):
    event.signups_close_at = timezone.now() - dt.timedelta(minutes=1)
    event.save()
    page = text(client.get(event.get_absolute_url()))
    assert "Sign-up closed" in page
    assert 'name="access_needs"' not in page
    response = sign_up(client, event)
    assert response.status_code == 409
    assert not SignUp.objects.exists()


def test_sign_ups_close_when_the_activity_starts_by_default(client, event):
    event.start_date = timezone.localdate()
    event.start_time = (timezone.localtime() - dt.timedelta(minutes=5)).time()
    event.end_time = None
    event.save()
    assert "Sign-up closed" in text(client.get(event.get_absolute_url()))
    assert sign_up(client, event).status_code == 409


def test_an_activity_without_sign_ups_has_no_form(client, event):
    event.signups_open = False
    event.save()
    page = text(client.get(event.get_absolute_url()))
    assert 'id="signup-heading"' not in page
    assert sign_up(client, event).status_code == 409


def test_a_draft_activity_takes_no_sign_ups(client, event):
    event.status = "draft"
    event.save()
    assert sign_up(client, event).status_code == 404
    assert not SignUp.objects.exists()


def test_a_post_from_another_site_is_refused(client, event):
    response = client.post(
        reverse("activities:signup", args=[event.slug]),
        {"name": "Ada", "email": "ada@example.org"},
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    assert not SignUp.objects.exists()


# The activity page's queries, the site's glossary (for its description) among them.
DETAIL_PAGE_QUERIES = 7


def test_the_detail_page_makes_the_same_queries_however_many_sign_ups(
    client, event, django_assert_num_queries
):
    event.places = None
    event.save()
    sign_up(client, event)
    with django_assert_num_queries(DETAIL_PAGE_QUERIES):
        client.get(event.get_absolute_url())
    for i in range(15):
        sign_up(client, event, name=f"P{i}", email=f"p{i}@example.org")
    with django_assert_num_queries(DETAIL_PAGE_QUERIES):
        client.get(event.get_absolute_url())


# Signing up


def test_signing_up_gives_a_place_and_an_email_with_the_calendar_and_a_cancel_link(client, event):
    response = sign_up(
        client,
        event,
        access_needs=[AccessNeed.BSL, AccessNeed.STEP_FREE],
        other_access_needs="My carer comes with me",
    )
    signup = SignUp.objects.get()
    assert signup.status == SignUp.Status.CONFIRMED
    assert signup.access_needs == ["bsl", "step-free"]
    assert signup.confirmation_sent_at is not None
    page = client.get(response["Location"])
    assert "You have a place" in text(page)
    assert "My carer comes with me" in text(page)
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    assert "You have a place at Housing campaign planning" in message.body
    assert "A British Sign Language (BSL) interpreter" in message.body
    ((filename, content, mimetype),) = message.attachments
    assert filename == "housing-campaign-planning.ics"
    assert mimetype == "text/calendar"
    assert "SUMMARY:Housing campaign planning" in str(content)
    html, _ = message.alternatives[0]
    assert "cancel your place" in html
    assert cancel_link(message)


def test_a_phone_number_alone_is_enough(client, event):
    response = sign_up(client, event, email="", phone="01865 123456")
    assert response.status_code == 302
    assert SignUp.objects.get().phone == "01865 123456"
    assert not mail.outbox
    assert "may phone you on" in text(client.get(response["Location"]))


def test_neither_email_nor_phone_is_an_error_at_the_top_of_the_form(client, event):
    response = sign_up(client, event, email="", phone="")
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert "Give an e-mail address or a phone number" in page
    assert 'href="#id_email"' in page
    assert not SignUp.objects.exists()


def test_the_database_refuses_a_sign_up_with_no_way_to_reach_the_person(event):
    with pytest.raises(IntegrityError):
        SignUp.objects.create(activity=event, name="Nobody", email="", phone="")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "Enter your name."),
        ({"name": "   "}, "Enter your name."),
        ({"name": "x" * 151}, "at most 150 characters"),
        ({"name": "Ada\x00"}, "Something was wrong with the request"),
        ({"email": "not-an-address"}, "Enter an e-mail address like"),
        ({"email": "a@" + "b" * 300 + ".org"}, "at most 254 characters"),
        ({"email": "", "phone": "call me maybe"}, "Enter a phone number"),
        ({"email": "", "phone": "12"}, "Enter a phone number"),
        ({"email": "", "phone": "=1+2" * 5}, "Enter a phone number"),
        ({"access_needs": ["jetpack"]}, "Choose from the list."),
        ({"access_needs": ["<script>"]}, "Choose from the list."),
        ({"other_access_needs": "x" * 1001}, "at most 1000 characters"),
        ({"other_access_needs": "\x00"}, "Something was wrong with the request"),
    ],
)
def test_hostile_values_give_a_clear_error(client, event, fields, message):
    response = sign_up(client, event, **fields)
    assert response.status_code == 400
    assert message in text(response)
    assert not SignUp.objects.exists()


def test_control_characters_are_removed_from_what_is_kept(client, event):
    sign_up(client, event, name="Ada\x07 Lovelace", other_access_needs="Quiet\x1b room")
    signup = SignUp.objects.get()
    assert signup.name == "Ada Lovelace"
    assert signup.other_access_needs == "Quiet room"


def test_markup_in_a_name_is_shown_as_text(client, event):
    response = sign_up(client, event, name="<b>Bold</b>")
    page = text(client.get(response["Location"]))
    assert "<b>Bold</b>" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page


def test_a_mail_failure_keeps_the_sign_up_and_says_so(client, event):
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("no mail server")
    ):
        response = sign_up(client, event)
    assert response.status_code == 302
    signup = SignUp.objects.get()
    assert signup.status == SignUp.Status.CONFIRMED
    assert signup.confirmation_sent_at is None
    assert "We could not send you an e-mail just now" in text(client.get(response["Location"]))


def test_a_busy_database_asks_the_person_to_try_again(client, event):
    with mock.patch(
        "activities.views.signup_create", side_effect=OperationalError("database is locked")
    ):
        response = sign_up(client, event)
    assert response.status_code == 503
    assert "Please try again" in text(response)
    assert response["Retry-After"] == "5"


def test_one_address_cannot_sign_up_again_and_again(client, event):
    event.places = None
    event.save()
    for _ in range(5):
        assert sign_up(client, event).status_code == 302
    assert sign_up(client, event, email="ADA@example.org").status_code == 429
    assert SignUp.objects.count() == 5


# The waiting list


def test_when_full_people_join_the_waiting_list_in_order(client, event):
    for name in ("A", "B", "C", "D"):
        sign_up(client, event, name=name, email=f"{name.lower()}@example.org")
    statuses = dict(SignUp.objects.values_list("name", "status"))
    assert statuses == {"A": "confirmed", "B": "confirmed", "C": "waiting", "D": "waiting"}
    assert "You are on the waiting list" in mail.outbox[2].subject
    assert not mail.outbox[2].attachments


def test_cancelling_gives_the_place_to_the_first_on_the_waiting_list(client, event):
    for name in ("A", "B", "C", "D"):
        sign_up(client, event, name=name, email=f"{name.lower()}@example.org")
    first = mail.outbox[0]
    mail.outbox.clear()
    page = client.get(path_of(cancel_link(first)))
    assert "Yes, cancel my place" in text(page)
    assert SignUp.objects.get(name="A").status == "confirmed"  # opening the link is not enough
    response = client.post(path_of(cancel_link(first)))
    assert "Your place is cancelled" in text(response)
    statuses = dict(SignUp.objects.values_list("name", "status"))
    assert statuses == {"A": "cancelled", "B": "confirmed", "C": "confirmed", "D": "waiting"}
    (offer,) = mail.outbox
    assert offer.to == ["c@example.org"]
    assert "A place is yours" in offer.subject
    assert offer.attachments
    assert "1 place left" not in text(client.get(event.get_absolute_url()))
    assert "Full: join the waiting list" in text(client.get(event.get_absolute_url()))


def test_cancelling_a_place_on_the_waiting_list_offers_nothing(client, event):
    for name in ("A", "B", "C"):
        sign_up(client, event, name=name, email=f"{name.lower()}@example.org")
    waiting_mail = mail.outbox[2]
    mail.outbox.clear()
    client.post(path_of(cancel_link(waiting_mail)))
    assert SignUp.objects.get(name="C").status == "cancelled"
    assert not mail.outbox


def test_cancelling_frees_a_place_when_nobody_is_waiting(client, event):
    sign_up(client, event)
    client.post(path_of(cancel_link(mail.outbox[0])))
    assert "2 places left" in text(client.get(event.get_absolute_url()))


# Cancel links


def test_a_reused_cancel_link_changes_nothing_more(client, event):
    for name in ("A", "B", "C", "D"):
        sign_up(client, event, name=name, email=f"{name.lower()}@example.org")
    link = path_of(cancel_link(mail.outbox[0]))
    client.post(link)
    mail.outbox.clear()
    again = client.post(link)
    assert again.status_code == 200
    assert "Already cancelled" in text(again)
    assert SignUp.objects.get(name="D").status == "waiting"
    assert not mail.outbox


@pytest.mark.parametrize(
    "token",
    ["nonsense", "a" * 300, "eyJzIjoxfQ:1:2", "%00", "..", "<script>"],
)
def test_a_bad_cancel_link_says_it_does_not_work(client, event, token):
    sign_up(client, event)
    for method in (client.get, client.post):
        response = method(reverse("activities:signup_cancel", args=[token]))
        assert response.status_code == 400
        assert "This link does not work" in text(response)
    assert SignUp.objects.get().status == "confirmed"


def test_a_link_signed_for_something_else_does_not_work(client, event):
    sign_up(client, event)
    signup = SignUp.objects.get()
    forged = [
        signing.dumps({"s": signup.pk, "t": 0}, salt=CANCEL_SALT),
        signing.dumps({"s": signup.pk, "t": int(signup.created_at.timestamp())}, salt="other"),
        signing.dumps(["not", "a", "dict"], salt=CANCEL_SALT),
        signing.dumps({"s": "x"}, salt=CANCEL_SALT),
    ]
    for token in forged:
        assert client.post(reverse("activities:signup_cancel", args=[token])).status_code == 400
    assert SignUp.objects.get().status == "confirmed"


def test_a_cancel_link_for_an_event_that_has_happened_has_expired(client, event):
    sign_up(client, event)
    signup = SignUp.objects.get()
    event.start_date = timezone.localdate() - dt.timedelta(days=2)
    event.save()
    response = client.post(reverse("activities:signup_cancel", args=[cancel_token(signup)]))
    assert response.status_code == 410
    assert "This event has happened" in text(response)
    assert SignUp.objects.get().status == "confirmed"


def test_a_cancel_link_for_a_deleted_sign_up_does_not_work(client, event):
    sign_up(client, event)
    token = cancel_token(SignUp.objects.get())
    SignUp.objects.all().delete()
    assert client.get(reverse("activities:signup_cancel", args=[token])).status_code == 400


def test_the_cancel_page_is_never_cached(client, event):
    sign_up(client, event)
    token = cancel_token(SignUp.objects.get())
    response = client.get(reverse("activities:signup_cancel", args=[token]))
    assert "no-store" in response["Cache-Control"]


# The activity's admin fields


def test_the_number_of_places_must_be_sensible(event):
    for places in (0, 10_001):
        event.places = places
        with pytest.raises(ValidationError):
            event.full_clean()


def test_sign_ups_cannot_close_after_the_activity_starts(event):
    event.signups_close_at = event.starts_at + dt.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "Sign-ups must close before the activity starts." in str(error.value)


def test_a_past_activity_takes_no_sign_ups(client, oig):
    past = ActivityFactory(groups=[oig], signups_open=True, places=5)
    assert "Sign-up closed" in text(client.get(past.get_absolute_url()))
    assert sign_up(client, past).status_code == 409


def test_the_demo_events_take_sign_ups(client):
    call_command("load_demo_content", stdout=StringIO())
    assert "17 places left" in text(client.get("/activities/parent-power-coffee-morning/"))
    meeting = text(client.get("/activities/influence-group-monthly-meeting/"))
    assert "Full: join the waiting list" in meeting
    assert SignUp.objects.filter(status="waiting").count() == 1


def test_an_email_that_cannot_be_made_keeps_the_sign_up_too(client, event):
    with mock.patch(
        "activities.services.signups.build_calendar", side_effect=ValueError("bad calendar")
    ):
        response = sign_up(client, event)
    assert response.status_code == 302
    assert SignUp.objects.get().confirmation_sent_at is None
