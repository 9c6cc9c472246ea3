from django.contrib import admin, messages
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.template.response import TemplateResponse
from django.utils import timezone

from newsletters.models import (
    Delivery,
    GlossaryTerm,
    Issue,
    IssueEasyReadLine,
    Newsletter,
    Question,
    Section,
    Subscriber,
    Subscription,
    active_subscription,
)
from newsletters.services.sending import (
    IssueCannotBeSent,
    issue_check_sendable,
    issue_mark_for_sending,
)
from oig_site.core.admin import (
    EDITORIAL_FIELDSET,
    PUBLISHING_FIELDSET,
    EasyReadInline,
    EditorialAdmin,
    GroupScopedAdmin,
    HistoryAdmin,
    InlinesAmongFieldsetsMixin,
    VisibleRelatedMixin,
    has_date_filter,
)
from oig_site.core.admin.editors import RecordsEditorsMixin
from oig_site.core.spreadsheets import csv_response


@admin.register(Newsletter)
class NewsletterAdmin(RecordsEditorsMixin, HistoryAdmin):
    list_display = ("name", "group_names", "subscriber_count")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("groups",)
    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")
    # Who created and changed it folded away at the end, as on every other page.
    fieldsets = (
        (None, {"fields": ("name", "slug", "description", "groups", "editors_email")}),
        EDITORIAL_FIELDSET,
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("groups")
            .annotate(
                active_subscribers=Count(
                    "subscriptions", filter=active_subscription("subscriptions__")
                )
            )
            .order_by("name")
        )

    @admin.display(description="Groups")
    def group_names(self, obj):
        return ", ".join(group.name for group in obj.groups.all())

    @admin.display(description="Confirmed subscribers", ordering="active_subscribers")
    def subscriber_count(self, obj):
        return obj.active_subscribers


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    view_on_site = False
    fields = (
        ("position", "is_question_corner"),
        "heading",
        "anchor",
        ("author", "author_role"),
        "body",
        ("image", "image_alt", "image_decorative"),
    )


class GlossaryInline(admin.TabularInline):
    model = GlossaryTerm
    extra = 1
    view_on_site = False
    verbose_name = "acronym"
    verbose_name_plural = "glossary of acronyms (each is explained wherever it appears)"


class IssueEasyReadInline(EasyReadInline):
    model = IssueEasyReadLine


@admin.register(Issue)
class IssueAdmin(InlinesAmongFieldsetsMixin, EditorialAdmin):
    list_display = ("title", "newsletter", "issue_date", "state", "is_live", "sending")
    list_filter = ("newsletter", "status", "issue_date")
    list_select_related = ("newsletter",)
    date_hierarchy = "issue_date"
    search_fields = ("title", "introduction", "sections__heading")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("newsletter",)
    inlines = (SectionInline, GlossaryInline, IssueEasyReadInline)
    # The sections and glossary straight after the issue's own text; the easy-read version
    # after the cover, credits and print version; publishing, sending and the record last.
    inline_places = {SectionInline: 1, GlossaryInline: 1, IssueEasyReadInline: 4}
    actions = ("send_to_subscribers",)
    readonly_fields = (
        *EditorialAdmin.readonly_fields,
        "send_requested_at",
        "send_requested_by",
        "send_finished_at",
    )
    fieldsets = (
        (None, {"fields": ("newsletter", "title", "slug", "issue_date", "introduction")}),
        ("Cover", {"fields": ("image", "image_alt", "image_decorative")}),
        ("Credits", {"fields": ("editors", "contributors", "design_credit")}),
        ("Print version", {"fields": ("pdf",)}),
        PUBLISHING_FIELDSET,
        (
            "Sending by e-mail",
            {
                "fields": ("send_requested_at", "send_requested_by", "send_finished_at"),
                "description": "To send a published issue, tick it in the list of issues and "
                "choose 'Send to subscribers'.",
            },
        ),
        EDITORIAL_FIELDSET,
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "newsletter" and not field.queryset.exists():
            # A coordinator whose groups have no newsletter would find an empty list here.
            field.help_text = (
                "None of your groups has a newsletter yet, so there is nothing to choose. "
                "Ask a site editor to set one up for your group; then you can write its issues."
            )
        return field

    def get_changeform_initial_data(self, request):
        """A coordinator of exactly one newsletter (or a site with one) finds it chosen."""
        initial = super().get_changeform_initial_data(request)
        if "newsletter" not in initial:
            editable = Newsletter.objects.editable_by(request.user).values_list("pk", flat=True)
            only = list(editable[:2])
            if len(only) == 1:
                initial["newsletter"] = only[0]
        return initial

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
                failed_count=Count(
                    "deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)
                ),
                retry_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.RETRY)),
                delivery_count=Count("deliveries"),
                # Subscribers not tried yet: with the deliveries, everyone it will reach.
                untried_count=Subquery(
                    Subscription.objects.active()
                    .filter(newsletter=OuterRef("newsletter"))
                    .exclude(
                        Exists(
                            Delivery.objects.filter(
                                issue=OuterRef(OuterRef("pk")), subscriber=OuterRef("subscriber")
                            )
                        )
                    )
                    .order_by()
                    .values("newsletter")
                    .annotate(total=Count("pk"))
                    .values("total")
                ),
            )
            .order_by(*Issue._meta.ordering)
        )

    @admin.display(description="Sending")
    def sending(self, obj):
        if obj.send_requested_at is None:
            return "Not sent"
        total = obj.delivery_count + (obj.untried_count or 0)
        progress = (
            f"{obj.sent_count:,} sent of {total:,}, {obj.retry_count:,} will be retried, "
            f"{obj.failed_count:,} failed"
        )
        return progress if obj.send_finished_at else f"Sending: {progress}"

    @admin.action(description="Send to subscribers…")
    def send_to_subscribers(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose one issue at a time to send.", messages.WARNING)
            return None
        issue = queryset.select_related("newsletter").get()
        if not issue.is_public:
            self.message_user(
                request,
                "Only a published issue can be sent. Publish it first (its publish time must "
                "have come).",
                messages.ERROR,
            )
            return None
        if issue.send_requested_at:
            self.message_user(
                request, "This issue has already been marked for sending.", messages.WARNING
            )
            return None
        recipients = Subscription.objects.active().filter(newsletter=issue.newsletter).count()
        # Build the e-mail in full first: an issue whose e-mail cannot be made is never sent.
        # Nor is one with nobody to send it to: it would be marked sent, and people who
        # subscribe later would never get it.
        try:
            preview = issue_check_sendable(issue=issue)
            if request.POST.get("confirm") == "yes" and recipients:
                issue_mark_for_sending(issue=issue, user=request.user)
        except IssueCannotBeSent as problem:
            self.message_user(request, f"'{issue}' cannot be sent. {problem}", messages.ERROR)
            return None
        if request.POST.get("confirm") == "yes" and recipients:
            self.message_user(
                request,
                f"'{issue}' will be sent to its subscribers within a few minutes. The "
                "'Sending' column shows progress.",
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/newsletters/issue/send_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "issue": issue,
                "recipients": recipients,
                "subject": preview.subject,
                "text_body": preview.body,
                "html_body": preview.alternatives[0][0],
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "title": f"Send '{issue}' to subscribers?",
            },
        )


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    fields = ("newsletter", "subscribed_at", "unsubscribed_at")
    readonly_fields = ("subscribed_at",)
    view_on_site = False

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)


