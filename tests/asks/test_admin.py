"""Coordinators edit only their own groups' asks, by every admin address; a declined or
unanswered ask is archived, not deleted, by a coordinator; every change is in the history."""

import pytest
from django.urls import reverse
from reversion.models import Version

from asks.models import Ask, AskUpdate
from groups.roles import SITE_EDITORS
from tests.factories import (
    ActivityFactory,
    AskFactory,
    CommunityGroupFactory,
    IssueFactory,
    MemberStoryFactory,
    NewsletterFactory,
    OrganisationFactory,
    ask_update,
    staff_member,
)
from tests.html import form_data


@pytest.fixture
def world(db):
    alpha = CommunityGroupFactory(name="Group Alpha", slug="group-alpha")
    beta = CommunityGroupFactory(name="Group Beta", slug="group-beta")
    mine = AskFactory(groups=[alpha], title="Alpha ask")
    theirs = AskFactory(groups=[beta], title="Beta ask")
    ask_update(theirs, "raised", note="Beta raised it")
    return {
        "alpha": alpha,
        "beta": beta,
        "mine": mine,
        "theirs": theirs,
        "coordinator": staff_member("coord-a", "a@example.org", groups=[alpha]),
        "editor": staff_member("editor", "e@example.org", role=SITE_EDITORS),
    }


def url(action, *args):
    return reverse(f"admin:asks_ask_{action}", args=args)


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world["coordinator"])
    return client


def test_the_list_shows_only_their_groups_asks(coordinator_client, world):
    body = coordinator_client.get(url("changelist")).content.decode()
    assert "Alpha ask" in body
    assert "Beta ask" not in body


@pytest.mark.parametrize("action", ["change", "history", "delete"])
def test_another_groups_ask_is_refused_by_its_address(coordinator_client, world, action):
    theirs = world["theirs"]
    assert coordinator_client.get(url(action, theirs.pk)).status_code == 403
    assert coordinator_client.get(url(action, world["mine"].pk)).status_code == 200


def test_posting_a_change_to_another_groups_ask_is_refused(coordinator_client, world):
    theirs = world["theirs"]
    response = coordinator_client.post(url("change", theirs.pk), {"title": "Hijacked"})
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.title == "Beta ask"


def test_deleting_another_groups_ask_is_refused(coordinator_client, world):
    theirs = world["theirs"]
    assert coordinator_client.post(url("delete", theirs.pk), {"post": "yes"}).status_code == 403
    coordinator_client.post(
        url("changelist"),
        {"action": "delete_selected", "_selected_action": [theirs.pk], "post": "yes"},
    )
    assert Ask.objects.filter(pk=theirs.pk).exists()


def test_the_history_of_another_groups_ask_is_refused(coordinator_client, world):
    theirs = world["theirs"]
    assert coordinator_client.get(url("history", theirs.pk)).status_code == 403
    assert coordinator_client.get(reverse("admin:asks_ask_recoverlist")).status_code == 200


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("groups", "Group Alpha"),
        ("evidence_activities", "Alpha meeting"),
        ("evidence_stories", "Alpha story"),
        ("evidence_issues", "Alpha issue"),
    ],
)
def test_autocompletes_offer_only_their_groups_things(coordinator_client, world, field, expected):
    alpha, beta = world["alpha"], world["beta"]
    ActivityFactory(groups=[alpha], title="Alpha meeting")
    ActivityFactory(groups=[beta], title="Beta meeting")
    MemberStoryFactory(group=alpha, title="Alpha story")
    MemberStoryFactory(group=beta, title="Beta story")
    IssueFactory(newsletter=NewsletterFactory(groups=[alpha]), title="Alpha issue")
    IssueFactory(newsletter=NewsletterFactory(groups=[beta]), title="Beta issue")
    response = coordinator_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "asks", "model_name": "ask", "field_name": field, "term": ""},
    )
    assert response.status_code == 200
    names = [row["text"] for row in response.json()["results"]]
    assert any(expected in name for name in names)
    assert not [name for name in names if "Beta" in name]


def test_the_evidence_choices_in_the_form_are_their_groups_only(coordinator_client, world):
    ActivityFactory(groups=[world["alpha"]], title="Alpha meeting")
    ActivityFactory(groups=[world["beta"]], title="Beta meeting")
    form = coordinator_client.get(url("add")).context["adminform"].form
    assert [a.title for a in form.fields["evidence_activities"].queryset] == ["Alpha meeting"]
    assert list(form.fields["groups"].queryset) == [world["alpha"]]


