"""The site's one stylesheet, static/css/site.min.css, built by `make css` from assets/scss/.

The build keeps only the rules whose classes the templates and code use. These tests catch a
template or form that needs a class the last build removed (re-run `make css`), a stylesheet
that grows past its budget, and a page that loads other stylesheets.
"""

import gzip
import re
from collections import defaultdict
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import Resolver404, resolve

from tests.html import tags

BUILT = settings.BASE_DIR / "static" / "css" / "site.min.css"
APPS = ("groups", "activities", "newsletters", "enquiries", "oig_site")

# Measured 8,537 bytes compressed (gzip level 9; 38,678 bytes raw) once the site had its own
# look (the header mark, group colours and banners, the home page's first screen, one focus
# style for every control, the folded filters). The budget leaves a little room for new rules;
# a page's HTML and CSS together must stay under 30 KB compressed.
MAX_GZIP_BYTES = 9 * 1024

# Classes that are hooks only: they name an element for tests, scripts or readers of the HTML,
# and no rule styles them, so the build rightly leaves them out.
HOOKS = {
    # Wrappers that give a page's parts a name; their children carry the styling.
    "activity": "the article of one activity page",
    "group-page": "the article of a group page",
    "group-pattern": "a group's default banner, styled as .group-banner img",
    "newsletter-issue": "the article of an issue",
    "issue-introduction": "an issue's introduction, styled as rich text",
    "page-header": "a page's heading block, styled through its h1 and .lead",
    "story": "the article of a member's story",
    "story-body": "a story's text, styled as rich text",
    # Added by crispy-forms to every field: the kind of widget, and required-field markers.
    "textinput": "crispy-forms: the widget's kind, for scripts",
    "emailinput": "crispy-forms: the widget's kind, for scripts",
    "checkboxinput": "crispy-forms: the widget's kind, for scripts",
    "select": "crispy-forms: the widget's kind, for scripts (styled by .form-select)",
    "textarea": "crispy-forms: the widget's kind, for scripts",
    "requiredField": "crispy-forms: marks a required field's label",
}


def built_css() -> str:
    return BUILT.read_text()


