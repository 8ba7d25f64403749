"""Lint: warnings for weak cards (the build accepts them; a student would stumble on them).

Every check returns compiler-style warnings located at the key to fix (`card.at(key)`):
- the answer appears in its own question (person: the name in the role or the role in the name);
- a question or answer longer than the limits (words);
- two cards asking the same question (person and position cards: the questions Anki shows);
- a `date` card whose answer's month/day/year/weekday tokens are not all in its citations
  (a relative answer, "the following day": its unit, day/week/month/year);
- a `quote` card whose quotation is not in its citations (word for word, `...`/`…` may skip words);
- a `person` card with fewer than ROLE_THRESHOLD of its role's content units in its citations
  (a unit: a content word, or a run of capitalised words cited when any of its words is);
- a card whose front shows another card's answer (`answer-elsewhere`, see _answers_elsewhere): on
  the printed quiz every question is on one sheet, so the other card is given away;
- a position's holder starting with a capitalised common word ("The student article"): Anki's
  template reads it mid-sentence ("What is the position of The student article on ...");
- a card without tags.
Texts are compared after citations.normalize, case-folded, as sequences of words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.checks.citations import normalize
from builder.checks.wordlists import MONTHS, WEEKDAYS
from builder.core.diagnostics import Diagnostic
from builder.core.model import QUESTION_ANSWER, Card, Deck
from builder.core.prompts import answer_text, holder_text, question_text

MAX_ANSWER_WORDS = 25
MAX_QUESTION_WORDS = 40
MAX_SPREAD = 5  # an answer shown on more fronts than this is the deck's vocabulary, not a giveaway
ROLE_THRESHOLD = (
    0.75  # share of a role's content units that its citations must contain (one in four may be paraphrased)
)

# small words a role may add around the article's words ("an expert at ...", "the president of ...")
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "at",
        "in",
        "on",
        "for",
        "to",
        "and",
        "or",
        "with",
        "from",
        "by",
        "as",
        "its",
        "his",
        "her",
        "their",
        "who",
        "which",
        "that",
        "is",
        "was",
        "s",
    ]
)
_MONTHS = {m[:3]: m for m in MONTHS}
_RELATIVE_UNITS = frozenset(
    ["day", "days", "week", "weeks", "weekend", "month", "months", "year", "years", "decade", "decades"]
)
_RELATIVE_WORDS = _RELATIVE_UNITS | frozenset(["last", "next", "previous", "following", "past", "this"])
_WEEKDAYS = WEEKDAYS


@dataclass(frozen=True)
class LintOptions:
    max_answer_words: int = MAX_ANSWER_WORDS
    max_question_words: int = MAX_QUESTION_WORDS


def words(text: str) -> list[str]:
    """Case-folded words of the normalised text; possessive 's and ' dropped ("China's" → "china").
    An en or em dash separates words ("nations—perhaps" is two), a hyphen joins them ("long-term")."""
    out = []
    for w in re.findall(r"[\w'-]+", normalize(re.sub("[\u2013\u2014]", " ", text)).casefold()):
        w = re.sub(r"'s$|'$", "", w).strip("'-")
        if w:
            out.append(w)
    return out


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _cited_words(card: Card) -> list[list[str]]:
    return [words(src.quote) for src in card.sources]


def fronts(card: Card) -> list[tuple[str, str]]:
    """(key to point at, question text a student reads) for each Anki card this card makes."""
    context = card.get("context")
    extra = f" {context}" if context else ""
    key = {"person": "name", "position": "topic", "quote": "quotation"}.get(card.kind, "question")
    out = [(key, question_text(card) + extra)]  # worded as on paper and in Anki
    if card.kind == "person":
        out.append(("role", f"Who is this? {card.get('role')}{extra}"))
    return out


def _warning(card: Card, key: str, message: str, hint: str, code: str) -> Diagnostic:
    line, col = card.at(key)
    return Diagnostic(card.file, line, col, "warning", message, card=card.id, hint=hint, code=f"lint-{code}")


def _answer_in_question(card: Card) -> list[Diagnostic]:
    if card.kind == "person":
        name, role = words(card.get("name")), words(card.get("role"))
        if _contains(role, name):
            return [
                _warning(
                    card,
                    "role",
                    "the name appears in the role (the 'Who is this?' card gives it away)",
                    "describe the role without the person's name",
                    "answer-in-question",
                )
            ]
        if _contains(name, role):
            return [
                _warning(
                    card,
                    "name",
                    "the role appears in the name",
                    "keep the name to the person's name",
                    "answer-in-question",
                )
            ]
        return []
    answer_key = QUESTION_ANSWER[card.kind][1]
    answer = words(card.get(answer_key))
    if card.kind == "quote":  # "Daniel Sneider (Stanford University)": the name is what leaks
        answer = words(card.get("speaker").split("(")[0])
    if not [w for w in answer if w not in FUNCTION_WORDS]:
        return []
    key, front = fronts(card)[0]
    if _contains(words(front), answer):
        return [
            _warning(
                card,
                key,
                f"the answer ('{card.get(answer_key)}') appears in its own question",
                "reword the question so it does not contain the answer",
                "answer-in-question",
            )
        ]
    return []


_LENGTH_HINTS = {
    "question": ("ask one short thing; long quotations become a card on their key sentence", "long-question"),
    "answer": ("keep the answer to the fact itself; put explanations in 'note'", "long-answer"),
}


def _lengths(card: Card, options: LintOptions) -> list[Diagnostic]:
    """The kind's question and answer keys (model.QUESTION_ANSWER) against the limits; a person's
    role is an answer (card 1) and a question (card 2), so it gets the stricter answer limit."""
    out = []
    question_key, answer_key = QUESTION_ANSWER[card.kind]
    for what, key, limit in (
        ("question", question_key, options.max_question_words),
        ("answer", answer_key, options.max_answer_words),
    ):
        n = len(card.get(key).split())
        if n > limit:
            hint, code = _LENGTH_HINTS[what]
            out.append(_warning(card, key, f"{what} is {n} words long (limit {limit})", hint, code))
    return out


def _duplicates(cards) -> list[Diagnostic]:
    seen: dict[str, tuple[Card, str]] = {}
    out = []
    for card in cards:
        for key, front in fronts(card):
            norm = " ".join(words(front))
            if norm in seen:
                other, other_key = seen[norm]
                if other.id != card.id:
                    line, _ = other.at(other_key)
                    out.append(
                        _warning(
                            card,
                            key,
                            f"asks the same question as card '{other.id}'",
                            f"first asked at {other.file}:{line}; merge the two cards or make the "
                            "question more specific",
                            "duplicate-question",
                        )
                    )
                continue
            seen[norm] = (card, key)
    return out


def _date_tokens(text: str) -> set[str]:
    """Month (canonical full name), weekday, day and year tokens of a text: "Jan. 6th" → {january, 6}."""
    tokens = set()
    for w in words(text):
        w = w.rstrip(".")
        if w[:3] in _MONTHS and (w in _MONTHS.values() or w in _MONTHS or w == "sept"):
            tokens.add(_MONTHS[w[:3]])
        elif w in _WEEKDAYS:
            tokens.add(w)
        elif m := re.fullmatch(r"(\d{1,4})(?:st|nd|rd|th|s)?", w):
            tokens.add(str(int(m.group(1))))
    return tokens


def _date_not_cited(card: Card) -> list[Diagnostic]:
    if card.kind != "date":
        return []
    answer = card.get("answer")
    wanted = _date_tokens(answer)
    cited: set[str] = set()
    for src in card.sources:
        cited |= _date_tokens(src.quote)
    if wanted:
        missing = sorted(wanted - cited)
    else:  # a relative date ("last week", "the following day"): its unit must be cited
        cited_words = {w for ws in _cited_words(card) for w in ws}
        units = [w for w in words(answer) if w in _RELATIVE_UNITS]
        missing = sorted({w for w in units if not _same_word(w, cited_words)})
    if not missing:
        return []
    return [
        _warning(
            card,
            "answer",
            f"the answer's date ({', '.join(missing)}) is not in its citations",
            "cite the words that state this date, or correct the answer",
            "date-not-cited",
        )
    ]


def _quote_not_cited(card: Card) -> list[Diagnostic]:
    if card.kind != "quote":
        return []
    pieces = [words(p) for p in re.split(r"\.\.\.|…", normalize(card.get("quotation")))]
    pieces = [p for p in pieces if p]
    for cited in _cited_words(card):
        pos, ok = 0, True
        for piece in pieces:
            found = next(
                (i for i in range(pos, len(cited) - len(piece) + 1) if cited[i : i + len(piece)] == piece), None
            )
            if found is None:
                ok = False
                break
            pos = found + len(piece)
        if ok:
            return []
    return [
        _warning(
            card,
            "quotation",
            "the quotation is not in its citations",
            "cite the sentence that holds the quotation, word for word ('...' may skip words)",
            "quote-not-cited",
        )
    ]


def _content(ws: list[str]) -> list[str]:
    return [w for w in ws if w not in FUNCTION_WORDS]


def _same_word(word: str, cited: set[str]) -> bool:
    return word in cited or word.rstrip("s") in cited or word + "s" in cited


def _role_units(role: str) -> list[list[str]]:
    """The role's content words; a run of capitalised words ("Lee Jae Myung", "Defense Minister",
    "Stanford University") is one unit, cited when any of its words is ("Lee's security adviser"
    supports "Lee Jae Myung's security adviser")."""
    units, run = [], []
    for raw in normalize(role).split():
        ws = words(raw)
        if not ws:
            continue
        if raw.lstrip("(\"'")[:1].isupper():
            run.extend(ws)
            if re.search(r"[,;:.)\"]$|'s$", raw):  # punctuation or a possessive ends the run
                units.append(run)
                run = []
            continue
        if run:
            units.append(run)
            run = []
        units.extend([w] for w in ws)
    if run:
        units.append(run)
    return [content for unit in units if (content := _content(unit))]


def _role_not_cited(card: Card) -> list[Diagnostic]:
    if card.kind != "person":
        return []
    units = _role_units(card.get("role"))
    cited = {w for ws in _cited_words(card) for w in ws}
    missing = [" ".join(u) for u in units if not any(_same_word(w, cited) for w in u)]
    if not units or (len(units) - len(missing)) / len(units) >= ROLE_THRESHOLD:
        return []
    return [
        _warning(
            card,
            "role",
            f"the role's words are not in its citations: {', '.join(missing)}",
            "describe the person in the article's own words, and cite them",
            "role-not-cited",
        )
    ]


def _distinctive_answer(card: Card) -> list[str]:
    """The words of the card's printed answer (prompts.answer_text) worth looking for on other fronts,
    or [] when the answer is not distinctive enough to give anything away.

    A parenthesised remark is dropped ("January 6 (the day after ...)" → "january 6") and so are
    leading small words ("His U.S. counterpart" → "u s counterpart"). Distinctive: two or more content
    words ("Tiananmen Square", "Patience is needed"; words of relative dates such as "last year" do not
    count: every article says them), or one word that has a digit ("The 60th") or is
    capitalised as written ("Golden", "Thursday", "NHK"); a lower-case single word ("yes", "second")
    is not. Quote cards are not checked: their answer is a speaker, and the deck names its people on
    purpose (person and position cards); what a quote card gives away is its quotation, which is
    checked as another card's front."""
    if card.kind == "quote":
        return []
    text = re.sub(r"\([^)]*\)", " ", answer_text(card))
    ws = words(text)
    while ws and ws[0] in FUNCTION_WORDS:
        ws.pop(0)
    content = [w for w in _content(ws) if w not in _RELATIVE_WORDS]
    if len(content) >= 2:
        return ws
    if len(content) == 1:
        raw = next((t for t in re.findall(r"[\w'-]+", normalize(text)) if words(t) == content), "")
        if re.search(r"\d", raw) or raw[:1].isupper():
            return ws
    return []


