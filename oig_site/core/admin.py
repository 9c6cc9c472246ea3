"""Admin pieces shared by every app's content models: who edited what, whether the public can
see it, and which groups' objects a coordinator may see and change."""

from django.contrib import admin, messages
from django.contrib.admin import helpers, widgets
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.http import Http404, HttpResponseRedirect
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from oig_site.core.editors import RecordsEditorsMixin
from oig_site.core.file_cleanup import clear_missing_files
from oig_site.core.publishing import PublicationState


def is_site_editor(user) -> bool:
    """Site editors (and superusers) manage every group; everyone else only their own."""
    return user.is_active and (user.is_superuser or user.has_perm("groups.edit_all_groups"))


def coordinated_groups(user) -> QuerySet:
    from groups.models import CommunityGroup

    if is_site_editor(user):
        return CommunityGroup.objects.all()
    return CommunityGroup.objects.filter(coordinators=user)


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


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A list filter on a relation that names only what the user may see."""

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


class GroupScopedAdmin(CheckedSelectionMixin, admin.ModelAdmin):
    """Limits a coordinator to their own groups' objects, everywhere in the admin: the lists,
    the pages of single objects (another group's object gives 403, even by typing its address),
    bulk actions, and the choices in every form. Site editors see everything.

    ``group_lookup`` is the path from the model to its group(s): "pk" for a group itself,
    "group", "groups", "newsletter__groups", ...
    """

    group_lookup: str = "groups"

    def scope(self, request, queryset: QuerySet) -> QuerySet:
        if is_site_editor(request.user):
            return queryset
        allowed = queryset.model._default_manager.filter(
            **{f"{self.group_lookup}__in": coordinated_groups(request.user)}
        ).values("pk")
        # A subquery rather than a join, so that rows are not repeated and counts stay right.
        return queryset.filter(pk__in=allowed)

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
        from groups.models import CommunityGroup

        hidden = {}
        if change and not is_site_editor(request.user):
            mine = coordinated_groups(request.user)
            for field in self.model._meta.many_to_many:
                if field.related_model is CommunityGroup:
                    related = getattr(form.instance, field.name)
                    hidden[field.name] = list(related.exclude(pk__in=mine))
        super().save_related(request, form, formsets, change)
        for name, groups in hidden.items():
            if groups:
                getattr(form.instance, name).add(*groups)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not is_site_editor(request.user):
            model = self.model._default_manager
            try:
                exists = model.filter(pk=object_id).exists()
            except (ValueError, TypeError):
                exists = False
            if exists:
                raise PermissionDenied("This belongs to a group you do not coordinate.")
        return obj

    def in_scope(self, request, obj: Model | None) -> bool:
        if obj is None or is_site_editor(request.user):
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)

    # Form choices: only the user's own groups, and things that belong to them.

    def scoped_choices(self, request, model) -> QuerySet | None:
        from groups.models import CommunityGroup

        if is_site_editor(request.user):
            return None
        if model is CommunityGroup:
            return coordinated_groups(request.user)
        model_admin = self.admin_site._registry.get(model)
        if isinstance(model_admin, GroupScopedAdmin):
            return model_admin.get_queryset(request)
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = self.scoped_choices(request, db_field.related_model)
        if choices is not None:
            kwargs["queryset"] = choices
        autocomplete_widget(self, db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        choices = self.scoped_choices(request, db_field.related_model)
        if choices is not None:
            kwargs["queryset"] = choices
        autocomplete_widget(self, db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class HistoryAdmin(GroupScopedAdmin, CompareVersionAdmin):
    """Every change made in the admin is kept as a version (django-reversion): the History page
    lists who changed what and when, compares two versions, and reverts to one; "Recover
    deleted" brings back something deleted. Coordinators see only their own groups' versions."""

    history_latest_first = True

    def version_group_ids(self, version) -> set:
        """The groups a stored version belonged to, read from the version itself (the object
        may be deleted)."""
        from django.apps import apps

        if self.group_lookup == "pk":
            return {int(version.object_id)}
        first, _, rest = self.group_lookup.partition("__")
        value = version.field_dict.get(first)
        if value is None:
            return set()
        values = value if isinstance(value, list | tuple | set) else [value]
        if not rest:
            return {getattr(v, "pk", v) for v in values}
        related = apps.get_model(self.model._meta.get_field(first).related_model._meta.label)
        return set(
            related._default_manager.filter(
                pk__in=[getattr(v, "pk", v) for v in values]
            ).values_list(rest, flat=True)
        )

    def _reversion_order_version_queryset(self, request, queryset):
        queryset = super()._reversion_order_version_queryset(request, queryset)
        if is_site_editor(request.user):
            return queryset
        mine = set(coordinated_groups(request.user).values_list("pk", flat=True))
        allowed = [v.pk for v in queryset if self.version_group_ids(v) & mine]
        return queryset.filter(pk__in=allowed)

    def compare_view(self, request, object_id, extra_context=None):
        self.get_object(request, object_id)  # 403 for another group's object
        return super().compare_view(request, object_id, extra_context)

    def revision_in_scope(self, request, revision) -> bool:
        """Whether reverting this whole revision touches only the user's groups: every version
        in it is either of the user's groups, or a part (an aim, a link, a section...) of an
        object in the same revision."""
        if is_site_editor(request.user):
            return True
        mine = set(coordinated_groups(request.user).values_list("pk", flat=True))
        versions = list(revision.version_set.all())
        owners, parts = set(), []
        for version in versions:
            model = version._model
            model_admin = self.admin_site._registry.get(model)
            if isinstance(model_admin, HistoryAdmin):
                if not model_admin.version_group_ids(version) & mine:
                    return False
                owners.add((model, str(version.object_id)))
            else:
                parts.append(version)
        for version in parts:
            parents = [
                (field.related_model, str(version.field_dict.get(field.attname)))
                for field in version._model._meta.concrete_fields
                if field.many_to_one
            ]
            if not any(parent in owners for parent in parents):
                return False
        return True

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Only this model's versions of an object the user may change, and only revisions that
        # touch nothing of another group's: django-reversion reverts a whole revision.
        obj = self.get_object(request, object_id)  # 403 for another group's object
        if obj is None:
            raise Http404
        version = (
            Version.objects.get_for_object(obj).filter(pk=version_id).select_related("revision")
        ).first()
        if version is None:
            raise Http404
        if not self.revision_in_scope(request, version.revision):
            raise PermissionDenied("This version was saved together with other groups' content.")
        with clear_missing_files() as cleared:
            response = super().revision_view(request, object_id, version_id, extra_context)
        self.tell_about_missing_files(request, response, cleared)
        return response

    def recover_view(self, request, version_id, extra_context=None):
        deleted = self._reversion_order_version_queryset(
            request, Version.objects.get_deleted(self.model)
        )
        version = deleted.filter(pk=version_id).select_related("revision").first()
        if version is None:
            raise Http404
        if not self.revision_in_scope(request, version.revision):
            raise PermissionDenied("This version was saved together with other groups' content.")
        with clear_missing_files() as cleared:
            response = super().recover_view(request, version_id, extra_context)
        self.tell_about_missing_files(request, response, cleared)
        return response

    def tell_about_missing_files(self, request, response, cleared) -> None:
        """Files are removed when they are replaced or their object deleted (so they cannot be
        found online afterwards); an old version's file is therefore not brought back."""
        from django.contrib import messages

        if cleared and response.status_code == 302:
            fields = ", ".join(dict.fromkeys(cleared))
            self.message_user(
                request,
                f"The version you went back to had a file that was removed when it was replaced "
                f"or deleted ({fields}), so that is empty now. Upload it again if it is wanted.",
                messages.WARNING,
            )


class EditorialAdmin(RecordsEditorsMixin, HistoryAdmin):
    """Base admin for content: records who created and last edited each object, shows whether
    the public can see it, keeps every version, and keeps coordinators to their own groups."""

    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")
    save_on_top = True
    actions = ("publish_now", "unpublish")

    def get_actions(self, request):
        # Each model's own actions come on top of publishing and unpublishing.
        actions = super().get_actions(request)
        for name in ("publish_now", "unpublish"):
            if name not in actions:
                actions[name] = self.get_action(name)
        return actions

    @admin.action(description="Publish now", permissions=["change"])
    def publish_now(self, request, queryset):
        from django.contrib import messages

        from oig_site.core.services import content_publish_now

        with self.create_revision(request):
            published, problems = content_publish_now(objects=queryset, user=request.user)
        self.message_user(request, f"Published {published}.", messages.SUCCESS)
        for problem in problems:
            self.message_user(request, f"Not published: {problem}", messages.WARNING)

    @admin.action(description="Unpublish (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        from django.contrib import messages

        from oig_site.core.services import content_unpublish

        with self.create_revision(request):
            changed = content_unpublish(objects=queryset, user=request.user)
        self.message_user(
            request,
            f"{changed} taken off the site and back to draft. Nothing was deleted.",
            messages.SUCCESS,
        )

    def get_queryset(self, request):
        # "On the site" for every row in one query, by the same rule as the public pages.
        published = self.model._default_manager.published().filter(pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(on_site=Exists(published))

    @admin.display(boolean=True, description="On the site", ordering="on_site")
    def is_live(self, obj) -> bool:
        return obj.on_site

    @admin.display(description="State")
    def state(self, obj) -> str:
        return PublicationState(obj.publication_state_given(public=obj.on_site)).label


class ScopedInlineMixin:
    """For inlines: the same form-choice limits as the page they sit on."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        parent = self.admin_site._registry.get(self.parent_model)
        if isinstance(parent, GroupScopedAdmin):
            choices = parent.scoped_choices(request, db_field.related_model)
            if choices is not None:
                kwargs["queryset"] = choices
        autocomplete_widget(self, db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


EDITORIAL_FIELDSET = (
    "Record",
    {
        "classes": ["collapse"],
        "fields": ("created_at", "created_by", "updated_at", "updated_by"),
    },
)
PUBLISHING_FIELDSET = (
    "Publishing",
    {
        "fields": ("status", "publish_at"),
        "description": "Drafts are only seen by editors. Published pages appear from the "
        "publish time.",
    },
)


class ForwardAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete, refusing (403, as Django does for any field it does not know)
    a field that is only the far end of another model's relation: Django's own fails on those
    with a 500."""

    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        if not hasattr(source_field, "get_limit_choices_to"):
            raise PermissionDenied
        return term, model_admin, source_field, to_field_name
