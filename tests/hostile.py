"""Hostile values for fuzzing the site's pages and forms, and a small reader for the links and
forms in an HTML page.

Every value is named, so a failure reads as ``GET /groups/ topic=<huge-number>`` rather than ten
thousand x's. ``CORE`` values go to every parameter; the others are shared out in turn so each
of them is still tried on many fields while keeping the number of requests small.
"""

import itertools
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

# Values that have broken sites like this one before: tried on every parameter.
CORE = {
    "huge-number": "99999999999999999999999",
    "negative-huge-number": "-99999999999999999999999",
    "bigint-plus-one": "9223372036854775808",
    "negative": "-1",
    "overlong": "x" * 10_000,
    "control-characters": "line one\r\nline two\x1b[31m\x7f\x0b\x0c",
    "bad-date": "2024-02-30",
    "far-future-date": "99999-01-01",
}

# Tried on some parameters each, in turn.
EXTRA = {
    "zero": "0",
    "int32-plus-one": "2147483648",
    "float": "1e308",
    "not-a-number": "NaN",
    "zero-date": "0000-00-00",
    "nul": "a\x00b",
    "dot-dot": "../../../etc/passwd",
    "percent": "%",
    "percent-encoded": "%00%2e%2e%ff",
    "sql": "' OR 1=1; DROP TABLE auth_user; --",
    "html": '"><script>alert(1)</script><img src=x onerror=alert(1)>',
    "right-to-left": "\u202egnp.exe\u200f\u2066",
    "emoji": "\U0001f469\U0001f3fd\u200d\U0001f9af\U0001f3f3\ufe0f\u200d\U0001f308",
    "combining": "Z\u0337\u0322\u0353a\u0338l\u0336g\u0334o\u0301\u0301\u0301",
    "lone-surrogate-escaped": "\\ud800",
    "empty": "",
    "spaces": "   ",
    "unicode-digits": "\u0661\u0662\u0663",  # Arabic-Indic 123: int() accepts these
}

ALL = {**CORE, **EXTRA}

# A parameter sent twice: what a form does with a list where it expects one value.
ARRAY = ["1", "99999999999999999999999"]


def sample(name: str, *, extra: int = 3, core: dict | None = None) -> list[tuple[str, object]]:
    """The values to try on the parameter ``name``: every core value, a few of the others
    (chosen by the name, so runs are repeatable) and the same parameter sent twice."""
    extras = list(EXTRA.items())
    start = zlib.crc32(name.encode()) % len(extras)
    chosen = list(itertools.islice(itertools.cycle(extras), start, start + extra))
    return [*(core if core is not None else CORE).items(), *chosen, ("repeated", ARRAY)]


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    # What a plausible visitor would pick for fields with no value: the first option of a
    # select, a checkbox's value.
    choices: dict[str, list[str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)


class PageReader(HTMLParser):
    """Collects the links and forms of a page, as a browser would see them."""

    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag in {"a", "link"} and attrs.get("href"):
            self.links.append(urljoin(self.url, attrs["href"]))
        elif tag == "form":
            self._form = Form(
                action=urljoin(self.url, attrs.get("action") or self.url),
                method=(attrs.get("method") or "get").lower(),
            )
            self.forms.append(self._form)
        if self._form is None:
            return
        form, name = self._form, attrs.get("name")
        if not name:
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            form.kinds[name] = kind
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                form.choices.setdefault(name, []).append(attrs.get("value", "on"))
                form.fields.setdefault(name, [])
                if "checked" in attrs:
                    form.fields[name].append(attrs.get("value", "on"))
            else:
                form.fields.setdefault(name, []).append(attrs.get("value", ""))
        elif tag == "textarea":
            form.kinds[name] = "textarea"
            form.fields.setdefault(name, []).append("")
            self._textarea = name
        elif tag == "select":
            form.kinds[name] = "select-multiple" if "multiple" in attrs else "select"
            form.fields.setdefault(name, [])
            self._select = name
        elif tag == "option" and self._select:
            form.choices.setdefault(self._select, []).append(attrs.get("value", ""))
            if "selected" in attrs:
                form.fields[self._select].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            values = self._form.fields[self._textarea]
            values[-1] += data.removeprefix("\n") if not values[-1] else data


def read_page(url: str, html: str) -> PageReader:
    reader = PageReader(url)
    reader.feed(html)
    return reader


def same_site_path(url: str) -> str | None:
    """The path and query of a link to this site (the test client's host), else None."""
    parts = urlsplit(url)
    if parts.scheme not in {"", "http", "https"} or parts.netloc not in {"", "testserver"}:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def query_of(url: str) -> dict[str, list[str]]:
    query: dict[str, list[str]] = {}
    for key, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        query.setdefault(key, []).append(value)
    return query


PLAUSIBLE = {
    "email": "fuzz@example.org",
    "url": "https://example.org/",
    "number": "1",
    "date": "2024-01-31",
    "time": "10:00",
    "textarea": "Some words.",
}


def plausible_data(form: Form) -> dict[str, list[str]]:
    """What a visitor filling in ``form`` sensibly might send: its own values, and something
    reasonable in each empty field (the first real option, a valid e-mail address...)."""
    data: dict[str, list[str]] = {}
    for name, values in form.fields.items():
        kind = form.kinds.get(name, "text")
        options = [v for v in form.choices.get(name, []) if v]
        if values and any(values):
            data[name] = list(values)
        elif kind in {"checkbox", "radio", "select", "select-multiple"}:
            if options:
                data[name] = options[:1]
            elif values:
                data[name] = values
        elif kind == "hidden":
            data[name] = values
        else:
            data[name] = [PLAUSIBLE.get(kind, "Fuzz")]
    return data
