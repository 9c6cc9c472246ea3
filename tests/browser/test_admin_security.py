"""In a real browser: text that coordinators, readers or anyone else put into the site never
runs as script, in the admin or on public pages, and the admin works under its
Content-Security-Policy (the rich-text editor included)."""

import pytest
from playwright.sync_api import Page, expect

from newsletters.models import Question
from tests.factories import (
    ActivityFactory,
    CommunityGroupFactory,
    IssueFactory,
    NewsletterFactory,
    SectionFactory,
)

pytestmark = pytest.mark.browser

PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)>'
PASSWORD = "a long editor passphrase"


@pytest.fixture
def hostile_content(live_server, transactional_db, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    group = CommunityGroupFactory(name=f"Group {PAYLOAD}", slug="hostile-group", summary=PAYLOAD)
    newsletter = NewsletterFactory(name=f"News {PAYLOAD}", slug="hostile-news", groups=[group])
    issue = IssueFactory(
        newsletter=newsletter, title=f"Issue {PAYLOAD}", slug="hostile-issue", editors=PAYLOAD
    )
    SectionFactory(issue=issue, heading=PAYLOAD, author=PAYLOAD, body=f"<p>{PAYLOAD}</p>")
    Question.objects.create(
        newsletter=newsletter,
        question=PAYLOAD,
        answer=PAYLOAD,
        status=Question.Status.ANSWERED,
        published_in=issue,
    )
    ActivityFactory(groups=[group], title=f"Meeting {PAYLOAD}", slug="hostile-meeting")
    return issue


@pytest.fixture
def watched(page: Page):
    """The page, recording every dialog (alert) opened and every Content-Security-Policy
    violation the browser reports."""
    seen = {"dialogs": [], "csp": []}

    def on_dialog(dialog):
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on(
        "console",
        lambda message: (
            seen["csp"].append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return page, seen


def test_hostile_text_never_runs_in_the_admin_or_on_the_site(watched, live_server, hostile_content):
    page, seen = watched
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#content")).to_be_visible()

    issue = hostile_content
    for path in [
        "/admin/newsletters/issue/",
        f"/admin/newsletters/issue/{issue.pk}/change/",
        f"/admin/newsletters/issue/{issue.pk}/history/",
        "/admin/newsletters/question/",
        "/admin/groups/communitygroup/",
        "/admin/activities/activity/",
    ]:
        assert page.goto(f"{live_server.url}{path}").status == 200, path

    # The rich-text editor still works under the admin's policy.
    page.goto(f"{live_server.url}/admin/newsletters/issue/{issue.pk}/change/")
    expect(page.locator(".ProseMirror:visible").first).to_be_visible()

    # The "Send to subscribers…" confirmation, with its preview of the e-mail.
    page.goto(f"{live_server.url}/admin/newsletters/issue/")
    page.locator(f"input[name=_selected_action][value='{issue.pk}']").check()
    page.locator("select[name=action]").select_option("send_to_subscribers")
    page.get_by_role("button", name="Go").first.click()
    expect(page.get_by_title("Preview of the e-mail")).to_be_visible()
    frame = page.frame_locator("iframe.email-preview")
    expect(frame.locator("body")).to_contain_text("Issue")

    for path in [
        issue.get_absolute_url(),
        "/newsletters/",
        "/groups/hostile-group/",
        "/activities/hostile-meeting/",
        "/activities/",
    ]:
        assert page.goto(f"{live_server.url}{path}").status == 200, path

    assert seen["dialogs"] == []
    assert seen["csp"] == []
