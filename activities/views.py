import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import DetailView, ListView

from activities.calendars import build_calendar
from activities.forms import ActivityFilterForm, ImpactPeriodForm
from activities.impact import group_impact, impact_activities
from activities.models import Activity
from groups.models import CommunityGroup
from oig_site.core.spreadsheets import csv_response
from oig_site.core.views import (
    FetchedContextMixin,
    FilteredListMixin,
    ForgivingPaginationMixin,
    PublishedQuerysetMixin,
    published_or_404,
)

# A subscribed calendar carries what is coming and the past year, so it stays small.
CALENDAR_PAST_DAYS = 365


class GroupFromUrlMixin:
    """For pages under /groups/<group_slug>/: the published group, or the site's 404."""

    @cached_property
    def group(self) -> CommunityGroup:
        return published_or_404(CommunityGroup, slug=self.kwargs["group_slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, **kwargs)


class ActivityListView(FilteredListMixin, ForgivingPaginationMixin, ListView):
    """The site-wide activity log: newest first, filterable by kind, topic, year and group."""

    model = Activity
    paginate_by = 20
    filter_form_class = ActivityFilterForm
    filter_lookups = {"kind": "kind", "topic": "topics", "group": "groups"}
    template_name = "activities/activity_list.html"

    def base_queryset(self):
        return Activity.objects.published()

    def get_filter_form_kwargs(self):
        return {"activities": self.base_queryset(), "with_group": True}

    def get_queryset(self):
        queryset = self.apply_filters(
            self.base_queryset().for_lists().order_by(*Activity._meta.ordering)
        )
        if year := self.filters.get("year"):
            queryset = queryset.filter(
                start_date__gte=dt.date(year, 1, 1), start_date__lte=dt.date(year, 12, 31)
            )
        return queryset


class GroupActivityListView(GroupFromUrlMixin, ActivityListView):
    """A group's own activity log."""

    def base_queryset(self):
        return Activity.objects.published().filter(groups=self.group)

    def get_filter_form_kwargs(self):
        return {"activities": self.base_queryset(), "with_group": False}


class WhatsOnView(FetchedContextMixin, ForgivingPaginationMixin, ListView):
    """Upcoming activities across the site, soonest first."""

    model = Activity
    paginate_by = 20
    template_name = "activities/whats_on.html"

    def get_queryset(self):
        return Activity.objects.published().upcoming().for_lists()


class ActivityDetailView(PublishedQuerysetMixin, DetailView):
    model = Activity

    def get_queryset(self):
        return self.get_base_queryset().for_lists().prefetch_related("links")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.object
        group_ids = [group.pk for group in activity.public_groups]
        topic_ids = [topic.pk for topic in activity.topics.all()]
        context["related_activities"] = list(
            Activity.objects.published()
            .filter(Q(groups__in=group_ids) | Q(topics__in=topic_ids))
            .exclude(pk=activity.pk)
            .distinct()
            .order_by("-start_date", "title")[:4]
        )
        return context


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


def calendar_activities(queryset):
    since = timezone.localdate() - dt.timedelta(days=CALENDAR_PAST_DAYS)
    return queryset.filter(Q(start_date__gte=since) | Q(end_date__gte=since)).order_by(
        "start_date", "pk"
    )


class SiteCalendarView(CalendarResponseMixin, View):
    """A calendar to subscribe to: every group's activities, coming and of the past year."""

    def get(self, request):
        return self.calendar_response(
            activities=calendar_activities(Activity.objects.published()),
            name=f"{settings.SITE_NAME}: activities",
            filename="activities.ics",
        )


class GroupCalendarView(GroupFromUrlMixin, CalendarResponseMixin, View):
    """A calendar to subscribe to: one group's activities, coming and of the past year."""

    def get(self, request, group_slug):
        return self.calendar_response(
            activities=calendar_activities(Activity.objects.published().filter(groups=self.group)),
            name=f"{self.group.name}: activities",
            filename=f"{self.group.slug}.ics",
        )


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
            **kwargs,
        )


class GroupActivitiesCSVView(GroupFromUrlMixin, View):
    """The group's activities for a chosen period, as a CSV file."""

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

    def get(self, request, group_slug):
        start, end = ImpactPeriodForm(request.GET or None).period()
        activities = (
            impact_activities(group=self.group, start=start, end=end)
            .for_lists()
            .order_by("start_date", "start_time", "title")
        )
        period = f"{start or 'start'}-to-{end or timezone.localdate()}"
        return csv_response(
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
