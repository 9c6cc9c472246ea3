"""A plain-English check: sentences longer than a reader can follow in one go.

Used by ``tests/oig_site/test_plain_english.py`` over the demo content and the fixed text of
the templates. Sentence length is the measure the UK government's and Mencap's guidance both
put first (GOV.UK: aim for 25 words or fewer). Reading-ease scores were left out: they are
built from syllable counts in American English, and count the groups' names and the services'
long words ("co-production", "Universal Credit") against them, which no rewrite can fix.
"""

import html
import re

LIMIT = 25

# Tags that end a piece of text: what is on either side is read apart.
_BREAKING_TAGS = re.compile(
    r"</?(p|li|ul|ol|h[1-6]|dt|dd|dl|td|th|tr|div|br|section|article|header|footer|nav|main|"
    r"aside|label|legend|fieldset|option|select|button|title|caption|summary|details|table|"
    r"figure|figcaption|blockquote|form|input|textarea|meta|link|head|body|html)\b[^>]*>",
    re.I,
)
_OTHER_TAGS = re.compile(r"<[^>]+>")
_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1>", re.I | re.S)
_COMMENTS = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}|<!--.*?-->", re.S)
_TEMPLATE_TAGS = re.compile(r"{%.*?%}", re.S)
_VARIABLES = re.compile(r"{{.*?}}", re.S)
# A sentence ends at . ! or ? followed by a space, or at the end of a line.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[\w'’-]*\w[\w'’-]*")


def template_text(source: str) -> str:
    """The words a template shows, whatever its data: comments, scripts and tags removed
    (template tags such as ``{% if %}`` break the text, since what is on either side may never
    be shown together); each ``{{ variable }}`` counted as one word."""
    text = _COMMENTS.sub(" ", source)
    text = _TEMPLATE_TAGS.sub("\n", text)
    text = _VARIABLES.sub(" X ", text)
    return html_text(text)


def html_text(source: str) -> str:
    """The words of some HTML, with block-level tags as line breaks."""
    text = _SCRIPTS.sub("\n", source)
    text = _BREAKING_TAGS.sub("\n", text)
    text = _OTHER_TAGS.sub(" ", text)
    return html.unescape(text)


def sentences(text: str) -> list[str]:
    return [" ".join(s.split()) for s in _SENTENCE_END.split(text) if s.strip()]


def word_count(sentence: str) -> int:
    return len(_WORD.findall(sentence))


def long_sentences(text: str, limit: int = LIMIT) -> list[str]:
    """The sentences of ``text`` with more than ``limit`` words."""
    return [s for s in sentences(text) if word_count(s) > limit]
