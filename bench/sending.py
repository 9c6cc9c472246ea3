"""How fast an issue is sent by e-mail: ``python -m bench.sending 20000``.

On the configured database (``DATABASE_URL``), it makes a published newsletter issue and that
many confirmed subscribers, starts a local SMTP server (aiosmtpd, in its own process, on
127.0.0.1), sends the issue with the site's own service (the one ``send_newsletters`` runs),
checks that every subscriber got exactly one e-mail, removes everything it made, and prints
the time taken, the messages per second, how many SMTP connections were used and the
processor time of the sender and of the mail server, as JSON. The wall-clock figures depend on
what else the machine (and PostgreSQL: each e-mail waits for one durable commit) is doing.
"""

import argparse
import asyncio
import datetime as dt
import json
import logging
import os
import secrets
import subprocess
import sys
import time
from collections import Counter

import django
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

if __name__ == "__main__":
    # Run as a command: set Django up before the site's models are imported. A benchmark
    # process, never a server: it needs a key only to sign unsubscribe links.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oig_site.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
    django.setup()

from django.test import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from groups.models import CommunityGroup  # noqa: E402
from newsletters.models import (  # noqa: E402
    Delivery,
    Issue,
    Newsletter,
    Section,
    Subscriber,
    Subscription,
)
from newsletters.services.sending import issue_mark_for_sending, issue_send  # noqa: E402

# Port range for this benchmark's mail server (override with BENCH_SMTP_PORT).
DEFAULT_SMTP_PORT = 8400
BATCH_SIZE = 100


def _smtp_server(port: int) -> None:
    """Run a mail server on 127.0.0.1:``port`` that keeps nothing but who got how many
    e-mails and how many connections were made. It prints "ready" once listening, and on a
    line on its standard input prints the counts as JSON and stops."""
    connections = 0
    received: Counter = Counter()

    class CountingSMTP(SMTP):
        def connection_made(self, transport):
            nonlocal connections
            connections += 1
            super().connection_made(transport)

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.update(envelope.rcpt_tos)
            return "250 Message accepted for delivery"

    class CountingController(Controller):
        def factory(self):
            return CountingSMTP(self.handler, **self.SMTP_kwargs)

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
    controller = CountingController(
        Handler(), hostname="127.0.0.1", port=port, server_hostname="localhost"
    )
    controller.start()
    connections = 0  # not the one made by start() to check that the server is up
    cpu_at_start = time.process_time()
    print("ready", flush=True)
    sys.stdin.readline()
    # Read the counts on the server's own loop, so that nothing is counted half-way.
    counts = asyncio.run_coroutine_threadsafe(
        _counts(
            lambda: {
                "connections": connections,
                "received": dict(received),
                "cpu_seconds": time.process_time() - cpu_at_start,
            }
        ),
        controller.loop,
    ).result()
    controller.stop()
    print(json.dumps(counts), flush=True)


async def _counts(read):
    return read()


class MailServer:
    """The mail server in a process of its own, so that it does not share the sender's
    interpreter (as a real mail server would not)."""

    def __init__(self, port: int):
        self.port = port
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "bench.sending", "--smtp-server", str(port)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        if self.process.stdout.readline().strip() != "ready":
            self.process.kill()
            raise RuntimeError(f"The benchmark's mail server did not start on port {port}.")

    def stop(self) -> dict:
        """Stop it; what it received."""
        output, _ = self.process.communicate("stop\n", timeout=60)
        return json.loads(output)


def _make_issue(tag: str, recipients: int):
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    group = CommunityGroup.objects.create(
        name=f"Benchmark group {tag}",
        slug=f"benchmark-group-{tag}",
        summary="A group made for a benchmark.",
        status="published",
        publish_at=an_hour_ago,
    )
    newsletter = Newsletter.objects.create(
        name=f"Benchmark newsletter {tag}", slug=f"benchmark-newsletter-{tag}"
    )
    newsletter.groups.add(group)
    issue = Issue.objects.create(
        newsletter=newsletter,
        title="Benchmark issue",
        slug="benchmark-issue",
        issue_date=an_hour_ago.date(),
        introduction="<p>Welcome to this issue. It has five sections, as a real one might.</p>",
        status="published",
        publish_at=an_hour_ago,
    )
    paragraph = (
        "<p>People who use services and the people who run them met to plan the year's work "
        'together. Read more on <a href="/groups/">the groups page</a> and tell us what you '
        "think: every voice counts, and the next meeting is open to all.</p>"
    )
    for position in range(1, 6):
        Section.objects.create(
            issue=issue,
            position=position,
            heading=f"Section {position}: what happened and what comes next",
            author="A. Writer",
            author_role="Board member",
            body=paragraph * 4,
        )
    now = timezone.now()
    people = Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"reader{i}-{tag}@example.org",
                consent_at=now,
                consent_source="benchmark",
                confirmed_at=now,
            )
            for i in range(recipients)
        ),
        batch_size=2000,
    )
    Subscription.objects.bulk_create(
        (Subscription(subscriber=person, newsletter=newsletter) for person in people),
        batch_size=2000,
    )
    return group, newsletter, issue, [person.email for person in people]


def _clean_up(group, newsletter, issue, tag: str) -> None:
    Delivery.objects.filter(issue=issue).delete()
    Subscription.objects.filter(newsletter=newsletter).delete()
    Subscriber.objects.filter(email__endswith=f"-{tag}@example.org").delete()
    issue.delete()
    newsletter.delete()
    group.delete()


def run(recipients: int, *, port: int | None = None) -> dict:
    """Send one issue to ``recipients`` new confirmed subscribers through a local SMTP server
    and measure it (Django must be set up before this module is imported). Raises
    ``AssertionError`` if anyone got the issue other than exactly once."""
    port = port or int(os.environ.get("BENCH_SMTP_PORT", DEFAULT_SMTP_PORT))
    tag = secrets.token_hex(4)
    server = MailServer(port)
    received = None
    try:
        group, newsletter, issue, addresses = _make_issue(tag, recipients)
        try:
            with override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=port,
                EMAIL_HOST_USER="",
                EMAIL_HOST_PASSWORD="",
                EMAIL_USE_TLS=False,
                EMAIL_USE_SSL=False,
            ):
                issue_mark_for_sending(issue=issue, user=None)
                started, cpu_started = time.perf_counter(), time.process_time()
                report = issue_send(issue=issue, batch_size=BATCH_SIZE)
                seconds = time.perf_counter() - started
                cpu_seconds = time.process_time() - cpu_started
            sent = Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count()
        finally:
            received = server.stop()
            _clean_up(group, newsletter, issue, tag)
    finally:
        if server.process.poll() is None:
            server.process.kill()
    counts = received["received"]
    assert report.finished and report.sent == recipients == sent, report
    assert counts == dict.fromkeys(addresses, 1), "someone got no e-mail, or more than one"
    return {
        "recipients": recipients,
        "seconds": round(seconds, 2),
        "messages_per_second": round(recipients / seconds, 1),
        "smtp_connections": received["connections"],
        # Processor time, which depends far less than the wall clock on what else the
        # machine is doing: the sending process's, and the mail server's.
        "sender_cpu_seconds": round(cpu_seconds, 2),
        "mail_server_cpu_seconds": round(received["cpu_seconds"], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("recipients", type=int, nargs="?", default=20_000)
    parser.add_argument("--port", type=int, default=None, help="the mail server's port")
    parser.add_argument("--smtp-server", type=int, metavar="PORT", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.smtp_server:
        _smtp_server(options.smtp_server)
        return
    print(json.dumps(run(options.recipients, port=options.port)))


if __name__ == "__main__":
    main()
