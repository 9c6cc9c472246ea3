"""Reminders the day before (each person once, even when two runs overlap), and sign-ups deleted
a set number of days after the event, with nothing of them left in the history and the impact
figures unchanged."""

import datetime as dt
from io import StringIO
from unittest import mock

import pytest
import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from activities.impact import group_impact
from activities.models import SignUp, SignUpTally
from activities.services.signups import signup_cancel, signup_create, signups_purge
from tests.factories import ActivityFactory
from tests.html import form_data, text

pytestmark = pytest.mark.django_db


def days_from_today(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def event_on(group, start: dt.date, **extra):
    return ActivityFactory(groups=[group], start_date=start, signups_open=True, **extra)


def add(activity, name, *, email=None, phone="", at=None):
    """Sign up, at a time before the event when sign-ups were open."""
    at = at or timezone.make_aware(dt.datetime.combine(activity.start_date, dt.time(0, 0)))
    return signup_create(
        activity=activity,
        name=name,
        email=f"{name.lower()}@example.org" if email is None else email,
        phone=phone,
        now=at - dt.timedelta(days=3),
    )


def remind() -> str:
    out = StringIO()
    call_command("send_event_reminders", stdout=out)
    return out.getvalue()


# Reminders


@pytest.fixture
def tomorrow(oig):
    activity = event_on(oig, days_from_today(1), places=2, title="Tomorrow's meeting")
    add(activity, "Ann")
    add(activity, "Phone", email="", phone="01865 123456")
    add(activity, "Wait")  # on the waiting list
    mail.outbox.clear()
    return activity


def test_a_reminder_goes_the_day_before_to_each_person_with_a_place_and_an_address(tomorrow, oig):
    later = event_on(oig, days_from_today(2))
    add(later, "Later")
    mail.outbox.clear()
    assert remind() == "Sent 1 reminder.\n"
    (message,) = mail.outbox
    assert message.to == ["ann@example.org"]
    assert "Reminder: Tomorrow's meeting" in message.subject
    assert "is tomorrow" in message.body
    assert message.attachments[0][0].endswith(".ics")
    assert SignUp.objects.get(name="Ann").reminder_sent_at is not None


def test_a_second_run_sends_nothing_more(tomorrow):
    remind()
    assert remind() == "Sent 0 reminders.\n"
    assert len(mail.outbox) == 1


def test_cancelled_sign_ups_get_no_reminder(tomorrow):
    signup_cancel(signup=SignUp.objects.get(name="Ann"))
    mail.outbox.clear()
    remind()
    assert [message.to for message in mail.outbox] == [["wait@example.org"]]


def test_two_overlapping_runs_remind_each_person_once(oig):
    activity = event_on(oig, days_from_today(1))
    for name in ("Ann", "Bob", "Cat"):
        add(activity, name)
    mail.outbox.clear()
    send = EmailMultiAlternatives.send
    runs = []

    def send_while_another_run_starts(message, *args, **kwargs):
        if not runs:  # the first e-mail of the first run: a second run starts meanwhile
            runs.append(None)
            runs[0] = remind()
        return send(message, *args, **kwargs)

    with mock.patch.object(EmailMultiAlternatives, "send", send_while_another_run_starts):
        first = remind()
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["ann@example.org", "bob@example.org", "cat@example.org"]
    assert (first, runs[0]) == ("Sent 1 reminder.\n", "Sent 2 reminders.\n")


def test_a_reminder_that_could_not_be_sent_goes_on_the_next_run(tomorrow):
    with mock.patch.object(EmailMultiAlternatives, "send", side_effect=OSError("down")):
        assert remind() == "Sent 0 reminders.\n"
    assert SignUp.objects.get(name="Ann").reminder_sent_at is None
    assert remind() == "Sent 1 reminder.\n"


def test_a_draft_activity_sends_no_reminders(tomorrow):
    tomorrow.status = "draft"
    tomorrow.save()
    assert remind() == "Sent 0 reminders.\n"


# Deleting sign-ups after the event


@pytest.fixture
def history(oig, settings):
    settings.SIGNUP_RETENTION_DAYS = 30
    old = event_on(oig, days_from_today(-31), places=3, title="Old meeting")
    recent = event_on(oig, days_from_today(-29), title="Recent meeting")
    long_one = event_on(
        oig, days_from_today(-40), end_date=days_from_today(-20), title="Long festival"
    )
    for name in ("Olive", "Oscar", "Owen"):
        add(old, name)
    signup_cancel(signup=SignUp.objects.get(name="Oscar"))
    add(recent, "Rita")
    add(long_one, "Luke")
    return {"old": old, "recent": recent, "long": long_one}


def test_sign_ups_are_deleted_the_set_number_of_days_after_the_event_ended(history):
    assert signups_purge() == 3
    assert sorted(SignUp.objects.values_list("name", flat=True)) == ["Luke", "Rita"]


def test_the_number_of_days_is_a_setting(history, settings):
    settings.SIGNUP_RETENTION_DAYS = 10
    assert signups_purge() == 5
    assert not SignUp.objects.exists()


def test_a_later_purge_finds_what_became_old(history):
    signups_purge()
    later = timezone.now() + dt.timedelta(days=2)
    assert signups_purge(now=later) == 1
    assert list(SignUp.objects.values_list("name", flat=True)) == ["Luke"]


def test_the_counts_and_the_impact_figures_stay_the_same(history, oig, client):
    before = group_impact(group=oig).people_reached
    page_before = text(client.get(reverse("activities:group_impact", args=[oig.slug])))
    signups_purge()
    assert group_impact(group=oig).people_reached == before == 4  # 2 + 1 + 1 confirmed
    tally = SignUpTally.objects.get(activity=history["old"])
    assert (tally.confirmed, tally.waiting, tally.cancelled) == (2, 0, 1)
    page_after = text(client.get(reverse("activities:group_impact", args=[oig.slug])))
    assert "<strong>4</strong> people taking part" in page_after
    assert "<strong>4</strong> people taking part" in page_before


def test_a_number_given_by_the_coordinator_wins_over_the_sign_up_count(history, oig):
    history["old"].participants = 12
    history["old"].save()
    assert group_impact(group=oig).people_reached == 12 + 1 + 1


def test_nothing_of_a_purged_sign_up_is_left_in_the_history(history, admin_client):
    olive = SignUp.objects.get(name="Olive")
    reversion.register(SignUp)
    try:
        with reversion.create_revision():
            reversion.add_to_revision(olive)
    finally:
        reversion.unregister(SignUp)
    signup_versions = Version.objects.filter(
        content_type=ContentType.objects.get_for_model(SignUp), object_id=str(olive.pk)
    )
    assert signup_versions.exists()
    # The activity's own history, saved in the admin after people signed up.
    old = history["old"]
    url = reverse("admin:activities_activity_change", args=[old.pk])
    response = admin_client.post(url, form_data(admin_client.get(url), "activity_form"))
    assert response.status_code == 302
    assert Version.objects.get_for_object(old).exists()
    signups_purge()
    for version in Version.objects.all():
        for personal in ("Olive", "olive@example.org", "Owen", "owen@example.org"):
            assert personal not in version.serialized_data


def test_purging_with_nothing_to_delete_deletes_nothing(oig):
    activity = event_on(oig, days_from_today(5))
    add(activity, "Future", at=timezone.now() + dt.timedelta(days=3))
    assert signups_purge() == 0
    assert SignUp.objects.count() == 1


def test_signing_up_on_the_day_updates_the_cached_impact_page(client, oig):
    today = event_on(oig, timezone.localdate(), title="Drop-in today")
    impact = reverse("activities:group_impact", args=[oig.slug])
    assert "<strong>0</strong> people taking part" in text(client.get(impact))
    signup_create(activity=today, name="Walk-in", email="walk@example.org")
    assert "<strong>1</strong> person taking part" in text(client.get(impact))
