"""Sending the form: stored first, then e-mailed to the right people; mail failures kept and
shown; spam discarded quietly; slow people never turned away; throttled per visitor and
per address; hostile values answered with clear errors."""

import logging
import time

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from enquiries.models import Enquiry
from oig_site.core.spam import form_started_token
from tests import hostile
from tests.enquiries.conftest import enquiry_data
from tests.factories import staff_member
from tests.html import text

pytestmark = pytest.mark.django_db

THANKS = "/contact/thanks/"


def url(group) -> str:
    return reverse("enquiries:group_get_involved", kwargs={"slug": group.slug})


def send(client, target, **overrides):
    address = target if isinstance(target, str) else url(target)
    return client.post(address, enquiry_data(**overrides))


# --- Stored, then e-mailed ---


def test_an_enquiry_is_stored_and_reaches_the_groups_coordinators(
    client, influence_group, coordinator
):
    staff_member("second", "second@example.org", groups=[influence_group])
    response = send(client, influence_group)
    assert response.status_code == 302 and response["Location"] == THANKS
    enquiry = Enquiry.objects.get()
    assert (enquiry.group, enquiry.name, enquiry.email, enquiry.interest) == (
        influence_group,
        "Sam",
        "sam@example.org",
        "join",
    )
    assert enquiry.access_needs == "Step-free access, please."
    assert enquiry.consent_to_contact and enquiry.status == "new"
    assert enquiry.notified_at is not None and enquiry.notify_error == ""
    to_coordinators, acknowledgement = mail.outbox
    assert to_coordinators.to == ["cora@example.org", "second@example.org"]
    assert to_coordinators.reply_to == ["sam@example.org"]
    assert to_coordinators.subject == "New enquiry for Oxford Influence Group: Join the group"
    assert "Step-free access, please." in to_coordinators.body
    assert f"/admin/enquiries/enquiry/{enquiry.pk}/change/" in to_coordinators.body
    assert to_coordinators.alternatives[0][1] == "text/html"
    assert acknowledgement.to == ["sam@example.org"]


def test_the_acknowledgement_repeats_nothing_the_sender_typed(client, influence_group):
    send(client, influence_group, name="Visit cheap-pills", message="Buy cheap pills today")
    acknowledgement = mail.outbox[-1]
    assert acknowledgement.to == ["sam@example.org"]
    for part in (acknowledgement.body, acknowledgement.alternatives[0][0]):
        assert "cheap" not in part


def test_the_thank_you_page_says_it_arrived(client, influence_group):
    response = send(client, influence_group)
    assert "we have your message" in text(client.get(response["Location"]))


def test_a_phone_number_alone_is_enough_and_no_acknowledgement_is_sent(
    client, influence_group, coordinator
):
    send(client, influence_group, email="", phone="01865 123456")
    assert Enquiry.objects.get().phone == "01865 123456"
    [message] = mail.outbox
    assert message.to == ["cora@example.org"] and message.reply_to == []


def test_a_group_with_no_coordinator_sends_to_the_site_address(client, influence_group, settings):
    send(client, influence_group)
    assert mail.outbox[0].to == [settings.SITE_CONTACT_EMAIL]


def test_inactive_coordinators_and_empty_addresses_are_left_out(
    client, influence_group, coordinator, settings
):
    staff_member("gone", "gone@example.org", groups=[influence_group], is_active=False)
    staff_member("noaddress", "", groups=[influence_group])
    send(client, influence_group)
    assert mail.outbox[0].to == ["cora@example.org"]


def test_not_sure_on_the_contact_page_goes_to_the_site(
    client, influence_group, coordinator, settings
):
    send(client, reverse("enquiries:contact"), group="")
    enquiry = Enquiry.objects.get()
    assert enquiry.group is None
    assert mail.outbox[0].to == [settings.SITE_CONTACT_EMAIL]
    assert "New enquiry for" in mail.outbox[0].subject


def test_choosing_a_group_on_the_contact_page_sends_to_it(client, influence_group, coordinator):
    send(client, reverse("enquiries:contact"), group="oxford-influence-group")
    assert Enquiry.objects.get().group == influence_group
    assert mail.outbox[0].to == ["cora@example.org"]


def test_an_unknown_group_in_the_list_is_a_clear_error(client, influence_group):
    response = send(client, reverse("enquiries:contact"), group="no-such-group")
    assert response.status_code == 400
    assert "Choose a group from the list, or &#x27;Not sure&#x27;." in text(response)
    assert not Enquiry.objects.exists()


def test_an_unknown_group_in_a_hidden_field_is_not_sure(client, influence_group, monkeypatch):
    monkeypatch.setattr("enquiries.views.GROUPS_LISTED_IN_FULL", 0)
    response = send(client, reverse("enquiries:contact"), group="no-such-group")
    assert response.status_code == 302
    assert Enquiry.objects.get().group is None


