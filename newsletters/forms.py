from django import forms

from groups.models import CommunityGroup
from newsletters.models import Newsletter, Question
from oig_site.core.forms import FilterForm, SlugChoiceField, mark_optional_fields


class ArchiveFilterForm(FilterForm):
    """Filters for the archive: newsletter, year and group.

    The newsletters are offered as a drop-down list while there are few (``newsletters``, read
    by the view: ``NewsletterQuerySet.all_if_few()``); with more, and always for the group (there
    may be a thousand), a link sets the filter (``?newsletter=<slug>`` from a newsletter's page,
    ``?group=<slug>`` from a group's) and it shows as a filter in use, kept as a hidden field.
    The years run from the newest issue's to the oldest's (``years``, read by the view)."""

    newsletter = SlugChoiceField(Newsletter, label="Newsletter", empty_label="All newsletters")
    year = forms.TypedChoiceField(label="Year", coerce=int, required=False, empty_value=None)
    group = SlugChoiceField(CommunityGroup, label="Group", empty_label="All groups")

    def __init__(self, *args, newsletters: list | None, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["newsletter"]
        # An option needs only the slug and the name.
        field.queryset = Newsletter.objects.published().only("slug", "name")
        if newsletters is None:
            field.widget = forms.HiddenInput()
        else:
            field.choices = [("", field.empty_label)] + [
                (newsletter.slug, newsletter.name) for newsletter in newsletters
            ]
        self.fields["year"].choices = [("", "All years"), *((y, str(y)) for y in years)]
        self.fields["group"].queryset = CommunityGroup.objects.published().only("slug", "name")
        self.fields["group"].widget = forms.HiddenInput()


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        help_text="We send a link to this address to check it is yours.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    name = forms.CharField(
        label="Your name",
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    newsletters = forms.ModelMultipleChoiceField(
        label="Which newsletters?",
        queryset=Newsletter.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one newsletter."},
    )
    source = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def __init__(self, *args, offered=None, offers_all=True, **kwargs):
        """``offered``: the published newsletters to offer, when the page's view fetched them
        already (the form then makes no query to show them); ``offers_all``: whether that is
        every one (if not, the form links to the subscribe page, which offers them all)."""
        super().__init__(*args, **kwargs)
        field = self.fields["newsletters"]
        field.queryset = Newsletter.objects.published()
        if offered is not None:
            field.choices = [(newsletter.pk, str(newsletter)) for newsletter in offered]
        self.offers_all = offers_all
        mark_optional_fields(self)


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["question", "name", "email"]
        widgets = {"question": forms.Textarea(attrs={"rows": 6})}
        labels = {"email": "Your e-mail address"}
        help_texts = {
            "question": "Ask anything about co-production. We may publish your question, "
            "without your name, with an answer in the next issue.",
            "name": "Not published.",
            "email": "If you would like a reply. Not published.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_optional_fields(self)