ConfirmedFilter = has_date_filter(
    "confirmed_at",
    title="confirmed",
    parameter_name="confirmed",
    yes="Confirmed",
    no="Not confirmed",
)


@admin.register(Subscriber)
class SubscriberAdmin(VisibleRelatedMixin, GroupScopedAdmin):
    """Subscribers' details are visible only to the coordinators of their newsletters' groups."""

    list_display = ("email", "name", "confirmed_at", "newsletter_list")
    list_filter = (ConfirmedFilter, "subscriptions__newsletter", "consent_source")
    search_fields = ("email", "name")
    readonly_fields = ("consent_at", "consent_source", "confirmed_at", "created_at", "updated_at")
    inlines = (SubscriptionInline,)
    actions = ("export_confirmed_csv",)

    visible_related = {
        "subscriptions": Subscription.objects.select_related("newsletter").order_by(
            "newsletter__name"
        )
    }

    def has_add_permission(self, request):
        # People subscribe themselves (double opt-in); nobody is added by hand.
        return False

    @admin.display(description="Subscribed to")
    def newsletter_list(self, obj):
        # Only the newsletters this user may see.
        return ", ".join(
            s.newsletter.name for s in obj.visible_subscriptions if s.unsubscribed_at is None
        )

    @admin.action(description="Download the chosen confirmed subscribers (CSV)")
    def export_confirmed_csv(self, request, queryset):
        subscriptions = (
            Subscription.objects.active()
            .editable_by(request.user)
            .filter(subscriber__in=queryset)
            .select_related("subscriber", "newsletter")
            .order_by("newsletter__name", "subscriber__email")
        )
        return csv_response(
            filename=f"subscribers-{timezone.localdate().isoformat()}.csv",
            header=["Newsletter", "E-mail", "Name", "Subscribed", "Consent given", "Source"],
            rows=(
                [
                    subscription.newsletter.name,
                    subscription.subscriber.email,
                    subscription.subscriber.name,
                    subscription.subscribed_at.date().isoformat(),
                    subscription.subscriber.consent_at.isoformat(),
                    subscription.subscriber.consent_source,
                ]
                for subscription in subscriptions
            ),
        )


@admin.register(Question)
class QuestionAdmin(GroupScopedAdmin):
    list_display = ("__str__", "newsletter", "status", "created_at", "editors_notified_at")
    list_filter = ("status", "newsletter")
    search_fields = ("question", "answer", "name", "email")
    readonly_fields = ("created_at", "editors_notified_at")
    autocomplete_fields = ("published_in",)
    fields = (
        "newsletter",
        "question",
        ("name", "email"),
        ("created_at", "editors_notified_at"),
        "status",
        "answer",
        "published_in",
    )
    # The model's labels speak to the reader asking ("Your question"); here editors read them.
    reader_words = {
        "question": ("The reader's question", ""),
        "name": ("Their name", "If they gave one. Never published."),
        "email": (
            "Their e-mail address",
            "If they gave one, they would like a reply. Never published.",
        ),
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in self.reader_words:
            formfield.label, formfield.help_text = self.reader_words[db_field.name]
        return formfield


@admin.register(Delivery)
class DeliveryAdmin(GroupScopedAdmin):
    """The sending log: a read-only record of every newsletter e-mail sent."""

    list_display = (
        "issue",
        "subscriber",
        "status",
        "attempts",
        "attempted_at",
        "next_attempt_at",
        "finished_at",
    )
    list_filter = ("status", "issue")
    list_select_related = ("issue__newsletter", "subscriber")
    search_fields = ("subscriber__email",)

    def changelist_view(self, request, extra_context=None):
        title = "Sending log: each newsletter e-mail, and whether it was sent"
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting a delivery would let the issue be sent to that person again.
        return False
