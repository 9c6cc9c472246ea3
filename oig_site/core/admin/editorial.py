"""The admin for content pages: who created and last edited each, whether the public can see
it, and publishing or unpublishing from the list."""

from django.contrib import admin, messages

from oig_site.core.admin.editors import RecordsEditorsMixin
from oig_site.core.admin.history import HistoryAdmin
from oig_site.core.publishing import PublicationState
from oig_site.core.services import content_publish_now, content_unpublish

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
        with self.create_revision(request):
            published, problems = content_publish_now(objects=queryset, user=request.user)
        self.message_user(request, f"Published {published}.", messages.SUCCESS)
        for problem in problems:
            self.message_user(request, f"Not published: {problem}", messages.WARNING)

    @admin.action(description="Unpublish (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        with self.create_revision(request):
            changed = content_unpublish(objects=queryset, user=request.user)
        self.message_user(
            request,
            f"{changed} taken off the site and back to draft. Nothing was deleted.",
            messages.SUCCESS,
        )

    def get_queryset(self, request):
        # Every row's state in the same query, by the same conditions as the public pages.
        return super().get_queryset(request).with_publication_state()

    @admin.display(boolean=True, description="On the site", ordering="publication_state_now")
    def is_live(self, obj) -> bool:
        return obj.publication_state == PublicationState.PUBLISHED

    @admin.display(description="State", ordering="publication_state_now")
    def state(self, obj) -> str:
        return obj.publication_state.label
