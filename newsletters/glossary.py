"""Mark up a newsletter's acronyms with ``<abbr title="...">`` where they appear."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from oig_site.core.fields import sanitize_rich_text

TAG = re.compile(r"(<[^>]+>)")


def mark_abbreviations(html: str, glossary) -> SafeString:
    """Sanitise the rich text, then wrap each glossary term (whole words, exact case) in an
    ``<abbr>`` giving its meaning. Text inside links is left alone."""
    clean = sanitize_rich_text(html or "")
    terms = {term.term: term.meaning for term in glossary if term.term.strip()}
    if not terms:
        return mark_safe(clean)  # noqa: S308 - sanitised just above
    # The text is HTML-escaped, so look for each term as it appears escaped ("A&amp;E"), and
    # never inside an entity such as "&amp;".
    escaped = {escape(term): term for term in terms}
    alternatives = "|".join(re.escape(t) for t in sorted(escaped, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w&-])({alternatives})(?![\w;])")
    parts, inside_link = [], False
    for part in TAG.split(clean):
        if part.startswith("<"):
            name = part[1:].split()[0].rstrip(">").lower() if len(part) > 2 else ""
            if name == "a":
                inside_link = True
            elif name == "/a":
                inside_link = False
            parts.append(part)
        elif inside_link:
            parts.append(part)
        else:
            parts.append(
                pattern.sub(
                    lambda m: (
                        f'<abbr title="{escape(terms[escaped[m.group(1)]])}">{m.group(1)}</abbr>'
                    ),
                    part,
                )
            )
    return mark_safe("".join(parts))  # noqa: S308 - sanitised text with <abbr> added around terms
