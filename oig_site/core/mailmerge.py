"""One e-mail sent to many people, each copy with its own link: the MIME is built once, and
each person's copy is made from it by putting in their address, their link, a date and a
message id, byte for byte as Django would have built that copy itself.

Building an e-mail's MIME with Python's ``email`` package (encoding the headers, writing the
parts) costs milliseconds; for a newsletter sent to thousands that is most of the time spent
outside the mail server. ``MimeTemplate`` does it once per send.

It makes a copy only when it can be sure of the result: both bodies written as they are (7bit
or 8bit, not quoted-printable or base64), a link of plain ASCII that HTML-escaping leaves as
it is, and no line made longer than the 998 characters mail allows. Otherwise ``copy()``
answers None and the caller builds the e-mail the usual way. The template checks itself when
made: put back together with its own values, it must be exactly Django's bytes, or it is
never used.
"""

import email
import re
from email import policy as email_policy
from email.utils import formatdate, make_msgid

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import forbid_multi_line_headers
from django.core.mail.utils import DNS_NAME
from django.utils.html import escape

# Longest line a mail server must accept (RFC 5322), as Django counts it.
LINE_LIMIT = 998
LINE_ENDING = "\r\n"  # as sent over SMTP

# The end of a block of HTML (a paragraph, heading, list item...), not already followed by a
# line break. A line break there changes nothing a reader sees.
BLOCK_END = re.compile(
    r"(</(?:p|h[1-6]|li|ul|ol|blockquote|div|table|tr|figure|figcaption)\s*>)(?!\r?\n)",
    re.IGNORECASE,
)


def html_with_short_lines(html: str) -> str:
    """``html`` with a line break after the end of each block. Rich text is stored on one
    line, and a line over 998 characters makes Django send the HTML part quoted-printable
    (encoded character by character, and impossible to copy from a template); short lines keep
    it as it is. It shows exactly the same."""
    return BLOCK_END.sub("\\1\n", html)


class MimeTemplate:
    """The MIME of ``message`` (an e-mail with ``placeholder`` where each person's link goes, in
    its bodies and in any header) ready to copy for each recipient."""

    def __init__(self, message: EmailMessage, placeholder: str):
        self.placeholder = placeholder
        self.encoding = message.encoding or settings.DEFAULT_CHARSET
        built = message.message()
        self._built = built
        self._layouts: dict[str, tuple | None] = {}
        # Only bodies written as they are can take a link by replacing the placeholder.
        parts = built.get_payload() if built.is_multipart() else [built]
        self.usable = all(
            not part.is_multipart()
            and part.get("Content-Transfer-Encoding", "7bit") in ("7bit", "8bit")
            for part in parts
        )
        if self.usable:
            self.usable = self._layout(LINE_ENDING) is not None

    def _layout(self, linesep: str):
        """The fixed headers (folded bytes) and the names of those made per copy, in order;
        the body; and the lengths of the body's lines that hold the placeholder. None if
        putting the template back together does not give Django's own bytes."""
        if linesep in self._layouts:
            return self._layouts[linesep]
        raw = self._built.as_bytes(linesep=linesep)  # the first call fixes the boundary
        head, blank, body = raw.partition((linesep * 2).encode())
        policy = self._built.policy.clone(linesep=linesep)
        headers = []
        for name, value in self._built.raw_items():
            if name.lower() in ("to", "date", "message-id") or self.placeholder in value:
                headers.append(name)
            else:
                headers.append(policy.fold_binary(name, value))
        own = dict(self._built.raw_items())
        marker = self.placeholder.encode()
        lines = [
            (len(line), line.count(marker))
            for line in body.split(linesep.encode())
            if marker in line
        ]
        layout = (headers, body, lines, policy)
        rebuilt = self._assemble(layout, own, linesep, self.placeholder)
        self._layouts[linesep] = layout if rebuilt == raw else None
        return self._layouts[linesep]

    def _assemble(self, layout, values: dict, linesep: str, link: str) -> bytes:
        headers, body, _lines, policy = layout
        out = []
        for header in headers:
            if isinstance(header, bytes):
                out.append(header)
            else:
                name, value = forbid_multi_line_headers(header, values[header], self.encoding)
                out.append(policy.fold_binary(name, value))
        out.append(linesep.encode())
        out.append(body.replace(self.placeholder.encode(), link.encode()))
        return b"".join(out)

    def copy(self, message: EmailMessage, link: str) -> "MimeCopy | None":
        """The MIME of ``message``: this template with ``message``'s own address, extra
        headers and ``link``. None if the template cannot make it exactly."""
        if not self.usable or not link.isascii() or escape(link) != link:
            return None
        layout = self._layout(LINE_ENDING)
        growth = len(link) - len(self.placeholder)
        if any(length + count * growth > LINE_LIMIT for length, count in layout[2]):
            return None
        values = {}
        for header in layout[0]:
            if isinstance(header, bytes):
                continue
            key = header.lower()
            if header in message.extra_headers:
                values[header] = str(message.extra_headers[header])
            elif key == "to":
                values[header] = ", ".join(str(address) for address in message.to)
            elif key == "date":
                values[header] = formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
            elif key == "message-id":
                values[header] = make_msgid(domain=DNS_NAME)
            else:
                return None
        return MimeCopy(self, values, link)


class MimeCopy:
    """One person's copy, for a mail backend: ``as_bytes()`` is what is sent. Anything else a
    backend might ask of a MIME message is answered by building it in full."""

    def __init__(self, template: MimeTemplate, values: dict, link: str):
        self._template = template
        self._values = values
        self._link = link
        self._bytes: dict[str, bytes] = {}
        self.as_bytes(linesep=LINE_ENDING)  # a bad header (a line break) shows at once

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        if unixfrom:
            return self._full().as_bytes(unixfrom=unixfrom, linesep=linesep)
        if linesep not in self._bytes:
            layout = self._template._layout(linesep)
            if layout is None:
                return self._full().as_bytes(linesep=linesep)
            self._bytes[linesep] = self._template._assemble(
                layout, self._values, linesep, self._link
            )
        return self._bytes[linesep]

    def _full(self):
        """This copy as a message object of Python's ``email`` package."""
        if "_message" not in self.__dict__:
            self._message = email.message_from_bytes(
                self.as_bytes(linesep="\n"), policy=email_policy.compat32
            )
        return self._message

    def __getitem__(self, name):
        return self._full()[name]

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._full(), name)
