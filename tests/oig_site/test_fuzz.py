"""Fuzzing: crawl the site with the demo content loaded, then send hostile values (tests/hostile.py)
to every query parameter and form field found, one at a time. Any 5xx fails, naming the address,
the parameter and the value.

Public pages are crawled from the home page (and the addresses in the URL configuration, filled
with real slugs); the admin is fuzzed as a superuser and as a coordinator: changelists (search,
ordering, pages, filters, date drill-down), add and change forms, bulk actions, autocomplete and
"view on site". Bounded so the whole module runs in well under two minutes.
"""

import re
import zlib
from collections import defaultdict
from io import StringIO
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone

from enquiries.models import Enquiry
from groups.models import CommunityGroup
from newsletters.models import Delivery, Issue, Newsletter, Question, Subscriber, Subscription
from tests import hostile
from tests.factories import MemberStoryFactory, staff_member

pytestmark = pytest.mark.django_db

MAX_PAGES = 120  # pages fetched by the crawl
PAGES_PER_VIEW = 3  # pages of the same kind (group pages, activity pages...) crawled
# Public addresses the crawl cannot reach through links (they arrive by e-mail, or after a
# form), fuzzed through their path instead.
NOT_LINKED = {
    "newsletters:confirm",
    "newsletters:unsubscribe",
    "newsletters:subscribe_check_email",
    "newsletters:question_thanks",
    "enquiries:thanks",
    "groups:story_photo",
    "media",
    "password_reset_confirm",
    "password_reset_complete",
    "password_reset_done",
    "admin_password_reset",
    # The sign-up form posts to its own page (shown again there with its errors); the page after
    # signing up and the cancel page are reached by the redirect and by the links in e-mails.
    "activities:signup",
    "activities:signed_up",
    "activities:signup_cancel",
    # The old newsletter search address: it redirects to the site search for old links.
    "newsletters:search",
}


# --- Data and clients ---


@pytest.fixture
def site(settings):
    """The demo content, plus what it lacks: subscribers, a question, a delivery, a story with
    a name, a draft."""
    call_command("load_demo_content", stdout=StringIO())
    newsletter = Newsletter.objects.first()
    issue = Issue.objects.filter(newsletter=newsletter).first()
    subscriber = Subscriber.objects.create(
        email="reader@example.org",
        consent_at=timezone.now(),
        consent_source="Fuzz",
        confirmed_at=timezone.now(),
    )
    Subscription.objects.create(subscriber=subscriber, newsletter=newsletter)
    Question.objects.create(newsletter=newsletter, question="When is the next meeting?")
    if issue is not None:
        Delivery.objects.create(issue=issue, subscriber=subscriber)
    group = CommunityGroup.objects.published().first()
    MemberStoryFactory(group=group, naming="named", status="draft")
    Enquiry.objects.create(
        group=group, name="Sam", email="sam@example.org", consent_to_contact=True
    )
    return {"group": group, "newsletter": newsletter}


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("fuzz-admin", "admin@example.org", "x")
    client.force_login(user)
    return client


@pytest.fixture
def coordinator_client(client, django_user_model, site):
    user = staff_member("fuzz-coord", "coord@example.org", groups=[site["group"]], password="x")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _no_form_limits(monkeypatch):
    """The form limits would answer 429 after a few posts and hide the forms' own checks: raise
    them out of reach (the counting itself still runs on every post)."""
    for name in [
        "newsletters.views.SUBSCRIBE_LIMIT_PER_ADDRESS",
        "newsletters.views.SUBSCRIBE_LIMIT_PER_CLIENT",
        "newsletters.views.QUESTION_LIMIT_PER_ADDRESS",
        "newsletters.views.QUESTION_LIMIT_PER_CLIENT",
        "oig_site.core.services.PASSWORD_RESET_LIMIT_PER_ADDRESS",
        "oig_site.core.services.PASSWORD_RESET_LIMIT_PER_CLIENT",
        "enquiries.views.LIMIT_PER_ADDRESS",
        "enquiries.views.LIMIT_PER_CLIENT",
        "activities.views.SIGNUP_LIMIT_PER_CLIENT",
        "activities.views.SIGNUP_LIMIT_PER_CONTACT",
    ]:
        monkeypatch.setattr(name, 10**9)


@pytest.fixture(autouse=True)
def _quiet(caplog):
    """Thousands of 400s and 404s are expected: keep them out of the test's log."""
    caplog.set_level("CRITICAL", logger="django.request")
    caplog.set_level("CRITICAL", logger="django.security")


# --- Sending and recording ---


