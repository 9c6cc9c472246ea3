"""The admin in a coordinator's words and order: "Web address" and "Sending log" rather than
Django's "Slug" and "Deliveries", the newsletter already chosen on a new issue, an issue's
sections straight after its text, a way back from the 403 page, and the site's name on the page
where a new coordinator chooses their password."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.db.models import SlugField
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.html import escape
from django.utils.http import urlsafe_base64_encode
from django.utils.text import capfirst

from tests.factories import (
    ActivityFactory,
    AskFactory,
    CommunityGroupFactory,
    IssueFactory,
    NewsletterFactory,
    SubscriberFactory,
    staff_member,
)
from tests.html import text

pytestmark = pytest.mark.django_db

SLUG_ADMINS = sorted(
    (
        model_admin
        for model, model_admin in admin.site._registry.items()
        if any(
            isinstance(field, SlugField) and field.name == "slug" for field in model._meta.fields
        )
    ),
    key=str,
)


def words(response) -> str:
    """The page's text, tags removed, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


def admin_page(client, model_admin, view: str):
    """One of ``model_admin``'s pages (``add``, ``changelist``), which must open."""
    opts = model_admin.model._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}"))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("model_admin", SLUG_ADMINS, ids=str)
def test_every_slug_is_called_web_address_and_explained(admin_client, model_admin):
    page = words(admin_page(admin_client, model_admin, "add"))
    assert "Web address:" in page
    assert "The last part of the page's web address" in page
    assert "Only lower-case letters, numbers and hyphens." in page
    assert "Slug" not in page
    assert "slug" not in page


def test_every_slug_admin_is_checked():
    """The list above is not empty by accident: groups, topics, organisations, stories,
    activities, newsletters, issues and asks all have a web address."""
    names = {model_admin.model._meta.model_name for model_admin in SLUG_ADMINS}
    assert {"communitygroup", "topic", "activity", "newsletter", "issue", "ask"} <= names


def test_the_admin_says_sending_log_not_deliveries(admin_client):
    start = words(admin_client.get(reverse("admin:index")))
    assert "Sending log" in start
    assert "Deliveries" not in start
    assert "deliveries" not in start


def test_the_sending_log_counts_e_mails(admin_client):
    issue = IssueFactory()
    issue.deliveries.create(subscriber=SubscriberFactory(), status="sent")
    issue.deliveries.create(subscriber=SubscriberFactory(), status="failed")
    page = words(admin_client.get(reverse("admin:newsletters_delivery_changelist")))
    assert "Sending log: each newsletter e-mail, and whether it was sent" in page
    assert "2 e-mails" in page
    assert "Deliver" not in page
    assert "Tries" in page and "Last tried" in page


@pytest.fixture
def coordinator_client(client, parent_power):
    client.force_login(staff_member("sam", "sam@example.org", groups=[parent_power]))
    return client


def chosen_newsletter(response) -> str | None:
    select = re.search(r'<select name="newsletter".*?</select>', text(response), re.S).group(0)
    chosen = re.search(r'<option value="(\d+)" selected>', select)
    return chosen and chosen.group(1)


def test_a_coordinator_with_one_newsletter_finds_it_chosen(coordinator_client, parent_power):
    newsletter = NewsletterFactory(groups=[parent_power])
    NewsletterFactory(groups=[CommunityGroupFactory()])  # someone else's
    response = coordinator_client.get(reverse("admin:newsletters_issue_add"))
    assert chosen_newsletter(response) == str(newsletter.pk)


def test_a_coordinator_with_two_newsletters_chooses_one(coordinator_client, parent_power):
    NewsletterFactory(groups=[parent_power])
    NewsletterFactory(groups=[parent_power])
    response = coordinator_client.get(reverse("admin:newsletters_issue_add"))
    assert chosen_newsletter(response) is None


def test_a_newsletter_given_in_the_address_wins(coordinator_client, parent_power):
    NewsletterFactory(groups=[parent_power])
    other = NewsletterFactory(groups=[parent_power])
    url = reverse("admin:newsletters_issue_add") + f"?newsletter={other.pk}"
    assert chosen_newsletter(coordinator_client.get(url)) == str(other.pk)


