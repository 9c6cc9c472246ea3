"""Pages that read as cared for: no title said twice, words that fit the page they are on."""

import datetime as dt
import re
from html import unescape

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.forms import Select
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from groups.models import CommunityGroup
from newsletters.models import Issue, Newsletter
from newsletters.services.sending import issue_email
from tests.factories import (
    ActivityFactory,
    CommunityGroupFactory,
    MemberStoryFactory,
    OrganisationFactory,
    PartnershipFactory,
)
from tests.html import tags, text
from tests.oig_site.test_valid_html import public_pages

pytestmark = pytest.mark.django_db


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", text(response), re.S).group(1)


def breadcrumb_labels(response) -> list[str]:
    trail = re.search(r'<nav aria-label="Breadcrumb".*?</nav>', text(response), re.S).group(0)
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>.*?</li>", trail)]


@pytest.mark.parametrize(
    ("activity_title", "group_names", "expected"),
    [
        # Named after its group: the group is not said again.
        ("Parent Power coffee morning", ["Parent Power"], "Parent Power coffee morning"),
        # Only the groups the title does not already say.
        (
            "Parent Power at the fair",
            ["Parent Power", "Team-Up Board"],
            "Parent Power at the fair – Team-Up Board",
        ),
        # Whole words only: "Power" is not said by "Powerful".
        ("Powerful voices", ["Power"], "Powerful voices – Power"),
    ],
)
def test_an_activity_title_names_each_group_once(
    client, settings, activity_title, group_names, expected
):
    groups = [CommunityGroupFactory(name=name) for name in group_names]
    activity = ActivityFactory(title=activity_title, groups=groups)
    response = client.get(activity.get_absolute_url())
    assert title(response) == f"{expected} – {settings.SITE_NAME}"


def test_a_story_title_keeps_its_group_when_it_does_not_name_it(client, influence_group):
    story = influence_group.stories.get()
    response = client.get(story.get_absolute_url())
    assert title(response).startswith(f"{story.title} – Oxford Influence Group – ")


def test_a_story_named_after_its_group_says_the_name_once(client, influence_group, settings):
    story = MemberStoryFactory(
        group=influence_group, title="Why I joined the Oxford Influence Group", slug="why"
    )
    response = client.get(story.get_absolute_url())
    assert title(response) == f"Why I joined the Oxford Influence Group – {settings.SITE_NAME}"


def test_breadcrumbs_end_at_the_parent_and_the_heading_names_the_page(client, influence_group):
    response = client.get(influence_group.get_absolute_url())
    assert breadcrumb_labels(response) == ["Home", "Groups"]
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", text(response)) == ["Oxford Influence Group"]


def test_every_breadcrumb_is_a_link(client, influence_group):
    story = influence_group.stories.get()
    response = client.get(story.get_absolute_url())
    assert breadcrumb_labels(response) == ["Home", "Groups", "Oxford Influence Group"]
    trail = re.search(r'<nav aria-label="Breadcrumb".*?</nav>', text(response), re.S).group(0)
    assert len(tags(trail, "a")) == 3
    assert 'aria-current="page"' not in trail


def test_words_that_only_look_alike_stay_in_the_title(client, influence_group, settings):
    partnership = PartnershipFactory(
        group=influence_group, organisation=OrganisationFactory(name="Dudley Community Partnership")
    )
    response = client.get(partnership.organisation.get_absolute_url())
    assert title(response) == f"Dudley Community Partnership – Partners – {settings.SITE_NAME}"


@pytest.fixture
def demo(db):
    call_command("load_demo_content", verbosity=0)


def section_of(body: str, heading: str) -> str:
    return re.search(
        rf'<section id="[^"]*" class="issue-section".*?{heading}.*?</section>', body, re.S
    ).group(0)


def test_the_demo_issue_on_the_web_does_not_send_readers_to_the_web_version(client, demo):
    issue = Issue.objects.get(newsletter__slug="working-together", slug="autumn-2020")
    body = text(client.get(issue.get_absolute_url()))
    assert "News, training and resources" in body
    assert "web version" not in body


