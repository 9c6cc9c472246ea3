import logging
import smtplib
from urllib.parse import urlencode

from django.core import signing
from django.core.validators import slug_re
from django.db.models import Exists, Max, Min, OuterRef, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, ListView, TemplateView

from groups.models import public_groups_prefetch
from newsletters.forms import ArchiveFilterForm, QuestionForm, SubscribeForm
from newsletters.models import (
    GlossaryTerm,
    Issue,
    IssueEasyReadLine,
    Newsletter,
    Question,
    Section,
    Subscription,
)
from newsletters.services.questions import question_submit
from newsletters.services.subscriptions import (
    normalise_email,
    read_confirm_token,
    read_unsubscribe_token,
    subscription_confirm,
    subscription_request,
    subscription_unsubscribe,
)
from oig_site.core.glossary import mark_abbreviations, site_glossary
from oig_site.core.origin import same_origin_only
from oig_site.core.throttle import allow_visitor_and_address, client_key
from oig_site.core.views import (
    EasyReadMixin,
    FetchedContextMixin,
    FilteredListMixin,
    ForgivingPaginationMixin,
    PublishedQuerysetMixin,
    fetched,
    published_or_404,
)

logger = logging.getLogger(__name__)

# Per e-mail address, few (nobody needs more confirmation e-mails); per visitor's address,
# enough for a busy public meeting where everyone shares the venue's Wi-Fi.
SUBSCRIBE_LIMIT_PER_ADDRESS = 3
SUBSCRIBE_LIMIT_PER_CLIENT = 120
QUESTION_LIMIT_PER_ADDRESS = 10
QUESTION_LIMIT_PER_CLIENT = 60
WINDOW_SECONDS = 60 * 60


def too_many_attempts(request):
    response = render(request, "newsletters/too_many_attempts.html", status=429)
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response


def subscribe_form(
    *, source: str, newsletters=None, offered=None, offers_all=True
) -> SubscribeForm:
    """``offered``: the newsletters to offer, when the view has read them already, and
    ``offers_all``: whether that is every published one."""
    initial = {"source": source}
    if newsletters is not None:
        initial["newsletters"] = list(newsletters)
    return SubscribeForm(initial=initial, offered=offered, offers_all=offers_all)


