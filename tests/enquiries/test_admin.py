"""The coordinators' side: each sees only their own groups' enquiries, changes only the status
and notes, and sees how many new ones there are on their start page."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from enquiries.models import Enquiry
from groups.roles import SITE_EDITORS
from tests.factories import staff_member
from tests.html import text

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/enquiries/enquiry/"


def make(group, **fields) -> Enquiry:
    values = {"name": "Sam", "email": "sam@example.org", "consent_to_contact": True, **fields}
    return Enquiry.objects.create(group=group, **values)


def change_url(enquiry) -> str:
    return reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])


@pytest.fixture
def enquiries(influence_group, other_group):
    return {
        "mine": make(influence_group, name="Mine Person", message="For OIG"),
        "theirs": make(other_group, name="Their Person", message="For the board"),
        "site": make(None, name="Unsure Person", message="Not sure who"),
    }


def test_a_coordinator_sees_only_their_groups_enquiries(client, coordinator, enquiries):
    client.force_login(coordinator)
    body = text(client.get(CHANGELIST))
    assert change_url(enquiries["mine"]) in body
    assert "Mine Person" in body
    assert change_url(enquiries["theirs"]) not in body
    assert change_url(enquiries["site"]) not in body
    assert "Their Person" not in text(client.get(CHANGELIST + "?q=Their"))


def test_another_groups_enquiry_is_forbidden_to_a_coordinator(client, other_coordinator, enquiries):
    client.force_login(other_coordinator)
    assert client.get(change_url(enquiries["mine"])).status_code == 403
    assert client.get(change_url(enquiries["site"])).status_code == 403
    assert "Mine Person" not in text(client.get(CHANGELIST))
    assert client.get(change_url(enquiries["theirs"])).status_code == 200


def test_superusers_and_site_editors_see_enquiries_to_no_group(client, admin_client, enquiries):
    assert change_url(enquiries["site"]) in text(admin_client.get(CHANGELIST))
    editor = staff_member("eddie", "eddie@example.org", role=SITE_EDITORS)
    client.force_login(editor)
    body = text(client.get(CHANGELIST + "?group__isnull=True"))
    assert change_url(enquiries["site"]) in body
    assert change_url(enquiries["mine"]) not in body


def test_the_list_filters_by_status(client, coordinator, enquiries, influence_group):
    replied = make(influence_group, status="replied")
    client.force_login(coordinator)
    body = text(client.get(CHANGELIST + "?status__exact=new"))
    assert change_url(enquiries["mine"]) in body
    assert change_url(replied) not in body


def test_a_coordinator_changes_status_and_notes_but_not_what_was_sent(
    client, coordinator, enquiries, other_group
):
    enquiry = enquiries["mine"]
    client.force_login(coordinator)
    response = client.post(
        change_url(enquiry),
        {
            "status": "replied",
            "internal_notes": "Phoned on Monday.",
            "name": "Changed",
            "message": "Changed",
            "group": other_group.pk,
        },
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.internal_notes) == ("replied", "Phoned on Monday.")
    assert (enquiry.name, enquiry.message) == ("Mine Person", "For OIG")
    assert enquiry.group.slug == "oxford-influence-group"


def test_a_site_editor_passes_an_unsure_enquiry_to_a_group(
    admin_client, enquiries, influence_group
):
    enquiry = enquiries["site"]
    response = admin_client.post(
        change_url(enquiry), {"status": "new", "internal_notes": "", "group": influence_group.pk}
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.group == influence_group


def test_nobody_adds_enquiries_in_the_admin(admin_client):
    assert admin_client.get(CHANGELIST + "add/").status_code == 403


def test_the_admins_log_names_no_one(admin_client, enquiries):
    admin_client.post(change_url(enquiries["site"]), {"status": "closed", "internal_notes": "Done"})
    entry = LogEntry.objects.get()
    assert "Unsure Person" not in entry.object_repr
    assert entry.object_repr == f"Enquiry {enquiries['site'].pk}: Join the group"


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_makes_a_fixed_number_of_queries(
    client, coordinator, influence_group, count, django_assert_num_queries
):
    for _ in range(count):
        make(influence_group)
    client.force_login(coordinator)
    client.get(CHANGELIST)  # warm the session and permission caches
    with django_assert_num_queries(8):
        assert client.get(CHANGELIST).status_code == 200


def test_the_start_page_counts_new_enquiries_and_links_to_them(
    client, coordinator, enquiries, influence_group
):
    make(influence_group)
    make(influence_group, status="closed")
    client.force_login(coordinator)
    body = text(client.get("/admin/"))
    assert f'<a href="{CHANGELIST}?status__exact=new">2 new enquiries</a>' in body


def test_the_start_page_says_when_there_is_nothing_new(client, other_coordinator):
    client.force_login(other_coordinator)
    assert "No new enquiries." in text(client.get("/admin/"))


def test_hostile_values_in_the_admin_form_are_clear_errors(client, coordinator, enquiries):
    client.force_login(coordinator)
    for data in (
        {"status": "x" * 10_000, "internal_notes": ""},
        {"status": ["new", "closed"], "internal_notes": "\x1b[31m"},
        {"status": "new", "internal_notes": "x" * 100_000},
    ):
        assert client.post(change_url(enquiries["mine"]), data).status_code in {200, 302}
    assert client.get(CHANGELIST + "?emailed=<script>").status_code == 200
    assert client.get(CHANGELIST + "?status__exact=99999999999999999999").status_code == 200
