"""The shell's own pages: home, about, accessibility, the site search, robots.txt, uploads, the
admin's "view on site" and password reset."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.generic import DetailView, TemplateView
from django.views.static import serve

from activities.models import Activity, ActivityEasyReadLine
from groups.models import CommunityGroup, GroupEasyReadLine
from newsletters.models import Issue, IssueEasyReadLine
from oig_site.core.clientip import client_key
from oig_site.core.models import EasyReadPage, EasyReadPageLine, SiteGlossaryTerm
from oig_site.core.scoping import is_group_owned
from oig_site.core.services import password_reset_request
from oig_site.core.sharing import site_organisation_data
from oig_site.core.views import EasyReadMixin, FetchedContextMixin, SiteGlossaryMixin
from oig_site.search import KINDS, search


class HomeView(FetchedContextMixin, TemplateView):
    template_name = "home.html"
    # How many coming activities the home page shows.
    UPCOMING_ACTIVITIES = 4
    # How many groups it shows (the most recently updated active ones), with a link to them all:
    # the page stays the same size however many groups join.
    GROUPS_SHOWN = 12

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = list(
            CommunityGroup.objects.published()
            .filter(is_active=True)
            .order_by("-updated_at", "name")
            .prefetch_related("topics")[: self.GROUPS_SHOWN]
        )
        context["upcoming_activities"] = list(
            Activity.objects.published().upcoming().as_list_items()[: self.UPCOMING_ACTIVITIES]
        )
        context["latest_issue"] = Issue.objects.published().newest_first().first()
        context["structured_data"] = site_organisation_data()
        return context


class SearchView(FetchedContextMixin, TemplateView):
    """The site search: ``q`` the words, ``kind`` a kind of result to show (see
    ``oig_site/search.py``), ``page`` the page. Anything else in them is read as nothing."""

    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        found = search(self.request.GET.get("q", ""), kind=self.request.GET.get("kind", ""))
        page = found.page(self.request.GET.get("page")) if found.query else None
        return super().get_context_data(
            found=found,
            query=found.query,
            kinds=[
                (key, label, found.counts.get(key, 0), key in found.capped)
                for key, label in KINDS.items()
            ],
            kind_label=KINDS.get(found.kind, ""),
            page_obj=page,
            paginator=page.paginator if page else None,
            results=page.object_list if page else [],
            **kwargs,
        )


class AboutCoproductionView(SiteGlossaryMixin, FetchedContextMixin, TemplateView):
    template_name = "pages/about_coproduction.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            has_easy_read=EasyReadPage.objects.filter(
                key=EasyReadPage.Key.ABOUT, easy_read_lines__isnull=False
            ).exists(),
            **kwargs,
        )


class EasyReadPageView(EasyReadMixin, FetchedContextMixin, DetailView):
    """The easy-read version of a fixed page of the site (the about page)."""

    slug_field = slug_url_kwarg = "key"

    def get_queryset(self):
        return EasyReadPage.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["full_page_url"] = self.object.get_full_page_url()
        return context


class EasyReadIndexView(FetchedContextMixin, TemplateView):
    """Every page that has an easy-read version, by kind, with the words the site explains.

    Each list is capped (``MOST_SHOWN``): the newest activities and issues come first."""

    template_name = "easy_read/index.html"
    MOST_SHOWN = 100

    def get_context_data(self, **kwargs):
        def with_lines(model, line_model, field):
            return model.objects.published().filter(
                Exists(line_model.objects.filter(**{field: OuterRef("pk")}))
            )

        most = self.MOST_SHOWN
        return super().get_context_data(
            pages=EasyReadPage.objects.filter(
                Exists(EasyReadPageLine.objects.filter(page=OuterRef("pk")))
            ),
            groups=with_lines(CommunityGroup, GroupEasyReadLine, "group")
            .active_first()
            .only("name", "slug", "is_active")[:most],
            activities=with_lines(Activity, ActivityEasyReadLine, "activity")
            .order_by("-start_date", "title")
            .only("title", "slug", "start_date")[:most],
            issues=with_lines(Issue, IssueEasyReadLine, "issue")
            .select_related("newsletter")
            .order_by("-issue_date", "-pk")
            .only("title", "slug", "issue_date", "newsletter__name", "newsletter__slug")[:most],
            words=SiteGlossaryTerm.objects.all(),
            **kwargs,
        )


class AccessibilityView(TemplateView):
    template_name = "pages/accessibility.html"


class PrivacyView(TemplateView):
    """What personal details the site keeps, why, who sees them and for how long."""

    template_name = "pages/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            enquiry_months=settings.ENQUIRY_RETENTION_MONTHS,
            signup_days=getattr(settings, "SIGNUP_RETENTION_DAYS", 30),
            **kwargs,
        )


def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


def media(request, path):
    """Serve an upload (only when ``SERVE_MEDIA`` is on: debug, tests, or by choice).

    A name the file system refuses (too long, say) is a file that is not there."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:
        raise Http404("No such file.") from error


def admin_view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect, limited like the admin itself: it redirects only to
    objects that have a page of their own in the admin and that this user may view there.
    Another group's object, and the parts shown inside other pages (aims, links, partnerships,
    sections, glossary terms, subscriptions...), are not found: their addresses could name a
    draft."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist as error:
        raise Http404 from error
    if model is None or not admin.site.is_registered(model):
        raise Http404
    model_admin = admin.site.get_model_admin(model)
    objects = model._default_manager.all()
    if is_group_owned(model):
        objects = objects.editable_by(request.user)
    try:
        obj = objects.filter(pk=object_id).first()
    except (ValueError, TypeError, OverflowError, ValidationError) as error:
        raise Http404 from error
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Where the e-mailed link leads: a new coordinator choosing their first password, or
    anyone who forgot theirs. Django's view, with headings in plain words."""

    title = "Choose your password"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.validlink:
            context["title"] = "This link no longer works"
        return context


def permission_denied(request, exception):
    """The 403 page. Inside the admin it leads back to the admin's start page rather than to
    the public site."""
    in_admin = request.path_info.startswith(reverse("admin:index"))
    return render(request, "403.html", {"in_admin": in_admin}, status=403)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's "Forgotten your password?" form, except that the e-mail is sent after the
    response and is throttled per address and per visitor. Every valid request gets the same
    "check your e-mail" answer: it never says whether the address has an account or was
    throttled."""

    def form_valid(self, form):
        password_reset_request(
            email=form.cleaned_data["email"],
            client=client_key(self.request),
            domain=self.request.get_host(),
            use_https=self.request.is_secure(),
        )
        return HttpResponseRedirect(self.get_success_url())
