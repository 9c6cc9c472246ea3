import datetime as dt
import re

from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef

from activities.models import AccessNeed, Activity
from groups.models import CommunityGroup, Topic
from oig_site.core.forms import DatePicker, FilterForm, SlugChoiceField, mark_optional_fields
from oig_site.core.text import plain_text


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

    start = forms.DateField(label="From", required=False, widget=DatePicker())
    end = forms.DateField(label="To", required=False, widget=DatePicker())

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


PHONE_CHARACTERS = re.compile(r"\+?[0-9 ()\-.]+")


class SignUpForm(forms.Form):
    """Signing up for an activity: a name, an e-mail address or a phone number (at least one),
    and what the person needs to take part."""

    @property
    def retention_days(self) -> int:
        """How long after the event the sign-up is kept (the form says so)."""
        return settings.SIGNUP_RETENTION_DAYS

    name = forms.CharField(
        label="Your name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name."},
    )
    email = forms.EmailField(
        label="Your e-mail address (optional if you give a phone number)",
        required=False,
        max_length=254,
        help_text="We send your place and a reminder to this address.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Enter an e-mail address like name@example.com."},
    )
    phone = forms.CharField(
        label="Your phone number (optional if you give an e-mail address)",
        required=False,
        max_length=30,
        help_text="We call or text you only about this activity.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    access_needs = forms.MultipleChoiceField(
        label="What do you need to take part?",
        required=False,
        choices=AccessNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick all that you need. We use this to get things ready for you.",
        error_messages={"invalid_choice": "Choose from the list."},
    )
    other_access_needs = forms.CharField(
        label="Anything else you need?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example a carer coming with you, or food you cannot eat.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_optional_fields(self)

    def clean_name(self):
        name = plain_text(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError("Enter your name.")
        return name

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        digits = sum(character.isdigit() for character in phone)
        if not PHONE_CHARACTERS.fullmatch(phone) or not 7 <= digits <= 15:
            raise forms.ValidationError("Enter a phone number, like 01865 123456.")
        return phone

    def clean_other_access_needs(self):
        return plain_text(self.cleaned_data["other_access_needs"]).strip()

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("email")
            and not cleaned.get("phone")
            and not (self.has_error("email") or self.has_error("phone"))
        ):
            self.add_error(
                "email", "Give an e-mail address or a phone number, so we can reach you."
            )
        return cleaned
