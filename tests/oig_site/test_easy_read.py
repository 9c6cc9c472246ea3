"""Easy-read versions of pages: the checks that warn coordinators, the pages themselves, the
link from each full page, the index of them all, and editing them in the admin."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from activities.models import ActivityEasyReadLine
from groups.models import GroupEasyReadLine
from groups.roles import SITE_EDITORS
from newsletters.models import IssueEasyReadLine
from oig_site.core.easyread import check_lines
from oig_site.core.models import EasyReadPage, EasyReadPageLine, SiteGlossaryTerm
from tests.factories import (
    ActivityFactory,
    CommunityGroupFactory,
    IssueFactory,
    NewsletterFactory,
    image_file,
    staff_member,
)
from tests.html import form_data, tags, text

pytestmark = pytest.mark.django_db

GLOSSARY = {"PIP": "Personal Independence Payment"}


# The checks ---------------------------------------------------------------------------------


def test_a_short_plain_line_has_no_warning():
    assert check_lines(["We meet on Tuesdays."], GLOSSARY) == []


def test_a_long_line_is_warned_about_with_its_number_of_words():
    long_line = "We meet every week " + "and talk about lots of things " * 3
    [warning] = check_lines(["Hello.", long_line], GLOSSARY)
    assert str(warning) == "Line 2: this line has 22 words. Try to keep it to 15 or fewer."


def test_two_sentences_on_a_line_are_warned_about():
    [warning] = check_lines(["We meet on Tuesdays. Bring a friend."], GLOSSARY)
    assert warning.line == 1
    assert "more than one sentence" in warning.message


def test_a_glossary_word_used_without_its_meaning_is_warned_about():
    [warning] = check_lines(["You may get PIP."], GLOSSARY)
    assert warning.line == 1
    assert "'PIP' may be hard to understand" in warning.message
    assert "Personal Independence Payment" in warning.message


@pytest.mark.parametrize(
    "lines",
    [
        ["PIP means Personal Independence Payment, money for extra costs.", "You may get PIP."],
        ["Personal Independence Payment helps with extra costs.", "You may get PIP."],
        ["You may get PIP (money for extra costs)."],
    ],
    ids=["means", "meaning written out earlier", "in brackets"],
)
def test_a_glossary_word_explained_on_its_line_or_earlier_is_fine(lines):
    assert check_lines(lines, GLOSSARY) == []


def test_a_glossary_word_explained_only_later_is_still_warned_about():
    lines = ["You may get PIP.", "PIP means Personal Independence Payment."]
    assert [warning.line for warning in check_lines(lines, GLOSSARY)] == [1]


# The pages ----------------------------------------------------------------------------------


def add_lines(model, parent_field, parent, *texts, **picture):
    for position, line in enumerate(texts, start=1):
        model.objects.create(**{parent_field: parent}, position=position, text=line, **picture)


def easy_read_links(response) -> list[str]:
    """The page's links to easy-read pages (not to the index of them, in every footer)."""
    return [
        a["href"]
        for a in tags(response, "a")
        if a.get("href", "").endswith("/easy-read/") and a["href"] != "/easy-read/"
    ]


def test_a_group_without_easy_read_has_no_link_and_no_easy_read_page(client):
    group = CommunityGroupFactory(slug="quiet-group")
    assert easy_read_links(client.get(group.get_absolute_url())) == []
    assert client.get("/groups/quiet-group/easy-read/").status_code == 404


def test_a_group_with_easy_read_links_to_it_from_the_top_of_its_page(client):
    group = CommunityGroupFactory(name="Parent Power", slug="parent-power")
    add_lines(GroupEasyReadLine, "group", group, "Parents meet here.")
    response = client.get(group.get_absolute_url())
    assert easy_read_links(response) == ["/groups/parent-power/easy-read/"]
    html = text(response)
    assert html.index('class="easy-read-link"') < html.index("About the group")


def test_the_easy_read_page_shows_the_lines_in_order_with_their_pictures(client):
    group = CommunityGroupFactory(name="Parent Power", slug="parent-power")
    GroupEasyReadLine.objects.create(
        group=group,
        position=2,
        text="We help each other.",
        image=image_file(),
        image_alt="Two people holding hands",
    )
    GroupEasyReadLine.objects.create(group=group, position=1, text="Parents meet here.")
    response = client.get("/groups/parent-power/easy-read/")
    assert response.status_code == 200
    html = text(response)
    assert html.index("Parents meet here.") < html.index("We help each other.")
    assert [img["alt"] for img in tags(response, "img")] == ["Two people holding hands"]
    assert len(tags(response, "h1")) == 1
    hrefs = [a["href"] for a in tags(response, "a")]
    assert "/groups/parent-power/" in hrefs
    assert reverse("easy_read_index") in hrefs


