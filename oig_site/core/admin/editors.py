"""Who created each object and who last changed it, recorded by the admin."""


class RecordsEditorsMixin:
    """For ``ModelAdmin`` classes of models with ``created_by`` and ``updated_by`` (see
    ``oig_site.core.content.TimestampedModel``): saving in the admin records the editor."""

    def save_model(self, request, obj, form, change):
        if not change or obj.created_by_id is None:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