class ArchiveView(FilteredListMixin, ForgivingPaginationMixin, ListView):
    """Every published issue, newest first, grouped by year, filterable by newsletter, year and
    group, a page of ``paginate_by`` issues at a time. While there are few newsletters it lists
    them and its subscribe form offers them all; with many, the form offers those of the issues
    on the page, and the page stays the same size however many there are."""

    model = Issue
    template_name = "newsletters/archive.html"
    filter_form_class = ArchiveFilterForm
    context_object_name = "issues"
    paginate_by = 20  # a screenful or two on a phone
    filter_lookups = {"newsletter": "newsletter", "group": "newsletter__groups"}

    @cached_property
    def every_newsletter(self) -> list | None:
        """The published newsletters, if there are few (else None): listed, offered by the
        filter and by the subscribe form."""
        return Newsletter.objects.published().only("name", "slug", "description").all_if_few()

    @cached_property
    def years(self) -> list[int]:
        """From the newest issue's year back to the oldest's: one query over the issues' dates."""
        dates = (
            Issue.objects.published()
            .order_by()
            .aggregate(first=Min("issue_date"), last=Max("issue_date"))
        )
        if dates["first"] is None:
            return []
        return list(range(dates["last"].year, dates["first"].year - 1, -1))

    def get_filter_form_kwargs(self):
        return {"newsletters": self.every_newsletter, "years": self.years}

    def get_queryset(self):
        issues = self.apply_filters(Issue.objects.published().select_related("newsletter"))
        if year := self.filters.get("year"):
            issues = issues.filter(issue_date__year=year)
        return issues.order_by("-issue_date", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        newsletters = self.every_newsletter
        if newsletters is None:
            # Those of the issues on this page, read with them.
            on_page = {issue.newsletter.pk: issue.newsletter for issue in context["issues"]}
            offered = sorted(on_page.values(), key=lambda newsletter: newsletter.name.casefold())
        context.update(
            newsletters=newsletters,
            subscribe_form=subscribe_form(
                source="Newsletter archive",
                offered=offered if newsletters is None else newsletters,
                offers_all=newsletters is not None,
            ),
        )
        return context


class NewsletterDetailView(FetchedContextMixin, DetailView):
    """A newsletter, its groups and its latest issues (the archive, filtered to this
    newsletter, has them all)."""

    model = Newsletter
    LATEST_ISSUES = 12

    def get_queryset(self):
        return Newsletter.objects.published().prefetch_related(public_groups_prefetch())

    def get_context_data(self, **kwargs):
        # One more than is shown, to know whether to link to the rest.
        issues = list(self.object.issues.published()[: self.LATEST_ISSUES + 1])
        # The boxes need only each newsletter's name.
        offered, offers_all = (
            Newsletter.objects.published().only("name").offer(own=Q(pk=self.object.pk))
        )
        return super().get_context_data(
            latest_issues=issues[: self.LATEST_ISSUES],
            more_issues=len(issues) > self.LATEST_ISSUES,
            subscribe_form=subscribe_form(
                source=f"Newsletter page: {self.object.name}",
                newsletters=[self.object],
                offered=offered,
                offers_all=offers_all,
            ),
            **kwargs,
        )


class IssueDetailView(PublishedQuerysetMixin, DetailView):
    model = Issue

    def get_queryset(self):
        newsletter = self.parent_or_404(Newsletter, self.kwargs["newsletter_slug"])
        return (
            self.get_base_queryset()
            .filter(newsletter=newsletter)
            .select_related("newsletter")
            .annotate(has_easy_read=Exists(IssueEasyReadLine.objects.filter(issue=OuterRef("pk"))))
            .prefetch_related(
                Prefetch("sections", queryset=Section.objects.order_by("position", "pk")),
                Prefetch("glossary", queryset=GlossaryTerm.objects.order_by("term")),
                Prefetch(
                    "answered_questions",
                    queryset=Question.objects.publishable().order_by("created_at"),
                    to_attr="corner_questions",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        issue = self.object
        glossary = list(issue.glossary.all())
        # The issue's own glossary first: its meaning of a term wins over the site's.
        everyday_words = site_glossary()
        siblings = (
            Issue.objects.published()
            .filter(newsletter=issue.newsletter)
            .select_related("newsletter")
        )
        earlier = Q(issue_date__lt=issue.issue_date) | Q(
            issue_date=issue.issue_date, pk__lt=issue.pk
        )
        later = Q(issue_date__gt=issue.issue_date) | Q(issue_date=issue.issue_date, pk__gt=issue.pk)
        previous_issue = siblings.filter(earlier).order_by("-issue_date", "-pk").first()
        next_issue = siblings.filter(later).order_by("issue_date", "pk").first()
        return super().get_context_data(
            sections=[
                (section, mark_abbreviations(section.body, glossary, everyday_words))
                for section in issue.sections.all()
            ],
            introduction=mark_abbreviations(issue.introduction, glossary, everyday_words),
            glossary=glossary,
            previous_issue=previous_issue,
            next_issue=next_issue,
            **kwargs,
        )


class IssueEasyReadView(EasyReadMixin, PublishedQuerysetMixin, DetailView):
    """The issue's easy-read page."""

    model = Issue

    def get_queryset(self):
        newsletter = self.parent_or_404(Newsletter, self.kwargs["newsletter_slug"])
        return self.get_base_queryset().filter(newsletter=newsletter).select_related("newsletter")

    def easy_read_title(self, obj) -> str:
        return obj.title


def search_redirect(request):
    """The newsletters' search is the site search, showing newsletters only: old links and
    bookmarks are sent there for good."""
    query = {"kind": "newsletters"}
    if request.GET.get("q"):
        query["q"] = request.GET["q"][:200]
    return redirect(f"{reverse('search')}?{urlencode(query)}", permanent=True)


@method_decorator(same_origin_only, name="dispatch")
class SubscribeView(View):
    """The subscribe form posts here from every page it is on. It is on cached pages, shared by
    every visitor, so it carries no CSRF token: posts from other sites are refused by their
    origin instead (see oig_site/core/origin.py)."""

    template_name = "newsletters/subscribe.html"

    def get(self, request):
        slug = request.GET.get("newsletter", "")
        chosen = Newsletter.objects.published().filter(slug=slug) if slug_re.fullmatch(slug) else []
        form = subscribe_form(source="Subscribe page", newsletters=chosen)
        return render(request, self.template_name, fetched({"form": form}))

    def post(self, request):
        form = SubscribeForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, fetched({"form": form}), status=400)
        email = form.cleaned_data["email"]
        if not allow_visitor_and_address(
            scope="subscribe",
            visitor=client_key(request),
            address=normalise_email(email),
            per_visitor=SUBSCRIBE_LIMIT_PER_CLIENT,
            per_address=SUBSCRIBE_LIMIT_PER_ADDRESS,
            window_seconds=WINDOW_SECONDS,
        ):
            return too_many_attempts(request)
        try:
            subscription_request(
                email=email,
                name=form.cleaned_data["name"],
                newsletters=list(form.cleaned_data["newsletters"]),
                source=form.cleaned_data["source"] or "Subscribe page",
            )
        except (smtplib.SMTPException, OSError):
            # Nothing is stored before the link is followed: say so, and ask them to try again.
            logger.exception("Could not send a subscription confirmation e-mail.")
            response = render(
                request, "newsletters/email_not_sent.html", {"form": form}, status=503
            )
            response["Retry-After"] = "600"
            return response
        return redirect("newsletters:subscribe_check_email")


class SubscribeCheckEmailView(TemplateView):
    template_name = "newsletters/subscribe_check_email.html"


@method_decorator(never_cache, name="dispatch")
class ConfirmView(View):
    """Confirming is a button, not the link alone: mail scanners follow links."""

    def get(self, request, token):
        try:
            data = read_confirm_token(token)
        except signing.SignatureExpired:
            return render(request, "newsletters/link_problem.html", {"expired": True}, status=410)
        except signing.BadSignature:
            return render(request, "newsletters/link_problem.html", status=400)
        newsletters = Newsletter.objects.filter(pk__in=data["l"])
        return render(
            request,
            "newsletters/confirm.html",
            {"email": data["e"], "newsletters": newsletters, "token": token},
        )

    def post(self, request, token):
        try:
            subscriber = subscription_confirm(token=token)
        except signing.SignatureExpired:
            return render(request, "newsletters/link_problem.html", {"expired": True}, status=410)
        except signing.BadSignature:
            return render(request, "newsletters/link_problem.html", status=400)
        subscriptions = subscriber.subscriptions.active().select_related("newsletter")
        return render(
            request, "newsletters/confirmed.html", fetched({"subscriptions": subscriptions})
        )


@method_decorator(never_cache, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """The link in every e-mail. Opening it shows a button; posting unsubscribes, including
    mail programs' one-click unsubscribe (RFC 8058), which posts without a CSRF token."""

    def load(self, token):
        try:
            return read_unsubscribe_token(token)
        except (signing.BadSignature, Subscription.DoesNotExist):
            return None

    def bad_link(self, request):
        return render(request, "newsletters/link_problem.html", {"unsubscribe": True}, status=400)

    def get(self, request, token):
        subscription = self.load(token)
        if subscription is None:
            return self.bad_link(request)
        return render(
            request,
            "newsletters/unsubscribe.html",
            {"subscription": subscription, "token": token},
        )

    def post(self, request, token):
        if self.load(token) is None:
            return self.bad_link(request)
        subscription = subscription_unsubscribe(token=token)
        return render(request, "newsletters/unsubscribed.html", {"subscription": subscription})


@method_decorator(same_origin_only, name="dispatch")
class QuestionView(View):
    """Like the subscribe form: no CSRF token, posts from other sites refused by their origin."""

    template_name = "newsletters/question_form.html"

    def get_newsletter(self, slug):
        return published_or_404(Newsletter, slug=slug)

    def get(self, request, slug):
        newsletter = self.get_newsletter(slug)
        return render(
            request, self.template_name, {"newsletter": newsletter, "form": QuestionForm()}
        )

    def post(self, request, slug):
        newsletter = self.get_newsletter(slug)
        form = QuestionForm(request.POST)
        if not form.is_valid():
            return render(
                request, self.template_name, {"newsletter": newsletter, "form": form}, status=400
            )
        email = form.cleaned_data["email"]
        if not allow_visitor_and_address(
            scope="question",
            visitor=client_key(request),
            address=normalise_email(email) if email else None,
            per_visitor=QUESTION_LIMIT_PER_CLIENT,
            per_address=QUESTION_LIMIT_PER_ADDRESS,
            window_seconds=WINDOW_SECONDS,
        ):
            return too_many_attempts(request)
        question_submit(
            newsletter=newsletter,
            name=form.cleaned_data["name"],
            email=email,
            question=form.cleaned_data["question"],
        )
        return redirect(reverse("newsletters:question_thanks", args=[newsletter.slug]))


class QuestionThanksView(FetchedContextMixin, DetailView):
    template_name = "newsletters/question_thanks.html"
    context_object_name = "newsletter"

    def get_queryset(self):
        return Newsletter.objects.published()
