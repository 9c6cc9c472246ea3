from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from asks.models import Ask

pytestmark = pytest.mark.django_db


def load(*args):
    call_command("load_demo_content", *args, stdout=StringIO())


def test_the_demo_has_the_groups_asks_with_their_statuses(client):
    load()
    statuses = dict(Ask.objects.published().with_status().values_list("slug", "current_status"))
    assert statuses["housing-associations-work-with-their-tenants"] == "no-response"
    assert statuses["a-calmer-reception-at-citizens-advice-oxford"] == "done"
    assert statuses["tenants-in-the-housing-scrutiny-review"] == "commitment"
    assert Ask.objects.filter(groups__slug="parent-power").exists()
    assert Ask.objects.filter(groups__slug="team-up-co-production-board").exists()


def test_the_tenants_meeting_is_evidence_on_the_tenants_ask(client):
    load()
    page = client.get(
        reverse("asks:ask_detail", kwargs={"slug": "housing-associations-work-with-their-tenants"})
    ).content.decode()
    assert "Online meeting with tenants who have no say" in page


def test_every_demo_group_and_body_page_links_to_its_ledger(client):
    load()
    for slug in ("oxford-influence-group", "parent-power", "team-up-co-production-board"):
        page = client.get(reverse("groups:group_detail", kwargs={"slug": slug})).content
        assert reverse("asks:group_ask_list", kwargs={"group_slug": slug}).encode() in page
        ledger = reverse("asks:group_ask_list", kwargs={"group_slug": slug})
        assert client.get(ledger).status_code == 200
    for slug in ("oxford-city-council", "citizens-advice-oxford"):
        ledger = reverse("asks:organisation_ask_list", kwargs={"slug": slug})
        assert client.get(ledger).status_code == 200


def test_loading_twice_changes_nothing_and_flush_removes_the_asks():
    load()
    count = Ask.objects.count()
    load()
    assert Ask.objects.count() == count == 6
    load("--flush")
    assert Ask.objects.count() == 6
