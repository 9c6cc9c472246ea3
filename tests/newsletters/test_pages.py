"""The archive, newsletter and issue pages, search, feeds, PDF uploads and the question corner."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from newsletters.models import PDF_MAX_BYTES, Issue, Question, Section, validate_pdf
from newsletters.views import QUESTION_LIMIT_PER_CLIENT
from oig_site.search import search
from tests import pdfs
from tests.factories import CommunityGroupFactory, IssueFactory, NewsletterFactory, SectionFactory
from tests.html import tags, text, whole_sitemap

pytestmark = pytest.mark.django_db

ARCHIVE = reverse("newsletters:archive")
ATOM = "{http://www.w3.org/2005/Atom}"
PDF = pdfs.clean_pdf()


def issue_titles(response) -> list[str]:
    return [str(issue) for issue in response.context["issues"]]


# The archive


def test_archive_lists_published_issues_newest_first_grouped_by_year(client, autumn, summer):
    IssueFactory(newsletter=autumn.newsletter, title="Draft issue", status="draft")
    IssueFactory(
        newsletter=autumn.newsletter,
        title="Scheduled issue",
        publish_at=timezone.now() + dt.timedelta(days=1),
    )
    IssueFactory(
        title="Of a draft group",
        newsletter=NewsletterFactory(groups=[CommunityGroupFactory(status="draft")]),
    )
    response = client.get(ARCHIVE)
    assert issue_titles(response) == [
        "Working Together: Autumn 2020",
        "Working Together: Summer 2020",
    ]
    body = text(response)
    assert "<h3>2020</h3>" in body
    for hidden in ["Draft issue", "Scheduled issue", "Of a draft group"]:
        assert hidden not in body


def test_scheduled_issue_appears_by_itself_when_its_time_comes(client, working_together):
    issue = IssueFactory(
        newsletter=working_together, publish_at=timezone.now() + dt.timedelta(hours=1)
    )
    assert client.get(issue.get_absolute_url()).status_code == 404
    Issue.objects.filter(pk=issue.pk).update(publish_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(issue.get_absolute_url()).status_code == 200
    assert str(issue) in issue_titles(client.get(ARCHIVE))


def test_archive_filters_by_newsletter_and_group(client, autumn, board):
    other = IssueFactory(title="Other news")
    assert issue_titles(client.get(ARCHIVE, {"newsletter": "working-together"})) == [str(autumn)]
    assert issue_titles(client.get(ARCHIVE, {"group": board.slug})) == [str(autumn)]
    assert str(other) in issue_titles(client.get(ARCHIVE, {"newsletter": "nope", "group": "no"}))


def test_newsletter_page_lists_its_issues_and_offers_subscribing(client, autumn, summer):
    response = client.get(autumn.newsletter.get_absolute_url())
    body = text(response)
    assert body.index("Autumn 2020") < body.index("Summer 2020")
    checked = [
        i for i in tags(response, "input") if i.get("name") == "newsletters" and "checked" in i
    ]
    assert [i["value"] for i in checked] == [str(autumn.newsletter.pk)]
    assert reverse("newsletters:ask", args=["working-together"]) in body


def test_unknown_newsletter_or_issue_is_404(client, autumn):
    assert client.get("/newsletters/nope/").status_code == 404
    assert client.get("/newsletters/working-together/nope/").status_code == 404
    assert client.get("/newsletters/nope/autumn-2020/").status_code == 404


# An issue's page


def test_issue_page_has_contents_sections_glossary_credits(client, autumn):
    response = client.get(autumn.get_absolute_url())
    body = text(response)
    assert (
        '<a href="#reflections-on-co-production-week">Reflections on Co-production Week</a>' in body
    )
    assert '<section id="reflections-on-co-production-week"' in body
    assert "By A. Writer, Board member" in body
    assert '<abbr title="Social Care Institute for Excellence">SCIE</abbr> published' in body
    assert 'Welcome from <abbr title="Oxfordshire County Council">OCC</abbr>.' in body
    assert '<dt><abbr title="Oxfordshire County Council">OCC</abbr></dt>' in body
    assert "<li>Gemma Humphrey, Co-evaluation Officer</li>" in body
    assert "Jason Felstead, Care Governance Lead" in body
    assert len(tags(response, "h1")) == 1


def test_issue_page_links_previous_and_next(client, autumn, summer):
    assert 'rel="prev">Previous issue: Summer 2020' in text(client.get(autumn.get_absolute_url()))
    assert 'rel="next">Next issue: Autumn 2020' in text(client.get(summer.get_absolute_url()))


def test_previous_and_next_with_the_same_date(client, working_together):
    day = dt.date(2021, 1, 1)
    first = IssueFactory(newsletter=working_together, title="First", issue_date=day)
    second = IssueFactory(newsletter=working_together, title="Second", issue_date=day)
    assert "Next issue: Second" in text(client.get(first.get_absolute_url()))
    assert "Previous issue: First" in text(client.get(second.get_absolute_url()))


def test_section_anchors_are_unique_and_clear_of_the_pages_own_ids(client, working_together):
    issue = IssueFactory(newsletter=working_together)
    first = SectionFactory(issue=issue, heading="News")
    second = SectionFactory(issue=issue, heading="News")
    clash = SectionFactory(issue=issue, heading="Main content")
    glossary = SectionFactory(issue=issue, heading="x", anchor="glossary")
    assert [first.anchor, second.anchor] == ["news", "news-2"]
    assert clash.anchor == "section-main-content"
    assert glossary.anchor == "section-glossary"
    ids = [
        attrs["id"]
        for name in ("section", "h2", "main")
        for attrs in tags(client.get(issue.get_absolute_url()), name)
        if "id" in attrs
    ]
    assert len(ids) == len(set(ids))


def test_resaving_a_section_keeps_its_anchor(working_together):
    section = SectionFactory(issue=IssueFactory(newsletter=working_together), heading="News")
    section.body = "<p>Changed.</p>"
    section.save()
    assert Section.objects.get(pk=section.pk).anchor == "news"


def test_issue_page_shows_the_pdf_with_its_size(client, autumn, settings):
    autumn.pdf = SimpleUploadedFile("print.pdf", pdfs.clean_pdf(pages=6))
    autumn.save()
    body = text(client.get(autumn.get_absolute_url()))
    # The size of the file stored (rewritten without its metadata), not of the upload.
    stored_size = (settings.MEDIA_ROOT / autumn.pdf.name).stat().st_size
    assert autumn.pdf_size == stored_size
    assert f"Print version of Autumn 2020 (PDF, {max(round(stored_size / 1024), 1)} KB)" in body
    assert autumn.pdf.url in body


def test_question_corner_shows_answered_questions_published_in_the_issue(client, autumn):
    Question.objects.create(
        newsletter=autumn.newsletter,
        question="How do we start a board?",
        answer="Start small.",
        status="answered",
        published_in=autumn,
    )
    Question.objects.create(newsletter=autumn.newsletter, question="Unanswered one?")
    Question.objects.create(
        newsletter=autumn.newsletter,
        question="Private one?",
        answer="Answered by e-mail.",
        status="not-published",
        published_in=autumn,
    )
    body = text(client.get(autumn.get_absolute_url()))
    assert "Question: How do we start a board?" in body
    assert "Answer: Start small." in body
    assert "Unanswered one?" not in body
    assert "Private one?" not in body


def test_abbreviations_are_not_added_inside_links(client, working_together):
    issue = IssueFactory(newsletter=working_together)
    SectionFactory(
        issue=issue, body='<p>See <a href="https://example.org/">the OCC site</a>. OCC says hi.</p>'
    )
    issue.glossary.create(term="OCC", meaning="Oxfordshire County Council")
    body = text(client.get(issue.get_absolute_url()))
    assert '<a href="https://example.org/">the OCC site</a>' in body
    assert '<abbr title="Oxfordshire County Council">OCC</abbr> says hi' in body


def test_acronyms_with_ampersands_and_hyphens_are_marked(client, working_together):
    issue = IssueFactory(newsletter=working_together)
    SectionFactory(issue=issue, body="<p>Go to A&amp;E. An OCC-led plan. Use &amp; wisely.</p>")
    issue.glossary.create(term="A&E", meaning="Accident and Emergency")
    issue.glossary.create(term="OCC", meaning="Oxfordshire County Council")
    issue.glossary.create(term="amp", meaning="Amplifier")
    body = text(client.get(issue.get_absolute_url()))
    assert '<abbr title="Accident and Emergency">A&amp;E</abbr>.' in body
    assert '<abbr title="Oxfordshire County Council">OCC</abbr>-led' in body
    assert "Use &amp; wisely" in body


def test_draft_issue_is_404_but_previewable_by_editors(client, superuser, working_together):
    draft = IssueFactory(newsletter=working_together, status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(superuser)
    assert "Draft preview." in text(client.get(draft.get_absolute_url()))


# PDF uploads


def test_a_real_pdf_is_accepted():
    validate_pdf(SimpleUploadedFile("print.pdf", PDF))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html>not a pdf</html>", "This file is not a PDF."),
        (b"\x89PNG\r\n\x1a\n", "This file is not a PDF."),
        (b"", "This file is not a PDF."),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused(content, message):
    with pytest.raises(ValidationError) as error:
        validate_pdf(SimpleUploadedFile("renamed.pdf", content))
    assert message in error.value.messages[0]


def test_a_pdf_over_the_size_limit_is_refused():
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * PDF_MAX_BYTES)
    with pytest.raises(ValidationError) as error:
        validate_pdf(big)
    assert "too large" in error.value.messages[0]


def test_the_admin_refuses_a_renamed_file_and_keeps_the_issue_as_it_was(admin_client, autumn):
    url = reverse("admin:newsletters_issue_change", args=[autumn.pk])
    data = {
        "newsletter": autumn.newsletter_id,
        "title": autumn.title,
        "slug": autumn.slug,
        "issue_date": "01/10/2020",
        "introduction": autumn.introduction,
        "image_alt": "",
        "editors": autumn.editors,
        "contributors": "",
        "design_credit": autumn.design_credit,
        "status": "published",
        "publish_at_0": "01/10/2020",
        "publish_at_1": "09:00:00",
        "pdf": SimpleUploadedFile("print.pdf", b"MZ a program", content_type="application/pdf"),
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
        "glossary-TOTAL_FORMS": "0",
        "glossary-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "This file is not a PDF" in text(response)
    autumn.refresh_from_db()
    assert not autumn.pdf


# Search


def newsletter_results(query):
    """(issue, section or None) for each newsletter result of the site search, best first."""
    return [
        (r.obj.issue, r.obj) if isinstance(r.obj, Section) else (r.obj, None)
        for r in search(query, kind="newsletters").page(1).object_list
    ]


def test_search_finds_sections_and_issues(client, autumn, summer):
    response = client.get(reverse("search"), {"q": "brought together", "kind": "newsletters"})
    [result] = response.context["results"]
    assert result.obj.heading == "Reflections on Co-production Week"
    assert f"{autumn.get_absolute_url()}#reflections-on-co-production-week" in text(response)


def test_search_matches_issue_titles_and_introductions(autumn):
    assert (autumn, None) in newsletter_results("welcome")


def test_search_leaves_out_drafts(working_together):
    draft = IssueFactory(newsletter=working_together, status="draft")
    SectionFactory(issue=draft, body="<p>Hidden wombats.</p>")
    assert newsletter_results("wombats") == []


def test_search_uses_the_databases_own_matching(working_together):
    """CI runs the tests on both databases, so both ways of searching are tested."""
    better = IssueFactory(newsletter=working_together, title="Housing special")
    SectionFactory(
        issue=better, heading="Housing", body="<p>Housing, housing and more housing.</p>"
    )
    other = IssueFactory(newsletter=working_together)
    SectionFactory(issue=other, heading="Other news", body="<p>A word on houses and homes.</p>")
    if connection.vendor == "postgresql":
        # Full-text search: "housed" shares a stem with "housing" and "houses"; ranked.
        results = newsletter_results("housed")
        assert results[0][0] == better
        assert {issue for issue, _section in results} == {better, other}
    else:
        # The simpler match: every word must appear, less a common ending.
        assert {issue for issue, _ in newsletter_results("houses homes")} == {other}
        assert {issue for issue, _ in newsletter_results("housed")} == {better, other}
        assert newsletter_results("housed kittens") == []


@pytest.mark.parametrize("query", ["", "   ", "a" * 5000, "'\"&<>", "OR AND NOT -"])
def test_odd_searches_never_fail(client, autumn, query):
    response = client.get(reverse("search"), {"q": query, "kind": "newsletters"})
    assert response.status_code == 200


# Feed


def test_newsletter_feed_lists_published_issues(client, autumn, summer, working_together):
    IssueFactory(newsletter=working_together, title="Draft", status="draft")
    root = ET.fromstring(client.get(reverse("newsletters:feed", args=["working-together"])).content)
    titles = [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]
    assert titles == ["Working Together: Autumn 2020", "Working Together: Summer 2020"]
    assert root.find(f"{ATOM}author/{ATOM}name").text


# Home and group pages


def test_latest_issue_on_home_and_group_pages(client, autumn, summer, board):
    for url in [reverse("home"), board.get_absolute_url()]:
        body = text(client.get(url))
        assert autumn.get_absolute_url() in body
        assert summer.get_absolute_url() not in body


def test_latest_issue_on_home_and_group_pages_skips_drafts_and_scheduled(client, autumn, board):
    IssueFactory(
        newsletter=autumn.newsletter,
        title="Newer draft",
        issue_date=dt.date(2021, 1, 1),
        status="draft",
    )
    IssueFactory(
        newsletter=autumn.newsletter,
        title="Newer scheduled",
        issue_date=dt.date(2021, 2, 1),
        publish_at=timezone.now() + dt.timedelta(days=1),
    )
    for url in [reverse("home"), board.get_absolute_url()]:
        body = text(client.get(url))
        assert autumn.get_absolute_url() in body
        assert "Newer draft" not in body and "Newer scheduled" not in body
    assert Issue.objects.count() == 3


def test_sitemap_lists_published_issues(client, autumn, working_together):
    draft = IssueFactory(newsletter=working_together, slug="secret-draft", status="draft")
    body = whole_sitemap(client)
    assert autumn.get_absolute_url() in body
    assert draft.slug not in body


# Question corner


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def test_asking_a_question_stores_it_and_tells_the_editors(client, working_together):
    response = client.post(
        reverse("newsletters:ask", args=["working-together"]),
        {"question": "How do we start a board?", "name": "Sam", "email": "sam@example.org"},
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert (question.question, question.newsletter) == (
        "How do we start a board?",
        working_together,
    )
    assert question.editors_notified_at is not None
    [message] = mail.outbox
    assert message.to == ["editors@example.org"]
    assert "How do we start a board?" in message.body
    assert "Thank you for your question" in text(client.get(response["Location"]))


def test_the_editors_can_reply_to_the_reader(client, working_together):
    client.post(
        reverse("newsletters:ask", args=["working-together"]),
        {"question": "Can I help?", "email": "reader@example.org"},
    )
    assert mail.outbox[0].reply_to == ["reader@example.org"]


def test_a_question_is_kept_when_the_email_fails(client, working_together, settings):
    settings.EMAIL_BACKEND = "tests.newsletters.backends.RefusingBackend"
    working_together.editors_email = "bounce@example.org"
    working_together.save()
    response = client.post(
        reverse("newsletters:ask", args=["working-together"]), {"question": "Still kept?"}
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.question == "Still kept?"
    assert question.editors_notified_at is None


def test_question_form_errors_are_listed(client, working_together):
    response = client.post(
        reverse("newsletters:ask", args=["working-together"]), {"question": "", "email": "nope"}
    )
    assert response.status_code == 400
    assert "There is a problem" in text(response)
    assert not Question.objects.exists()


def test_questions_are_throttled(client, working_together):
    url = reverse("newsletters:ask", args=["working-together"])
    for i in range(QUESTION_LIMIT_PER_CLIENT):
        assert client.post(url, {"question": f"Question {i}"}).status_code == 302
    assert client.post(url, {"question": "One too many"}).status_code == 429
    assert Question.objects.count() == QUESTION_LIMIT_PER_CLIENT


def test_question_for_unknown_newsletter_is_404(client):
    assert client.post("/newsletters/nope/ask/", {"question": "?"}).status_code == 404


def test_published_question_needs_an_answer_and_the_same_newsletter(autumn):
    question = Question(newsletter=autumn.newsletter, question="Q?", published_in=autumn)
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert set(error.value.message_dict) == {"answer", "status"}
    other = Question(
        newsletter=NewsletterFactory(),
        question="Q?",
        answer="A.",
        status="answered",
        published_in=autumn,
    )
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert set(error.value.message_dict) == {"published_in"}


def test_newsletter_slug_cannot_take_a_site_address(working_together):
    working_together.slug = "search"
    with pytest.raises(ValidationError):
        working_together.full_clean()


def test_group_page_has_a_subscribe_form_with_its_newsletter_chosen(client, autumn, board):
    response = client.get(board.get_absolute_url())
    checked = [
        i["value"]
        for i in tags(response, "input")
        if i.get("name") == "newsletters" and "checked" in i
    ]
    assert checked == [str(autumn.newsletter.pk)]
    source = [i for i in tags(response, "input") if i.get("name") == "source"][0]
    assert source["value"] == "Group page: Team-Up Board"


def test_group_without_a_newsletter_has_no_subscribe_form(client):
    group = CommunityGroupFactory()
    assert 'name="newsletters"' not in text(client.get(group.get_absolute_url()))
