"""Uploaded PDFs (a newsletter's print version): parsed with pypdf, refused if they could run
anything or carry other files, and stripped of the document details that could name a member.

A PDF can hold much more than pages: scripts (JavaScript), actions that run by themselves when
it is opened, commands that start other programs, and whole files attached inside it. None of
that belongs in a newsletter, so such files are refused with a message saying how to make a
plain one. Its "properties" (author, the program and computer that made it, and the XMP
metadata stream) often name the person who wrote it; they are removed before it is stored.
"""

import io
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import FileExtensionValidator
from django.db.models.fields.files import FieldFile, FileField
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

MAX_BYTES = 20 * 1024 * 1024
# A generous bound on the objects looked at, so a hostile file cannot keep a worker busy.
MAX_OBJECTS = 500_000

SAVE_AGAIN = (
    " Save or export it again as a plain PDF (for example with 'Save as PDF' or 'Print to "
    "PDF') and upload that."
)
NOT_A_PDF = "This file is not a PDF. Choose the PDF of the print version."
DAMAGED = "This PDF seems to be damaged or cut short, so it cannot be opened." + SAVE_AGAIN
ENCRYPTED = (
    "This PDF is protected with a password or locked, so readers may not be able to open it."
    + SAVE_AGAIN
)
JAVASCRIPT = "This PDF contains JavaScript (a program that runs when it is opened)." + SAVE_AGAIN
ATTACHMENTS = "This PDF has other files attached inside it." + SAVE_AGAIN
LAUNCH = "This PDF contains a command that opens other programs or files." + SAVE_AGAIN
AUTO_ACTIONS = (
    "This PDF contains actions that run by themselves when it is opened or read." + SAVE_AGAIN
)
TOO_COMPLEX = "This PDF is too complicated to check." + SAVE_AGAIN

# Dictionary keys, and action types (/S), that are refused wherever they appear.
REFUSED_KEYS = {
    "/JS": JAVASCRIPT,
    "/JavaScript": JAVASCRIPT,
    "/EmbeddedFiles": ATTACHMENTS,
    "/EmbeddedFile": ATTACHMENTS,
    "/EF": ATTACHMENTS,  # a file specification with the file inside it
    "/AA": AUTO_ACTIONS,
    "/XFA": JAVASCRIPT,  # XML forms, which carry their own scripts
}
REFUSED_ACTIONS = {
    "/JavaScript": JAVASCRIPT,
    "/Launch": LAUNCH,
    "/GoToR": LAUNCH,  # opens another file
    "/GoToE": ATTACHMENTS,  # opens a file attached inside
    "/ImportData": LAUNCH,
    "/SubmitForm": AUTO_ACTIONS,
    "/Rendition": JAVASCRIPT,  # may carry a script
    "/RichMediaExecute": JAVASCRIPT,
}
REFUSED_TYPES = {
    "/EmbeddedFile": ATTACHMENTS,
    "/FileAttachment": ATTACHMENTS,
    "/RichMedia": JAVASCRIPT,
}

logger = logging.getLogger(__name__)


def _refusal(obj: DictionaryObject) -> str | None:
    for key, message in REFUSED_KEYS.items():
        if key in obj:
            return message
    for key, table in (
        ("/S", REFUSED_ACTIONS),
        ("/Type", REFUSED_TYPES),
        ("/Subtype", REFUSED_TYPES),
    ):
        value = obj.get(key)
        if isinstance(value, NameObject) and value in table:
            return table[value]
    return None


def _check_objects(reader: PdfReader) -> None:
    """Look at every object reachable from the document (as a PDF reader would), so a script
    cannot hide in an annotation, a form field, an outline entry or a names tree."""
    seen: set[tuple[int, int]] = set()
    pending = [reader.trailer["/Root"]]
    looked_at = 0
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        looked_at += 1
        if looked_at > MAX_OBJECTS:
            raise ValidationError(TOO_COMPLEX)
        if isinstance(item, DictionaryObject):  # streams are dictionaries too
            message = _refusal(item)
            if message:
                raise ValidationError(message)
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)


def _read(upload) -> PdfReader:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not data.lstrip(b"\r\n\t \0")[:5] == b"%PDF-":
        raise ValidationError(NOT_A_PDF)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(ENCRYPTED)
        if len(reader.pages) == 0:
            raise ValidationError(DAMAGED)
    except ValidationError:
        raise
    except Exception as error:
        logger.info("Refused a PDF that cannot be read: %r", error)
        raise ValidationError(DAMAGED) from error
    return reader


def validate_pdf(upload) -> None:
    """A real, readable PDF within the size limit, with no scripts, attachments, launch
    commands or actions that run by themselves. Files already stored were checked when they
    were uploaded."""
    if getattr(upload, "_committed", False):
        return
    if upload.size > MAX_BYTES:
        raise ValidationError(
            f"The PDF is too large ({upload.size / 1024 / 1024:.1f} MB). "
            f"The limit is {MAX_BYTES // 1024 // 1024} MB: try saving it at a smaller size."
        )
    reader = _read(upload)
    try:
        _check_objects(reader)
        for page in reader.pages:
            page.get_contents()  # every page's content can be read
    except ValidationError:
        raise
    except Exception as error:
        logger.info("Refused a PDF that cannot be read: %r", error)
        raise ValidationError(DAMAGED) from error


def clean_pdf(content) -> bytes:
    """The PDF written again with its pages (and links, outline) intact but without the
    document information (author, title, creator program...) or XMP metadata."""
    reader = _read(content)
    writer = PdfWriter(clone_from=reader)
    writer.metadata = None  # the document information dictionary
    writer.xmp_metadata = None  # the XMP metadata stream
    for page in writer.pages:
        for key in ("/Metadata", "/PieceInfo"):
            if key in page:
                del page[key]
    root = writer.root_object
    if "/PieceInfo" in root:
        del root["/PieceInfo"]
    # What was removed is no longer referenced; leave it out of the file written.
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class CleanPdfFieldFile(FieldFile):
    def save(self, name, content, save=True):
        super().save(name, ContentFile(clean_pdf(content)), save=save)


class CleanPdfField(FileField):
    """A FileField for PDFs: checked with ``validate_pdf`` and rewritten without metadata,
    whichever way they arrive (admin, shell, demo content)."""

    attr_class = CleanPdfFieldFile

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", []).extend([FileExtensionValidator(["pdf"]), validate_pdf])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, "django.db.models.FileField", args, kwargs
