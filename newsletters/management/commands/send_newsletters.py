from django.core.management.base import BaseCommand

from newsletters.services.sending import newsletters_send_due


class Command(BaseCommand):
    help = (
        "Send every published issue that a coordinator marked for sending, to the confirmed "
        "subscribers who have not had it, and retry deliveries that hit a passing problem once "
        "their wait is over. Safe to run often (from cron) and to run again after a crash: "
        "nobody gets an issue twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=100,
            help="How many e-mails to send over one mail-server connection (default 100).",
        )

    def handle(self, *args, batch_size, **options):
        reports = newsletters_send_due(batch_size=max(batch_size, 1))
        if not reports:
            self.stdout.write("No issues waiting to be sent.")
        for report in reports:
            state = "finished" if report.finished else "not finished"
            line = f"{report.issue}: {report.sent} sent, {report.failed} failed"
            if report.retry:
                line += f", {report.retry} will be retried"
            line += f" ({state})."
            if report.interrupted:
                line += f" {report.interrupted} interrupted earlier, not sent again."
            if report.stopped:
                line += f" {report.stopped}"
            self.stdout.write(line)
