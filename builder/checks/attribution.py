"""Who said a quotation, and what a named person is, as the article words it (for draft cards).

News attributes a quotation next to it: `“…,” said X`, `“…,” X said`, `X said: “…”`, with the
person's titles between the verb and the name (`said Secretary of State Rex Tillerson`); a
quotation that goes on in the same paragraph (or opens the next one right after it) keeps its
speaker; `he said` or `the minister added` credits the person last credited with words (`X said`,
`said X`), not merely the last one named. A quotation with no
attribution verb near it (a title, a slogan, an official readout) gets no speaker: a wrong guess
costs a teacher more than a blank. Roles come from an appositive after a name (`Li Hao, an
associate professor at the University of Tokyo`), a phrase before it (`Lee’s security adviser,
Wi Sung-lac,`) or the titles in front of it (`Russian Foreign Minister Sergei Lavrov`, `First
lady Melania Trump`). All are guesses a person checks: a draft card made from them is marked
`draft: true`.
"""

from __future__ import annotations

import re

from builder.checks import wordlists as W
from builder.checks.coverage import sentence_at
from builder.checks.facts import Fact, Span

_VERBS = (
    r"(?:said|says|added|adds|noted|notes|explained|wrote|writes|stated|asked|emphasized|emphasised|"
    r"told|tells|tweeted|tweets|posted|reportedly said)"
)
_AFTER_QUOTE = re.compile(rf"[”\"’']?\s*[,.!?]?\s*[”\"’']?\s*(?:{_VERBS}\s+)?")
_VERB_AFTER = re.compile(rf"\s+{_VERBS}\b")
_TITLE_RUN = re.compile(r"(?:(?:[A-Z][\w.’'-]*|of|the)\s+)*")  # "Secretary of State " before a name
# "X said: “", "X, a professor, said the two would discuss “", "X noted that even if ..., “": one sentence
_BEFORE_QUOTE = re.compile(rf",?\s+(?:\w+\s+)?{_VERBS}\b(?:(?![.!?]\s)[^“\"\n]){{0,120}}[:,]?\s*[“\"‘']?\s*$")
_ATTRIBUTION = re.compile(rf"\b{_VERBS}\b")
_QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?")
_CONTINUATION = re.compile(r"[”\"’'.,;:!?…\s]*[“\"‘']?")  # between two parts of one quotation

_APPOSITIVE_WORDS = r"(?:[^,;.()“”\"]|(?<=\b[A-Z])\.)+"  # up to the sentence's end; "U.S." does not end it
_APPOSITIVE = re.compile(rf",\s+((?:a|an|the|part of)\s{_APPOSITIVE_WORDS}(?:,\s(?:and|who)\s{_APPOSITIVE_WORDS})?)")
_TITLE_WORDS = "|".join(sorted(W.TITLES, key=len, reverse=True))
_TITLE_BEFORE = re.compile(rf"((?:(?:[A-Z][\w.’'-]*|of|the|(?:{_TITLE_WORDS}))\s)+)$")
_PRE_APPOSITIVE = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))([A-Z][\w’'.-]*(?:\s[\w’'.-]+){0,5}),\s$")
_ABBREVIATION = re.compile(rf"(?:{W.ABBREVIATIONS})\.|(?:[A-Z]\.)+")  # "Dr.", "U.S.": not a sentence's end
# lower-case words that may open a role ("former President"); others only follow a capital ("Chinese
# leader", "First lady"), so that "will host Italian Prime Minister" gives "Italian Prime Minister"
_MODIFIERS = frozenset({"former", "acting", "deputy", "senior", "top", "chief", "vice", "then-president"})
_PLURAL_TITLES = frozenset({"presidents", "ministers", "leaders", "officials", "senators", "secretaries"})


def _mentions(names: list[Fact]) -> list[tuple[int, int, str]]:
    return sorted((s, e, f.text) for f in names for s, e in (*f.spans, *f.mentions))


def attributed(text: str, span: Span) -> bool:
    """Whether the sentence holding the quotation credits someone (`he said`, `the minister added`),
    counting only words outside quotation marks."""
    s, e = sentence_at(text, *span)
    return bool(_ATTRIBUTION.search(_QUOTED.sub(" ", text[s:e])))


def goes_on(text: str, previous_end: int, start: int) -> bool:
    """Whether a quotation starting at `start` goes on with the one ending at `previous_end`: in the
    same paragraph, or opening the paragraph right after it (British style)."""
    between = text[previous_end:start]
    return "\n" not in between or bool(_CONTINUATION.fullmatch(between))