def test_a_decorative_picture_has_empty_alt_text(client):
    group = CommunityGroupFactory(slug="parent-power")
    GroupEasyReadLine.objects.create(
        group=group, text="Hello.", image=image_file(), image_decorative=True
    )
    response = client.get("/groups/parent-power/easy-read/")
    assert [img["alt"] for img in tags(response, "img")] == [""]


def test_a_draft_groups_easy_read_is_not_public(client):
    group = CommunityGroupFactory(slug="draft-group", status="draft")
    add_lines(GroupEasyReadLine, "group", group, "Not yet.")
    assert client.get("/groups/draft-group/easy-read/").status_code == 404


def test_an_editor_may_preview_a_draft_groups_easy_read(client, superuser):
    group = CommunityGroupFactory(slug="draft-group", status="draft")
    add_lines(GroupEasyReadLine, "group", group, "Not yet.")
    client.force_login(superuser)
    response = client.get("/groups/draft-group/easy-read/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_an_activity_has_its_easy_read_link_and_page(client):
    activity = ActivityFactory(title="Tenants meeting", slug="tenants-meeting")
    assert easy_read_links(client.get(activity.get_absolute_url())) == []
    add_lines(ActivityEasyReadLine, "activity", activity, "We met online.")
    response = client.get(activity.get_absolute_url())
    assert easy_read_links(response) == ["/activities/tenants-meeting/easy-read/"]
    page = client.get("/activities/tenants-meeting/easy-read/")
    assert "We met online." in text(page)
    assert "Easy read:</span> Tenants meeting" in text(page)


def test_a_draft_activitys_easy_read_is_not_public(client):
    activity = ActivityFactory(slug="draft-activity", status="draft")
    add_lines(ActivityEasyReadLine, "activity", activity, "Not yet.")
    assert client.get("/activities/draft-activity/easy-read/").status_code == 404


def test_an_issue_has_its_easy_read_link_and_page(client):
    issue = IssueFactory(
        title="Autumn 2020", slug="autumn-2020", newsletter=NewsletterFactory(slug="news")
    )
    add_lines(IssueEasyReadLine, "issue", issue, "This is our autumn newsletter.")
    response = client.get(issue.get_absolute_url())
    assert easy_read_links(response) == ["/newsletters/news/autumn-2020/easy-read/"]
    page = client.get("/newsletters/news/autumn-2020/easy-read/")
    assert "This is our autumn newsletter." in text(page)


def test_a_draft_issues_easy_read_is_not_public(client):
    issue = IssueFactory(slug="draft", newsletter=NewsletterFactory(slug="news"), status="draft")
    add_lines(IssueEasyReadLine, "issue", issue, "Not yet.")
    assert client.get("/newsletters/news/draft/easy-read/").status_code == 404


def test_the_about_page_links_to_its_easy_read_only_when_it_has_lines(client):
    assert easy_read_links(client.get("/about-co-production/")) == []
    assert client.get("/about-co-production/easy-read/").status_code == 404
    page = EasyReadPage.objects.create(key=EasyReadPage.Key.ABOUT)
    assert client.get("/about-co-production/easy-read/").status_code == 404
    add_lines(EasyReadPageLine, "page", page, "Co-production means working together.")
    assert easy_read_links(client.get("/about-co-production/")) == [
        "/about-co-production/easy-read/"
    ]
    response = client.get("/about-co-production/easy-read/")
    assert "Co-production means working together." in text(response)
    assert "/about-co-production/" in [a["href"] for a in tags(response, "a")]


# The index ----------------------------------------------------------------------------------


def test_the_index_lists_every_public_page_with_an_easy_read_and_no_other(client):
    shown = CommunityGroupFactory(name="Parent Power", slug="parent-power")
    add_lines(GroupEasyReadLine, "group", shown, "Hello.")
    CommunityGroupFactory(name="No easy read", slug="none")
    draft = CommunityGroupFactory(name="Draft group", slug="draft", status="draft")
    add_lines(GroupEasyReadLine, "group", draft, "Hello.")
    activity = ActivityFactory(title="Tenants meeting", slug="tenants-meeting")
    add_lines(ActivityEasyReadLine, "activity", activity, "Hello.")
    issue = IssueFactory(slug="autumn", newsletter=NewsletterFactory(slug="news"))
    add_lines(IssueEasyReadLine, "issue", issue, "Hello.")
    about = EasyReadPage.objects.create(key=EasyReadPage.Key.ABOUT)
    add_lines(EasyReadPageLine, "page", about, "Hello.")

    response = client.get("/easy-read/")
    assert response.status_code == 200
    assert easy_read_links(response) == [
        "/about-co-production/easy-read/",
        "/groups/parent-power/easy-read/",
        "/activities/tenants-meeting/easy-read/",
        "/newsletters/news/autumn/easy-read/",
    ]


def test_the_footer_links_to_the_index(client):
    response = client.get("/")
    assert reverse("easy_read_index") in [a["href"] for a in tags(response, "a")]


def test_the_index_makes_the_same_queries_for_one_and_many_pages(client, django_assert_num_queries):
    def add_one_of_each(n):
        group = CommunityGroupFactory()
        add_lines(GroupEasyReadLine, "group", group, "Hello.")
        activity = ActivityFactory()
        add_lines(ActivityEasyReadLine, "activity", activity, "Hello.")
        issue = IssueFactory()
        add_lines(IssueEasyReadLine, "issue", issue, "Hello.")
        SiteGlossaryTerm.objects.create(term=f"T{n}", meaning="A term.")

    add_one_of_each(0)
    with django_assert_num_queries(5):
        client.get("/easy-read/")
    for n in range(1, 8):
        add_one_of_each(n)
    with django_assert_num_queries(5):
        response = client.get("/easy-read/")
    assert len(easy_read_links(response)) == 24


def test_the_index_shows_a_bounded_number_of_each_kind(client, monkeypatch):
    monkeypatch.setattr("oig_site.views.EasyReadIndexView.MOST_SHOWN", 2)
    for _ in range(3):
        add_lines(GroupEasyReadLine, "group", CommunityGroupFactory(), "Hello.")
    assert len(easy_read_links(client.get("/easy-read/"))) == 2


# The site's glossary ------------------------------------------------------------------------


def test_a_group_page_explains_the_sites_glossary_words(client):
    SiteGlossaryTerm.objects.create(term="PIP", meaning="Personal Independence Payment")
    group = CommunityGroupFactory(description="<p>We help people apply for PIP.</p>")
    response = client.get(group.get_absolute_url())
    assert '<abbr title="Personal Independence Payment">PIP</abbr>' in text(response)


def test_an_activity_page_explains_the_sites_glossary_words(client):
    SiteGlossaryTerm.objects.create(term="UC", meaning="Universal Credit")
    activity = ActivityFactory(description="<p>A talk about UC on the radio.</p>")
    response = client.get(activity.get_absolute_url())
    assert '<abbr title="Universal Credit">UC</abbr>' in text(response)


def test_an_issues_own_glossary_wins_over_the_sites(client):
    SiteGlossaryTerm.objects.create(term="OCC", meaning="Oxford City Council")
    SiteGlossaryTerm.objects.create(term="NHS", meaning="National Health Service")
    issue = IssueFactory(introduction="<p>OCC and the NHS work together.</p>")
    issue.glossary.create(term="OCC", meaning="Oxfordshire County Council")
    html = text(client.get(issue.get_absolute_url()))
    assert '<abbr title="Oxfordshire County Council">OCC</abbr>' in html
    assert '<abbr title="National Health Service">NHS</abbr>' in html


def test_a_change_to_the_glossary_reaches_a_cached_page_at_once(client):
    group = CommunityGroupFactory(description="<p>We help people apply for PIP.</p>")
    assert "<abbr" not in text(client.get(group.get_absolute_url()))
    SiteGlossaryTerm.objects.create(term="PIP", meaning="Personal Independence Payment")
    assert "<abbr" in text(client.get(group.get_absolute_url()))


def test_the_index_lists_the_sites_glossary(client):
    SiteGlossaryTerm.objects.create(term="DWP", meaning="Department for Work and Pensions")
    html = text(client.get("/easy-read/"))
    assert "<dt>DWP</dt><dd>Department for Work and Pensions</dd>" in html


# Editing in the admin -----------------------------------------------------------------------


def change_url(group):
    return reverse("admin:groups_communitygroup_change", args=[group.pk])


def with_new_lines(data: dict, *lines: dict) -> dict:
    data = {k: v for k, v in data.items() if not k.startswith("easy_read_lines-__prefix__")}
    start = int(data["easy_read_lines-TOTAL_FORMS"])
    for offset, line in enumerate(lines):
        for name, value in line.items():
            data[f"easy_read_lines-{start + offset}-{name}"] = value
    data["easy_read_lines-TOTAL_FORMS"] = str(start + len(lines))
    data.pop("_continue", None)
    data.pop("_addanother", None)
    return data


def test_the_admin_shows_the_guidance_on_writing_easy_read(coordinator_client):
    response = coordinator_client.get(change_url(coordinator_client.group))
    html = text(response)
    assert "How to write easy read" in html
    assert "Use short sentences: 15 words or fewer." in html
    assert "at least 14 point" in html


def test_a_line_is_written_in_a_box_that_shows_it_whole_with_spelling_checked(
    coordinator_client,
):
    response = coordinator_client.get(change_url(coordinator_client.group))
    [box] = [
        tag
        for tag in re.findall(r"<textarea[^>]*>", response.content.decode())
        if 'name="easy_read_lines-__prefix__-text"' in tag
    ]
    assert 'spellcheck="true"' in box
    assert 'lang="en-GB"' in box


def test_a_coordinator_adds_lines_and_is_warned_about_hard_ones_without_losing_them(
    coordinator_client,
):
    SiteGlossaryTerm.objects.create(term="PIP", meaning="Personal Independence Payment")
    group = coordinator_client.group
    data = form_data(coordinator_client.get(change_url(group)), "communitygroup_form")
    data = with_new_lines(
        data,
        {"position": "1", "text": "Parents meet here."},
        {"position": "2", "text": "We can help you ask for PIP. We are kind."},
    )
    response = coordinator_client.post(change_url(group), data, follow=True)
    assert response.status_code == 200
    assert list(group.easy_read_lines.values_list("text", flat=True)) == [
        "Parents meet here.",
        "We can help you ask for PIP. We are kind.",
    ]
    [message] = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert "Line 2: this line has more than one sentence" in message
    assert "Line 2: 'PIP' may be hard to understand" in message
    assert "Line 1" not in message
    # Shown again whenever the page is opened, until the line is changed.
    page = text(coordinator_client.get(change_url(group)))
    assert "Lines to look at again" in page
    assert "Line 2: this line has more than one sentence" in page


def test_plain_lines_save_without_a_warning(coordinator_client):
    group = coordinator_client.group
    data = form_data(coordinator_client.get(change_url(group)), "communitygroup_form")
    data = with_new_lines(data, {"position": "1", "text": "Parents meet here."})
    response = coordinator_client.post(change_url(group), data, follow=True)
    assert group.easy_read_lines.count() == 1
    assert [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"] == []
    assert "Lines to look at again" not in text(coordinator_client.get(change_url(group)))


def test_a_picture_needs_alt_text_and_the_typed_lines_are_kept_on_the_form(coordinator_client):
    group = coordinator_client.group
    data = form_data(coordinator_client.get(change_url(group)), "communitygroup_form")
    data = with_new_lines(
        data,
        {"position": "1", "text": "Parents meet here."},
        {"position": "2", "text": "We help each other.", "image": image_file()},
    )
    response = coordinator_client.post(change_url(group), data)
    assert response.status_code == 200  # the form again, with its error
    html = text(response)
    assert "Describe the picture for people who cannot see it" in html
    assert "Parents meet here.</textarea>" in html
    assert "We help each other.</textarea>" in html
    assert group.easy_read_lines.count() == 0


def test_a_coordinator_cannot_see_another_groups_lines_in_history(coordinator_client):
    other = CommunityGroupFactory(slug="other")
    add_lines(GroupEasyReadLine, "group", other, "Someone else's.")
    response = coordinator_client.get(change_url(other))
    assert response.status_code in (302, 403)


def test_a_site_editor_edits_the_glossary_and_the_about_pages_easy_read(client):
    editor = staff_member("editor", "editor@example.org", role=SITE_EDITORS)
    client.force_login(editor)
    response = client.post(
        reverse("admin:oig_site_siteglossaryterm_add"),
        {"term": "ESA", "meaning": "Employment and Support Allowance"},
    )
    assert response.status_code == 302
    assert SiteGlossaryTerm.objects.get().term == "ESA"
    add = client.get(reverse("admin:oig_site_easyreadpage_add"))
    assert add.status_code == 200
    assert "How to write easy read" in text(add)


def test_a_coordinator_cannot_edit_the_sites_glossary(coordinator_client):
    response = coordinator_client.get(reverse("admin:oig_site_siteglossaryterm_changelist"))
    assert response.status_code == 403
