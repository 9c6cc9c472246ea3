from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from asks.models import KEEP_KINDS, Ask, AskUpdate
from oig_site.core.admin import (
    EDITORIAL_FIELDSET,
    PUBLISHING_FIELDSET,
    EditorialAdmin,
    InlinesAmongFieldsetsMixin,
    ScopedInlineMixin,
)
from oig_site.core.scoping import edits_everything


class KeptUpdatesFormSet(BaseInlineFormSet):
    """For a coordinator, a saved "declined" or "no response" update keeps its kind: changing it
    (and then deleting the ask, no longer declined) would clear the record that the inline's
    and the ask's delete rules keep. What happened since is a new update."""

    coordinator = False  # set for each request by the inline

    def clean(self):
        super().clean()
        if not self.coordinator:
            return
        for form in self.initial_forms:
            if "kind" in form.changed_data and form.initial.get("kind") in KEEP_KINDS:
                form.add_error(
                    "kind",
                    "This update stays as it is. To say what happened since, add a new update.",
                )


class AskUpdateInline(ScopedInlineMixin, admin.TabularInline):
    model = AskUpdate
    formset = KeptUpdatesFormSet
    extra = 1
    fields = ("date", "kind", "note", "source_url")
    view_on_site = False
    verbose_name_plural = "what happened (newest last; the latest update is the ask's status)"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.coordinator = not edits_everything(request.user, Ask)
        return formset

    def has_delete_permission(self, request, obj=None):
        # A coordinator cannot clear a declined or unanswered ask's record by deleting its
        # updates (and then the ask): they add a new update instead.
        coordinator = not edits_everything(request.user, Ask)
        if obj is not None and coordinator and obj.status_now in KEEP_KINDS:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Ask)
class AskAdmin(InlinesAmongFieldsetsMixin, EditorialAdmin):
    list_display = ("title", "raised_on", "group_names", "status", "archived", "state", "is_live")
    list_filter = ("groups", "organisations", "archived", "status", "raised_on")
    date_hierarchy = "raised_on"
    search_fields = ("title", "text")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = (
        "groups",
        "organisations",
        "topics",
        "evidence_activities",
        "evidence_stories",
        "evidence_issues",
    )
    inlines = (AskUpdateInline,)
    # What happened after the evidence, before archiving, publishing and the record.
    inline_places = {AskUpdateInline: 3}
    fieldsets = (
        (None, {"fields": ("groups", "organisations", "title", "slug", "text", "raised_on")}),
        ("Topics", {"fields": ("topics",)}),
        (
            "Evidence",
            {
                "fields": ("evidence_activities", "evidence_stories", "evidence_issues"),
                "description": "The site shows only the evidence that is public at the time: "
                "a draft activity or a story whose teller withdrew consent is left out.",
            },
        ),
        (
            "Archive",
            {
                "fields": ("archived", "archived_reason"),
                "description": "A declined or unanswered ask cannot be deleted by a "
                "coordinator. Archive it instead, and say why.",
            },
        ),
        PUBLISHING_FIELDSET,
        EDITORIAL_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_status().prefetch_related("groups")

    @admin.display(description="Groups")
    def group_names(self, obj):
        return ", ".join(group.name for group in obj.groups.all())

    @admin.display(description="Status", ordering="current_status")
    def status(self, obj):
        return obj.status_label

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        coordinated = list(request.user.coordinated_groups.values_list("pk", flat=True)[:2])
        if "groups" not in initial and len(coordinated) == 1:
            initial["groups"] = coordinated
        return initial

    def must_keep(self, request, asks) -> bool:
        """Whether a coordinator is trying to delete a declined or unanswered ask: those are
        archived with a reason instead (site editors may delete them)."""
        if self.edits_everything(request):
            return False
        return any(ask.status_now in KEEP_KINDS for ask in asks)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.must_keep(request, [obj]):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if self.must_keep(request, objs):
            perms_needed = {*perms_needed, "declined or unanswered asks (archive them instead)"}
        return deleted, counts, perms_needed, protected
