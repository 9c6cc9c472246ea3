"""Text a coordinator typed, made safe for formats that cannot carry every character."""

import re

# Every character that breaks a line (Python's str.splitlines splits on all of them, and so do
# the readers of calendar files and e-mail headers).
LINE_BREAK_CHARACTERS = (
    "\n",
    "\r",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
)
# In plain text each becomes one newline (a Windows \r\n too).
LINE_BREAKS = re.compile("\r\n|[" + "".join(c for c in LINE_BREAK_CHARACTERS if c != "\n") + "]")
# Other control characters (C0 but tab and newline, DEL, C1): no meaning in text, and neither
# iCalendar nor XML 1.0 may contain them.
CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def plain_text(value) -> str:
    """``value`` as text with line breaks as ``\\n`` and no other control characters."""
    return CONTROLS.sub("", LINE_BREAKS.sub("\n", str(value)))


def one_line(value) -> str:
    """``value`` as text on one line: every run of spaces and line breaks is one space."""
    return " ".join(plain_text(value).split())
