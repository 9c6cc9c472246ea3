"""Run daily from cron: e-mail a reminder to everyone with a place at tomorrow's events."""

from django.core.management.base import BaseCommand

from activities.services.signups import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail a reminder to each person with a place at an event tomorrow. Each person is "
        "reminded once, even if two runs overlap. Run it once a day (see README: Cron)."
    )

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
