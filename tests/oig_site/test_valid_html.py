"""Every public page type, and every e-mail's HTML, is valid HTML by the W3C's Nu HTML Checker.

The pages are drawn from the demo content through the test client (as a visitor gets them,
forms with their errors, the pages behind the links e-mails carry), written to a folder and
checked in one run of ``vnu.jar`` (installed by ``npm ci`` from package.json; it needs Java).
Nothing is skipped: without Java or the checker the test fails and says what to install.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from activities.models import Activity
from asks.models import Ask
from groups.models import CommunityGroup, MemberStory, Organisation, Topic
from newsletters.models import Issue, Newsletter
from newsletters.services.sending import issue_email
from tests.enquiries.conftest import enquiry_data
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

VNU_JAR = Path(django_settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")


def checker_command() -> list[str]:
    missing = []
    if JAVA is None:
        missing.append("Java (apt-get install -y --no-install-recommends default-jre-headless)")
    if not VNU_JAR.is_file():
        missing.append(f"the W3C checker at {VNU_JAR} (run 'npm ci')")
    if missing:
        pytest.fail("Cannot check the HTML without " + " and ".join(missing) + ".")
    return [JAVA, "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def link(message, pattern: str) -> str:
    """The path of the first link in an e-mail's text that matches ``pattern``."""
    return re.search(rf"https?://[^/\s]+({pattern})", message.body).group(1)


def html_of(message) -> str:
    [(html, _)] = [alt for alt in message.alternatives if alt[1] == "text/html"]
    return html


