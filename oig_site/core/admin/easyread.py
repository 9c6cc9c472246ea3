"""The admin for easy-read lines: an inline on the page they belong to (a group, an activity, an
issue...), so the same people may edit them, with the same history. It shows the guidance on
writing easy read above the lines, and after saving warns about lines that may be hard to read
(see ``oig_site.core.easyread.check_lines``). The warnings never stop the save."""

from django import forms
from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet

from oig_site.core.easyread import GUIDANCE, check_lines
from oig_site.core.models import SiteGlossaryTerm


def easy_read_warnings(texts: list[str]) -> list[str]:
    """The warnings for these lines, in order, checked against the site's glossary."""
    if not texts:
        return []
    glossary = dict(SiteGlossaryTerm.objects.values_list("term", "meaning"))
    return [str(warning) for warning in check_lines(texts, glossary)]


class EasyReadFormSet(BaseInlineFormSet):
    """Once the lines are saved, each line's problems are listed as warnings."""

    request = None

    def save(self, commit=True):
        saved = super().save(commit)
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
            if form.cleaned_data.get("text")
        ]
        kept.sort(key=lambda form: (form.cleaned_data.get("position") or 0, form.instance.pk or 0))
        warnings = easy_read_warnings([form.cleaned_data["text"] for form in kept])
        if self.request is not None and warnings:
            messages.warning(
                self.request,
                "The easy-read version is saved. Some lines may be hard to read: "
                + " ".join(warnings),
            )
        return saved


class EasyReadInline(admin.StackedInline):
    """Base for the inline of a model's easy-read lines: set ``model``."""

    extra = 0
    formset = EasyReadFormSet
    template = "admin/edit_inline/easy_read.html"
    view_on_site = False
    fields = ("position", "text", "image", "image_alt", "image_decorative")
    verbose_name = "easy-read line"
    verbose_name_plural = "easy-read version"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            # Room to read the whole line while writing it, with the spelling checked.
            kwargs["widget"] = forms.Textarea(
                attrs={"rows": 2, "cols": 80, "spellcheck": "true", "lang": "en-GB"}
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.request = request
        formset.guidance = GUIDANCE
        # The saved lines' problems, shown again beside the guidance whenever the page is open.
        lines = self.model._default_manager.none()
        if obj is not None and obj.pk:
            lines = self.get_queryset(request).filter(**{formset.fk.name: obj})
        formset.warnings = easy_read_warnings(
            list(lines.order_by("position", "pk").values_list("text", flat=True))
        )
        return formset
