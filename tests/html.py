"""Small helpers to read HTML responses in tests."""

import re
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(response_or_html, name: str) -> list[dict]:
    """The attributes of every ``<name>`` tag in the page."""
    html = getattr(response_or_html, "content", response_or_html)
    if isinstance(html, bytes):
        html = html.decode()
    collector = _Collector()
    collector.feed(html)
    return [attrs for tag, attrs in collector.tags if tag == name]


def text(response) -> str:
    return response.content.decode()


def whole_sitemap(client) -> str:
    """Every file the sitemap index at /sitemap.xml lists, one after another."""
    index = text(client.get("/sitemap.xml"))
    files = re.findall(r"<loc>https?://[^/<]+([^<]*)</loc>", index)
    return "\n".join(text(client.get(address.replace("&amp;", "&"))) for address in files)


class _FormReader(HTMLParser):
    """Collects what a browser would submit from the first <form> with the given id."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.depth = form_id, False, 0
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_multiple = False

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                self._add(name, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self.inside and self._textarea:
            self.data[self._textarea][-1] += data


def form_data(response, form_id: str) -> dict:
    """What the page's form would post, as a dict for the test client (lists for repeats)."""
    html = response.content.decode()
    reader = _FormReader(form_id)
    reader.feed(html)
    data = {k: v if len(v) > 1 else v[0] for k, v in reader.data.items()}
    # Textareas start with a newline in Django's widget; browsers drop it.
    return {k: (v[1:] if isinstance(v, str) and v.startswith("\n") else v) for k, v in data.items()}
