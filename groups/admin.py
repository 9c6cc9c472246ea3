from django import forms
from django.contrib import admin, messages
from django.db.models import Count

from groups.models import (
    CommunityGroup,
    GroupAim,
    GroupEasyReadLine,
    GroupLink,
    MemberStory,
    Organisation,
    Partnership,
    Topic,
)
from groups.services import stories_withdraw_consent
from oig_site.core.admin import (
    EDITORIAL_FIELDSET,
    PUBLISHING_FIELDSET,
    CheckedSelectionMixin,
    EasyReadInline,
    EditorialAdmin,
    InlinesAmongFieldsetsMixin,
    ScopedInlineMixin,
    VisibleRelatedMixin,
)


@admin.register(Topic)
class TopicAdmin(CheckedSelectionMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "group_count")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(group_total=Count("groups")).order_by("name")

    @admin.display(description="Groups", ordering="group_total")
    def group_count(self, obj):
        return obj.group_total


class PartnershipInline(ScopedInlineMixin, admin.TabularInline):
    model = Partnership
    extra = 0
    view_on_site = False
    autocomplete_fields = ("organisation",)
    verbose_name = "partner organisation"
    verbose_name_plural = "partner organisations (hosts, partners and funders)"


@admin.register(Organisation)
class OrganisationAdmin(VisibleRelatedMixin, CheckedSelectionMixin, admin.ModelAdmin):
    list_display = ("name", "website", "group_list")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}

    visible_related = {"partnerships": Partnership.objects.select_related("group")}

    @admin.display(description="Groups")
    def group_list(self, obj):
        # Only the groups this user may see.
        return ", ".join(
            f"{p.group.name} ({p.get_role_display().lower()})" for p in obj.visible_partnerships
        )


class GroupAimInline(admin.TabularInline):
    model = GroupAim
    extra = 1
    fields = ("text", "position")
    view_on_site = False
    formfield_overrides = {
        GroupAim._meta.get_field("text").__class__: {
            "widget": forms.TextInput(attrs={"size": 90, "class": "vTextField"})
        }
    }


class GroupLinkInline(admin.TabularInline):
    model = GroupLink
    extra = 0
    view_on_site = False
    fields = ("kind", "label", "url", "position")


class GroupEasyReadInline(EasyReadInline):
    model = GroupEasyReadLine


@admin.register(CommunityGroup)
class CommunityGroupAdmin(InlinesAmongFieldsetsMixin, EditorialAdmin):
    list_display = ("name", "area", "is_active", "state", "is_live", "updated_at")
    list_filter = ("status", "is_active", "topics", "area")
    search_fields = ("name", "strapline", "summary", "area")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("topics", "coordinators")
    inlines = (GroupAimInline, PartnershipInline, GroupLinkInline, GroupEasyReadInline)
    # The aims after the group's description, partners and links after its contact details,
    # the easy-read version after the picture; coordinators, publishing and the record last.
    inline_places = {
        GroupAimInline: 1,
        PartnershipInline: 3,
        GroupLinkInline: 3,
        GroupEasyReadInline: 5,
    }
    fieldsets = (
        (None, {"fields": ("name", "slug", "strapline", "summary", "description")}),
        ("What and where", {"fields": ("topics", "area", "is_active")}),
        ("Contact", {"fields": ("email", "phone", "website")}),
        (
            "Get involved page",
            {
                "fields": ("what_members_do", "support_for_members"),
                "description": "Shown above the form people use to get in touch with the group.",
            },
        ),
        (
            "How the group's page looks",
            {
                "fields": ("colour", "image", "image_alt", "image_decorative"),
                "description": "The group's colour and banner picture, shown at the top of its "
                "page and on its card in the list of groups.",
            },
        ),
        (
            "Coordinators",
            {
                "fields": ("coordinators",),
                "description": "The people who keep this group's pages up to date. Only site "
                "editors can change this.",
            },
        ),
        PUBLISHING_FIELDSET,
        EDITORIAL_FIELDSET,
    )

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if self.edits_everything(request) else (*fields, "coordinators")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "image":
            field.label = "Banner picture"
        return field


@admin.register(MemberStory)
class MemberStoryAdmin(EditorialAdmin):
    list_display = ("title", "group", "byline", "consent_recorded", "state", "is_live")
    list_filter = ("status", "group", "naming")
    list_select_related = ("group",)
    search_fields = ("title", "summary", "teller_name")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("group",)
    actions = ("withdraw_consent",)
    fieldsets = (
        (None, {"fields": ("group", "title", "slug", "summary", "body")}),
        ("The teller", {"fields": ("teller_name", "naming")}),
        (
            "Consent",
            {
                "fields": (
                    "consent_given_by",
                    "consent_given_at",
                    "consent_scope",
                    "consent_withdrawn_at",
                ),
                "description": "A story is only shown once consent is recorded. If the teller "
                "withdraws consent, fill in 'consent withdrawn on': the story leaves the site "
                "at once and is kept here.",
            },
        ),
        ("Photo", {"fields": ("image", "image_alt", "image_decorative")}),
        PUBLISHING_FIELDSET,
        EDITORIAL_FIELDSET,
    )

    @admin.display(boolean=True, description="Consent")
    def consent_recorded(self, obj) -> bool:
        return obj.has_consent

    @admin.action(
        description="Record that the teller withdrew consent (takes the story off the site)"
    )
    def withdraw_consent(self, request, queryset):
        changed = stories_withdraw_consent(stories=queryset)
        self.message_user(
            request,
            f"Consent withdrawn for {changed} {'story' if changed == 1 else 'stories'}: "
            "no longer shown on the site, and kept here.",
            messages.SUCCESS,
        )
