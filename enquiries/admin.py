from django.contrib import admin, messages

from enquiries.models import Enquiry
from enquiries.services import enquiry_notify
from oig_site.core.admin import GroupScopedAdmin, has_date_filter

# What the person sent: shown, never changed.
VISITOR_FIELDS = (*Enquiry.SENT_FIELDS, "consent_to_contact")


EmailedFilter = has_date_filter(
    "notified_at",
    title="e-mail to the coordinators",
    parameter_name="emailed",
    yes="Sent",
    no="Not sent",
)


@admin.register(Enquiry)
class EnquiryAdmin(GroupScopedAdmin):
    """Coordinators see their own groups' enquiries (the shared scoping of GroupScopedAdmin).
    Enquiries sent to no group ("Not sure", or the Contact us page) are seen by those who edit
    every group: superusers and site editors, who can pass one on by choosing its group.

    Not kept in django-reversion's history: an enquiry is personal data, deleted for good when
    it is purged (see ``enquiries_purge``), and its name in the admin's log names no one."""

    list_display = ("received", "name", "group_name", "interest", "status", "emailed")
    list_display_links = ("received",)
    list_filter = ("status", "interest", EmailedFilter, "group")
    list_select_related = ("group",)
    search_fields = ("name", "email", "phone", "message")
    view_on_site = False
    actions = ["send_again"]
    fieldsets = (
        ("From", {"fields": ("created_at", "group", "name", ("email", "phone"))}),
        (
            "Their message",
            {"fields": ("interest", "message", "access_needs", "consent_to_contact")},
        ),
        (
            "What happens next",
            {
                "fields": ("status", "internal_notes"),
                "description": "Closed enquiries are deleted automatically some months "
                "after their last change.",
            },
        ),
        ("E-mail to the coordinators", {"fields": ("notified_at", "notify_error")}),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = (*VISITOR_FIELDS, "created_at", "notified_at", "notify_error")
        # Those who see enquiries to no group can pass one on to a group; coordinators cannot.
        return fields if self.edits_everything(request) else (*fields, "group")

    def has_add_permission(self, request):
        return False  # enquiries come from the public forms

    @admin.display(description="received", ordering="created_at")
    def received(self, obj):
        return obj.created_at

    @admin.display(description="group", ordering="group__name")
    def group_name(self, obj):
        return obj.group.name if obj.group else "Not sure (the site)"

    @admin.display(description="e-mailed", boolean=True, ordering="notified_at")
    def emailed(self, obj):
        return obj.notified_at is not None

    @admin.action(description="Send the e-mail to the coordinators again", permissions=["change"])
    def send_again(self, request, queryset):
        sent = failed = 0
        for enquiry in queryset.select_related("group").filter(notified_at__isnull=True):
            if enquiry_notify(enquiry=enquiry):
                sent += 1
            else:
                failed += 1
        if sent:
            self.message_user(request, f"Sent {sent} e-mail(s).", messages.SUCCESS)
        if failed:
            self.message_user(
                request, f"{failed} e-mail(s) could not be sent: try again later.", messages.ERROR
            )
        if not sent and not failed:
            self.message_user(request, "Those enquiries had been e-mailed already.")