def positions(page: str, *patterns: str) -> list[int]:
    """Where each pattern is first found on the page."""
    found = [re.search(pattern, page) for pattern in patterns]
    assert all(found), [p for p, f in zip(patterns, found, strict=True) if not f]
    return [match.start() for match in found]


def test_an_issue_shows_its_sections_after_its_text_and_before_sending(admin_client):
    issue = IssueFactory()
    page = text(admin_client.get(reverse("admin:newsletters_issue_change", args=[issue.pk])))
    introduction, sections, *later = positions(
        page,
        r'id="id_introduction"',
        r'id="sections-group"',
        r"<h2[^>]*>\s*Cover",
        r"<h2[^>]*>\s*Publishing",
        r"<h2[^>]*>\s*Sending by e-mail",
        r"<h2[^>]*>\s*Record",
    )
    assert introduction < sections < min(later)
    assert later == sorted(later)
    # Every inline is still on the form, once.
    assert page.count('id="sections-group"') == 1
    assert page.count('id="glossary-group"') == 1
    assert page.count('id="easy_read_lines-group"') == 1


def test_the_admin_403_page_leads_back_to_the_editing_start_page(coordinator_client):
    response = coordinator_client.get(reverse("admin:groups_topic_add"))
    assert response.status_code == 403
    page = text(response)
    assert f'<a href="{reverse("admin:index")}">Go back to the editing start page</a>' in page
    assert "ask a site editor" in page


def test_the_public_403_page_leads_to_the_home_page(client, rf):
    from oig_site.views import permission_denied

    response = permission_denied(rf.get("/groups/"), None)
    page = response.content.decode()
    assert response.status_code == 403
    assert '<a href="/">Go to the home page</a>' in page
    assert reverse("admin:index") not in page


@pytest.fixture
def set_password_link(django_user_model):
    user = django_user_model.objects.create_user("new@example.org", "new@example.org")
    user.set_unusable_password()
    user.save()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", args=[uid, token])


def test_the_set_password_page_carries_the_sites_name(client, settings, set_password_link):
    response = client.get(set_password_link, follow=True)
    page = text(response)
    assert f"<title>Choose your password | {settings.SITE_NAME}</title>" in page
    assert f"{settings.SITE_NAME}: editing" in page
    assert "<h1>Choose your password</h1>" in page
    assert "Django" not in words(response)
    # What a password needs is said next to the field, and read out with it.
    assert 'aria-describedby="id_new_password1_helptext"' in page
    assert 'id="id_new_password1_helptext"' in page
    assert "at least 8 characters" in page


def test_an_old_set_password_link_says_what_to_do(client, settings):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "set-password"]))
    page = text(response)
    assert f"<title>This link no longer works | {settings.SITE_NAME}</title>" in page
    assert f'<a href="{reverse("admin_password_reset")}">Ask for a new link</a>' in page
    assert "Django" not in words(response)


def test_the_forgotten_password_pages_carry_the_sites_name(client, settings):
    for name in ("admin_password_reset", "password_reset_done", "password_reset_complete"):
        page = text(client.get(reverse(name)))
        assert f"| {settings.SITE_NAME}</title>" in page, name
        assert "Django administration" not in page, name
        assert "Django site admin" not in page, name


def test_a_groups_aims_follow_its_description_and_its_inlines_come_before_publishing(
    admin_client, parent_power
):
    url = reverse("admin:groups_communitygroup_change", args=[parent_power.pk])
    page = text(admin_client.get(url))
    description, aims, partners, links, easy_read, publishing, record = positions(
        page,
        r'id="id_description"',
        r'id="aims-group"',
        r'id="partnerships-group"',
        r'id="links-group"',
        r'id="easy_read_lines-group"',
        r"<h2[^>]*>\s*Publishing",
        r"<h2[^>]*>\s*Record",
    )
    assert description < aims < partners < links < easy_read < publishing < record


def test_an_activitys_links_and_easy_read_come_before_publishing(admin_client):
    page = text(admin_client.get(reverse("admin:activities_activity_add")))
    achieved, links, easy_read, publishing = positions(
        page,
        r"<h2[^>]*>\s*What it achieved",
        r'id="links-group"',
        r'id="easy_read_lines-group"',
        r"<h2[^>]*>\s*Publishing",
    )
    assert achieved < links < easy_read < publishing


