import datetime as dt
import logging

from django.conf import settings
from django.core import signing
from django.db import OperationalError
from django.db.models import Exists, F, OuterRef, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from activities.calendars import CALENDAR_WINDOW, build_calendar, calendar_activities
from activities.forms import ActivityFilterForm, ImpactPeriodForm, SignUpForm
from activities.impact import group_impact, impact_activities
from activities.models import (
    LOG_ORDER,
    UPCOMING_ORDER,
    Activity,
    ActivityEasyReadLine,
    SignUp,
)
from activities.services.signups import (
    LinkExpired,
    SignUpClosed,
    cancel_token,
    read_cancel_token,
    signup_cancel,
    signup_create,
)
from activities.structured_data import event_data
from groups.models import CommunityGroup, Topic
from oig_site.core.keyset import count_up_to
from oig_site.core.origin import same_origin_only
from oig_site.core.spreadsheets import csv_streaming_response
from oig_site.core.throttle import allow_visitor_and_address, client_key
from oig_site.core.views import (
    EasyReadMixin,
    FetchedContextMixin,
    FilteredListMixin,
    KeysetPaginationMixin,
    PublishedQuerysetMixin,
    SiteGlossaryMixin,
    fetched,
    published_or_404,
)

logger = logging.getLogger(__name__)

# The most activities a group's CSV file holds (the latest), so it is quick whatever the period.
CSV_MAX_ROWS = 5000


