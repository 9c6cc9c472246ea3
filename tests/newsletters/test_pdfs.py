"""An issue's print version (PDF): read with pypdf, refused when it is not a readable PDF or could
run anything or carry other files, and stored without the details that could name its author."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from newsletters.models import validate_pdf
from tests import pdfs
from tests.factories import IssueFactory
from tests.html import form_data, text

pytestmark = pytest.mark.django_db

BAD_PDFS = [
    (pdfs.javascript_open_action, "contains JavaScript"),
    (pdfs.javascript_names_tree, "contains JavaScript"),
    (pdfs.embedded_file, "has other files attached inside it"),
    (pdfs.file_attachment_annotation, "has other files attached inside it"),
    (pdfs.launch_action, "opens other programs or files"),
    (pdfs.page_auto_action, "actions that run by themselves"),
    (pdfs.encrypted, "protected with a password"),
    (pdfs.cut_short, "damaged or cut short"),
    (lambda: b"%PDF-1.7\nnot a PDF after all", "damaged or cut short"),
    (lambda: b"MZ a program", "This file is not a PDF"),
]
IDS = [
    "JavaScript on opening",
    "JavaScript names tree",
    "embedded file",
    "file attachment annotation",
    "launch action",
    "page auto-action",
    "encrypted",
    "cut short",
    "only a PDF header",
    "a program",
]


def upload(data: bytes, name="print.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.mark.parametrize(("make", "message"), BAD_PDFS, ids=IDS)
def test_the_validator_refuses_unsafe_or_unreadable_pdfs(make, message):
    with pytest.raises(ValidationError) as error:
        validate_pdf(upload(make()))
    assert message in error.value.messages[0]
    assert "Save or export it again" in error.value.messages[0] or "not a PDF" in message


def test_the_validator_accepts_a_plain_pdf():
    validate_pdf(upload(pdfs.clean_pdf()))


def post_pdf(client, issue, data: bytes):
    url = reverse("admin:newsletters_issue_change", args=[issue.pk])
    form = form_data(client.get(url), "issue_form")
    form["pdf"] = upload(data, name="Jane Member's autumn print.pdf")
    return client.post(url, form)


@pytest.mark.parametrize(("make", "message"), BAD_PDFS, ids=IDS)
def test_the_admin_refuses_an_unsafe_pdf_with_a_message(
    admin_client, settings, autumn, make, message
):
    response = post_pdf(admin_client, autumn, make())
    assert response.status_code == 200
    assert message in text(response)
    autumn.refresh_from_db()
    assert not autumn.pdf
    assert not list(settings.MEDIA_ROOT.rglob("*.pdf"))


def test_a_pdf_is_stored_without_its_metadata_and_with_its_pages(admin_client, settings, autumn):
    original = pdfs.clean_pdf(pages=3)
    assert PdfReader(io.BytesIO(original)).metadata["/Author"] == pdfs.AUTHOR
    response = post_pdf(admin_client, autumn, original)
    assert response.status_code == 302, text(response)[:3000]
    autumn.refresh_from_db()
    assert "jane" not in autumn.pdf.name.lower()
    stored = (settings.MEDIA_ROOT / autumn.pdf.name).read_bytes()
    reader = PdfReader(io.BytesIO(stored))
    assert reader.metadata is None  # no author, title, creator or producer
    assert reader.xmp_metadata is None
    assert pdfs.AUTHOR.encode() not in stored
    assert len(reader.pages) == 3
    assert reader.pages[0].mediabox.width == 595
    assert autumn.pdf_size == len(stored)


def test_a_pdf_saved_outside_the_admin_is_cleaned_too(settings, autumn):
    autumn.pdf.save("print.pdf", upload(pdfs.clean_pdf()))
    stored = (settings.MEDIA_ROOT / autumn.pdf.name).read_bytes()
    assert pdfs.AUTHOR.encode() not in stored


def test_a_pdf_gets_a_random_name(working_together):
    issue = IssueFactory(newsletter=working_together, title="Winter 2021", status="draft")
    issue.pdf = SimpleUploadedFile("Winter 2021 print.pdf", pdfs.clean_pdf())
    issue.save()
    assert "winter" not in issue.pdf.name.lower()
    assert re.fullmatch(r"newsletters/[0-9a-f]{32}\.pdf", issue.pdf.name)


def test_the_size_limit_is_kept(monkeypatch):
    monkeypatch.setattr("oig_site.core.pdfs.MAX_BYTES", 1000)
    with pytest.raises(ValidationError) as error:
        validate_pdf(upload(pdfs.clean_pdf() + b"\n" * 1000))
    assert "The PDF is too large" in error.value.messages[0]
