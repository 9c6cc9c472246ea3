import datetime as dt

from django import forms
from django.db.models import Exists, OuterRef

from asks.models import Ask, UpdateKind
from groups.models import Organisation, Topic
from oig_site.core.forms import FilterForm, SlugChoiceField


class AskFilterForm(FilterForm):
    """Filters for a group's asks: the status now, a topic and the body asked. The topics and
    bodies offered are those of the group's published asks (small tables, read by an index of
    the asks' relations)."""

    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *UpdateKind.choices]
    )
    topic = SlugChoiceField(Topic, label="Topic", empty_label="All topics")
    body = SlugChoiceField(Organisation, label="Body asked", empty_label="All bodies")

    def __init__(self, *args, asks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.filter(
            Exists(Ask.topics.through.objects.filter(topic=OuterRef("pk"), ask__in=asks))
        ).only("slug", "name")
        self.fields["body"].queryset = Organisation.objects.filter(
            Exists(
                Ask.organisations.through.objects.filter(organisation=OuterRef("pk"), ask__in=asks)
            )
        ).only("slug", "name")


class AskPeriodForm(FilterForm):
    """The period of a group's CSV of asks. Bad dates are ignored (all time is given)."""

    start = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        filters = self.valid_filters()
        start, end = filters.get("start"), filters.get("end")
        if start and end and end < start:
            return None, None
        return start, end