class GroupFromUrlMixin:
    """For pages under /groups/<group_slug>/: the published group, or the site's 404."""

    @cached_property
    def group(self) -> CommunityGroup:
        return published_or_404(CommunityGroup, slug=self.kwargs["group_slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, **kwargs)


class ActivityListView(FilteredListMixin, KeysetPaginationMixin, ListView):
    """The site-wide activity log: newest first, filterable by kind, topic, year and group,
    in pages of "Older" and "Newer" links (keyset pagination: a deep page costs what the first
    does, and nothing counts every activity)."""

    model = Activity
    paginate_by = 20
    keyset_ordering = LOG_ORDER
    filter_form_class = ActivityFilterForm
    filter_lookups = {"kind": "kind", "topic": "topics", "group": "groups"}
    template_name = "activities/activity_list.html"

    def base_queryset(self):
        return Activity.objects.published()

    with_group_filter = True

    @cached_property
    def filter_years(self) -> list[int]:
        return self.base_queryset().year_range()

    def get_filter_form_kwargs(self):
        return {
            "activities": self.base_queryset(),
            "years": self.filter_years,
            "with_group": self.with_group_filter,
        }

    # The first page says how many activities match, up to this many ("more than 100").
    COUNT_LIMIT = 100

    def get_context_data(self, **kwargs):
        context = super().get_context_data(calendar_window=CALENDAR_WINDOW, **kwargs)
        if context["page_obj"].is_first:
            context["result_count"] = count_up_to(self.object_list, self.COUNT_LIMIT)
            context["count_limit"] = self.COUNT_LIMIT
        return context

    def get_queryset(self):
        queryset = self.apply_filters(self.base_queryset().as_list_items())
        if year := self.filters.get("year"):
            queryset = queryset.filter(
                start_date__gte=dt.date(year, 1, 1), start_date__lte=dt.date(year, 12, 31)
            )
        return queryset


class GroupActivityListView(GroupFromUrlMixin, ActivityListView):
    """A group's own activity log."""

    def base_queryset(self):
        return Activity.objects.published().filter(groups=self.group)

    with_group_filter = False

    @cached_property
    def filter_years(self) -> list[int]:
        return self.base_queryset().year_range_of_few()


class WhatsOnView(FetchedContextMixin, KeysetPaginationMixin, ListView):
    """Upcoming activities across the site, soonest first, in pages of "Later" and "Earlier"
    links (keyset pagination)."""

    model = Activity
    paginate_by = 20
    keyset_ordering = UPCOMING_ORDER
    template_name = "activities/whats_on.html"

    def get_queryset(self):
        return Activity.objects.published().upcoming().for_lists()

    def get_context_data(self, **kwargs):
        return super().get_context_data(calendar_window=CALENDAR_WINDOW, **kwargs)


class ActivityDetailView(SiteGlossaryMixin, PublishedQuerysetMixin, DetailView):
    """An activity's page. One that takes sign-ups says how many places are left and holds the
    sign-up form; such a page is never kept in the page cache (the count changes with every
    sign-up), so it is always right."""

    model = Activity

    def get_queryset(self):
        return (
            self.get_base_queryset()
            .for_lists()
            .prefetch_related("links")
            .select_related("signup_tally")
            .annotate(
                has_easy_read=Exists(ActivityEasyReadLine.objects.filter(activity=OuterRef("pk")))
            )
        )

    RELATED_ACTIVITIES = 4

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["related_activities"] = self.related_activities()
        context["structured_data"] = event_data(self.object, self.object.public_groups)
        state = self.object.signup_state()
        context["signup_state"] = state
        if state in ("open", "full"):
            context["signup_form"] = SignUpForm()
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.object.signups_open:
            add_never_cache_headers(response)
        return response

    def related_activities(self) -> list[Activity]:
        """The latest few activities of the same groups, and of the same topics: two short
        reads (each newest first, at most four rows), merged, newest first. Not one query
        joining both, which would have to gather and sort every match."""
        activity = self.object
        # A related activity shows its title and date, and links by its slug: nothing else is read.
        others = (
            Activity.objects.published()
            .exclude(pk=activity.pk)
            .order_by(*LOG_ORDER)
            .only("title", "slug", "start_date")
        )
        through = {"groups": Activity.groups.through, "topics": Activity.topics.through}
        chosen = {
            "groups": [group.pk for group in activity.public_groups],
            "topics": [topic.pk for topic in activity.topics.all()],
        }
        found = {}
        for relation, model in through.items():
            column = "communitygroup" if relation == "groups" else "topic"
            related = model.objects.filter(
                activity=OuterRef("pk"), **{f"{column}__in": chosen[relation]}
            )
            for other in others.filter(Exists(related))[: self.RELATED_ACTIVITIES]:
                found.setdefault(other.pk, other)
        newest_first = sorted(found.values(), key=lambda other: other.title)
        newest_first.sort(key=lambda other: other.start_date, reverse=True)
        return newest_first[: self.RELATED_ACTIVITIES]


class ActivityEasyReadView(EasyReadMixin, PublishedQuerysetMixin, DetailView):
    """The activity's easy-read page."""

    model = Activity


class CalendarResponseMixin:
    def calendar_response(self, *, activities, name: str, filename: str) -> HttpResponse:
        body = build_calendar(
            activities=activities,
            name=name,
            build_absolute_uri=self.request.build_absolute_uri,
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


class ActivityCalendarView(CalendarResponseMixin, View):
    """One activity as an .ics file, to add to a calendar."""

    def get(self, request, slug):
        activity = published_or_404(Activity, slug=slug)
        return self.calendar_response(
            activities=[activity], name=activity.title, filename=f"{activity.slug}.ics"
        )


class SiteCalendarView(CalendarResponseMixin, View):
    """A calendar to subscribe to: every group's activities in the calendar's window (see
    ``calendar_activities``)."""

    def get(self, request):
        return self.calendar_response(
            activities=calendar_activities(Activity.objects.published()),
            name=f"{settings.SITE_NAME}: activities",
            filename="activities.ics",
        )


class GroupCalendarView(GroupFromUrlMixin, CalendarResponseMixin, View):
    """A calendar to subscribe to: one group's activities in the calendar's window."""

    def get(self, request, group_slug):
        return self.calendar_response(
            activities=calendar_activities(Activity.objects.published().filter(groups=self.group)),
            name=f"{self.group.name}: activities",
            filename=f"{self.group.slug}.ics",
        )


def group_ask_statuses(group: CommunityGroup, start, end) -> list[tuple[str, str, int]]:
    """How many of the group's published asks raised in the period are in each status now
    (through the group's relation to its asks: this app does not import them)."""
    return group.asks.published().raised_between(start, end).status_counts()


class GroupImpactView(FetchedContextMixin, GroupFromUrlMixin, DetailView):
    """What a group has done, in figures a funder or councillor can read in a minute."""

    template_name = "activities/group_impact.html"
    context_object_name = "group"

    def get_object(self, queryset=None):
        return self.group

    def get_context_data(self, **kwargs):
        form = ImpactPeriodForm(self.request.GET or None)
        start, end = form.period()
        return super().get_context_data(
            period_form=form,
            start=start,
            end=end,
            impact=group_impact(group=self.group, start=start, end=end),
            ask_statuses=group_ask_statuses(self.group, start, end),
            csv_max_rows=CSV_MAX_ROWS,
            **kwargs,
        )


class GroupActivitiesCSVView(GroupFromUrlMixin, View):
    """The group's activities for a chosen period, as a CSV file: at most MAX_ROWS of them (the
    latest), streamed as they are read in batches of BATCH rows. The impact page says so."""

    MAX_ROWS = CSV_MAX_ROWS
    BATCH = 500

    HEADER = [
        "Date",
        "Time",
        "End date",
        "End time",
        "Title",
        "Kind",
        "Groups",
        "Topics",
        "Who was engaged",
        "People taking part",
        "What came of it",
        "How people took part",
        "Where",
        "Web page",
    ]

    # The activities' columns the file is made from (the rest, such as descriptions, are not
    # read).
    COLUMNS_READ = [
        "start_date",
        "start_time",
        "end_date",
        "end_time",
        "title",
        "slug",
        "kind",
        "engaged_with",
        "participants",
        "outcome",
        "mode",
        "venue",
        "venue_to_be_confirmed",
    ]

    def get(self, request, group_slug):
        start, end = ImpactPeriodForm(request.GET or None).period()
        latest = (
            impact_activities(group=self.group, start=start, end=end)
            .order_by(*LOG_ORDER)
            .values("pk")[: self.MAX_ROWS]
        )
        # The latest MAX_ROWS, oldest first, read BATCH at a time with their groups and topics.
        activities = (
            Activity.objects.filter(pk__in=latest)
            .for_list_items()
            .prefetch_related(Prefetch("topics", queryset=Topic.objects.only("name")))
            .only(*self.COLUMNS_READ)
            .order_by("start_date", F("start_time").asc(nulls_first=True), "title", "pk")
            .iterator(chunk_size=self.BATCH)
        )
        period = f"{start or 'start'}-to-{end or timezone.localdate()}"
        return csv_streaming_response(
            filename=f"{self.group.slug}-activities-{period}.csv",
            header=self.HEADER,
            rows=(
                [
                    activity.start_date.isoformat(),
                    activity.start_time.strftime("%H:%M") if activity.start_time else "",
                    activity.end_date.isoformat() if activity.end_date else "",
                    activity.end_time.strftime("%H:%M") if activity.end_time else "",
                    activity.title,
                    activity.get_kind_display(),
                    "; ".join(group.name for group in activity.public_groups),
                    "; ".join(topic.name for topic in activity.topics.all()),
                    activity.engaged_with,
                    activity.participants if activity.participants is not None else "",
                    activity.outcome,
                    activity.get_mode_display(),
                    activity.where,
                    self.request.build_absolute_uri(activity.get_absolute_url()),
                ]
                for activity in activities
            ),
        )


# Signing up. The form is on the activity's page, which carries no CSRF token (the page may be
# cached, like the subscribe form's pages): posts from other sites are refused by their origin
# instead (see oig_site/core/origin.py).

# Per visitor's address: enough for a group signing up together on a venue's Wi-Fi; per e-mail
# address or phone number, a few (someone signing up a friend or correcting a mistake).
SIGNUP_LIMIT_PER_CLIENT = 60
SIGNUP_LIMIT_PER_CONTACT = 5
SIGNUP_WINDOW_SECONDS = 60 * 60


def signup_page(request, activity, *, form=None, status=200, problem=""):
    response = render(
        request,
        "activities/signup_form.html",
        fetched(
            {
                "activity": activity,
                "signup_state": activity.signup_state(),
                "signup_form": form or SignUpForm(),
                "problem": problem,
            }
        ),
        status=status,
    )
    add_never_cache_headers(response)
    return response


@method_decorator(same_origin_only, name="dispatch")
@method_decorator(never_cache, name="dispatch")
class SignUpView(View):
    """The sign-up form's own page (for its errors, and to link to), and where it posts."""

    def get_activity(self, slug):
        return get_object_or_404(
            Activity.objects.published().select_related("signup_tally"), slug=slug
        )

    def get(self, request, slug):
        return signup_page(request, self.get_activity(slug))

    def post(self, request, slug):
        activity = self.get_activity(slug)
        form = SignUpForm(request.POST)
        if activity.signup_state() not in ("open", "full"):
            return signup_page(request, activity, status=409)
        if not form.is_valid():
            return signup_page(request, activity, form=form, status=400)
        data = form.cleaned_data
        contact = data["email"].lower() or "".join(filter(str.isdigit, data["phone"]))
        if not allow_visitor_and_address(
            scope="signup",
            visitor=client_key(request),
            address=contact,
            per_visitor=SIGNUP_LIMIT_PER_CLIENT,
            per_address=SIGNUP_LIMIT_PER_CONTACT,
            window_seconds=SIGNUP_WINDOW_SECONDS,
        ):
            response = render(request, "activities/signup_too_many.html", status=429)
            response["Retry-After"] = str(SIGNUP_WINDOW_SECONDS)
            return response
        try:
            signup = signup_create(
                activity=activity,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                access_needs=data["access_needs"],
                other_access_needs=data["other_access_needs"],
            )
        except SignUpClosed:
            return signup_page(request, activity, status=409)
        except OperationalError:  # the database stayed busy ("database is locked")
            logger.warning("Sign-up for %s failed: database busy", activity.pk, exc_info=True)
            response = signup_page(request, activity, form=form, status=503, problem="busy")
            response["Retry-After"] = "5"
            return response
        return redirect("activities:signed_up", token=cancel_token(signup))


class SignUpLinkMixin:
    """Pages reached by a sign-up's signed link: never cached, never indexed."""

    def load(self, request, token):
        """The sign-up, or the page explaining why the link does not work."""
        try:
            return read_cancel_token(token), None
        except LinkExpired:
            return None, render(
                request, "activities/signup_link_problem.html", {"expired": True}, status=410
            )
        except signing.BadSignature:
            return None, render(request, "activities/signup_link_problem.html", status=400)


@method_decorator(never_cache, name="dispatch")
class SignedUpView(SignUpLinkMixin, View):
    """After signing up: a place or the waiting list, and whether the e-mail went."""

    def get(self, request, token):
        signup, problem = self.load(request, token)
        if problem:
            return problem
        return render(
            request,
            "activities/signed_up.html",
            {
                "signup": signup,
                "activity": signup.activity,
                "cancel_url": reverse("activities:signup_cancel", args=[token]),
            },
        )


@method_decorator(never_cache, name="dispatch")
class SignUpCancelView(SignUpLinkMixin, View):
    """The link in every sign-up e-mail. Opening it shows a button (mail scanners follow
    links); pressing it cancels and offers the place to the first on the waiting list."""

    def get(self, request, token):
        signup, problem = self.load(request, token)
        if problem:
            return problem
        return render(
            request,
            "activities/signup_cancel.html",
            {"signup": signup, "activity": signup.activity},
        )

    def post(self, request, token):
        signup, problem = self.load(request, token)
        if problem:
            return problem
        if signup.status == SignUp.Status.CANCELLED:
            return render(
                request,
                "activities/signup_cancel.html",
                {"signup": signup, "activity": signup.activity},
            )
        try:
            signup, _ = signup_cancel(signup=signup)
        except OperationalError:
            logger.warning("Cancelling sign-up %s failed: database busy", signup.pk, exc_info=True)
            response = render(
                request,
                "activities/signup_cancel.html",
                {"signup": signup, "activity": signup.activity, "problem": "busy"},
                status=503,
            )
            response["Retry-After"] = "5"
            return response
        return render(
            request,
            "activities/signup_cancel.html",
            {"signup": signup, "activity": signup.activity, "just_cancelled": True},
        )
