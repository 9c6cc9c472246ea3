"""Every change made in the admin is kept as a version (django-reversion), and coordinators see
and bring back only their own groups' versions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from oig_site.core.admin.scoping import GroupScopedAdmin
from oig_site.core.file_cleanup import clear_missing_files
from oig_site.core.scoping import coordinated_groups, is_group_owned


def version_group_ids(version) -> set:
    """The groups a stored version belonged to, read from the version itself (the object may
    be deleted), along the path its model declares (``group_path``)."""
    model = version._model
    if model.group_path == "pk":
        return {model._meta.pk.to_python(version.object_id)}
    first, _, rest = model.group_path.partition("__")
    field = model._meta.get_field(first)
    # Versions store a foreign key by its column ("newsletter_id"), a many-to-many by its name.
    value = version.field_dict.get(field.attname)
    if value is None:
        return set()
    values = value if isinstance(value, list | tuple | set) else [value]
    ids = {getattr(v, "pk", v) for v in values}
    if not rest:
        return ids
    related = field.related_model._default_manager
    return set(related.filter(pk__in=ids).values_list(rest, flat=True))


class HistoryAdmin(GroupScopedAdmin, CompareVersionAdmin):
    """Every change made in the admin is kept as a version (django-reversion): the History page
    lists who changed what and when, compares two versions, and reverts to one; "Recover
    deleted" brings back something deleted. Coordinators see only their own groups' versions."""

    history_latest_first = True

    def my_group_ids(self, request) -> set:
        return set(coordinated_groups(request.user, self.model).values_list("pk", flat=True))

    def _reversion_order_version_queryset(self, request, queryset):
        queryset = super()._reversion_order_version_queryset(request, queryset)
        if self.edits_everything(request):
            return queryset
        mine = self.my_group_ids(request)
        allowed = [v.pk for v in queryset if version_group_ids(v) & mine]
        return queryset.filter(pk__in=allowed)

    def compare_view(self, request, object_id, extra_context=None):
        self.get_object(request, object_id)  # 403 for another group's object
        return super().compare_view(request, object_id, extra_context)

    def revision_in_scope(self, request, revision) -> bool:
        """Whether reverting this whole revision touches only the user's groups: every version
        in it either belongs to one of the user's groups (along its model's path to its groups)
        or is a part (an aim, a link, a section...) of such an object in the same revision."""
        if self.edits_everything(request):
            return True
        mine = self.my_group_ids(request)
        owners, parts = set(), []
        for version in revision.version_set.all():
            if is_group_owned(version._model) and version_group_ids(version) & mine:
                owners.add((version._model, str(version.object_id)))
            else:
                parts.append(version)
        # A part whose own object is gone (deleted with it) is checked through that object's
        # version in the same revision, which must itself be the user's.
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
        if cleared and response.status_code == 302:
            fields = ", ".join(dict.fromkeys(cleared))
            self.message_user(
                request,
                f"The version you went back to had a file that was removed when it was replaced "
                f"or deleted ({fields}), so that is empty now. Upload it again if it is wanted.",
                messages.WARNING,
            )
