"""E-mail backends for tests: one that fails for some addresses, one that crashes mid-send."""

import smtplib
from collections import Counter

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend


def recipients() -> Counter:
    """How many e-mails each address was sent (from Django's test outbox)."""
    return Counter(address for message in mail.outbox for address in message.to)


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


class FlakyBackend(EmailBackend):
    """Behaves like a connection to an unreliable mail server. The knobs are class attributes
    (reset by the ``flaky`` fixture):

    - ``drop_at``: the sends (counted from 1, across connections) at which the server drops
      the connection; like smtplib, every later send on that connection then fails too,
      until it is closed and opened again;
    - ``refuse_connections``: how many of the next attempts to connect are refused;
    - ``errors``: an exception to raise for any address containing the key.
    """

    drop_at: set[int] = set()
    refuse_connections = 0
    errors: dict[str, Exception] = {}
    sends = 0
    opens = 0

    @classmethod
    def reset(cls):
        cls.drop_at, cls.refuse_connections, cls.errors = set(), 0, {}
        cls.sends = cls.opens = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dead = False

    def open(self):
        if FlakyBackend.refuse_connections:
            FlakyBackend.refuse_connections -= 1
            raise ConnectionRefusedError(111, "Connection refused")
        FlakyBackend.opens += 1
        return True

    def send_messages(self, messages):
        if self.dead:
            raise smtplib.SMTPServerDisconnected("please run connect() first")
        FlakyBackend.sends += 1
        if FlakyBackend.sends in FlakyBackend.drop_at:
            self.dead = True
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        for message in messages:
            for key, error in FlakyBackend.errors.items():
                if any(key in address for address in message.to):
                    raise error
        return super().send_messages(messages)


class UnreachableCache:
    """A cache whose server is down: every call fails, as Redis does when it cannot connect."""

    def __init__(self, *args, **kwargs):
        pass

    def close(self, **kwargs):
        """Like Django's Redis backend, closing at the end of a request needs no server."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Connection refused")

        return fail
