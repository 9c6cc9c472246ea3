from django.contrib import admin, messages
from django.utils.html import format_html

from activities.models import Activity, ActivityLink
from activities.services import activity_copy_as_draft
from groups.models import CommunityGroup
from oig_site.core.admin import EDITORIAL_FIELDSET, PUBLISHING_FIELDSET, EditorialAdmin


class ActivityLinkInline(admin.TabularInline):
    model = ActivityLink
    extra = 0
    fields = ("kind", "label", "url", "position")
    view_on_site = False
    verbose_name_plural = "links (a recording, a report, 'listen again', ...)"


@admin.register(Activity)
class ActivityAdmin(EditorialAdmin):
    list_display = ("title", "start_date", "kind", "group_names", "state", "is_live")
    list_filter = ("groups", "kind", "start_date", "status", "mode")
    date_hierarchy = "start_date"
    search_fields = ("title", "summary", "engaged_with", "venue")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("groups", "topics")
    inlines = (ActivityLinkInline,)
    actions = ("copy_as_draft",)
    fieldsets = (
        (None, {"fields": ("groups", "title", "slug", "kind", "summary", "description")}),
        (
            "When",
            {
                "fields": (("start_date", "start_time"), ("end_date", "end_time")),
                "description": "UK time. Leave the end empty for a one-day activity.",
            },
        ),
        (
            "Where",
            {"fields": ("mode", "venue", "venue_to_be_confirmed", "online_url")},
        ),
        (
            "Access",
            {
                "fields": (
                    "step_free_access",
                    "bsl_interpretation",
                    "hearing_loop",
                    "easy_read_materials",
                    "travel_costs_paid",
                    "access_notes",
                ),
            },
        ),
        (
            "What it achieved",
            {
                "fields": ("engaged_with", "participants", "outcome", "topics"),
                "description": "'What came of it' can be added later, once it has happened.",
            },
        ),
        ("Picture", {"fields": ("image", "image_alt", "image_decorative")}),
        PUBLISHING_FIELDSET,
        EDITORIAL_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        coordinated = list(request.user.coordinated_groups.values_list("pk", flat=True)[:2])
        if "groups" not in initial and len(coordinated) == 1:
            initial["groups"] = coordinated
        return initial

    @admin.display(description="Groups")
    def group_names(self, obj):
        return ", ".join(group.name for group in obj.groups.all())

    @admin.action(description="Copy as a new draft")
    def copy_as_draft(self, request, queryset):
        user = request.user
        # A coordinator's copy belongs to their own groups only.
        groups = (
            None if self.edits_everything(request) else CommunityGroup.objects.coordinated_by(user)
        )
        copies = [
            activity_copy_as_draft(activity=activity, user=user, groups=groups)
            for activity in queryset.order_by("start_date")
        ]
        if len(copies) == 1:
            copy = copies[0]
            self.message_user(
                request,
                format_html(
                    'Copied as a new draft: <a href="{}">{}</a>. Change its date and details, '
                    "then publish it.",
                    f"{copy.pk}/change/",
                    copy.title,
                ),
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, f"Copied {len(copies)} activities as new drafts.", messages.SUCCESS
            )
