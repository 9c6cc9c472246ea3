"""Text that becomes part of an e-mail header must stay on one line.

A line break in a subject (from an issue title or a newsletter's name, say) would let someone
add headers of their own, so Django refuses to send such an e-mail at all. These helpers keep
line breaks out: a validator for forms and models, a database check that works on SQLite and
PostgreSQL alike, and ``oig_site.core.text.one_line`` for building headers (defence in depth).
"""

from django.core.exceptions import ValidationError
from django.db.models import Q

from oig_site.core.text import LINE_BREAK_CHARACTERS as LINE_BREAKS

ONE_LINE_MESSAGE = "Write this on one line: remove the line breaks."


def has_line_break(value: str) -> bool:
    return any(character in value for character in LINE_BREAKS)


def validate_one_line(value: str) -> None:
    if has_line_break(value or ""):
        raise ValidationError(ONE_LINE_MESSAGE, code="line_break")


def one_line_condition(field: str) -> Q:
    """A check-constraint condition: ``field`` contains no line break."""
    condition = Q()
    for character in LINE_BREAKS:
        condition &= ~Q(**{f"{field}__contains": character})
    return condition
