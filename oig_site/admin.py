"""Admin pieces shared by every app's content models."""

from django.contrib import admin

from oig_site.publishing import PublicationState


class EditorialAdmin(admin.ModelAdmin):
    """Base admin for content: records who created and last edited each object, and shows
    whether the public can see it."""

    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")
    save_on_top = True

    def save_model(self, request, obj, form, change):
        if not change or obj.created_by_id is None:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(boolean=True, description="On the site")
    def is_live(self, obj) -> bool:
        return obj.is_public

    @admin.display(description="State")
    def state(self, obj) -> str:
        return PublicationState(obj.publication_state).label


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
