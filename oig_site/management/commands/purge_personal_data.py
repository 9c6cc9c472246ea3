from django.conf import settings
from django.core.management.base import BaseCommand

from activities.services.signups import signups_purge
from enquiries.services import enquiries_purge


class Command(BaseCommand):
    help = (
        "Delete the personal data the site keeps only for a while, with every copy in the "
        "admin's history: event sign-ups SIGNUP_RETENTION_DAYS days after their event, and "
        "closed enquiries ENQUIRY_RETENTION_MONTHS months after their last change. The "
        "anonymous counts of sign-ups stay. Run it daily from cron."
    )

    def handle(self, *args, **options):
        signups = signups_purge()
        enquiries = enquiries_purge()
        self.stdout.write(
            f"Deleted {signups} sign-up(s) of events that ended more than "
            f"{settings.SIGNUP_RETENTION_DAYS} days ago and {enquiries} closed enquiry(ies) "
            f"last changed more than {settings.ENQUIRY_RETENTION_MONTHS} months ago."
        )
