from django import forms

from groups.models import CommunityGroup, Topic


class GroupFilterForm(forms.Form):
    """The directory's filters. Unknown values are ignored, never an error page."""

    topic = forms.ModelChoiceField(
        queryset=Topic.objects.filter(groups__in=CommunityGroup.objects.published()).distinct(),
        to_field_name="slug",
        required=False,
        empty_label="All topics",
    )
    area = forms.ChoiceField(required=False, label="Area")

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "All areas"), *((a, a) for a in areas)]

    def valid_filters(self) -> dict:
        """The filters that were given and make sense; the rest are dropped."""
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value and name not in self.errors
        }
