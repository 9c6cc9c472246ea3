"""Keeping each editor to what they may edit, everywhere in the admin: the lists, the pages of
single objects, bulk actions, list filters and the choices in every form. Who may edit what is
the models' own rule (``editable_by(user)``, see ``oig_site.core.scoping``); this applies it.

Also the admin's form pieces that must not fail on tampered input: autocomplete boxes and
bulk-action selections."""

from django.contrib import admin, messages
from django.contrib.admin import helpers, widgets
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Prefetch, QuerySet
from django.http import HttpResponseRedirect

from oig_site.core.admin.uploads import KeepsUploadsAdmin
from oig_site.core.scoping import (
    coordinated_groups,
    edits_everything,
    group_model_of,
    is_group_owned,
)


def editable_choices(user, model) -> QuerySet | None:
    """What ``user`` may choose in a form for a relation to ``model``: only what they may edit,
    when ``model`` belongs to groups; ``None`` when the choice is not limited."""
    if not is_group_owned(model) or edits_everything(user, model):
        return None
    return model._default_manager.editable_by(user)


class _KnownValuesOnly:
    """An autocomplete box that, when a form comes back with errors, shows only the values
    that can be ids: Django's own looks the posted values up as they are, so "abc" or
    "1e308" in place of an id is a ValueError (a 500) instead of the form's own error."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        usable = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            usable.append(item)
        return super().optgroups(name, usable, attr)


class AutocompleteSelect(_KnownValuesOnly, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(_KnownValuesOnly, widgets.AutocompleteSelectMultiple):
    pass


def autocomplete_widget(model_admin, db_field, request, kwargs) -> None:
    """Use the autocomplete boxes above for the admin's ``autocomplete_fields``."""
    if "widget" in kwargs or db_field.name not in model_admin.get_autocomplete_fields(request):
        return
    widget = AutocompleteSelectMultiple if db_field.many_to_many else AutocompleteSelect
    kwargs["widget"] = widget(db_field, model_admin.admin_site, using=kwargs.get("using"))


class VisibleRelatedMixin:
    """For an admin list with a column of related rows (the groups an organisation works with,
    a subscriber's newsletters): ``visible_related`` maps each relation to the queryset of its
    rows, and each row of the list gets those the user may edit as the list
    ``visible_<relation>``, so a coordinator's list never names another group's."""

    visible_related: dict[str, QuerySet] = {}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                *(
                    Prefetch(lookup, queryset.editable_by(request.user), f"visible_{lookup}")
                    for lookup, queryset in self.visible_related.items()
                )
            )
        )


class _ScopedFormChoices:
    """The choices of every relation in the admin's forms: only what the user may edit (see
    ``scoped_choices``), in the site's autocomplete boxes where the admin asks for them.

    No red cross beside a choice: Django's deletes the chosen object itself (a whole
    newsletter issue, from a question's page), not the choice. Things are deleted from their
    own pages."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(
            formfield.widget, widgets.RelatedFieldWidgetWrapper
        ):
            formfield.widget.can_delete_related = False
        return formfield

    def scoped_choices(self, request, model) -> QuerySet | None:
        return editable_choices(request.user, model)

    def _scope_formfield(self, db_field, request, kwargs) -> None:
        choices = self.scoped_choices(request, db_field.related_model)
        if choices is not None:
            kwargs["queryset"] = choices
        autocomplete_widget(self, db_field, request, kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scope_formfield(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scope_formfield(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A list filter on a relation that names only what the user may see. Its choice for
    "nothing chosen" says "None" rather than Django's "-", and is left out for a coordinator,
    whose lists never hold anything outside their groups."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.scoped = model_admin.scoped_choices(request, field.related_model) is not None
        super().__init__(field, request, params, model, model_admin, field_path)
        self.empty_value_display = "None"

    @property
    def include_empty_choice(self):
        return not self.scoped and super().include_empty_choice

    def field_choices(self, field, request, model_admin):
        choices = model_admin.scoped_choices(request, field.related_model)
        if choices is None:
            return super().field_choices(field, request, model_admin)
        return [(obj.pk, str(obj)) for obj in choices]


class CheckedSelectionMixin:
    """A bulk action sent with a selection that is not a list of ids (a tampered form) is
    turned away with a message; Django's own would look the values up as they are (a 500)."""

    def response_action(self, request, queryset):
        pk = self.model._meta.pk
        for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
            try:
                pk.to_python(value)
            except ValidationError:
                self.message_user(
                    request,
                    "The items chosen were not understood: please choose them again.",
                    messages.WARNING,
                )
                return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


class GroupScopedAdmin(
    KeepsUploadsAdmin, _ScopedFormChoices, CheckedSelectionMixin, admin.ModelAdmin
):
    """Limits a coordinator to their own groups' objects, everywhere in the admin: the lists,
    the pages of single objects (another group's object gives 403, even by typing its address),
    bulk actions, and the choices in every form. Site editors see everything.

    For models owned by groups: the model declares the path to its groups (``group_path``) and
    its queryset says who may edit what (``editable_by(user)``).

    Files chosen on its pages are kept when a page comes back with a mistake (see
    ``KeepsUploadsAdmin``).
    """

    def edits_everything(self, request) -> bool:
        return edits_everything(request.user, self.model)

    def scope(self, request, queryset: QuerySet) -> QuerySet:
        return queryset.editable_by(request.user)

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request))

    def get_list_filter(self, request):
        scoped = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str):
                field = get_fields_from_path(self.model, entry)[-1]
                if field.is_relation and field.related_model is not None:
                    entry = (entry, ScopedRelatedFieldListFilter)
            scoped.append(entry)
        return scoped

    def save_related(self, request, form, formsets, change):
        # A coordinator sees only their own groups in the form: keep the other groups of a
        # joint activity or newsletter, which they cannot see, rather than dropping them.
        hidden = {}
        if change and not self.edits_everything(request):
            group_model = group_model_of(self.model)
            mine = coordinated_groups(request.user, self.model)
            for field in self.model._meta.many_to_many:
                if field.related_model is group_model:
                    related = getattr(form.instance, field.name)
                    hidden[field.name] = list(related.exclude(pk__in=mine))
        super().save_related(request, form, formsets, change)
        for name, groups in hidden.items():
            if groups:
                getattr(form.instance, name).add(*groups)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not self.edits_everything(request):
            model = self.model._default_manager
            try:
                exists = model.filter(pk=object_id).exists()
            except (ValueError, TypeError):
                exists = False
            if exists:
                raise PermissionDenied("This belongs to a group you do not coordinate.")
        return obj

    def in_scope(self, request, obj: Model | None) -> bool:
        if obj is None or self.edits_everything(request):
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)


class ScopedInlineMixin(_ScopedFormChoices):
    """For inlines: the same form-choice limits as the page they sit on."""


class ForwardAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete, refusing (403, as Django does for any field it does not know)
    a field that is only the far end of another model's relation: Django's own fails on those
    with a 500."""

    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        if not hasattr(source_field, "get_limit_choices_to"):
            raise PermissionDenied
        return term, model_admin, source_field, to_field_name
