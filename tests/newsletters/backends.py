"""E-mail backends for tests: one that fails for some addresses, one that crashes mid-send."""

import smtplib

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend


class RefusingBackend(EmailBackend):
    """Refuses any address containing 'bounce', like a mail server would."""

    def send_messages(self, messages):
        for message in messages:
            if any("bounce" in address for address in message.to):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        return super().send_messages(messages)


class Crash(BaseException):
    """Stands for the process being killed: not an ordinary error, nothing catches it."""


class CrashingBackend(EmailBackend):
    """Sends ``crash_after`` messages, then the process 'dies' while sending the next one."""

    crash_after = 0

    def send_messages(self, messages):
        if len(mail.outbox) >= CrashingBackend.crash_after:
            raise Crash
        return super().send_messages(messages)


class UnreachableCache:
    """A cache whose server is down: every call fails, as Redis does when it cannot connect."""

    def __init__(self, *args, **kwargs):
        pass

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Connection refused")

        return fail