def _answers_elsewhere(cards) -> list[Diagnostic]:
    """`answer-elsewhere`: a card's distinctive answer (_distinctive_answer), as a sequence of words,
    on ANOTHER card's front (question + context; a quote card's quotation; a person's name and role),
    reported at that front's key and naming the card it gives away. An answer found on more than
    MAX_SPREAD other fronts is the deck's shared vocabulary (China, Nara, the Washington Post) and is
    not reported: the student meets it everywhere, so no single question gives it away."""
    cards = list(cards)
    front_words = [[(key, words(front)) for key, front in fronts(c)] for c in cards]
    index: dict[str, set[int]] = {}
    for i, fs in enumerate(front_words):
        for _, ws in fs:
            for w in ws:
                index.setdefault(w, set()).add(i)
    out = []
    for i, card in enumerate(cards):
        answer = _distinctive_answer(card)
        if not answer:
            continue
        candidates = set.intersection(*(index.get(w, set()) for w in set(answer))) - {i}
        hits = []
        for j in sorted(candidates):
            key = next((k for k, ws in front_words[j] if _contains(ws, answer)), None)
            if key is not None:
                hits.append((j, key))
                if len(hits) > MAX_SPREAD:
                    break  # shared vocabulary: no need to find every front it is on
        if not hits or len(hits) > MAX_SPREAD:
            continue
        for j, key in hits:
            other = cards[j]
            out.append(
                _warning(
                    other,
                    key,
                    f"shows the answer of card '{card.id}' ('{answer_text(card)}')",
                    f"{card.file}:{card.at('id')[0]}; on the printed quiz both are on one sheet: "
                    "ask this without the other card's answer, or word that answer differently",
                    "answer-elsewhere",
                )
            )
    return out


