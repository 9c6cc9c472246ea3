"""PDFs built in code for the upload tests: a clean one with identifying metadata, and one of
each kind the site refuses."""

import io

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

AUTHOR = "Jane Member"
XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
    b"<dc:creator><rdf:Seq><rdf:li>Jane Member</rdf:li></rdf:Seq></dc:creator>"
    b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    b'<?xpacket end="w"?>'
)


def _name(value: str) -> NameObject:
    return NameObject(value)


def _write(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _writer(pages: int = 2) -> PdfWriter:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    return writer


def clean_pdf(pages: int = 2) -> bytes:
    """A harmless PDF whose properties and XMP metadata name its author."""
    writer = _writer(pages)
    writer.add_metadata(
        {
            "/Author": AUTHOR,
            "/Creator": "Jane's laptop",
            "/Producer": "WordProcessor 12",
            "/Title": "Autumn newsletter",
        }
    )
    writer.xmp_metadata = XMP
    return _write(writer)


def _action(writer: PdfWriter, kind: str, **entries) -> object:
    action = DictionaryObject({_name("/Type"): _name("/Action"), _name("/S"): _name(kind)})
    action.update({_name(f"/{key}"): value for key, value in entries.items()})
    return writer._add_object(action)


def javascript_open_action() -> bytes:
    writer = _writer()
    writer.root_object[_name("/OpenAction")] = _action(
        writer, "/JavaScript", JS=TextStringObject("app.alert('hello');")
    )
    return _write(writer)


def javascript_names_tree() -> bytes:
    writer = _writer()
    script = _action(writer, "/JavaScript", JS=TextStringObject("app.alert('hello');"))
    names = DictionaryObject({_name("/Names"): ArrayObject([TextStringObject("greeting"), script])})
    writer.root_object[_name("/Names")] = DictionaryObject(
        {_name("/JavaScript"): writer._add_object(names)}
    )
    return _write(writer)


def embedded_file() -> bytes:
    writer = _writer()
    writer.add_attachment("members.csv", b"name,address\nJane,1 High Street\n")
    return _write(writer)


def file_attachment_annotation() -> bytes:
    writer = _writer()
    stream = DecodedStreamObject()
    stream.set_data(b"secret")
    stream[_name("/Type")] = _name("/EmbeddedFile")
    annotation = DictionaryObject(
        {
            _name("/Type"): _name("/Annot"),
            _name("/Subtype"): _name("/FileAttachment"),
            _name("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 30, 30)]),
            _name("/FS"): DictionaryObject(
                {
                    _name("/Type"): _name("/Filespec"),
                    _name("/F"): TextStringObject("notes.txt"),
                    _name("/EF"): DictionaryObject({_name("/F"): writer._add_object(stream)}),
                }
            ),
        }
    )
    writer.pages[0][_name("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return _write(writer)


def launch_action() -> bytes:
    writer = _writer()
    writer.root_object[_name("/OpenAction")] = _action(
        writer, "/Launch", F=TextStringObject("C:\\Windows\\System32\\cmd.exe")
    )
    return _write(writer)


def page_auto_action() -> bytes:
    """A page that does something by itself when it is opened (/AA), here going to a web
    address."""
    writer = _writer()
    go = _action(writer, "/URI", URI=TextStringObject("https://example.org/tracker"))
    writer.pages[0][_name("/AA")] = DictionaryObject({_name("/O"): go})
    return _write(writer)


def encrypted() -> bytes:
    writer = _writer()
    writer.encrypt("a password")
    return _write(writer)


def cut_short() -> bytes:
    return clean_pdf()[:300]
