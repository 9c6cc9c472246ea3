"""Nothing chosen in a form is lost when the form comes back with a mistake to correct.

A browser never fills a file box in by itself, so a photo chosen in a form that has to be sent
again (a required field left empty, a date in the wrong order, a mistake in one of the page's
inlines) used to be dropped without a word, and the page saved without it the next time. Here,
every file accepted on a page that comes back is kept (``oig_site.core.kept_uploads``); the
page says so beside the field, with a small copy of a picture, and the next send uses it unless
another file is chosen or "Do not use it" is ticked. A kept file that cannot be used any more
(too old, or the page was changed) stops the save with a message beside its field, once; the
page can then be saved without it, or with the file chosen again.

``KeepsUploadsAdmin`` does this for a model's own form and for every inline on its page.
"""

from functools import partial

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.db import transaction
from django.utils.html import format_html

from oig_site.core.kept_uploads import (
    KeptUploadLost,
    keep_upload,
    kept_upload_open,
    kept_upload_remove,
)


def _noun(label) -> str:
    label = str(label or "file")
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


class KeptFileInput(AdminFileWidget):
    """The admin's file box, followed (when a file is kept) by what was kept, a small copy of a
    picture, the token that finds it (hidden) and a box to tick to not use it."""

    kept = None
    noun = "file"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.kept and context["widget"]["attrs"].get("id"):
            attrs = context["widget"]["attrs"]
            described = attrs.get("aria-describedby", "")
            attrs["aria-describedby"] = f"{described} {attrs['id']}_kept".strip()
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not self.kept:
            return html
        field_id = (attrs or {}).get("id") or self.attrs.get("id") or name
        preview = (
            format_html(
                '<img src="{}" alt="" class="kept-upload-preview" height="80">',
                self.kept.preview,
            )
            if self.kept.preview
            else ""
        )
        return format_html(
            '{}<div class="kept-upload">{}'
            '<input type="hidden" name="{}-kept" value="{}">'
            '<p id="{}_kept" class="kept-upload-note">Your {} “{}” is kept: you do not need '
            "to choose it again. It is saved when you save this page.</p>"
            '<label><input type="checkbox" name="{}-kept-drop" value="1"> '
            "Do not use “{}”</label></div>",
            html,
            preview,
            name,
            self.kept.token,
            field_id,
            self.noun,
            self.kept.original_name,
            name,
            self.kept.original_name,
        )


class KeepsUploadsForm:
    """For a model form with files: uses a file kept from the page's last attempt when none is
    chosen (``__init__``), and keeps the files chosen when the page comes back
    (``keep_uploads``). ``kept_user_id`` is the editor's: a kept file is theirs only."""

    kept_user_id = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept = {}  # field name -> KeptUpload shown on the page
        self.kept_lost = {}  # field name -> the message shown beside it
        self.kept_used = []  # names in storage of the kept files this form uses
        for name, field in self.fields.items():
            if isinstance(field, forms.FileField) and isinstance(
                field.widget, forms.ClearableFileInput
            ):
                widget = KeptFileInput(attrs=field.widget.attrs)
                widget.is_required, widget.noun = field.widget.is_required, self._noun(name)
                field.widget = widget
                if self.is_bound:
                    self._use_kept(name, field)

    def _noun(self, name) -> str:
        """What the file is called in messages: a picture by its model's word for it ("photo",
        "cover image", see ``ImageWithAltText``), other files by their label."""
        model = getattr(getattr(self, "_meta", None), "model", None)
        if name == "image" and getattr(model, "image_noun", ""):
            return model.image_noun
        return _noun(self.fields[name].label)

    def _use_kept(self, name, field) -> None:
        key = self.add_prefix(name)
        token = self.data.get(f"{key}-kept")
        if not token or self.data.get(f"{key}-kept-drop") or self.files.get(key):
            return
        try:
            upload, kept, stored = kept_upload_open(token=token, user_id=self.kept_user_id)
        except KeptUploadLost:
            noun = field.widget.noun
            self.kept_lost[name] = (
                f"The {noun} you chose before could not be kept (it was more than a day ago, "
                f"or the page was changed). Choose the {noun} again, or save without it."
            )
            return
        self.files = self.files.copy()
        self.files[key] = upload
        self.kept[name] = field.widget.kept = kept
        self.kept_used.append(stored)

    def has_changed(self):
        # An inline whose kept file is lost must still say so, even with nothing else in it.
        return bool(self.kept_lost) or super().has_changed()

    def full_clean(self):
        super().full_clean()
        if self.is_bound and hasattr(self, "cleaned_data"):
            for name, message in self.kept_lost.items():
                self.add_error(name, message)

    def keep_uploads(self) -> None:
        """The page came back: keep each file chosen in this form that was accepted."""
        if not self.is_bound:
            return
        for name, field in self.fields.items():
            upload = self.files.get(self.add_prefix(name))
            if name in self.kept or name in self.errors or not hasattr(upload, "read"):
                continue
            if isinstance(field.widget, KeptFileInput):
                self.kept[name] = field.widget.kept = keep_upload(
                    upload=upload, user_id=self.kept_user_id
                )


def keeping_uploads(form_class, user_id):
    """``form_class``, keeping its files between attempts for the editor ``user_id`` (the
    class itself when it has no file fields)."""
    if not any(isinstance(f, forms.FileField) for f in form_class.base_fields.values()):
        return form_class
    return type(form_class.__name__, (KeepsUploadsForm, form_class), {"kept_user_id": user_id})


class KeepsUploadsAdmin:
    """A ModelAdmin mixin: no file chosen on its pages (its own or its inlines') is lost when
    the page comes back with a mistake. Kept files are removed once the page is saved."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        return keeping_uploads(super().get_form(request, obj, change, **kwargs), request.user.pk)

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            form = keeping_uploads(formset.form, request.user.pk)
            if form is not formset.form:
                formset = type(formset.__name__, (formset,), {"form": form})
            yield formset, inline

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if request.method == "POST":
            adminform = context.get("adminform")
            page_forms = [adminform.form] if adminform else []
            for inline in context.get("inline_admin_formsets", []):
                page_forms.extend(inline.formset.forms)
            for form in page_forms:
                if isinstance(form, KeepsUploadsForm):
                    form.keep_uploads()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        page_forms = [form, *(f for formset in formsets for f in formset.forms)]
        for name in (n for f in page_forms for n in getattr(f, "kept_used", ())):
            transaction.on_commit(partial(kept_upload_remove, name))
