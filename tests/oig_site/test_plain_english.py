"""Plain English: no sentence of the demo content, or of the words the templates always show,
is longer than ``LIMIT`` words (``tests/readability.py`` says why that measure). A page that
fails is rewritten in shorter sentences, not let through."""

from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models

from tests.readability import LIMIT, html_text, long_sentences, template_text, word_count

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# The admin's templates are Django's own words, for staff.
SKIPPED_TEMPLATE_FOLDERS = {"admin"}
CONTENT_APPS = ("groups", "activities", "newsletters", "asks")


def site_templates() -> list[Path]:
    """The site's page and e-mail templates (HTML and plain text)."""
    return [
        path
        for path in sorted(TEMPLATES.rglob("*"))
        if path.suffix in {".html", ".txt"}
        and not SKIPPED_TEMPLATE_FOLDERS & set(path.relative_to(TEMPLATES).parts)
    ]


def test_the_templates_fixed_text_has_no_long_sentences():
    templates = site_templates()
    assert len(templates) > 50
    assert any("email" in path.parts for path in templates)
    too_long = {
        str(path.relative_to(TEMPLATES)): found
        for path in templates
        if (found := long_sentences(template_text(path.read_text())))
    }
    assert too_long == {}


@pytest.mark.django_db
def test_the_demo_content_has_no_long_sentences():
    call_command("load_demo_content", stdout=StringIO())
    too_long, texts = {}, 0
    for app in CONTENT_APPS:
        for model in apps.get_app_config(app).get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, models.TextField)]
            for obj in model.objects.all():
                for field in fields:
                    value = getattr(obj, field.attname) or ""
                    texts += bool(value)
                    if found := long_sentences(html_text(value)):
                        too_long[f"{model.__name__} {obj}: {field.name}"] = found
    assert texts > 100  # the check read the demo content
    assert too_long == {}


# The checker itself: it must catch a long sentence wherever one is added.

LONG = " ".join(["word"] * (LIMIT + 1)) + "."
SHORT = " ".join(["word"] * LIMIT) + "."


def test_a_sentence_over_the_limit_is_found_and_one_at_it_is_not():
    assert long_sentences(f"{SHORT} {LONG} {SHORT}") == [LONG]
    assert long_sentences(f"{SHORT} {SHORT}") == []


def test_sentences_end_at_full_stops_question_marks_and_line_breaks():
    half = " ".join(["word"] * 15)
    assert long_sentences(f"{half}? {half}! {half}\n{half}") == []
    assert long_sentences(f"{half}, {half}") != []


def test_a_long_sentence_in_a_template_is_found_through_its_tags():
    source = (
        "{% extends 'base.html' %}{% block content %}<p>We keep <strong>your name</strong> "
        "and {{ count }} other things, " + " ".join(["more"] * 20) + ".</p>{% endblock %}"
    )
    (sentence,) = long_sentences(template_text(source))
    assert sentence.startswith("We keep your name and X other things")


def test_template_tags_comments_and_block_tags_break_the_text():
    half = " ".join(["word"] * 15)
    assert long_sentences(template_text(f"<li>{half}</li><li>{half}</li>")) == []
    assert long_sentences(template_text(f"{half}{{% if a %}}{half}{{% endif %}}")) == []
    assert long_sentences(template_text(f"{{# {LONG} #}}<!-- {LONG} -->")) == []


def test_rich_text_is_read_as_words():
    assert html_text("<p>Tenants&#x27; voices</p><ul><li>Housing</li></ul>").split() == [
        "Tenants'",
        "voices",
        "Housing",
    ]
    assert word_count("Co-production isn't hard: 240 people said so.") == 7
