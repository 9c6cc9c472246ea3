from django import forms

from groups.models import CommunityGroup
from newsletters.models import Newsletter, Question
from oig_site.core.forms import FilterForm, SlugChoiceField


class ArchiveFilterForm(FilterForm):
    # Written out by the core's QuickSelect, as every filter's drop-down list is: a few hundred
    # newsletters and groups rendered option by option cost more than the rest of the page.
    newsletter = SlugChoiceField(Newsletter, label="Newsletter", empty_label="All newsletters")
    group = SlugChoiceField(CommunityGroup, label="Group", empty_label="All groups")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An option needs only the slug and the name.
        self.fields["newsletter"].queryset = Newsletter.objects.published().only("slug", "name")
        self.fields["group"].queryset = (
            CommunityGroup.objects.published()
            .filter(newsletters__in=Newsletter.objects.published())
            .distinct()
            .only("slug", "name")
        )


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        help_text="We send a link to this address to check it is yours.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    name = forms.CharField(
        label="Your name (optional)",
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

    def __init__(self, *args, offered=None, **kwargs):
        """``offered``: the published newsletters to offer, when the page's view fetched them
        already (the form then makes no query to show them)."""
        super().__init__(*args, **kwargs)
        field = self.fields["newsletters"]
        field.queryset = Newsletter.objects.published()
        if offered is not None:
            field.choices = [(newsletter.pk, str(newsletter)) for newsletter in offered]


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["question", "name", "email"]
        widgets = {"question": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "question": "Ask anything about co-production. We may publish your question, "
            "without your name, with an answer in the next issue.",
        }