def test_line_breaks_and_controls_in_the_name_are_removed(client, influence_group):
    send(client, influence_group, name="Sam\r\nBcc: victim@example.org\x1b")
    assert Enquiry.objects.get().name == "Sam Bcc: victim@example.org"
    assert all("\n" not in m.subject for m in mail.outbox)


# --- When e-mail fails ---


@pytest.fixture
def mail_server_down(monkeypatch):
    def refuse(self, messages):
        raise ConnectionRefusedError("Connection refused by the mail server")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)


def test_when_mail_fails_the_enquiry_is_kept_and_the_sender_thanked(
    client, influence_group, mail_server_down, caplog
):
    with caplog.at_level(logging.ERROR, logger="enquiries.services"):
        response = send(client, influence_group)
    assert response.status_code == 302 and response["Location"] == THANKS
    enquiry = Enquiry.objects.get()
    assert enquiry.notified_at is None
    assert "Connection refused by the mail server" in enquiry.notify_error
    assert f"Could not e-mail enquiry {enquiry.pk}" in caplog.text


def test_a_mail_failure_is_visible_in_the_admin_and_can_be_sent_again(
    client, admin_client, influence_group, coordinator, mail_server_down, monkeypatch
):
    send(client, influence_group)
    enquiry = Enquiry.objects.get()
    changelist = reverse("admin:enquiries_enquiry_changelist")
    listed = text(admin_client.get(changelist + "?emailed=no"))
    assert f"/admin/enquiries/enquiry/{enquiry.pk}/change/" in listed
    assert 'alt="False"' in listed
    assert f"/admin/enquiries/enquiry/{enquiry.pk}/change/" not in text(
        admin_client.get(changelist + "?emailed=yes")
    )
    page = text(admin_client.get(reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])))
    assert "Connection refused by the mail server" in page

    monkeypatch.undo()  # the mail server is back
    response = admin_client.post(
        changelist, {"action": "send_again", "_selected_action": [enquiry.pk]}, follow=True
    )
    assert "Sent 1 e-mail(s)." in text(response)
    enquiry.refresh_from_db()
    assert enquiry.notified_at is not None and enquiry.notify_error == ""
    assert mail.outbox[-1].to == ["cora@example.org"]


# --- Spam, quietly ---


def test_a_bot_filling_every_box_is_discarded_quietly(client, influence_group, caplog):
    with caplog.at_level(logging.INFO, logger="enquiries.views"):
        response = send(client, influence_group, website="https://spam.example/")
    assert response.status_code == 302 and response["Location"] == THANKS
    assert not Enquiry.objects.exists()
    assert mail.outbox == []
    assert "discarded as spam: the hidden box was filled in" in caplog.text


def test_a_form_sent_seconds_after_it_was_drawn_is_discarded(client, influence_group):
    response = send(client, influence_group, started=form_started_token())
    assert response["Location"] == THANKS
    assert not Enquiry.objects.exists() and mail.outbox == []


def test_the_page_as_served_is_discarded_when_sent_at_once(client, influence_group):
    """What a bot does: fetch the page and post it straight back."""
    page = text(client.get(url(influence_group)))
    token = page.split('name="started" value="', 1)[1].split('"', 1)[0]
    send(client, influence_group, started=token)
    assert not Enquiry.objects.exists()


def test_a_slow_person_is_never_turned_away(client, influence_group):
    send(client, influence_group, started=form_started_token(now=0))  # drawn in 1970
    assert Enquiry.objects.count() == 1


@pytest.mark.parametrize(
    "started", ["", "garbled", "MTc5NTY1NzgwNA:1xWOce:forged", "1795657804"], ids=repr
)
def test_a_missing_or_unreadable_start_time_does_not_block_a_person(
    client, influence_group, started
):
    send(client, influence_group, started=started)
    assert Enquiry.objects.count() == 1


def test_a_start_time_from_a_clock_running_fast_does_not_block_a_person(client, influence_group):
    send(client, influence_group, started=form_started_token(now=time.time() + 30))
    assert Enquiry.objects.count() == 1


def test_messages_stuffed_with_links_are_discarded(client, influence_group):
    links = " ".join(f"https://spam{i}.example/" for i in range(4))
    send(client, influence_group, message=f"Great site! {links}")
    send(client, influence_group, name="www.spam.example")
    assert not Enquiry.objects.exists()
    send(client, influence_group, message="Our project: https://example.org/project")
    assert Enquiry.objects.count() == 1


def test_a_post_from_another_site_is_refused(client, influence_group):
    response = client.post(
        url(influence_group), enquiry_data(), HTTP_ORIGIN="https://elsewhere.example"
    )
    assert response.status_code == 403
    assert not Enquiry.objects.exists()


# --- Throttles ---


