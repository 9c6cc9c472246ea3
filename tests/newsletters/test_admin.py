"""The newsletters' admin records who created each newsletter and who last changed it, as the
admin of every other kind of content does."""

import re

import pytest
from django.urls import reverse

from newsletters.models import Newsletter, Question
from tests.html import form_data, text

pytestmark = pytest.mark.django_db


def test_adding_a_newsletter_records_who_created_and_last_edited_it(admin_client, superuser, board):
    url = reverse("admin:newsletters_newsletter_add")
    data = form_data(admin_client.get(url), "newsletter_form")
    data.update(name="Parent Power News", slug="parent-power-news", groups=[board.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 302
    newsletter = Newsletter.objects.get(slug="parent-power-news")
    assert newsletter.created_by == superuser
    assert newsletter.updated_by == superuser


def test_changing_a_newsletter_records_the_last_editor_and_keeps_who_created_it(
    client, superuser, working_together, django_user_model
):
    working_together.created_by = superuser
    working_together.save()
    editor = django_user_model.objects.create_superuser(username="editor", password="x")
    client.force_login(editor)
    url = reverse("admin:newsletters_newsletter_change", args=[working_together.pk])
    data = form_data(client.get(url), "newsletter_form")
    data["description"] = "Four times a year, from the board."
    assert client.post(url, data).status_code == 302
    working_together.refresh_from_db()
    assert working_together.description == "Four times a year, from the board."
    assert working_together.created_by == superuser
    assert working_together.updated_by == editor


def test_the_newsletter_page_shows_who_created_and_last_edited_it(
    admin_client, superuser, working_together, django_user_model
):
    editor = django_user_model.objects.create_user(username="gemma", password="x")
    working_together.created_by, working_together.updated_by = superuser, editor
    working_together.save()
    url = reverse("admin:newsletters_newsletter_change", args=[working_together.pk])
    page = re.sub(r"\s+", " ", text(admin_client.get(url)))
    assert re.search(r"<label>Created by:</label> <div class=\"readonly\"><a [^>]*>admin</a>", page)
    assert re.search(
        r"<label>Last changed by:</label> <div class=\"readonly\"><a [^>]*>gemma</a>", page
    )


def test_the_newsletter_page_folds_its_record_away_at_the_end(admin_client, working_together):
    url = reverse("admin:newsletters_newsletter_change", args=[working_together.pk])
    page = text(admin_client.get(url))
    record = re.search(r"<details>\s*<summary>\s*<h2[^>]*>\s*Record", page)
    assert record, "the record is a folded 'Record' section"
    assert page.index('id="id_editors_email"') < record.start() < page.index("Created by:")


def test_a_readers_question_is_labelled_for_the_editors_who_read_it(admin_client, autumn):
    question = Question.objects.create(
        newsletter=autumn.newsletter, question="Can I bring my baby?", published_in=autumn
    )
    page = text(admin_client.get(reverse("admin:newsletters_question_change", args=[question.pk])))
    assert "The reader's question:" in page.replace("&#x27;", "'")
    assert "Their e-mail address:" in page
    assert "Your question" not in page and "Your e-mail" not in page


def test_no_choice_on_a_form_offers_to_delete_the_thing_chosen(admin_client, autumn):
    """Django put a red cross beside "Published in", which deleted the whole issue."""
    question = Question.objects.create(
        newsletter=autumn.newsletter, question="Can I bring my baby?", published_in=autumn
    )
    page = text(admin_client.get(reverse("admin:newsletters_question_change", args=[question.pk])))
    assert 'id="delete_id_published_in"' not in page
    assert 'id="change_id_published_in"' in page  # the pencil (change it) stays
