"""One e-mail to many people: each copy made from the template is byte for byte the e-mail
Django would have built for that person (apart from what differs between any two builds: the
date, the message id and the MIME boundary), and where that cannot be guaranteed no copy is
made, so the caller builds it the usual way."""

import re

import pytest
from django.core.mail import EmailMultiAlternatives

from oig_site.core.mailmerge import MimeCopy, MimeTemplate, html_with_short_lines

PLACEHOLDER = "link-0123456789abcdef0123456789abcdef"
LINK = (
    "https://coproduction.example.org/newsletters/unsubscribe/"
    "eyJzIjoxMjM0NX0:1vNzAb:Qx3y7aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789ab/"
)


def compose(link, to, *, subject="Working Together – Autumn 2020", text="", html=""):
    message = EmailMultiAlternatives(
        subject=subject,
        body=f"Hello.\n{text}\nTo stop getting it: {link}\n",
        to=to,
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": "Working Together <working-together.newsletters>",
        },
    )
    message.attach_alternative(f'<p>Hello.</p>{html}<p><a href="{link}">Stop</a></p>', "text/html")
    return message


def template(**content):
    return MimeTemplate(compose(PLACEHOLDER, ["x@example.invalid"], **content), PLACEHOLDER)


def same_apart_from_date_id_and_boundary(data: bytes) -> bytes:
    data = re.sub(rb"\r\nDate: [^\r]*", b"\r\nDate: D", data)
    data = re.sub(rb"\r\nMessage-ID: [^\r]*", b"\r\nMessage-ID: M", data)
    boundary = re.search(rb'boundary="([^"]+)"', data).group(1)
    return data.replace(boundary, b"BOUNDARY")


@pytest.mark.parametrize(
    ("address", "content"),
    [
        ("reader@example.org", {}),
        ("a.very.long.address.of.someone.who.reads.newsletters@a-long-domain.example.org", {}),
        ("reader@bücher.example", {}),  # an international domain, written in its ASCII form
        ("Sam Reader <sam@example.org>", {"subject": "Ça va – a subject with accents ✓"}),
        ("reader@example.org", {"text": "Café, naïve, 20 °C.", "html": "<p>Café ✓</p>"}),
        ("reader@example.org", {"text": "word " * 190}),  # a 950-character line
    ],
)
def test_a_copy_is_what_django_builds(address, content):
    mime = template(**content)
    message = compose(LINK, [address], **content)
    copy = mime.copy(message, LINK)
    assert isinstance(copy, MimeCopy)
    ours = copy.as_bytes(linesep="\r\n")
    djangos = message.message().as_bytes(linesep="\r\n")
    assert same_apart_from_date_id_and_boundary(ours) == same_apart_from_date_id_and_boundary(
        djangos
    )
    # The same with the line endings the console and file backends use.
    assert copy.as_bytes().replace(b"\n", b"\r\n") == ours


def test_each_copy_has_its_own_message_id_and_the_headers_can_be_read():
    mime = template()
    first, second = (mime.copy(compose(LINK, [f"reader{n}@example.org"]), LINK) for n in range(2))
    assert first["Message-ID"] != second["Message-ID"]
    assert first["To"] == "reader0@example.org"
    # Too long for one line with its name, so folded onto the next, as Django writes it.
    assert first["List-Unsubscribe"] == f"\n <{LINK}>"
    assert first.get_content_type() == "multipart/alternative"


@pytest.mark.parametrize(
    ("link", "content"),
    [
        (LINK.replace("newsletters", "co&op"), {}),  # HTML-escaping changes it
        (LINK.replace("coproduction", "coproducción"), {}),  # not ASCII
        (LINK, {"html": "<p>" + "word " * 170 + f"{PLACEHOLDER}</p>"}),  # too long with it
    ],
    ids=["escaped", "not-ascii", "line-too-long"],
)
def test_no_copy_when_it_could_differ_from_djangos(link, content):
    mime = template(**content)
    assert mime.usable
    assert mime.copy(compose(link, ["reader@example.org"], **content), link) is None


def test_a_template_whose_bodies_are_encoded_is_never_used():
    # A line over 998 characters makes Django write the body as quoted-printable.
    mime = template(text="word " * 250)
    assert not mime.usable
    assert mime.copy(compose(LINK, ["reader@example.org"], text="word " * 250), LINK) is None


def test_a_line_break_in_an_address_is_refused_at_once():
    mime = template()
    with pytest.raises(ValueError, match="newlines"):
        mime.copy(compose(LINK, ["reader@example.org\nBcc: everyone@example.org"]), LINK)


def test_rich_text_on_one_long_line_is_broken_after_each_block_so_it_can_be_copied():
    paragraphs = "".join(f"<p>Paragraph {n}: {'word ' * 40}</p>" for n in range(10))
    html = f"<h2>News</h2>{paragraphs}<ul><li>One</li><li>Two</li></ul>"
    assert len(html) > 998
    assert not template(html=html).usable  # Django would send it quoted-printable
    short = html_with_short_lines(html)
    assert short.replace("\n", "") == html  # only line breaks added...
    assert short.count("\n") == 14  # ...one after each block's end
    assert max(len(line) for line in short.splitlines()) < 998
    mime = template(html=short)
    assert mime.usable
    message = compose(LINK, ["reader@example.org"], html=short)
    copy = mime.copy(message, LINK)
    assert same_apart_from_date_id_and_boundary(
        copy.as_bytes(linesep="\r\n")
    ) == same_apart_from_date_id_and_boundary(message.message().as_bytes(linesep="\r\n"))