def test_enquiries_are_throttled_per_address(client, influence_group, monkeypatch):
    monkeypatch.setattr("enquiries.views.LIMIT_PER_ADDRESS", 2)
    for _ in range(2):
        assert send(client, influence_group).status_code == 302
    response = send(client, influence_group)
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert "Please wait a while" in text(response)
    assert Enquiry.objects.count() == 2
    assert send(client, influence_group, email="other@example.org").status_code == 302


def test_enquiries_are_throttled_per_visitor(client, influence_group, monkeypatch):
    monkeypatch.setattr("enquiries.views.LIMIT_PER_CLIENT", 3)
    for i in range(3):
        assert send(client, influence_group, email=f"p{i}@example.org").status_code == 302
    assert send(client, influence_group, email="p9@example.org").status_code == 429
    assert Enquiry.objects.count() == 3


# --- The form's rules ---


def test_an_email_or_a_phone_number_is_needed(client, influence_group):
    response = send(client, influence_group, email="", phone="")
    assert response.status_code == 400
    body = text(response)
    assert 'class="error-summary"' in body
    label = "Your e-mail address (optional if you give a phone number)"
    assert f'href="#id_email">{label}: Give an e-mail address or a phone number' in body
    assert not Enquiry.objects.exists()


def test_the_database_also_needs_an_email_or_a_phone_number(influence_group):
    with pytest.raises(IntegrityError):
        Enquiry.objects.create(group=influence_group, name="X", consent_to_contact=True)


def test_the_database_needs_consent(influence_group):
    with pytest.raises(IntegrityError):
        Enquiry.objects.create(group=influence_group, name="X", email="x@example.org")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent": ""}, "Tick the box to say we may contact you, so we can reply."),
        ({"name": ""}, "Enter your name."),
        ({"interest": ""}, "Choose what you would like to do."),
        ({"email": "not an address"}, "Enter an e-mail address like name@example.com."),
        ({"phone": "call me maybe"}, "Enter a phone number using numbers, spaces"),
        ({"phone": "12"}, "Enter a phone number using numbers, spaces"),
        ({"interest": "other", "message": ""}, "Tell us what you would like in your message."),
    ],
    ids=["consent", "name", "interest", "email", "phone-words", "phone-short", "other"],
)
def test_form_errors_are_clear(client, influence_group, overrides, message):
    response = send(client, influence_group, **overrides)
    assert response.status_code == 400
    assert message in text(response)
    assert text(response).count(message) == 2  # in the summary and by the field
    assert "<title>Error: " in text(response)
    assert not Enquiry.objects.exists()


def test_what_was_typed_is_kept_after_an_error(client, influence_group):
    body = text(send(client, influence_group, consent="", message="My own words"))
    assert "My own words</textarea>" in body
    assert 'value="sam@example.org"' in body


FIELDS = ["group", "name", "email", "phone", "interest", "message", "access_needs", "consent"]


@pytest.mark.parametrize("target", ["group", "contact"])
def test_hostile_values_in_every_field_never_break_the_form(
    client, influence_group, target, monkeypatch
):
    monkeypatch.setattr("enquiries.views.LIMIT_PER_ADDRESS", 10**6)
    monkeypatch.setattr("enquiries.views.LIMIT_PER_CLIENT", 10**6)
    address = url(influence_group) if target == "group" else reverse("enquiries:contact")
    for field in [*FIELDS, "website", "started", "unexpected"]:
        for value_name, value in hostile.sample(field, extra=len(hostile.EXTRA)):
            response = client.post(address, enquiry_data(**{field: value}))
            assert response.status_code in {302, 400}, (field, value_name, response.status_code)
            if response.status_code == 400:
                assert "<script>alert(1)</script>" not in text(response)


def test_an_enquiry_reaches_its_coordinators_outbox_and_admin_list_and_no_one_elses(
    client, influence_group, coordinator, other_coordinator
):
    send(client, influence_group, name="Jo Visitor")
    enquiry = Enquiry.objects.get()
    assert [m.to for m in mail.outbox] == [["cora@example.org"], ["sam@example.org"]]
    change = reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])
    client.force_login(coordinator)
    assert change in text(client.get("/admin/enquiries/enquiry/"))
    assert "Jo Visitor" in text(client.get(change))
    client.force_login(other_coordinator)
    assert change not in text(client.get("/admin/enquiries/enquiry/"))
    assert client.get(change).status_code == 403


def test_the_html_email_shows_what_was_typed_as_text(client, influence_group):
    send(client, influence_group, message='<img src=x onerror="alert(1)">Hello')
    html = mail.outbox[0].alternatives[0][0]
    assert "&lt;img src=x" in html and "<img src=x" not in html
    assert '<img src=x onerror="alert(1)">Hello' in mail.outbox[0].body  # plain text as typed


def test_when_a_group_is_deleted_its_enquiries_go_to_the_site(other_group):
    enquiry = Enquiry.objects.create(
        group=other_group, name="Sam", phone="01865 123456", consent_to_contact=True
    )
    other_group.delete()
    enquiry.refresh_from_db()
    assert enquiry.group is None