def test_a_coordinator_adds_an_ask_with_its_first_update_and_it_is_in_the_history(
    coordinator_client, world
):
    body = OrganisationFactory(name="Oxford City Council")
    page = coordinator_client.get(url("add"))
    data = form_data(page, "ask_form")
    data.update(
        {
            "groups": [world["alpha"].pk],
            "organisations": [body.pk],
            "title": "Fix the lifts",
            "slug": "fix-the-lifts",
            "text": "Please fix the lifts in the tower blocks.",
            "raised_on": "2025-01-10",
            "status": "published",
            "updates-0-date": "2025-01-10",
            "updates-0-kind": "raised",
            "updates-0-note": "We wrote to the council.",
        }
    )
    response = coordinator_client.post(url("add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    ask = Ask.objects.get(slug="fix-the-lifts")
    assert ask.updates.get().note == "We wrote to the council."
    assert Version.objects.get_for_object(ask).count() == 1
    assert Version.objects.get_for_model(AskUpdate).count() == 1


@pytest.mark.parametrize("kind", ["declined", "no-response"])
def test_a_coordinator_cannot_delete_a_declined_or_unanswered_ask(coordinator_client, world, kind):
    ask = world["mine"]
    ask_update(ask, "raised")
    ask_update(ask, kind, 30)
    assert coordinator_client.get(url("delete", ask.pk)).status_code == 403
    coordinator_client.post(url("delete", ask.pk), {"post": "yes"})
    coordinator_client.post(
        url("changelist"),
        {"action": "delete_selected", "_selected_action": [ask.pk], "post": "yes"},
    )
    assert Ask.objects.filter(pk=ask.pk).exists()


def test_a_coordinator_can_delete_an_ask_still_in_progress(coordinator_client, world):
    ask = world["mine"]
    ask_update(ask, "raised")
    coordinator_client.post(url("delete", ask.pk), {"post": "yes"})
    assert not Ask.objects.filter(pk=ask.pk).exists()


def test_a_site_editor_can_delete_a_declined_ask(client, world):
    ask = world["mine"]
    ask_update(ask, "declined", 10)
    client.force_login(world["editor"])
    client.post(url("delete", ask.pk), {"post": "yes"})
    assert not Ask.objects.filter(pk=ask.pk).exists()


def test_archiving_needs_a_reason(coordinator_client, world):
    ask = world["mine"]
    page = coordinator_client.get(url("change", ask.pk))
    data = form_data(page, "ask_form")
    data["archived"] = "on"
    data["archived_reason"] = ""
    response = coordinator_client.post(url("change", ask.pk), data)
    assert response.status_code == 200
    assert "Say why the ask is archived." in response.content.decode()
    data["archived_reason"] = "The council never answered."
    assert coordinator_client.post(url("change", ask.pk), data).status_code == 302
    ask.refresh_from_db()
    assert ask.archived


def test_a_coordinator_cannot_delete_the_updates_of_a_declined_ask(coordinator_client, world):
    ask = world["mine"]
    ask_update(ask, "raised")
    declined = ask_update(ask, "declined", 30)
    page = coordinator_client.get(url("change", ask.pk))
    data = form_data(page, "ask_form")
    assert "updates-1-DELETE" not in page.content.decode()
    data["updates-1-DELETE"] = "on"
    coordinator_client.post(url("change", ask.pk), data)
    assert AskUpdate.objects.filter(pk=declined.pk).exists()


@pytest.mark.parametrize("kind", ["declined", "no-response"])
def test_a_coordinator_cannot_change_a_declined_update_to_delete_the_ask(
    coordinator_client, world, kind
):
    """Changing the update's kind would make the ask deletable: the kind stays."""
    ask = world["mine"]
    ask_update(ask, "raised")
    kept = ask_update(ask, kind, 30)
    data = form_data(coordinator_client.get(url("change", ask.pk)), "ask_form")
    assert data["updates-1-kind"] == kind
    data["updates-1-kind"] = "response"
    response = coordinator_client.post(url("change", ask.pk), data)
    assert response.status_code == 200
    assert "To say what happened since, add a new update." in response.content.decode()
    kept.refresh_from_db()
    assert kept.kind == kind
    assert coordinator_client.get(url("delete", ask.pk)).status_code == 403
    # A new update is the way to say what happened since.
    data["updates-1-kind"] = kind
    data.update(
        {
            "updates-2-date": "2026-01-10",
            "updates-2-kind": "response",
            "updates-2-note": "They answered at last.",
            "updates-TOTAL_FORMS": "3",
        }
    )
    assert coordinator_client.post(url("change", ask.pk), data).status_code == 302
    assert ask.updates.count() == 3


def test_a_site_editor_may_correct_a_declined_update(client, world):
    ask = world["mine"]
    ask_update(ask, "raised")
    wrong = ask_update(ask, "declined", 30)
    client.force_login(world["editor"])
    data = form_data(client.get(url("change", ask.pk)), "ask_form")
    data["updates-1-kind"] = "response"
    assert client.post(url("change", ask.pk), data).status_code == 302
    wrong.refresh_from_db()
    assert wrong.kind == "response"


def test_the_start_page_lists_their_draft_asks_only(coordinator_client, world):
    AskFactory(groups=[world["alpha"]], title="Alpha draft ask", status="draft")
    AskFactory(groups=[world["beta"]], title="Beta draft ask", status="draft")
    page = coordinator_client.get(reverse("admin:index")).content.decode()
    assert "Alpha draft ask" in page
    assert "Beta draft ask" not in page
