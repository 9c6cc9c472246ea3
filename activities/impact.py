"""Impact figures for a group: what it has done, per kind and year, who it reached and engaged,
and what came of it. Read-only queries in a fixed number, whatever the amount of data."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from activities.models import Activity
from groups.models import CommunityGroup

OUTCOMES_SHOWN = 20


def impact_activities(*, group: CommunityGroup, start: dt.date | None, end: dt.date | None):
    """The group's published activities that have happened (or are happening today), in the
    period."""
    queryset = Activity.objects.published().filter(
        groups=group, start_date__lte=timezone.localdate()
    )
    if start:
        queryset = queryset.filter(start_date__gte=start)
    if end:
        queryset = queryset.filter(start_date__lte=end)
    return queryset


def people_taking_part():
    """An activity's "people taking part": the number its coordinator gave, or else the number
    who signed up and kept their place. The sign-up counts are anonymous and outlive the
    sign-ups themselves (see ``SignUpTally``), so the figure stays the same after they are
    deleted."""
    return Coalesce("participants", "signup_tally__confirmed")


@dataclass
class KindRow:
    label: str
    counts: list[int]
    total: int


CHART_LABEL_WIDTH = 60
CHART_BAR_MAX = 480
CHART_ROW_HEIGHT = 36


@dataclass
class ChartBar:
    """One bar of the server-drawn SVG chart, measured in the chart's own units."""

    year: int
    total: int
    width: int
    y: int

    @property
    def value_x(self) -> int:
        return CHART_LABEL_WIDTH + self.width + 8


@dataclass
class Impact:
    total: int
    people_reached: int
    years: list[int]
    rows: list[KindRow]
    year_totals: list[int]
    chart: list[ChartBar]
    engaged: list[tuple[str, int]]
    outcomes: list[Activity]
    outcomes_total: int
    chart_height: int = field(default=0)
    chart_bar_x: int = CHART_LABEL_WIDTH


def group_impact(*, group: CommunityGroup, start=None, end=None) -> Impact:
    activities = impact_activities(group=group, start=start, end=end)
    counts = (
        activities.order_by().values("kind", year=ExtractYear("start_date")).annotate(n=Count("pk"))
    )
    by_kind_year = {(row["kind"], row["year"]): row["n"] for row in counts}
    years = sorted({year for _, year in by_kind_year})
    rows = []
    for kind, label in Activity.Kind.choices:
        kind_counts = [by_kind_year.get((kind, year), 0) for year in years]
        if any(kind_counts):
            rows.append(KindRow(label=str(label), counts=kind_counts, total=sum(kind_counts)))
    year_totals = [sum(row.counts[i] for row in rows) for i in range(len(years))]
    top = max(year_totals, default=0) or 1
    chart = [
        ChartBar(
            year=year,
            total=total,
            width=max(round(CHART_BAR_MAX * total / top), 2),
            y=index * CHART_ROW_HEIGHT,
        )
        for index, (year, total) in enumerate(zip(years, year_totals, strict=True))
    ]
    engaged = [
        (row["engaged_with"], row["n"])
        for row in activities.exclude(engaged_with="")
        .order_by()
        .values("engaged_with")
        .annotate(n=Count("pk"))
        .order_by("-n", "engaged_with")
    ]
    with_outcomes = activities.exclude(outcome="").order_by("-start_date", "title")
    return Impact(
        total=sum(year_totals),
        people_reached=activities.aggregate(people=Sum(people_taking_part()))["people"] or 0,
        years=years,
        rows=rows,
        year_totals=year_totals,
        chart=chart,
        engaged=engaged,
        outcomes=list(with_outcomes[:OUTCOMES_SHOWN]),
        outcomes_total=with_outcomes.count(),
        chart_height=max(len(chart), 1) * CHART_ROW_HEIGHT,
    )