def test_history_pages_say_what_they_keep_without_object(admin_client, parent_power, housing):
    versioned = words(
        admin_client.get(reverse("admin:groups_communitygroup_history", args=[parent_power.pk]))
    )
    assert "Each time this was saved, a copy was kept." in versioned
    assert "No earlier versions are kept yet." in versioned
    unversioned = words(admin_client.get(reverse("admin:groups_topic_history", args=[housing.pk])))
    assert "No changes have been made to this in the editing pages yet." in unversioned
    for page in (versioned, unversioned):
        assert "object" not in page


LIST_ADMINS = sorted(admin.site._registry.values(), key=str)


@pytest.mark.parametrize("model_admin", LIST_ADMINS, ids=str)
def test_every_list_is_named_for_what_it_lists(admin_client, model_admin):
    """ "Activities", not Django's "Select activity to change"."""
    opts = model_admin.model._meta
    response = admin_page(admin_client, model_admin, "changelist")
    page = text(response)
    assert "Select " not in words(response)
    if opts.model_name != "delivery":  # the sending log has its own title
        plural = escape(capfirst(opts.verbose_name_plural))
        assert f"<h1>{plural}</h1>" in page
        assert f"<title>{plural} | " in page


def test_a_lists_pop_up_keeps_djangos_words(admin_client):
    url = reverse("admin:groups_topic_changelist") + "?_popup=1"
    assert "<h1>Select topic</h1>" in text(admin_client.get(url))


def test_logging_out_says_so_in_plain_words(admin_client):
    response = admin_client.post(reverse("admin:logout"))
    page = words(response)
    assert "You have logged out" in page
    assert "quality time" not in page
    assert f'<a href="{reverse("admin:index")}">Log in again</a>' in text(response)


def test_an_activity_leads_to_who_is_coming(coordinator_client, parent_power):
    activity = ActivityFactory(groups=[parent_power], signups_open=True, places=10)
    page = text(
        coordinator_client.get(reverse("admin:activities_activity_change", args=[activity.pk]))
    )
    attendees = reverse("admin:activities_signup_attendees", args=[activity.pk])
    assert f'<a href="{attendees}">See who signed up' in page
    response = coordinator_client.get(attendees)
    assert response.status_code == 200
    assert activity.title in words(response)


def test_a_new_activity_says_where_the_sign_ups_will_be(coordinator_client):
    page = words(coordinator_client.get(reverse("admin:activities_activity_add")))
    assert "Once the activity is saved, the list of people who signed up is here." in page


def test_a_coordinator_without_a_newsletter_is_told_why_there_is_no_choice(coordinator_client):
    NewsletterFactory(groups=[CommunityGroupFactory()])  # someone else's
    page = words(coordinator_client.get(reverse("admin:newsletters_issue_add")))
    assert "None of your groups has a newsletter yet" in page


def test_a_coordinator_with_a_newsletter_is_not_told_there_is_none(
    coordinator_client, parent_power
):
    NewsletterFactory(groups=[parent_power])
    page = words(coordinator_client.get(reverse("admin:newsletters_issue_add")))
    assert "None of your groups has a newsletter yet" not in page


def test_an_asks_timeline_follows_its_evidence_and_comes_before_archiving(admin_client):
    ask = AskFactory()
    page = text(admin_client.get(reverse("admin:asks_ask_change", args=[ask.pk])))
    evidence, updates, archive, publishing = positions(
        page,
        r"<h2[^>]*>\s*Evidence",
        r'id="updates-group"',
        r"<h2[^>]*>\s*Archive",
        r"<h2[^>]*>\s*Publishing",
    )
    assert evidence < updates < archive < publishing
    assert page.count('id="updates-group"') == 1


def test_a_list_filter_for_nothing_chosen_says_none(admin_client, parent_power):
    ActivityFactory(groups=[parent_power])
    page = text(admin_client.get(reverse("admin:activities_activity_changelist")))
    assert '<a href="?groups__isnull=True">None</a>' in page


def test_a_coordinators_filter_leaves_out_nothing_chosen(coordinator_client, parent_power):
    """Their list never holds an activity of no group, so the choice would find nothing; and
    with one group of their own, there is nothing left to filter by."""
    ActivityFactory(groups=[parent_power])
    page = words(coordinator_client.get(reverse("admin:activities_activity_changelist")))
    assert "By groups" not in page
    assert "By kind of activity" in page