def _holder_capitalised(card: Card) -> list[Diagnostic]:
    if card.kind != "position" or holder_text(card.get("holder")) == card.get("holder"):
        return []
    first = card.get("holder").split(" ", 1)[0]
    return [
        _warning(
            card,
            "holder",
            f"the holder starts with a capitalised common word ('{first}')",
            f"write it lower-case ('{first.lower()}'): Anki shows \"What is the position of "
            '{{Holder}} on {{Topic}}?"',
            "holder-capitalised",
        )
    ]


def _no_tags(card: Card) -> list[Diagnostic]:
    if card.tags:
        return []
    return [
        _warning(
            card,
            "id",
            "card has no tags",
            "add tags: [topic, person::name] so teachers can filter and assign it",
            "no-tags",
        )
    ]


def lint(deck: Deck, options: LintOptions = LintOptions()) -> list[Diagnostic]:
    """Warnings for every card of the deck, sorted by file, line and column."""
    diags: list[Diagnostic] = []
    for card in deck.cards:
        diags += _answer_in_question(card)
        diags += _lengths(card, options)
        diags += _date_not_cited(card)
        diags += _quote_not_cited(card)
        diags += _role_not_cited(card)
        diags += _holder_capitalised(card)
        diags += _no_tags(card)
    diags += _duplicates(deck.cards)
    diags += _answers_elsewhere(deck.cards)
    return sorted(diags, key=Diagnostic.sort_key)