class Fuzzer:
    """Sends requests, each in its own savepoint (an error on PostgreSQL must not spoil the
    requests after it), and records every 5xx or exception."""

    def __init__(self, client):
        self.client = client
        self.failures: list[str] = []
        self.count = 0

    def send(self, method: str, path: str, data=None, *, what: str = ""):
        self.count += 1
        label = f"{method.upper()} {path} {what}".rstrip()
        try:
            with transaction.atomic():
                response = getattr(self.client, method)(path, data or {})
        except Exception as error:  # noqa: BLE001 - every exception is a finding
            self.failures.append(f"{label} raised {type(error).__name__}: {str(error)[:200]}")
            return None
        if response.status_code >= 500:
            self.failures.append(f"{label} answered {response.status_code}")
        return response

    def fuzz_fields(self, method: str, path: str, base: dict, names, *, extra: int = 3, core=None):
        """Send ``base`` with each of ``names`` replaced by each of its hostile values."""
        for name in names:
            for value_name, value in hostile.sample(name, extra=extra, core=core):
                data = {**base, name: value}
                self.send(method, path, data, what=f"{name}=<{value_name}>")

    def check(self):
        assert not self.failures, f"{len(self.failures)} of {self.count} requests failed:\n" + (
            "\n".join(self.failures)
        )


