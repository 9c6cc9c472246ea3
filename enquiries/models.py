"""Messages from the public: the "Get involved" form on a group's page and the site's "Contact
us" form. Each is stored before anything is sent, so nothing is lost when e-mail fails."""

from django.db import models
from django.db.models import Q

from groups.models import CommunityGroup
from oig_site.core.content import CreatedUpdated
from oig_site.core.scoping import GroupOwnedQuerySet


class EnquiryQuerySet(GroupOwnedQuerySet):
    def new(self):
        return self.filter(status=Enquiry.Status.NEW)


class Enquiry(CreatedUpdated):
    """Someone asking to join a group, come to a meeting, share their experience..."""

    class Interest(models.TextChoices):
        JOIN = "join", "Join the group"
        MEETING = "meeting", "Come to a meeting"
        SHARE = "share", "Share my experience"
        PARTNER = "partner", "Work with you as a partner organisation"
        PRESS = "press", "Press or media"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        NEW = "new", "New"
        REPLIED = "replied", "Replied"
        CLOSED = "closed", "Closed"

    group = models.ForeignKey(
        CommunityGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enquiries",
        help_text="Empty: sent to the site as a whole (the person was not sure which group).",
    )
    name = models.CharField(max_length=150)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField(max_length=40, blank=True)
    interest = models.CharField(
        "what they would like", max_length=20, choices=Interest.choices, default=Interest.JOIN
    )
    message = models.TextField(max_length=5000, blank=True)
    access_needs = models.TextField(max_length=2000, blank=True)
    consent_to_contact = models.BooleanField(
        "agreed to be contacted",
        default=False,
        help_text="The person agreed that the group may contact them about this enquiry.",
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.NEW,
        help_text=(
            "New until someone replies. Closed enquiries are deleted automatically some months "
            "after their last change."
        ),
    )
    internal_notes = models.TextField(
        blank=True, help_text="For the coordinators only: who replied, what happens next."
    )
    notified_at = models.DateTimeField(
        "coordinators e-mailed",
        null=True,
        blank=True,
        help_text="Empty if the e-mail to the coordinators could not be sent.",
    )
    notify_error = models.CharField(
        "e-mail problem",
        max_length=300,
        blank=True,
        help_text="Why the e-mail to the coordinators could not be sent, if it failed.",
    )

    #: What the person wrote in the form, in the form's order (never changed afterwards).
    SENT_FIELDS = ("name", "email", "phone", "interest", "message", "access_needs")

    objects = EnquiryQuerySet.as_manager()

    #: The path to the group that owns an enquiry (see ``oig_site.core.scoping``). Enquiries
    #: with no group are seen only by those who edit every group: superusers and site editors.
    group_path = "group"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "enquiries"
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""),
                name="enquiry_has_email_or_phone",
                violation_error_message="Give an e-mail address or a phone number.",
            ),
            models.CheckConstraint(
                condition=Q(consent_to_contact=True),
                name="enquiry_has_consent",
                violation_error_message="An enquiry needs the person's agreement to be contacted.",
            ),
        ]
        indexes = [
            # The admin's list for a coordinator (their groups, newest first, by status) and
            # the start page's count of new ones.
            models.Index(fields=["group", "status", "-created_at"], name="enquiry_group_status"),
            # The purge: closed enquiries by their last change.
            models.Index(fields=["status", "updated_at"], name="enquiry_status_updated"),
        ]

    def __str__(self):
        # No name here: this text is kept in the admin's log of changes, which outlives the
        # enquiry, and personal details must go when it goes.
        return f"Enquiry {self.pk}: {self.get_interest_display()}"

    # No get_absolute_url: an enquiry has no public page (its admin page is linked instead).
