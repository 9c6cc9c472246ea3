"""Mark up acronyms and hard words with ``<abbr title="...">`` where they appear.

The site has one glossary of words used everywhere (``SiteGlossaryTerm``, edited by site
editors); a newsletter issue may add its own, which takes precedence on that issue's page.
Pages pass the glossary they fetched to the ``explained`` template filter."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from oig_site.core.fields import sanitize_rich_text
from oig_site.core.models import SiteGlossaryTerm

TAG = re.compile(r"(<[^>]+>)")


def glossary_terms(*glossaries) -> dict[str, str]:
    """Term → meaning from the glossaries given (each a list of objects with ``term`` and
    ``meaning``, or a dict); an earlier glossary's meaning wins over a later one's."""
    terms: dict[str, str] = {}
    for glossary in reversed(glossaries):
        if isinstance(glossary, dict):
            terms.update(glossary)
        else:
            terms.update({t.term: t.meaning for t in glossary or () if t.term.strip()})
    return terms


def mark_abbreviations(html: str, *glossaries) -> SafeString:
    """Sanitise the rich text, then wrap each glossary term (whole words, exact case) in an
    ``<abbr>`` giving its meaning. Text inside links is left alone. With several glossaries,
    the first one's meaning of a term is used."""
    clean = sanitize_rich_text(html or "")
    terms = glossary_terms(*glossaries)
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


def site_glossary() -> dict[str, str]:
    """The site's glossary (term → meaning), read in one query. Anonymous visitors' pages are
    kept in the page cache, which a change to the glossary empties (it is a public model)."""
    return dict(SiteGlossaryTerm.objects.values_list("term", "meaning"))