def test_the_demo_issues_get_involved_section_links_to_taking_part(client, demo):
    issue = Issue.objects.get(newsletter__slug="working-together", slug="autumn-2020")
    section = section_of(text(client.get(issue.get_absolute_url())), "Get involved!")
    links = [a["href"] for a in tags(section, "a")]
    assert reverse("enquiries:get_involved") in links
    assert reverse("newsletters:subscribe") in links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_demo_issues_links_work_from_the_email(demo, settings):
    settings.SITE_URL = "https://groups.example.org"
    issue = Issue.objects.get(newsletter__slug="working-together", slug="autumn-2020")
    html = issue_email(issue=issue, subscription=None).alternatives[0][0]
    assert 'href="https://groups.example.org/get-involved/"' in html


def details_of(response) -> dict[str, str]:
    """The activity page's details: each term and what it says."""
    aside = re.search(r'<dl class="facts stacked">.*?</dl>', text(response), re.S).group(0)
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", aside, re.S)
    return {term: re.sub(r"<[^>]+>", "", value).strip() for term, value in pairs}


def test_a_past_activity_says_how_it_was_held_not_how_to_take_part(client, influence_group):
    activity = ActivityFactory(groups=[influence_group], mode="online")  # a month ago
    details = details_of(client.get(activity.get_absolute_url()))
    assert details.get("How it was held") == "Online"
    assert "How to take part" not in details


def test_an_upcoming_activity_says_how_to_take_part(client, influence_group):
    activity = ActivityFactory(
        groups=[influence_group],
        mode="online",
        start_date=timezone.localdate() + dt.timedelta(days=7),
    )
    details = details_of(client.get(activity.get_absolute_url()))
    assert details.get("How to take part") == "Online"


def test_whats_on_promises_only_what_each_event_shows(client, influence_group):
    """An event with no access details, no joining link and no venue yet: the page must not
    promise that every event says how to join and what support there is; what it does
    promise (opening one to find out more) each event allows."""
    bare = ActivityFactory(
        groups=[influence_group],
        title="A bare meeting",
        mode="in-person",
        start_date=timezone.localdate() + dt.timedelta(days=7),
    )
    body = text(client.get(reverse("activities:whats_on")))
    lead = re.search(r'<p class="lead">(.*?)</p>', body, re.S).group(1)
    assert "support" not in lead and "how to join" not in lead
    assert "Open one to find out more" in lead
    item = re.search(r'<article class="activity-item">.*?A bare meeting.*?</article>', body, re.S)
    assert f'<a href="{bare.get_absolute_url()}">A bare meeting</a>' in item.group(0)


# --- One spelling of "e-mail" in everything people read ---

EMAIL_SPELT_OTHERWISE = re.compile(r"(?<![-\w@.])e?mails?\b|\bemail\w*", re.IGNORECASE)