def css_classes(css: str) -> set[str]:
    """Every class name in a selector of the stylesheet."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"url\([^)]*\)|\"[^\"]*\"|'[^']*'", "", css)
    selectors = re.findall(r"([^{}]+)\{", css)
    return {
        name
        for selector in selectors
        if not selector.lstrip().startswith("@")
        for name in re.findall(r"\.(-?[_a-zA-Z][\w-]*)", selector)
    }


def public_templates() -> list[Path]:
    """The site's templates that load the stylesheet: not the admin's (in admin/ folders, or
    extending an admin page, such as the password pages), not e-mails, and not
    templates/bootstrap5/ (crispy-bootstrap5's own templates, changed a little, whose
    classes are built in with the rest of crispy-bootstrap5's)."""
    roots = [settings.BASE_DIR / "templates"] + [settings.BASE_DIR / app for app in APPS]
    return [
        path
        for root in roots
        for path in root.rglob("*.html")
        if not {"admin", "email", "bootstrap5"} & set(path.parts)
        and not re.match(r"""\{% extends ["']admin/""", path.read_text())
    ]


def template_classes(source: str) -> set[str]:
    """Class names written in ``class="..."`` attributes, with template tags and variables taken
    out (a class inside ``{% if %}`` counts)."""
    names = set()
    for value in re.findall(r'\bclass="([^"]*)"', source):
        value = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", value)
        names.update(value.split())
    return names


def python_classes(source: str) -> set[str]:
    """Class names Python code sets: widget ``attrs={"class": ...}`` and HTML built in code."""
    names = set()
    for value in re.findall(r"""["']class["']\s*:\s*["']([\w\s-]+)["']""", source):
        names.update(value.split())
    for value in re.findall(r'\bclass="([\w\s-]+)"', source):
        names.update(value.split())
    return names


def site_python_files() -> list[Path]:
    """Python that can set classes on public pages (the admin has its own stylesheet)."""
    return [
        path
        for app in APPS
        for path in (settings.BASE_DIR / app).rglob("*.py")
        if "admin" not in path.parts
        and path.name != "admin.py"
        and "migrations" not in path.parts
        and path.name != "settings.py"
    ]


def missing(used: dict[str, set[str]]) -> dict[str, list[str]]:
    available = css_classes(built_css()) | set(HOOKS)
    return {name: sorted(where) for name, where in sorted(used.items()) if name not in available}


HINT = "not in static/css/site.min.css: run `make css` (or, for a hook only, add it to HOOKS)"


def test_every_class_in_the_templates_is_in_the_stylesheet():
    used = defaultdict(set)
    for path in public_templates():
        for name in template_classes(path.read_text()):
            used[name].add(str(path.relative_to(settings.BASE_DIR)))
    assert len(used) > 50, "the template scan found too few classes to be right"
    assert not missing(used), f"Classes {HINT}: {missing(used)}"


def test_every_class_set_in_python_is_in_the_stylesheet():
    used = defaultdict(set)
    for path in site_python_files():
        for name in python_classes(path.read_text()):
            used[name].add(str(path.relative_to(settings.BASE_DIR)))
    assert "page-image" in used, "the scan of Python files misses the image tag's class"
    assert not missing(used), f"Classes {HINT}: {missing(used)}"


def test_the_class_scan_finds_a_class_the_stylesheet_lacks():
    """The checks above would fail for a class the build removed."""
    used = template_classes('<p class="lead {% if x %}card-item text-center{% endif %}">')
    assert used == {"lead", "card-item", "text-center"}
    assert missing({name: {"example.html"} for name in used}) == {"text-center": ["example.html"]}


def test_the_stylesheet_is_small_compressed():
    raw = BUILT.read_bytes()
    assert len(gzip.compress(raw, compresslevel=9)) <= MAX_GZIP_BYTES


def test_the_stylesheet_keeps_the_rules_the_site_needs():
    css = built_css()
    classes = css_classes(css)
    # Bootstrap's parts that the site's markup and crispy-forms' markup use.
    for name in ("container", "form-control", "form-select", "form-check-input", "is-invalid"):
        assert name in classes, name
    assert "invalid-feedback" in classes
    assert "visually-hidden" in classes
    # Elements that only rich text from the editor contains, and the focus style of fields.
    assert re.search(r"(^|[},])blockquote\{", css)
    assert "select:focus-visible" in css
    # Bootstrap's components the site never uses are not built in.
    for name in ("btn", "navbar", "modal", "carousel", "alert", "badge"):
        assert name not in classes, name


# --- Every public page links the one stylesheet ---

PER_VIEW = 2  # pages of each kind fetched


def view_name(path: str) -> str | None:
    try:
        return resolve(path.split("?")[0]).view_name
    except Resolver404:
        return None


@pytest.fixture
def public_pages(db, client):
    """Every kind of public page reachable from the home page (with the demo content), the 404
    page, and forms sent back with errors: {path: response}."""
    call_command("load_demo_content", stdout=StringIO())
    pages, queue, seen, per_view = {}, ["/"], {"/"}, defaultdict(int)
    while queue:
        path = queue.pop(0)
        name = view_name(path)
        if name is None or per_view[name] >= PER_VIEW:
            continue
        per_view[name] += 1
        response = client.get(path)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        pages[path] = response
        for link in tags(response, "a"):
            href = link.get("href", "").replace("&amp;", "&").split("#")[0]
            skip = href.startswith(("/admin/", "/static/", "/media/"))
            if href.startswith("/") and not skip and href not in seen:
                seen.add(href)
                queue.append(href)
    pages["/no-such-page/"] = client.get("/no-such-page/")
    pages["POST /newsletters/subscribe/"] = client.post(
        "/newsletters/subscribe/", {"email": "not-an-address"}
    )
    ask = next(path for path in pages if view_name(path) == "newsletters:ask")
    pages[f"POST {ask}"] = client.post(ask, {"question": ""})
    return pages


class ClassReader(HTMLParser):
    """Every class name on any element of a page."""

    def __init__(self):
        super().__init__()
        self.classes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.classes.update((dict(attrs).get("class") or "").split())


def stylesheets(html) -> list[str]:
    return [link["href"] for link in tags(html, "link") if "stylesheet" in link.get("rel", "")]


def test_every_public_page_links_only_the_site_stylesheet(public_pages):
    kinds = {view_name(path.removeprefix("POST ")) for path in public_pages}
    assert {"home", "groups:group_detail", "activities:activity_list"} <= kinds
    assert {"newsletters:issue_detail", "newsletters:subscribe", None} <= kinds
    assert len(public_pages) > 25
    wrong = {
        path: stylesheets(response)
        for path, response in public_pages.items()
        if stylesheets(response) != [static("css/site.min.css")]
    }
    assert not wrong


def test_the_server_error_page_links_only_the_site_stylesheet():
    assert stylesheets(render_to_string("500.html")) == [static("css/site.min.css")]


def test_every_class_on_the_public_pages_is_in_the_stylesheet(public_pages):
    """As rendered, with crispy-forms' markup and error states (which the template scan above
    cannot see)."""
    used = defaultdict(set)
    for path, response in public_pages.items():
        reader = ClassReader()
        reader.feed(response.content.decode())
        for name in reader.classes:
            used[name].add(path)
    assert "is-invalid" in used, "no form with errors was rendered"
    assert not missing(used), f"Classes {HINT}: {missing(used)}"


def test_every_hook_is_used_and_unstyled(public_pages):
    """A hook that a rule now styles, or that no page or template uses, leaves HOOKS."""
    used = set()
    for response in public_pages.values():
        reader = ClassReader()
        reader.feed(response.content.decode())
        used |= reader.classes
    for path in public_templates():
        used |= template_classes(path.read_text())
    assert not set(HOOKS) - used, sorted(set(HOOKS) - used)
    assert not set(HOOKS) & css_classes(built_css())
