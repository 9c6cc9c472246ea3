from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from activities.attendees import CSV_HEADER, Attendees, attendees, csv_rows
from activities.models import AccessNeed, Activity, ActivityEasyReadLine, ActivityLink, SignUp
from activities.services import activity_copy_as_draft
from activities.services.signups import signup_cancel, signup_delete, waiting_list_promote
from groups.models import CommunityGroup
from oig_site.core.admin import (
    EDITORIAL_FIELDSET,
    PUBLISHING_FIELDSET,
    EasyReadInline,
    EditorialAdmin,
    GroupScopedAdmin,
    InlinesAmongFieldsetsMixin,
)
from oig_site.core.spreadsheets import csv_response


class ActivityLinkInline(admin.TabularInline):
    model = ActivityLink
    extra = 0
    fields = ("kind", "label", "url", "position")
    view_on_site = False
    verbose_name_plural = "links (a recording, a report, 'listen again', ...)"


class ActivityEasyReadInline(EasyReadInline):
    model = ActivityEasyReadLine


@admin.register(Activity)
class ActivityAdmin(InlinesAmongFieldsetsMixin, EditorialAdmin):
    list_display = ("title", "start_date", "kind", "group_names", "state", "is_live", "sign_ups")
    list_filter = ("groups", "kind", "start_date", "status", "mode")
    date_hierarchy = "start_date"
    search_fields = ("title", "summary", "engaged_with", "venue")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("groups", "topics")
    inlines = (ActivityLinkInline, ActivityEasyReadInline)
    # Links (a recording, a report) with what it achieved, the easy-read version after the
    # picture; publishing and the record last.
    inline_places = {ActivityLinkInline: 5, ActivityEasyReadInline: 7}
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
        (
            "Sign-ups",
            {
                "fields": ("signups_open", "places", "signups_close_at", "who_is_coming"),
                "description": "Let people sign up on the activity's page, with their access "
                "needs. When the places are taken, people join a waiting list.",
            },
        ),
        ("Picture", {"fields": ("image", "image_alt", "image_decorative")}),
        PUBLISHING_FIELDSET,
        EDITORIAL_FIELDSET,
    )

    readonly_fields = (*EditorialAdmin.readonly_fields, "who_is_coming")

    def get_queryset(self, request):
        return (
            super().get_queryset(request).prefetch_related("groups").select_related("signup_tally")
        )

    @admin.display(description="Who is coming")
    def who_is_coming(self, obj):
        """The way from the activity to its list of sign-ups (and the sign-in sheet)."""
        if obj is None or obj.pk is None:
            return "Once the activity is saved, the list of people who signed up is here."
        return format_html(
            '<a href="{}">See who signed up, download the list or print a sign-in sheet</a>',
            reverse("admin:activities_signup_attendees", args=[obj.pk]),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"places", "signups_open"} & set(form.changed_data) and obj.signups_open:
            promoted = waiting_list_promote(activity=obj)
            if promoted:
                self.message_user(
                    request,
                    f"{len(promoted)} {'person' if len(promoted) == 1 else 'people'} on the "
                    "waiting list got a place and an e-mail.",
                    messages.SUCCESS,
                )

    @admin.display(description="Sign-ups")
    def sign_ups(self, obj):
        if not obj.signups_open and not obj.signups_confirmed and not obj.signups_waiting:
            return "-"
        places = f" of {obj.places}" if obj.places is not None else ""
        waiting = f", {obj.signups_waiting} waiting" if obj.signups_waiting else ""
        return format_html(
            '<a href="{}">{}{}{}</a>',
            reverse("admin:activities_signup_attendees", args=[obj.pk]),
            obj.signups_confirmed,
            places,
            waiting,
        )

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


