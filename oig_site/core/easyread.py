"""Easy-read versions of pages: short lines of plain words, each with an optional picture.

A page's easy read is a list of lines a coordinator writes (``EasyReadLine``; each app has its
own table of lines pointing at its pages). This module holds what every kind of page shares:
the line's fields and rules, the guidance coordinators read, and the checks that warn about a
line that is hard to read. The checks only warn: they never stop a coordinator saving.
"""

import re
from dataclasses import dataclass

from django.db import models

from oig_site.core.content import ImageWithAltText

# The guidance shown above the lines in the admin: short sentences, one idea a line.
GUIDANCE = [
    "Easy read helps people with learning disabilities, and anyone who wants short, clear words.",
    "Write one idea on each line.",
    "Use short sentences: 15 words or fewer.",
    "Use everyday words. Do not use jargon.",
    "If you must use a hard word or a short form like PIP, say what it means.",
    "Add a picture that shows what the line says, if you can.",
    "Describe each picture in a few words, or tick that it is decorative.",
    "The page is shown in large print (at least 14 point).",
    "Pages without any lines have no easy-read version.",
]

# A line longer than this many words gets a warning.
MAX_WORDS = 15

LINE_HELP = "One idea, in one short sentence (15 words or fewer)."
PICTURE_HELP = "A simple picture that shows what the line says (optional)."

WORD = re.compile(r"[\w'’-]+")
# The end of a sentence: a full stop, question or exclamation mark, then more words.
SENTENCE_END = re.compile(r"[.!?](?=\s+\S)")


class EasyReadLine(ImageWithAltText):
    """One line of a page's easy-read version: a short sentence and an optional picture."""

    image_noun = "picture"
    image_folder = "easy-read"
    image_help_text = PICTURE_HELP

    position = models.PositiveSmallIntegerField(
        default=0, help_text="Lines are shown in this order, lowest number first."
    )
    text = models.CharField("line", max_length=300, help_text=LINE_HELP)

    class Meta:
        abstract = True
        constraints = ImageWithAltText.Meta.constraints

    def __str__(self):
        return self.text


@dataclass(frozen=True)
class LineWarning:
    """A problem with one line (numbered from 1), in plain words."""

    line: int
    message: str

    def __str__(self):
        return f"Line {self.line}: {self.message}"


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def _explained(term: str, meaning: str, text_so_far: str) -> bool:
    """Whether ``term`` is explained in ``text_so_far`` (this line and the ones before it):
    its meaning is written out, or the text says what the term means."""
    lowered = text_so_far.lower()
    if meaning.strip() and meaning.strip().lower() in lowered:
        return True
    says_what = re.compile(rf"\b{re.escape(term)}\b\s*(\(|means|is short for|stands for)", re.I)
    return bool(says_what.search(text_so_far))


def check_lines(texts: list[str], glossary: dict[str, str]) -> list[LineWarning]:
    """Warnings for the lines ``texts`` (in order): a sentence that is too long, more than one
    sentence on a line, and a word from the ``glossary`` (term → meaning) used before it is
    explained on that line or an earlier one."""
    warnings = []
    so_far = ""
    for number, text in enumerate(texts, start=1):
        so_far = f"{so_far}\n{text}"
        words = word_count(text)
        if words > MAX_WORDS:
            warnings.append(
                LineWarning(
                    number,
                    f"this line has {words} words. Try to keep it to {MAX_WORDS} or fewer.",
                )
            )
        if SENTENCE_END.search(text.strip()):
            warnings.append(
                LineWarning(number, "this line has more than one sentence. Try one idea a line.")
            )
        for term, meaning in glossary.items():
            if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text) and not _explained(
                term, meaning, so_far
            ):
                warnings.append(
                    LineWarning(
                        number,
                        f"'{term}' may be hard to understand. Say what it means "
                        f"(for example: {term} means {meaning}).",
                    )
                )
    return warnings