def public_pages(client, sent: list | None = None) -> dict[str, str]:
    """Each page type's HTML, by a name that says what it is. ``sent``, when given, collects
    every e-mail the pages send, and the newsletter issue's."""
    sent = [] if sent is None else sent

    def set_mail_aside() -> None:
        sent.extend(mail.outbox)
        mail.outbox.clear()

    group = CommunityGroup.objects.published().get(slug="oxford-influence-group")
    inactive = CommunityGroup.objects.published().filter(is_active=False).first()
    story = MemberStory.objects.published().first()
    topic = Topic.objects.published().first()
    organisation = Organisation.objects.published().first()
    past = Activity.objects.published().past().first()
    coming = Activity.objects.published().upcoming().filter(signups_open=True).first()
    newsletter = Newsletter.objects.published().first()
    issue = Issue.objects.published().first()
    # Enough activities for the log to run to a second page.
    ActivityFactory.create_batch(25, groups=[group], title="A meeting to fill the log")
    pages = {
        "home": "/",
        "about": reverse("about_coproduction"),
        "about-easy-read": reverse("easy_read_page"),
        "easy-read-index": reverse("easy_read_index"),
        "accessibility": reverse("accessibility"),
        "privacy": reverse("privacy"),
        "search": reverse("search") + "?q=housing",
        "search-empty": reverse("search") + "?q=zzzqqq",
        "search-blank": reverse("search"),
        "group-list": reverse("groups:group_list"),
        "group-list-filtered": reverse("groups:group_list") + f"?topic={topic.slug}",
        "group": group.get_absolute_url(),
        "group-inactive": inactive.get_absolute_url(),
        "group-easy-read": reverse("groups:group_easy_read", args=[group.slug]),
        "story": story.get_absolute_url(),
        "topic-list": reverse("groups:topic_list"),
        "topic": topic.get_absolute_url(),
        "organisation": organisation.get_absolute_url(),
        "whats-on": reverse("activities:whats_on"),
        "activity-list": reverse("activities:activity_list"),
        "activity-list-filtered": reverse("activities:activity_list") + "?kind=meeting",
        "group-activity-list": reverse("activities:group_activity_list", args=[group.slug]),
        "activity-past": past.get_absolute_url(),
        "activity-coming": coming.get_absolute_url(),
        "signup-form": reverse("activities:signup", args=[coming.slug]),
        "impact": reverse("activities:group_impact", args=[group.slug]),
        "impact-bad-period": reverse("activities:group_impact", args=[group.slug])
        + "?start=2020-13-45&end=nonsense",
        "group-asks": reverse("asks:group_ask_list", args=[group.slug]),
        "archive": reverse("newsletters:archive"),
        "newsletter": newsletter.get_absolute_url(),
        "issue": issue.get_absolute_url(),
        "question-form": reverse("newsletters:ask", args=[newsletter.slug]),
        "question-thanks": reverse("newsletters:question_thanks", args=[newsletter.slug]),
        "subscribe": reverse("newsletters:subscribe"),
        "subscribe-check-email": reverse("newsletters:subscribe_check_email"),
        "confirm-bad-link": reverse("newsletters:confirm", args=["not-a-token"]),
        "unsubscribe-bad-link": reverse("newsletters:unsubscribe", args=["not-a-token"]),
        "signed-up-bad-link": reverse("activities:signed_up", args=["not-a-token"]),
        "get-involved": reverse("enquiries:get_involved"),
        "group-get-involved": reverse("enquiries:group_get_involved", args=[group.slug]),
        "contact": reverse("enquiries:contact"),
        "contact-thanks": reverse("enquiries:thanks"),
        "not-found": "/no-such-page/",
    }
    read_issue = Issue.objects.published().filter(easy_read_lines__isnull=False).first()
    pages["issue-easy-read"] = reverse(
        "newsletters:issue_easy_read", args=[read_issue.newsletter.slug, read_issue.slug]
    )
    read_activity = Activity.objects.published().filter(easy_read_lines__isnull=False).first()
    pages["activity-easy-read"] = reverse(
        "activities:activity_easy_read", args=[read_activity.slug]
    )
    pages["search-groups-only"] = reverse("search") + "?q=housing&kind=groups"
    pages["archive-filtered"] = reverse("newsletters:archive") + f"?newsletter={newsletter.slug}"
    pages["ask"] = Ask.objects.published().first().get_absolute_url()
    pages["organisation-asks"] = reverse("asks:organisation_ask_list", args=[organisation.slug])
    html = {}
    for name, address in pages.items():
        response = client.get(address)
        # Bad links get a page that explains, with a status that says what went wrong.
        assert response.status_code == 200 or name.endswith(("bad-link", "not-found")), name
        assert response["Content-Type"].startswith("text/html"), name
        html[name] = response.content.decode()

    older = re.search(r'href="(\?[^"]*)" rel="next"', html["activity-list"])
    assert older, "the activity log has no link to its next page"
    response = client.get(pages["activity-list"] + older.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    html["activity-list-page-2"] = response.content.decode()

    # The error pages Django draws without a view, and the page for a form sent from elsewhere.
    html["server-error"] = render_to_string("500.html")
    html["bad-request"] = render_to_string("400.html", request=RequestFactory().get("/"))
    html["forbidden"] = render_to_string("403.html", request=RequestFactory().get("/"))
    response = client.post(
        pages["contact"], enquiry_data(), HTTP_ORIGIN="https://elsewhere.example.org"
    )
    assert response.status_code == 403
    html["cross-site"] = response.content.decode()

    # Forms sent with mistakes.
    html["signup-errors"] = client.post(
        pages["signup-form"], {"name": "", "email": "not an address"}
    ).content.decode()
    html["subscribe-errors"] = client.post(
        pages["subscribe"], {"email": "not an address"}
    ).content.decode()
    html["question-errors"] = client.post(pages["question-form"], {}).content.decode()
    html["contact-errors"] = client.post(
        pages["contact"], enquiry_data(email="not an address", message="")
    ).content.decode()
    html["group-get-involved-errors"] = client.post(
        pages["group-get-involved"], enquiry_data(consent="")
    ).content.decode()

    # The pages behind the links e-mails carry, and the e-mails themselves.
    set_mail_aside()
    client.post(
        pages["subscribe"],
        {"email": "reader@example.org", "name": "Sam", "newsletters": [newsletter.pk]},
    )
    [confirmation] = mail.outbox
    html["email-confirm"] = html_of(confirmation)
    confirm = link(confirmation, r"/newsletters/confirm/\S+/")
    html["confirm"] = client.get(confirm).content.decode()
    html["confirmed"] = client.post(confirm, follow=True).content.decode()
    subscription = newsletter.subscriptions.get(subscriber__email="reader@example.org")
    issue_message = issue_email(issue=issue, subscription=subscription)
    sent.append(issue_message)
    html["email-issue"] = html_of(issue_message)
    unsubscribe = link(issue_message, r"/newsletters/unsubscribe/\S+/")
    html["unsubscribe"] = client.get(unsubscribe).content.decode()
    html["unsubscribed"] = client.post(unsubscribe, follow=True).content.decode()

    set_mail_aside()
    response = client.post(
        pages["signup-form"],
        {"name": "Ada", "email": "ada@example.org", "phone": ""},
        HTTP_ORIGIN="http://testserver",
        follow=True,
    )
    html["signed-up"] = response.content.decode()
    [signup_mail] = mail.outbox
    html["email-signup"] = html_of(signup_mail)
    cancel = link(signup_mail, r"/sign-ups/\S+/cancel/")
    html["signup-cancel"] = client.get(cancel).content.decode()

    set_mail_aside()
    full = Activity.objects.published().upcoming().get(slug="influence-group-monthly-meeting")
    client.post(
        reverse("activities:signup", args=[full.slug]),
        {"name": "Bo", "email": "bo@example.org", "phone": ""},
        HTTP_ORIGIN="http://testserver",
    )
    [waiting_mail] = mail.outbox
    html["email-signup-waiting"] = html_of(waiting_mail)

    set_mail_aside()
    client.post(pages["group-get-involved"], enquiry_data())
    assert mail.outbox, "The get-involved form sent no e-mail."
    for number, message in enumerate(mail.outbox):
        html[f"email-enquiry-{number}"] = html_of(message)
    set_mail_aside()
    return html


def test_every_page_type_and_email_is_valid_html(client, tmp_path, settings):
    command = checker_command()
    settings.SITE_URL = "http://testserver"
    cache.clear()
    call_command("load_demo_content", verbosity=0)
    pages = public_pages(client)
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, html in pages.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")

    result = subprocess.run(
        [*command, str(folder)], capture_output=True, text=True, timeout=300, check=False
    )
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except ValueError:
        pytest.fail(f"The checker did not answer in JSON:\n{result.stdout}\n{result.stderr}")
    errors: dict[str, list[str]] = {}
    for message in messages:
        page = Path(message.get("url", "?")).stem
        where = f"line {message.get('lastLine', '?')}"
        errors.setdefault(page, []).append(
            f"{where}: {message['message']} [{message.get('extract', '').strip()}]"
        )
    report = "\n".join(f"{page}:\n  " + "\n  ".join(found) for page, found in errors.items())
    assert not errors, f"Invalid HTML on {len(errors)} of {len(pages)} pages:\n{report}"
    assert len(pages) >= 50
