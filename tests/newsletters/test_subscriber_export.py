"""The subscriber list downloaded from the admin: a spreadsheet opens it as plain data."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletters.models import Subscriber, Subscription

pytestmark = pytest.mark.django_db


def test_subscriber_csv_cells_cannot_become_spreadsheet_formulas(admin_client, working_together):
    person = Subscriber.objects.create(
        email="reader@example.org",
        name='=HYPERLINK("http://evil.example","Click")',
        consent_at=timezone.now(),
        consent_source="@SUM(1+1)",
        confirmed_at=timezone.now(),
    )
    Subscription.objects.create(subscriber=person, newsletter=working_together)
    response = admin_client.post(
        reverse("admin:newsletters_subscriber_changelist"),
        {"action": "export_confirmed_csv", "_selected_action": [person.pk]},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    [row] = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["Name"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["Source"] == "'@SUM(1+1)"
    assert row["E-mail"] == "reader@example.org"


def test_the_subscriber_list_filters_by_confirmed(admin_client, working_together):
    for email, confirmed_at in (("yes@example.org", timezone.now()), ("no@example.org", None)):
        person = Subscriber.objects.create(
            email=email, consent_at=timezone.now(), consent_source="Test", confirmed_at=confirmed_at
        )
        Subscription.objects.create(subscriber=person, newsletter=working_together)
    changelist = reverse("admin:newsletters_subscriber_changelist")
    confirmed = admin_client.get(changelist + "?confirmed=yes").content.decode()
    unconfirmed = admin_client.get(changelist + "?confirmed=no").content.decode()
    assert "yes@example.org" in confirmed and "no@example.org" not in confirmed
    assert "no@example.org" in unconfirmed and "yes@example.org" not in unconfirmed
