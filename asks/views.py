"""The public ledger: each group's asks, each ask's page with its timeline and evidence, and
what each body was asked and how it responded."""

import statistics

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import DetailView, ListView

from asks.forms import AskFilterForm, AskPeriodForm
from asks.models import Ask, AskUpdate, status_counts
from groups.models import CommunityGroup, Organisation, Topic
from oig_site.core.spreadsheets import csv_response
from oig_site.core.views import (
    FetchedContextMixin,
    FilteredListMixin,
    ForgivingPaginationMixin,
    PublishedQuerysetMixin,
    SiteGlossaryMixin,
    published_or_404,
)

# The most asks read to work out one body's figures, so its page is quick whatever the data.
ORGANISATION_MAX_ASKS = 5000
# The most updates a group's CSV file holds (the latest), so it is quick whatever the period.
CSV_MAX_ROWS = 5000


def _evidence_prefetches():
    """Each ask's evidence, only what the public may see now (each model's ``.published()``):
    a draft activity or a story whose consent was withdrawn is silently left out."""
    field = Ask._meta.get_field
    return [
        Prefetch(
            name,
            queryset=field(name).related_model.objects.published(),
            to_attr=f"public_{name}",
        )
        for name in ("evidence_activities", "evidence_stories", "evidence_issues")
    ]


def _list_prefetches():
    return [
        Prefetch("organisations", queryset=Organisation.objects.only("name", "slug")),
        Prefetch("topics", queryset=Topic.objects.only("name", "slug")),
    ]


def bodies_with_ledger():
    """The organisations that have a ledger page: those with a published ask put to them."""
    return Organisation.objects.filter(
        Exists(
            Ask.organisations.through.objects.filter(
                organisation=OuterRef("pk"), ask__in=Ask.objects.published()
            )
        )
    )


class GroupAskListView(FilteredListMixin, ForgivingPaginationMixin, ListView):
    """A group's "What we've asked for": open asks first, then by their newest update."""

    model = Ask
    paginate_by = 20
    filter_form_class = AskFilterForm
    filter_lookups = {"status": "current_status", "topic": "topics", "body": "organisations"}
    template_name = "asks/group_ask_list.html"

    @cached_property
    def group(self) -> CommunityGroup:
        return published_or_404(CommunityGroup, slug=self.kwargs["group_slug"])

    def base_queryset(self):
        return Ask.objects.published().filter(groups=self.group)

    def get_filter_form_kwargs(self):
        return {"asks": self.base_queryset()}

    def get_queryset(self):
        asks = self.base_queryset().with_status()
        return self.apply_filters(asks).ledger_order().prefetch_related(*_list_prefetches())

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, **kwargs)


class AskDetailView(SiteGlossaryMixin, PublishedQuerysetMixin, DetailView):
    """An ask's page: what was asked, of whom, its timeline and the evidence public now."""

    model = Ask

    def get_queryset(self):
        return (
            self.get_base_queryset()
            .with_status()
            .prefetch_related(
                Prefetch("groups", queryset=CommunityGroup.objects.published().order_by("name")),
                *_list_prefetches(),
                Prefetch("updates", queryset=AskUpdate.objects.order_by("date", "pk")),
                *_evidence_prefetches(),
            )
        )


class OrganisationAskListView(FetchedContextMixin, ForgivingPaginationMixin, ListView):
    """What groups have asked a body, how it responded, its response rate and the median days
    to a first response."""

    model = Ask
    paginate_by = 20
    template_name = "asks/organisation_ask_list.html"

    @cached_property
    def organisation(self) -> Organisation:
        public = Organisation.objects.filter(
            Q(pk__in=Organisation.objects.published().values("pk"))
            | Q(pk__in=bodies_with_ledger().values("pk"))
        )
        return get_object_or_404(public, slug=self.kwargs["slug"])

    def base_queryset(self):
        return Ask.objects.published().filter(organisations=self.organisation)

    def get_queryset(self):
        return (
            self.base_queryset()
            .ledger_order()
            .prefetch_related(
                Prefetch("groups", queryset=CommunityGroup.objects.published().order_by("name")),
                *_list_prefetches(),
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organisation=self.organisation,
            figures=response_figures(self.base_queryset()),
            **kwargs,
        )


def response_figures(asks) -> dict:
    """How a body responded to ``asks``: how many, how many it answered (an update that is an
    answer: acknowledged, a response, a commitment, done in part or whole, or declined), the
    rate in whole per cent, the median whole days from raising to the first answer, and the
    count in each status now. One bounded read of at most ``ORGANISATION_MAX_ASKS`` rows."""
    rows = list(
        asks.with_first_response()
        .order_by("-raised_on", "-pk")
        .values_list("raised_on", "first_response_on")[:ORGANISATION_MAX_ASKS]
    )
    answered = [max((first - raised).days, 0) for raised, first in rows if first is not None]
    total = len(rows)
    return {
        "total": total,
        "answered": len(answered),
        "rate": round(100 * len(answered) / total) if total else None,
        "median_days": statistics.median(answered) if answered else None,
        "statuses": [row for row in status_counts(asks) if row[2]],
    }


class GroupAsksCSVView(View):
    """A group's published asks and their updates dated in a chosen period (``?start=`` and
    ``?end=``, both optional), one row an update, newest first, formula-safe."""

    HEADER = [
        "Ask",
        "Address",
        "Raised on",
        "Bodies asked",
        "Topics",
        "Status now",
        "Archived",
        "Update date",
        "Update",
        "Note",
        "Source",
    ]

    def get(self, request, group_slug):
        group = published_or_404(CommunityGroup, slug=group_slug)
        start, end = AskPeriodForm(request.GET or None).period()
        asks = Ask.objects.published().filter(groups=group)
        updates = AskUpdate.objects.filter(ask__in=asks)
        if start:
            updates = updates.filter(date__gte=start)
        if end:
            updates = updates.filter(date__lte=end)
        updates = list(updates.select_related("ask").order_by("-date", "-pk")[:CSV_MAX_ROWS])
        ask_ids = {update.ask_id for update in updates}
        listed = asks.filter(pk__in=ask_ids).with_status().prefetch_related(*_list_prefetches())
        by_id = {ask.pk: ask for ask in listed}
        rows = []
        for update in updates:
            ask = by_id[update.ask_id]
            rows.append(
                [
                    ask.title,
                    request.build_absolute_uri(ask.get_absolute_url()),
                    ask.raised_on.isoformat(),
                    "; ".join(o.name for o in ask.organisations.all()),
                    "; ".join(t.name for t in ask.topics.all()),
                    ask.status_label,
                    "yes" if ask.archived else "no",
                    update.date.isoformat(),
                    update.get_kind_display(),
                    update.note,
                    update.source_url,
                ]
            )
        period = "-".join(d.isoformat() for d in (start, end) if d) or "all"
        return csv_response(
            filename=f"{group.slug}-asks-{period}.csv", header=self.HEADER, rows=rows
        )


class GroupAskStatusCSVView(View):
    """The impact page's figures of asks: how many of the group's published asks raised in the
    period (``?start=``, ``?end=``) are in each status now."""

    def get(self, request, group_slug):
        group = published_or_404(CommunityGroup, slug=group_slug)
        start, end = AskPeriodForm(request.GET or None).period()
        counts = Ask.objects.published().filter(groups=group).raised_between(start, end)
        period = "-".join(d.isoformat() for d in (start, end) if d) or "all"
        return csv_response(
            filename=f"{group.slug}-asks-by-status-{period}.csv",
            header=["Status now", "Asks"],
            rows=[[label, count] for _kind, label, count in counts.status_counts()],
        )
