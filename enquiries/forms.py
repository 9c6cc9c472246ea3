import re

from django import forms
from django.core.exceptions import ValidationError

from enquiries.models import Enquiry
from groups.models import CommunityGroup
from oig_site.core.forms import mark_optional_fields
from oig_site.core.spam import MAX_LINKS, SpamCheckFormMixin, link_count

# The contact page offers the groups in a drop-down list while there are at most this many;
# with more, the group comes from the link that led there (?group=<slug>), or "not sure".
GROUPS_LISTED_IN_FULL = 40
NOT_SURE = "Not sure"
PHONE = re.compile(r"[0-9 +()\-.]+")


class EnquiryForm(SpamCheckFormMixin, forms.Form):
    """The Get involved and Contact us form. ``group``: the group the page is about (the form
    then has no choice of group); otherwise ``groups_offered``: the groups to choose from, or
    None when there are too many to list (the choice is then a hidden field, filled in from
    the link)."""

    group = forms.CharField(label="Which group is it for?", required=False, max_length=150)
    name = forms.CharField(
        label="Your name",
        max_length=150,
        help_text="Your first name is fine.",
        error_messages={"required": "Enter your name."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Your e-mail address (optional if you give a phone number)",
        required=False,
        help_text="We only use it to reply to you.",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Enter an e-mail address like name@example.com."},
    )
    phone = forms.CharField(
        label="Your phone number (optional if you give an e-mail address)",
        required=False,
        help_text="We only use it to reply to you.",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    interest = forms.ChoiceField(
        label="What would you like to do?",
        choices=Enquiry.Interest.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you would like to do."},
    )
    message = forms.CharField(
        label="Your message",
        required=False,
        max_length=5000,
        help_text="Tell us a little about yourself, or ask us anything.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    access_needs = forms.CharField(
        label="Anything that would help you take part",
        required=False,
        max_length=2000,
        help_text=(
            "For example step-free access, a BSL interpreter, a hearing loop, large print or "
            "easy read, help with travel costs, or meeting online."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label="I agree that you may contact me about this message",
        error_messages={"required": "Tick the box to say we may contact you, so we can reply."},
    )

    field_order = ["group", *Enquiry.SENT_FIELDS, "consent", "website", "started"]

    def __init__(self, *args, group=None, groups_offered=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_group = group
        if group is not None:
            del self.fields["group"]
        elif groups_offered is not None:
            field = self.fields["group"]
            field.widget = forms.Select(
                choices=[("", NOT_SURE), *((g.slug, g.name) for g in groups_offered)]
            )
            field.help_text = f"Choose '{NOT_SURE}' and the site team will pass your message on."
        else:
            self.fields["group"].widget = forms.HiddenInput()
        mark_optional_fields(self, except_fields=["website"])

    def clean_group(self) -> CommunityGroup | None:
        slug = self.cleaned_data["group"]
        found = CommunityGroup.objects.published().filter(slug=slug).first() if slug else None
        if slug and found is None and not self.fields["group"].widget.is_hidden:
            raise ValidationError(f"Choose a group from the list, or '{NOT_SURE}'.")
        return found  # a hidden choice that no longer exists is "not sure"

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        if phone and (not PHONE.fullmatch(phone) or not 6 <= sum(c.isdigit() for c in phone) <= 20):
            raise ValidationError(
                "Enter a phone number using numbers, spaces and + ( ) - only, "
                "like 01865 123456 or +44 7700 900123."
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        given = cleaned.get("email") or cleaned.get("phone")
        if not given and not self.has_error("email") and not self.has_error("phone"):
            self.add_error("email", "Give an e-mail address or a phone number, so we can reply.")
        if cleaned.get("interest") == Enquiry.Interest.OTHER and not cleaned.get("message"):
            self.add_error("message", "Tell us what you would like in your message.")
        return cleaned

    def spam_reason(self, now=None) -> str | None:
        reason = super().spam_reason(now)
        if reason:
            return reason
        data = self.cleaned_data
        if link_count(data["name"]):
            return "a link in the name"
        if link_count(data["message"], data["access_needs"]) > MAX_LINKS:
            return "a message full of links"
        return None

    @property
    def chosen_group(self) -> CommunityGroup | None:
        return self.for_group or self.cleaned_data.get("group")