def speaker_of(text: str, span: Span, names: list[Fact], guess: bool = True) -> str:
    """The full name of the person the article credits with the quotation at `span`, or "". With
    `guess`, a quotation whose sentence credits someone unnamed (`he said`) goes to the person last
    credited with words before it in this or the previous paragraph."""
    start, end = span
    mentions = _mentions(names)
    after = _AFTER_QUOTE.match(text, end)
    pos = after.end() if after else end
    verb_first = bool(after and re.search(_VERBS, after.group()))
    for s, e, name in mentions:
        if pos <= s <= pos + 80 and _TITLE_RUN.fullmatch(text, pos, s) and (verb_first or _VERB_AFTER.match(text, e)):
            return name
    para = text.rfind("\n", 0, start) + 1
    for s, e, name in reversed(mentions):
        if para <= s and e <= start and _BEFORE_QUOTE.fullmatch(text, e, start):
            return name
    if not guess or not attributed(text, span):
        return ""
    # "he said": the person last credited with saying something ("X said", "said X") in this or the
    # previous paragraph; not merely the last one named ("Trump pressed Putin ..., the secretary added")
    previous = text.rfind("\n", 0, max(para - 2, 0)) + 1
    sayers = [name for s, e, name in mentions if previous <= s and e <= start and _says(text, s, e)]
    return sayers[-1] if sayers else ""


_VERB_BEFORE = re.compile(rf"\b{_VERBS}\s+{_TITLE_RUN.pattern}$")


def _says(text: str, start: int, end: int) -> bool:
    """Whether the mention at text[start:end] is credited with words: `X said`, `said X`, `X, a professor, said`."""
    return bool(
        _VERB_AFTER.match(text, end)
        or re.match(rf",[^,.;“”\"]{{0,100}},\s+{_VERBS}\b", text[end:])
        or _VERB_BEFORE.search(text, max(0, start - 80), start)
    )


def _titles_before(text: str, start: int) -> str:
    """The titles right before a name ("Japanese Prime Minister"), within its sentence; "" if none."""
    m = _TITLE_BEFORE.search(text, max(0, start - 80), start)
    if not m:
        return ""
    words = m.group(1).split()
    ends = [i for i, w in enumerate(words) if w.endswith(".") and not _ABBREVIATION.fullmatch(w)]
    if ends:
        words = words[ends[-1] + 1 :]  # "Tokyo. Japanese Finance Minister": the sentence before ends at Tokyo
    while words and (words[0].lower() in W.FUNCTION_WORDS or (words[0][0].islower() and words[0] not in _MODIFIERS)):
        words.pop(0)
    while words and words[-1].lower() in ("of", "the"):
        words.pop()
    if not words or words[-1].lower() in _PLURAL_TITLES:
        return ""  # "Presidents Donald Trump and Vladimir Putin": a title of two people
    if not any(w.lower().rstrip(".") in W.TITLES for w in words):
        return ""
    return " ".join(words)


def role_of(text: str, fact: Fact, headlines: list[Span] | None = None) -> tuple[str, Span, int]:
    """The person's role as the article words it, the mention it goes with, and how sure the role
    is (3 an appositive after the name, 2 a phrase before it, 1 titles, 0 a one-word title, -1 no
    role: then the first mention). Mentions in Title Case lines (`headlines`) are read last."""
    lines = headlines or []
    body = [sp for sp in fact.spans if not any(a <= sp[0] < b for a, b in lines)]
    spans = body + [sp for sp in fact.spans if sp not in body]
    found: list[tuple[int, int, str, Span]] = []  # (rank, -order, role, mention): the best wins
    for n, (s, e) in enumerate(spans):
        m = _APPOSITIVE.match(text, e)
        if m:
            role = " ".join(m.group(1).split())
            found.append((1 if role.startswith("part of") else 3, -n, role, (s, e)))  # "part of the delegation"
        m = _PRE_APPOSITIVE.search(text, max(0, s - 80), s)
        if m and text.startswith(",", e) and any(w.lower() in W.TITLES for w in m.group(1).split()):
            found.append((2, -n, m.group(1), (s, e)))
        titles = _titles_before(text, s)
        if titles:
            found.append((1 if " " in titles else 0, -n, titles, (s, e)))
    if not found:
        return "", spans[0], -1
    rank, _, role, span = max(found)
    return role, span, rank
