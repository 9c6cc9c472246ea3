from django import forms

from groups.models import Topic
from oig_site.core.forms import FilterForm, SlugChoiceField


class GroupFilterForm(FilterForm):
    topic = SlugChoiceField(Topic, empty_label="All topics")
    area = forms.ChoiceField(required=False, label="Area")

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request: "published" depends on the time now.
        self.fields["topic"].queryset = Topic.objects.published().only("slug", "name")
        self.fields["area"].choices = [("", "All areas"), *((a, a) for a in areas)]
