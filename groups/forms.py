from django import forms

from groups.models import Topic
from oig_site.core.forms import FilterForm


class GroupFilterForm(FilterForm):
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label="All topics",
    )
    area = forms.ChoiceField(required=False, label="Area")

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request: "published" depends on the time now.
        self.fields["topic"].queryset = Topic.objects.published()
        self.fields["area"].choices = [("", "All areas"), *((a, a) for a in areas)]
