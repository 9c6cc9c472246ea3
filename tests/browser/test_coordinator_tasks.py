"""The tasks a volunteer coordinator does in the admin, each done as a first-timer would: by
clicking and typing in a real browser, with a mistake along the way that loses nothing typed,
and with every admin screen passed through free of WCAG 2.2 A/AA violations (axe-core).

Only the set-up a site editor (or a reader) would do is written straight to the database.
Elements are found by their field ids and admin classes where those survive a change of wording.
"""

import datetime as dt
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from activities.models import Activity
from newsletters.models import Delivery, Issue, Question, Subscription
from tests.browser.axe import assert_no_wcag_violations
from tests.factories import (
    ActivityFactory,
    CommunityGroupFactory,
    IssueFactory,
    NewsletterFactory,
    SectionFactory,
    SubscriberFactory,
    image_file,
    staff_member,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
EMAIL = "sam@example.org"
PASSWORD = "a long coordinator passphrase"


@pytest.fixture
def group(live_server, transactional_db):
    return CommunityGroupFactory(name="Parent Power", slug="parent-power")


@pytest.fixture
def coordinator(group):
    return staff_member(EMAIL, EMAIL, groups=[group], password=PASSWORD)


@pytest.fixture
def newsletter(group):
    return NewsletterFactory(name="Parent Power News", slug="parent-power-news", groups=[group])


def sign_in(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/admin/")
    fill_in_sign_in_form(page)


def fill_in_sign_in_form(page: Page) -> None:
    """Sign in on the sign-in page shown, and land on the start page showing their group."""
    expect(page.locator("#login-form")).to_be_visible()
    assert_no_wcag_violations(page)
    page.locator("#id_username").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#your-groups")).to_contain_text("Parent Power")
    assert_no_wcag_violations(page)


def add_from_start_page(page: Page, model: str) -> None:
    """Follow the start page's "Add" link for a kind of thing (the row's class names it)."""
    page.locator(f"tr.model-{model} a.addlink").click()
    expect(page.locator("#content-main form")).to_be_visible()
    assert_no_wcag_violations(page)


def open_list_from_start_page(page: Page, model: str) -> None:
    page.locator(f"tr.model-{model} th a").click()
    expect(page.locator("#changelist")).to_be_visible()
    assert_no_wcag_violations(page)


def type_rich_text(editor: Locator, text: str) -> None:
    """Type into a rich-text editor as a person does: click into it, then type."""
    editor.click()
    editor.press_sequentially(text)


def rich_text_editor(page: Page, field_id: str) -> Locator:
    """The editable area of the rich-text editor standing in for the textarea ``field_id``."""
    return page.locator(f".prose-editor:has(#{field_id}) [contenteditable=true]")


def save(page: Page) -> None:
    page.locator("#content-main form input[name=_save]").first.click()


def expect_saved(page: Page) -> None:
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert_no_wcag_violations(page)


def expect_error_on(page: Page, field: str, message: str) -> None:
    """The form came back with a note at the top and the message next to the field."""
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(f".field-{field} .errorlist")).to_contain_text(message)
    assert_no_wcag_violations(page)


# 1. Signing in for the first time, from the e-mailed link


def choose_password(page: Page, password: str, confirmation: str) -> None:
    assert_no_wcag_violations(page)
    page.locator("#id_new_password1").fill(password)
    page.locator("#id_new_password2").fill(confirmation)
    page.locator("#content form [type=submit]").click()


def test_a_new_coordinator_sets_a_password_from_the_emailed_link_and_sees_their_group(
    page: Page, group, settings, live_server
):
    settings.SITE_URL = live_server.url  # the address the e-mailed link points at
    call_command("add_coordinator", EMAIL, "parent-power", stdout=StringIO())  # a site editor
    (welcome,) = mail.outbox
    assert welcome.to == [EMAIL]
    link = re.search(r"http://\S+/reset/\S+/", welcome.body).group(0)

    page.set_viewport_size(PHONE)  # opened on a phone, from the e-mail
    page.goto(link)
    choose_password(page, PASSWORD, PASSWORD.replace("phrase", "frase"))  # a slip
    expect(page.locator(".errorlist")).to_contain_text("didn’t match")
    choose_password(page, PASSWORD, PASSWORD)  # passwords are never shown again: typed afresh
    expect(page).to_have_url(re.compile(r"/reset/done/$"))
    assert_no_wcag_violations(page)

    page.locator("#content a[href='/admin/login/']").click()  # "Log in"
    fill_in_sign_in_form(page)


# 2. Logging an activity with a photo


def test_a_coordinator_logs_an_activity_with_a_photo_and_a_wrong_date_loses_nothing(
    page: Page, coordinator, live_server, tmp_path
):
    photo = tmp_path / "litter-pick.png"
    photo.write_bytes(image_file("litter-pick.png", size=(120, 80)).read())
    starts = timezone.localdate() + dt.timedelta(days=14)
    sign_in(page, live_server)
    add_from_start_page(page, "activity")
    # Their only group is chosen for them.
    expect(page.locator("#id_groups option:checked")).to_have_text("Parent Power")

    page.locator("#id_title").press_sequentially("Litter pick on the estate")
    page.locator("#id_kind").select_option("event")
    page.locator("#id_summary").fill("Parents and children cleared the play area together.")
    page.locator("#id_start_date").fill(starts.strftime("%d/%m/%Y"))
    page.locator("#id_end_date").fill((starts - dt.timedelta(days=1)).strftime("%d/%m/%Y"))
    page.locator("#id_mode").select_option("in-person")
    page.locator("#id_image").set_input_files(photo)
    page.locator("#id_image_alt").fill("Three children holding full bin bags by the swings")
    save(page)
    expect_error_on(page, "end_date", "cannot be before the start date")
    expect(page.locator("#id_title")).to_have_value("Litter pick on the estate")
    expect(page.locator("#id_summary")).to_have_value(
        "Parents and children cleared the play area together."
    )
    expect(page.locator("#id_start_date")).to_have_value(starts.strftime("%d/%m/%Y"))
    expect(page.locator("#id_image_alt")).to_have_value(
        "Three children holding full bin bags by the swings"
    )

    page.locator("#id_end_date").fill((starts + dt.timedelta(days=1)).strftime("%d/%m/%Y"))
    save(page)
    expect_saved(page)
    activity = Activity.objects.get(slug="litter-pick-on-the-estate")
    assert activity.end_date == starts + dt.timedelta(days=1)
    assert activity.image, "the photo chosen before the mistake was not saved"
    assert activity.image.storage.exists(activity.image.name)


# 3. Opening sign-ups for an event


def test_a_coordinator_opens_sign_ups_for_an_event(
    page: Page, browser, coordinator, group, live_server
):
    starts = timezone.localdate() + dt.timedelta(days=21)
    ActivityFactory(
        title="Coffee morning at the children's centre",
        slug="coffee-morning",
        kind="event",
        start_date=starts,
        start_time=dt.time(10, 0),
        groups=[group],
    )
    sign_in(page, live_server)
    open_list_from_start_page(page, "activity")
    page.locator("#result_list th a", has_text="Coffee morning").click()
    expect(page.locator("#id_signups_open")).to_be_visible()
    assert_no_wcag_violations(page)

    page.locator("#id_signups_open").check()
    page.locator("#id_places").fill("12")
    # Closing after the event has started: a slip of a day.
    page.locator("#id_signups_close_at_0").fill(
        (starts + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    )
    page.locator("#id_signups_close_at_1").fill("17:00:00")
    save(page)
    expect_error_on(page, "signups_close_at", "must close before the activity starts")
    expect(page.locator("#id_signups_open")).to_be_checked()
    expect(page.locator("#id_places")).to_have_value("12")

    page.locator("#id_signups_close_at_0").fill(
        (starts - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    )
    save(page)
    expect_saved(page)
    places = page.locator("#result_list td.field-sign_ups a")
    expect(places).to_have_text("0 of 12")
    places.click()
    expect(page.locator("#content h1")).to_contain_text("Coffee morning")
    assert_no_wcag_violations(page)

    visitor = browser.new_page()
    visitor.goto(f"{live_server.url}/activities/coffee-morning/")
    expect(visitor.locator("form[action='/activities/coffee-morning/sign-up/']")).to_be_visible()
    visitor.close()


# 4. Writing a newsletter issue with sections, and scheduling it


def choose_in_searchable_list(page: Page, field: str, typed: str, choice: str) -> None:
    """Open the searchable list (Select2) of ``field``, type, and pick ``choice``."""
    page.locator(f".field-{field} .select2-selection").click()
    search = page.locator(".select2-dropdown .select2-search__field")
    search.press_sequentially(typed)
    option = page.locator(".select2-results__option", has_text=choice)
    expect(option).to_be_visible()  # found, and highlighted as the first match
    assert_no_wcag_violations(page)
    option.click()
    expect(page.locator(f"#id_{field} option:checked")).to_contain_text(choice)


def test_a_coordinator_writes_and_schedules_an_issue_with_sections(
    page: Page, coordinator, newsletter, live_server
):
    appears = timezone.localdate() + dt.timedelta(days=7)
    sign_in(page, live_server)
    add_from_start_page(page, "issue")
    choose_in_searchable_list(page, "newsletter", "Parent", "Parent Power News")
    page.locator("#id_title").press_sequentially("Winter 2026")
    page.locator("#id_issue_date").fill(appears.strftime("%d/%m/%Y"))
    type_rich_text(rich_text_editor(page, "id_introduction"), "Welcome to our winter issue.")

    add_section = page.locator("#sections-group .add-row a")
    add_section.click()
    page.locator("#id_sections-0-heading").fill("Coffee mornings are back")
    type_rich_text(rich_text_editor(page, "id_sections-0-body"), "Every Tuesday at ten.")
    add_section.click()
    # The second section's heading is forgotten.
    type_rich_text(rich_text_editor(page, "id_sections-1-body"), "Thank you to our volunteers.")
    assert_no_wcag_violations(page)

    page.locator("#id_status").select_option("published")
    page.locator("#id_publish_at_0").fill(appears.strftime("%d/%m/%Y"))
    page.locator("#id_publish_at_1").fill("09:00:00")
    save(page)
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator("#sections-1 .field-heading .errorlist")).to_be_visible()
    assert_no_wcag_violations(page)
    # Everything typed is still there, in the editors too.
    expect(page.locator("#id_title")).to_have_value("Winter 2026")
    expect(rich_text_editor(page, "id_introduction")).to_have_text("Welcome to our winter issue.")
    expect(page.locator("#id_sections-0-heading")).to_have_value("Coffee mornings are back")
    expect(rich_text_editor(page, "id_sections-0-body")).to_have_text("Every Tuesday at ten.")
    expect(rich_text_editor(page, "id_sections-1-body")).to_have_text(
        "Thank you to our volunteers."
    )
    expect(page.locator("#id_publish_at_0")).to_have_value(appears.strftime("%d/%m/%Y"))

    page.locator("#id_sections-1-heading").fill("Thank you")
    save(page)
    expect_saved(page)
    row = page.locator("#result_list tr", has_text="Winter 2026")
    expect(row.locator("td.field-state")).to_have_text("Scheduled")
    expect(row.locator("td.field-sending")).to_have_text("Not sent")
    page.locator(".breadcrumbs a").first.click()  # the start page
    expect(page.locator("#scheduled")).to_contain_text("Winter 2026")
    assert_no_wcag_violations(page)

    issue = Issue.objects.get(slug="winter-2026")
    assert issue.newsletter.slug == "parent-power-news"
    assert issue.publish_at > timezone.now()
    assert "Welcome to our winter issue." in issue.introduction
    assert [section.heading for section in issue.sections.all()] == [
        "Coffee mornings are back",
        "Thank you",
    ]
    assert "Every Tuesday at ten." in issue.sections.get(heading__startswith="Coffee").body
    assert issue.send_requested_at is None
    assert not mail.outbox


# 5. Answering a reader's question


def test_a_coordinator_answers_a_readers_question_and_it_appears_in_the_issue(
    page: Page, browser, coordinator, newsletter, live_server
):
    issue = IssueFactory(newsletter=newsletter, title="Spring 2026", slug="spring-2026")
    SectionFactory(issue=issue, heading="Your questions", is_question_corner=True)
    Question.objects.create(  # sent by a reader through the newsletter's page
        newsletter=newsletter,
        question="Can I bring my baby to the coffee mornings?",
        name="Ayesha",
        email="ayesha@example.org",
    )
    answer = "Yes, babies and toddlers are always welcome. There is a play mat and toys."
    page.set_viewport_size(PHONE)  # done on a phone, as many volunteers do
    sign_in(page, live_server)
    open_list_from_start_page(page, "question")
    page.locator("#result_list th a", has_text="bring my baby").click()
    expect(page.locator("#id_answer")).to_be_visible()
    assert_no_wcag_violations(page)

    page.locator("#id_answer").fill(answer)
    choose_in_searchable_list(page, "published_in", "Spring", "Spring 2026")
    save(page)  # the status is still "New"
    expect_error_on(page, "status", "Answered")
    expect(page.locator("#id_answer")).to_have_value(answer)
    expect(page.locator("#id_published_in option:checked")).to_contain_text("Spring 2026")

    page.locator("#id_status").select_option("answered")
    save(page)
    expect_saved(page)
    visitor = browser.new_page()
    visitor.goto(f"{live_server.url}{issue.get_absolute_url()}")
    expect(visitor.locator("main")).to_contain_text(answer)
    visitor.close()


# 6. Sending an issue to the subscribers


def subscribe(newsletter, email: str, **extra) -> None:
    subscriber = SubscriberFactory(email=email, **extra)
    Subscription.objects.create(subscriber=subscriber, newsletter=newsletter)


def test_a_coordinator_sends_an_issue_to_its_confirmed_subscribers(
    page: Page, coordinator, newsletter, live_server
):
    issue = IssueFactory(newsletter=newsletter, title="Autumn 2026", slug="autumn-2026")
    SectionFactory(issue=issue, heading="Coffee mornings are back", body="<p>Tuesdays.</p>")
    subscribe(newsletter, "reader1@example.org")
    subscribe(newsletter, "reader2@example.org")
    subscribe(newsletter, "not-confirmed@example.org", confirmed_at=None)
    subscribe(NewsletterFactory(), "other-newsletter@example.org")
    page.set_viewport_size(PHONE)  # done on a phone, as many volunteers do
    sign_in(page, live_server)
    open_list_from_start_page(page, "issue")

    # Choosing the action before ticking the issue.
    page.locator("select[name=action]").select_option("send_to_subscribers")
    page.locator("#changelist-form button[name=index]").click()
    expect(page.locator(".messagelist .warning")).to_be_visible()
    assert_no_wcag_violations(page)

    row = page.locator("#result_list tr", has_text="Autumn 2026")
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("send_to_subscribers")
    page.locator("#changelist-form button[name=index]").click()
    expect(page.locator("#content-main")).to_contain_text("2 confirmed subscribers")
    assert_no_wcag_violations(page)
    page.locator("#content-main form [type=submit]").click()
    expect_saved(page)
    assert not mail.outbox  # the e-mails go out from the scheduled job, not the page

    call_command("send_newsletters", stdout=StringIO())  # as cron does, every few minutes
    page.reload()
    expect(row.locator("td.field-sending")).to_have_text("2 sent of 2, 0 will be retried, 0 failed")
    assert_no_wcag_violations(page)
    assert sorted(address for email in mail.outbox for address in email.to) == [
        "reader1@example.org",
        "reader2@example.org",
    ]
    email = mail.outbox[0]
    assert "Autumn 2026" in email.subject
    assert "Coffee mornings are back" in email.body
    assert "unsubscribe" in email.body.lower()
    assert Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count() == 2

    page.locator(".breadcrumbs a").first.click()
    open_list_from_start_page(page, "delivery")  # the record of each e-mail sent
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