class SignUpAdminForm(forms.ModelForm):
    access_needs = forms.MultipleChoiceField(
        label="Access needs",
        required=False,
        choices=AccessNeed.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SignUp
        fields = ("name", "email", "phone", "access_needs", "other_access_needs")


@admin.register(SignUp)
class SignUpAdmin(GroupScopedAdmin):
    """People signed up for their groups' activities. Sign-ups come from the public form; here
    coordinators read them, correct details, and cancel (which offers the place to the first on
    the waiting list). Not kept in the history: sign-ups are deleted after the event."""

    form = SignUpAdminForm
    list_display = (
        "name",
        "activity",
        "status",
        "contact",
        "needs",
        "created_at",
        "e_mailed",
    )
    list_filter = ("status",)
    list_select_related = ("activity",)
    search_fields = ("name", "email", "phone", "activity__title")
    readonly_fields = (
        "activity",
        "status",
        "created_at",
        "confirmation_sent_at",
        "reminder_sent_at",
        "cancelled_at",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "activity",
                    "status",
                    "name",
                    "email",
                    "phone",
                    "access_needs",
                    "other_access_needs",
                    "created_at",
                    "confirmation_sent_at",
                    "reminder_sent_at",
                    "cancelled_at",
                ),
                # Delete is on this page; cancelling is not, so say where it is.
                "description": "To cancel this place and offer it to the waiting list, tick "
                "the person in the list of sign-ups and choose 'Cancel, and offer the places "
                "to the waiting list'. Delete only when the person asks for their details to "
                "be removed, or the sign-up was a mistake.",
            },
        ),
    )
    actions = ("cancel_signups",)
    view_on_site = False

    def has_add_permission(self, request):
        return False

    def delete_model(self, request, obj):
        signup_delete(signup=obj)

    def delete_queryset(self, request, queryset):
        for signup in queryset.select_related("activity"):
            signup_delete(signup=signup)

    @admin.display(description="Contact")
    def contact(self, obj):
        return obj.contact

    @admin.display(description="Access needs")
    def needs(self, obj):
        return "; ".join(obj.all_access_needs)

    @admin.display(description="Confirmation e-mailed", boolean=True)
    def e_mailed(self, obj):
        return obj.confirmation_sent_at is not None

    @admin.action(description="Cancel, and offer the places to the waiting list")
    def cancel_signups(self, request, queryset):
        promoted = 0
        for signup in queryset.select_related("activity"):
            promoted += len(signup_cancel(signup=signup)[1])
        self.message_user(
            request,
            f"Cancelled. {promoted} {'person' if promoted == 1 else 'people'} on the waiting "
            "list got a place and an e-mail.",
            messages.SUCCESS,
        )

    # The attendee list of one activity, its CSV file and its sign-in sheet

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "attendees/<int:activity_id>/",
                view(self.attendees_view),
                name=f"{info}_attendees",
            ),
            path(
                "attendees/<int:activity_id>/attendees.csv",
                view(self.attendees_csv_view),
                name=f"{info}_attendees_csv",
            ),
            path(
                "attendees/<int:activity_id>/sign-in-sheet/",
                view(self.sign_in_sheet_view),
                name=f"{info}_sign_in_sheet",
            ),
            *super().get_urls(),
        ]

    def attendees_of(self, request, activity_id) -> Attendees:
        if not self.has_view_permission(request):
            raise PermissionDenied
        activities = Activity.objects.editable_by(request.user)
        activity = activities.filter(pk=activity_id).first()
        if activity is None:
            if Activity.objects.filter(pk=activity_id).exists():
                raise PermissionDenied("This belongs to a group you do not coordinate.")
            raise Http404("No such activity.")
        return attendees(activity)

    def attendees_view(self, request, activity_id):
        found = self.attendees_of(request, activity_id)
        return TemplateResponse(
            request,
            "admin/activities/signup/attendees.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "found": found,
                "activity": found.activity,
                "title": f"Who is coming: {found.activity}",
            },
        )

    def attendees_csv_view(self, request, activity_id):
        found = self.attendees_of(request, activity_id)
        return csv_response(
            filename=f"{found.activity.slug}-attendees.csv",
            header=CSV_HEADER,
            rows=csv_rows(found),
        )

    def sign_in_sheet_view(self, request, activity_id):
        found = self.attendees_of(request, activity_id)
        return TemplateResponse(
            request,
            "admin/activities/signup/sign_in_sheet.html",
            {"found": found, "activity": found.activity},
        )
