"""Who said a quotation, and what a named person is, as the article words it (for draft cards).

News attributes a quotation next to it: `“…,” said X`, `“…,” X said`, `X said: “…”`, and names
a role before a name (`Russian Foreign Minister Sergei Lavrov`) or in an appositive after it
(`Li Hao, an associate professor at the University of Tokyo`). Both are guesses a person checks:
a draft card made from them is marked `draft: true`.
"""

from __future__ import annotations

import re

from builder.checks import wordlists as W
from builder.checks.facts import Fact, Span

_VERBS = r"(?:said|says|added|adds|noted|explained|wrote|writes|stated|asked|emphasized|emphasised|told|tells|reportedly said)"
_AFTER_QUOTE = re.compile(rf"[”\"’']?\s*[,.!?]?\s*[”\"’']?\s*(?:{_VERBS}\s+)?")
_VERB_AFTER = re.compile(rf"\s+{_VERBS}\b")
_BEFORE_QUOTE = re.compile(rf"\s+(?:\w+\s+)?{_VERBS}\b[^“\"\n]{{0,60}}[:,]?\s*[“\"‘']?\s*$")
_APPOSITIVE = re.compile(r",\s+((?:a|an|the|part of)\s[^,;.()“”\"]+(?:,\s(?:and|who)\s[^,;.()“”\"]+)?)")
_TITLE_BEFORE = re.compile(r"((?:(?:[A-Z][\w.’'-]*|of|the)\s)+)$")


def _mentions(names: list[Fact]) -> list[tuple[int, int, str]]:
    return sorted((s, e, f.text) for f in names for s, e in (*f.spans, *f.mentions))


def speaker_of(text: str, span: Span, names: list[Fact], guess: bool = True) -> str:
    """The full name of the person the article credits with the quotation at `span`, or "". With
    `guess`, a quotation without attribution goes to the person last named before it."""
    start, end = span
    mentions = _mentions(names)
    after = _AFTER_QUOTE.match(text, end)
    pos = after.end() if after else end
    verb_first = bool(after and re.search(_VERBS, after.group()))
    for s, e, name in mentions:
        if s == pos and (verb_first or _VERB_AFTER.match(text, e)):
            return name
    para = text.rfind("\n", 0, start) + 1
    for s, e, name in reversed(mentions):
        if para <= s and e <= start and _BEFORE_QUOTE.fullmatch(text, e, start):
            return name
    if not guess:
        return ""
    # "he said": the person last named before the quotation in this or the previous paragraph
    previous = text.rfind("\n", 0, max(para - 2, 0)) + 1
    earlier = [name for s, e, name in mentions if previous <= s and e <= start]
    return earlier[-1] if earlier else ""


def role_of(text: str, fact: Fact) -> tuple[str, Span]:
    """The person's role as the article words it, and the mention it goes with: an appositive after a
    full mention, else the title before one; ("", first mention) when it gives neither."""
    for s, e in fact.spans:
        m = _APPOSITIVE.match(text, e)
        if m:
            return " ".join(m.group(1).split()), (s, e)
    for s, e in fact.spans:
        m = _TITLE_BEFORE.search(text, max(0, s - 80), s)
        if m:
            words = m.group(1).split()
            while words and (words[0].lower() in W.FUNCTION_WORDS or words[0][0].islower()):
                words.pop(0)
            while words and words[-1].lower() in ("of", "the"):
                words.pop()
            if words and any(w.lower().rstrip(".") in W.TITLES for w in words):
                return " ".join(words), (s, e)
    return "", fact.spans[0]
