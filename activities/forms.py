import datetime as dt

from django import forms
from django.db.models import Exists, OuterRef

from activities.models import Activity
from groups.models import CommunityGroup, Topic
from oig_site.core.forms import FilterForm, SlugChoiceField


class ActivityFilterForm(FilterForm):
    """Filters for an activity log: kind, topic and year; and on the site-wide log, a group.

    The choices cost a few index lookups, whatever the number of activities: the years run from
    the first activity's to the last one's (``year_range``), the topics are those with at least
    one of these activities. The view works the years out once (``activities.year_range()``)
    for the form it reads and the one it shows. The group is not offered as a list (there
    may be a thousand): a link from a group's page (``?group=<slug>``) sets it, and it shows as
    a filter in use, kept as a hidden field; a group's own log is on the group's page."""

    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "All kinds"), *Activity.Kind.choices]
    )
    topic = SlugChoiceField(Topic, label="Topic", empty_label="All topics")
    year = forms.TypedChoiceField(label="Year", coerce=int, required=False, empty_value=None)
    group = SlugChoiceField(CommunityGroup, label="Group", empty_label="All groups")

    def __init__(self, *args, activities, years: list[int], with_group: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "All years"), *((y, str(y)) for y in years)]
        self.fields["topic"].queryset = Topic.objects.filter(
            Exists(
                Activity.topics.through.objects.filter(
                    topic=OuterRef("pk"), activity__in=activities
                )
            )
        ).only("slug", "name")
        if with_group:
            self.fields["group"].queryset = CommunityGroup.objects.published()
            self.fields["group"].widget = forms.HiddenInput()
        else:
            del self.fields["group"]


class ImpactPeriodForm(FilterForm):
    """The period an impact page or CSV covers. Bad dates are ignored (all time is shown)."""

    start = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            # Neither date is used: the period makes no sense, so all time is shown.
            self.add_error("end", "The end of the period is before its start.")
            cleaned.pop("start", None)
        return cleaned

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        filters = self.valid_filters()
        return filters.get("start"), filters.get("end")
