"""Keeping bots out of the public forms without a CAPTCHA (which shuts out many disabled
people). A form gets two quiet checks that a person never notices:

- a honeypot: a text box hidden from sight, labelled for screen-reader users as one to leave
  empty, out of the tab order and never filled in by the browser; bots fill every box;
- a minimum time: the form carries, signed, the time it was drawn; a post sooner than
  ``MINIMUM_SECONDS`` after that came from a program. Pages are cached, so the time in a page
  can be old, which only makes the check easier to pass. A time that is missing, altered or
  unreadable counts as unknown and passes: a real person must never be turned away by it.

There is no upper limit: a slow reader, or someone using a screen reader, takes as long as they
need. What fails these checks is discarded quietly by the view (the sender sees the usual
thank-you page), so a bot learns nothing.
"""

import re
import time

from django import forms
from django.core import signing

MINIMUM_SECONDS = 3
SALT = "oig_site.core.spam.form-started"
HONEYPOT_LABEL = "Leave this box empty (it helps us spot spam)"
# More links than this in one message is advertising, not an enquiry.
MAX_LINKS = 3
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def form_started_token(now: float | None = None) -> str:
    return signing.dumps(int(time.time() if now is None else now), salt=SALT)


def form_started_at(token: str) -> int | None:
    """The time a form was drawn, or None if the token is missing or not the site's own."""
    try:
        value = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return value if isinstance(value, int) else None


def link_count(*texts: str) -> int:
    return sum(len(LINK.findall(text or "")) for text in texts)


class SpamCheckFormMixin(forms.Form):
    """Adds the honeypot (``website``) and the signed start time (``started``) to a form.
    ``spam_reason()``, after validation, says why a post looks automated, or None."""

    website = forms.CharField(
        label=HONEYPOT_LABEL,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = form_started_token()

    def spam_reason(self, now: float | None = None) -> str | None:
        data = self.cleaned_data
        if data.get("website"):
            return "the hidden box was filled in"
        started = form_started_at(data.get("started") or "")
        now = time.time() if now is None else now
        # A time ahead of this server's clock (another server's clock running fast) is unknown.
        if started is not None and 0 <= now - started < MINIMUM_SECONDS:
            return "sent too soon after the form was drawn"
        return None