def view_name(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def crawl(client, start: list[str], *, prefix: str = "/", skip=("/admin/", "/static/")):
    """Fetch pages from ``start`` following same-site links under ``prefix``, at most
    ``PAGES_PER_VIEW`` per kind of page. Returns {path: (response, page reader or None)}."""
    pages, queue, per_view, seen = {}, list(start), defaultdict(int), set(start)
    fuzzer = Fuzzer(client)
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        name = view_name(path)
        key = (name, tuple(sorted(hostile.query_of(path))))
        if per_view[key] >= PAGES_PER_VIEW:
            continue
        per_view[key] += 1
        response = fuzzer.send("get", path)
        reader = None
        if response is not None and response.get("Content-Type", "").startswith("text/html"):
            reader = hostile.read_page(f"http://testserver{path}", response.content.decode())
            searches = [
                f"{form.action}?{urlencode(hostile.plausible_data(form), doseq=True)}"
                for form in reader.forms
                if form.method == "get"
            ]
            for link in reader.links + searches:
                target = hostile.same_site_path(link)
                if (
                    target
                    and target.startswith(prefix)
                    and not target.startswith(skip)
                    and target not in seen
                ):
                    seen.add(target)
                    queue.append(target)
        pages[path] = (response, reader)
    fuzzer.check()
    return pages


def public_url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin" or entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= public_url_names(entry, inner)
        elif (
            isinstance(entry, URLPattern)
            and entry.name
            and not str(entry.pattern).startswith(("admin/", "sitemap", "robots"))
        ):
            names.add(f"{namespace}{entry.name}")
    return names


@pytest.fixture
def public_pages(site, client):
    return crawl(client, ["/", "/sitemap.xml", "/robots.txt"])


# --- Public pages ---


def test_the_crawl_reaches_every_kind_of_public_page(public_pages):
    reached = {view_name(path) for path in public_pages}
    missing = public_url_names() - reached - NOT_LINKED
    assert not missing, f"No link reaches: {sorted(missing)}"


def test_hostile_query_parameters_on_public_pages(public_pages, client):
    """Every parameter seen in a link (filters, pages, periods) or a GET form."""
    targets: dict[tuple[str, str], dict] = {}
    for _path, (_response, reader) in public_pages.items():
        if reader is None:
            continue
        links = [link for link in reader.links if hostile.same_site_path(link)]
        for link in links:
            target = hostile.same_site_path(link)
            if target.startswith(("/admin/", "/static/")):
                continue
            for name in hostile.query_of(target):
                targets.setdefault((view_name(target), name), (target, hostile.query_of(target)))
        for form in reader.forms:
            action = hostile.same_site_path(form.action)
            if form.method == "get" and action:
                for name in form.fields:
                    targets.setdefault(
                        (view_name(action), name), (action, hostile.plausible_data(form))
                    )
    # Pages, years and periods that no link may offer with demo content.
    for path in ("/activities/", "/newsletters/", "/groups/", "/search/"):
        for name in ("page", "year", "q", "cursor", "before", "after"):
            targets.setdefault((view_name(path), name), (path, {}))
    assert len(targets) > 10, sorted(targets)
    fuzzer = Fuzzer(client)
    for (_view, name), (path, base) in sorted(targets.items()):
        fuzzer.fuzz_fields("get", urlsplit(path).path, base, [name], extra=2)
    fuzzer.check()


def test_hostile_values_in_public_forms(public_pages, client):
    """Every form a visitor can post (subscribe, ask a question): one field at a time, the
    others filled in sensibly; then a field the form does not have."""
    forms = {}
    for _path, (_response, reader) in public_pages.items():
        for form in reader.forms if reader else []:
            action = hostile.same_site_path(form.action)
            if form.method == "post" and action and not action.startswith("/admin/"):
                forms.setdefault((action, tuple(sorted(form.fields))), form)
    assert forms, "No public form was found"
    fuzzer = Fuzzer(client)
    for (action, names), form in sorted(forms.items()):
        base = hostile.plausible_data(form)
        fuzzer.fuzz_fields("post", action, base, names)
        fuzzer.fuzz_fields("post", action, base, ["unexpected"], extra=0)
    fuzzer.check()


def fill_pattern(pattern: str, value: str) -> str:
    return re.sub(r"<(?:\w+:)?\w+>", value, pattern)


def all_public_patterns(resolver=None, prefix="") -> list[str]:
    patterns = []
    for entry in (resolver or get_resolver()).url_patterns:
        text = prefix + str(entry.pattern)
        if text.startswith("admin/"):
            continue
        if isinstance(entry, URLResolver):
            patterns += all_public_patterns(entry, text)
        elif "<" in text:
            patterns.append(text)
    return patterns


@pytest.mark.parametrize(
    "segment",
    ["x" * 300, "-1", "99999999999999999999999", "%25", "..", "%E2%80%AE", "%F0%9F%98%80", "a%0Ab"],
    ids=["overlong", "negative", "huge", "percent", "dot-dot", "rtl", "emoji", "newline"],
)
def test_hostile_values_in_addresses(site, client, segment):
    """Every address with a slug, id or token in it, and the uploads folder."""
    fuzzer = Fuzzer(client)
    for pattern in all_public_patterns():
        fuzzer.send("get", "/" + fill_pattern(pattern, segment))
    fuzzer.send("get", f"/media/{segment}")
    fuzzer.send("get", f"/media/groups/{segment}.jpg")
    fuzzer.check()


# --- The admin ---

MAIN_MODELS = [
    "groups.communitygroup",
    "groups.memberstory",
    "groups.topic",
    "groups.organisation",
    "activities.activity",
    "newsletters.newsletter",
    "newsletters.issue",
    "newsletters.subscriber",
    "newsletters.question",
    "newsletters.delivery",
    "enquiries.enquiry",
]


def admin_base(label: str) -> str:
    return "/admin/{}/{}/".format(*label.split("."))


def model_of(label: str):
    from django.apps import apps

    return apps.get_model(label)


ROLES = ["superuser", "coordinator"]


@pytest.fixture(params=ROLES)
def staff_client(request, site):
    client = request.getfixturevalue(f"{request.param}_client")
    client.role = request.param
    return client


def test_hostile_changelist_parameters(staff_client):
    """Search, ordering, page, every filter and date drill-down link each changelist offers."""
    fuzzer = Fuzzer(staff_client)
    keys = ("huge-number", "negative", "overlong", "bad-date")
    extra = 1
    if staff_client.role == "coordinator":  # the same pages, scoped: fewer values
        keys, extra = ("huge-number", "bad-date"), 0
    core = {k: hostile.CORE[k] for k in keys}
    for label in MAIN_MODELS:
        base = admin_base(label)
        response = fuzzer.send("get", base)
        if response is None or response.status_code != 200:
            continue
        reader = hostile.read_page(f"http://testserver{base}", response.content.decode())
        names = {"q", "o", "p", "all", "e", "_changelist_filters", "_to_field", "_popup"}
        for link in reader.links:
            target = hostile.same_site_path(link)
            if target and urlsplit(target).path == base:
                names |= set(hostile.query_of(target))
        fuzzer.fuzz_fields("get", base, {}, sorted(names), extra=extra, core=core)
    fuzzer.check()


TEXT_KINDS = {"text", "textarea", "email", "url", "password"}


def admin_form_values(form: hostile.Form, name: str) -> list[tuple[str, object]]:
    """The value for one admin form field, by its kind (admin pages are slow to render, so one
    each): ids and numbers get a huge number (and the name twice), dates an impossible date,
    text overlong text or control characters, in turn."""
    kind = form.kinds.get(name, "text")
    if name.endswith("_FORMS"):
        # A formset's counts: a huge count only makes Django draw its maximum of 1,000 rows.
        return [("negative", "-1"), ("overlong", hostile.ALL["overlong"])]
    if "date" in name or "time" in name:
        keys = ["bad-date"]
    elif kind in TEXT_KINDS:
        keys = [("overlong", "control-characters")[zlib.crc32(name.encode()) % 2]]
    else:
        keys = ["huge-number"]
    values = [(key, hostile.ALL[key]) for key in keys]
    if kind not in TEXT_KINDS:
        values.append(("repeated", hostile.ARRAY))
    return values


def test_hostile_values_in_admin_forms(staff_client):
    """Add forms (as a superuser, also opened with a hostile value in the address, as the admin
    allows) and change forms (as a coordinator, of their own objects), one field at a time."""
    fuzzer = Fuzzer(staff_client)
    for label in MAIN_MODELS:
        model = model_of(label)
        model_admin = admin.site.get_model_admin(model)
        base = admin_base(label)
        if staff_client.role == "superuser":
            url = f"{base}add/"
        else:
            obj = model_admin.get_queryset(_request_for(staff_client)).first()
            if obj is None:
                continue
            url = f"{base}{obj.pk}/change/"
        response = fuzzer.send("get", url)
        if response is None or response.status_code != 200:
            continue
        html = response.content.decode()
        reader = hostile.read_page(f"http://testserver{url}", html)
        if f'id="{model._meta.model_name}_form"' not in html or not reader.forms:
            continue
        form = max(reader.forms, key=lambda f: len(f.fields))
        data = hostile.plausible_data(form)
        # Inline rows are alike: the first row of each, and the formsets' counts.
        names = [
            n for n in form.fields if n != "csrfmiddlewaretoken" and not re.search(r"-[1-9]\d*-", n)
        ]
        for name in names:
            if url.endswith("add/") and "-" not in name and form.kinds.get(name) == "select":
                fuzzer.send("get", url, {name: hostile.CORE["huge-number"]}, what=f"?{name}=huge")
            for value_name, value in admin_form_values(form, name):
                fuzzer.send("post", url, {**data, name: value}, what=f"{name}=<{value_name}>")
    fuzzer.check()


def _request_for(client):
    """A request as the signed-in user, for the admin's own querysets."""
    from django.contrib.auth import get_user
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.session = client.session
    request.user = get_user(request)
    return request


def test_hostile_admin_actions_and_lookups(staff_client):
    """Bulk actions with hostile selections, autocomplete, "view on site", object addresses."""
    fuzzer = Fuzzer(staff_client)
    request = _request_for(staff_client)
    for label in MAIN_MODELS:
        model = model_of(label)
        model_admin = admin.site.get_model_admin(model)
        base = admin_base(label)
        for action in model_admin.get_actions(request):
            for value_name, value in hostile.sample(action, extra=2):
                fuzzer.send(
                    "post",
                    base,
                    {"action": action, "_selected_action": value, "index": "0"},
                    what=f"action={action} _selected_action=<{value_name}>",
                )
        for value_name, value in hostile.sample(label, extra=2):
            if isinstance(value, list):
                continue
            quoted = value.replace("/", "_").replace("%", "%25").replace("\x00", "")
            for suffix in ("change/", "history/", "delete/"):
                fuzzer.send("get", f"{base}{quoted}/{suffix}", what=f"<{value_name}>")
        content_type = ContentType.objects.get_for_model(model)
        for value in ("99999999999999999999999", "-1", "0"):
            fuzzer.send("get", f"/admin/r/{content_type.pk}/{value}/", what=value)
        for field in model._meta.get_fields():
            if not (field.is_relation and field.many_to_many or field.many_to_one):
                continue
            for value_name, value in hostile.sample(field.name, extra=1):
                fuzzer.send(
                    "get",
                    "/admin/autocomplete/",
                    {
                        "app_label": model._meta.app_label,
                        "model_name": model._meta.model_name,
                        "field_name": field.name,
                        "term": value,
                    },
                    what=f"{label}.{field.name} term=<{value_name}>",
                )
    for name, value in hostile.sample("autocomplete", extra=2):
        fuzzer.send(
            "get",
            "/admin/autocomplete/",
            {"app_label": value, "model_name": value, "field_name": value, "term": "a"},
            what=f"<{name}>",
        )
    fuzzer.send("get", "/admin/r/99999999999999999999999/1/")
    fuzzer.check()


def test_fuzzing_notices_a_500(site, client, monkeypatch):
    """The fuzzer itself: a view that fails is reported with its address and value."""
    from groups import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.GroupListView, "get", broken)
    fuzzer = Fuzzer(client)
    fuzzer.fuzz_fields("get", "/groups/", {}, ["topic"], extra=0, core={"zero": "0"})
    assert fuzzer.failures == [
        "GET /groups/ topic=<zero> raised RuntimeError: boom",
        "GET /groups/ topic=<repeated> raised RuntimeError: boom",
    ]