def visible_text(html: str) -> str:
    """What a reader sees or hears: the text, and the attributes read out or shown."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    said = re.findall(r'\b(?:alt|title|aria-label|placeholder)="([^"]*)"', html)
    return unescape(re.sub(r"<[^>]+>", " ", html) + " " + " ".join(said))


def other_spellings(html: str) -> list[str]:
    seen = visible_text(html)
    return [
        " ".join(seen[max(0, m.start() - 40) : m.end() + 20].split())
        for m in EMAIL_SPELT_OTHERWISE.finditer(seen)
    ]


def test_other_spellings_are_found():
    assert other_spellings("<p>Send an email</p>") == ["Send an email"]
    assert other_spellings('<input placeholder="Email">') == ["Email"]
    assert other_spellings('<p>Send an e-mail to <a href="mailto:a@b.org">a@b.org</a></p>') == []


def test_every_public_page_and_email_spells_e_mail_one_way(client, settings, demo):
    settings.SITE_URL = "http://testserver"
    sent = []
    found = {name: other_spellings(html) for name, html in public_pages(client, sent).items()}
    assert {name: words for name, words in found.items() if words} == {}
    # The subscription confirmation, the issue, a place, a waiting-list place, the enquiry
    # and its acknowledgement: their subjects and plain text too.
    assert len(sent) >= 6
    for message in sent:
        assert not EMAIL_SPELT_OTHERWISE.search(message.subject + message.body), message.subject


def test_djangos_own_messages_say_e_mail(client):
    response = client.post(reverse("newsletters:subscribe"), {"email": "not an address"})
    assert "Enter a valid e-mail address." in text(response)
    response = client.get(reverse("admin_password_reset"))
    assert "E-mail address:" in text(response)
    assert other_spellings(text(response)) == []


def test_every_admin_screen_spells_e_mail_one_way(admin_client, demo):
    found = {}
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        pages = [base]
        if model_admin.has_add_permission(admin_client.request().wsgi_request):
            pages.append(base + "add/")
        if first := model.objects.first():
            pages.append(f"{base}{first.pk}/change/")
        for page in pages:
            response = admin_client.get(page)
            assert response.status_code == 200, page
            if words := other_spellings(text(response)):
                found[page] = words
    assert found == {}


# --- Every public form marks optional fields the same way ---


def field_labels(html: str) -> dict[str, str]:
    """Each form field's label (or the legend of its group of boxes), by the field's id."""
    labels = {
        field_id: " ".join(re.sub(r"<[^>]+>", "", label).split())
        for field_id, label in re.findall(
            r'<label\s+for="(id_[^"]+)"[^>]*>(.*?)</label>', html, re.S
        )
    }
    for field_id, legend in re.findall(
        r'<div id="div_(id_[^"]+)"[^>]*>\s*<fieldset[^>]*>\s*<legend[^>]*>(.*?)</legend>',
        html,
        re.S,
    ):
        labels[field_id] = " ".join(re.sub(r"<[^>]+>", "", legend).split())
    return labels


def public_forms(client, demo_objects) -> dict[str, tuple]:
    """Each public form's page, with the form as the view built it."""
    activity, newsletter, group = demo_objects
    pages = {
        "sign-up": (activity.get_absolute_url(), "signup_form"),
        "subscribe": (reverse("newsletters:subscribe"), "form"),
        "question": (reverse("newsletters:ask", args=[newsletter.slug]), "form"),
        "contact": (reverse("enquiries:contact"), "form"),
        "group get involved": (reverse("enquiries:group_get_involved", args=[group.slug]), "form"),
    }
    forms = {}
    for name, (address, context_name) in pages.items():
        response = client.get(address)
        forms[name] = (text(response), response.context[context_name])
    return forms


@pytest.fixture
def demo_objects(demo):
    activity = Activity.objects.published().upcoming().filter(signups_open=True).first()
    return activity, Newsletter.objects.published().first(), CommunityGroup.objects.first()


def test_no_public_form_marks_required_fields_with_an_asterisk(client, demo_objects):
    for name, (html, _form) in public_forms(client, demo_objects).items():
        assert "asteriskField" not in html, name
        assert not [label for label in field_labels(html).values() if "*" in label], name


def test_every_optional_field_says_optional_and_no_required_one_does(client, demo_objects):
    for name, (html, form) in public_forms(client, demo_objects).items():
        labels = field_labels(html)
        for field_name, field in form.fields.items():
            if field.widget.is_hidden or field_name == "website":
                continue
            label = labels[form[field_name].auto_id]
            if field.required:
                assert "optional" not in label, (name, label)
            elif not isinstance(field.widget, Select) or field.widget.allow_multiple_selected:
                assert "(optional" in label, (name, label)


def test_the_sign_up_box_writes_times_as_the_rest_of_the_page(client, influence_group):
    activity = ActivityFactory(
        groups=[influence_group],
        start_date=timezone.localdate() + dt.timedelta(days=7),
        start_time=dt.time(10, 0),
        signups_open=True,
    )
    body = text(client.get(activity.get_absolute_url()))
    assert "Sign-ups close at 10am on" in body
    assert "a.m." not in body


def test_a_past_activity_never_says_its_venue_is_to_be_confirmed(client, influence_group):
    activity = ActivityFactory(groups=[influence_group], venue_to_be_confirmed=True)  # past
    body = text(client.get(activity.get_absolute_url()))
    assert "to be confirmed" not in body
    assert details_of(client.get(activity.get_absolute_url()))["Where"] == "Venue not recorded"
    assert "to be confirmed" not in text(client.get(reverse("activities:activity_list")))
