"""Lint: warnings for cards a quiz would give away or a student would stumble on.

The build accepts these cards (what a card claims is checked as an error in checks/correctness);
lint finds what makes a printed quiz or a deck weak. Every warning has a code (`lint-twin`),
is located at the key to fix (`card.at(key)`), and can be silenced for one card with a reason
(`allow: {lint-twin: "why"}`) or for the whole project in cards/lint.yaml. A warning about two
cards (twins, a giveaway, a repeated question) is silenced by either card's `allow`.

- `lint-answer-in-question`: the answer appears in its own question (person: the name in the role
  or the role in the name; a name inside a longer answer counts: "Japanese Prime Minister Shinzo
  Abe" on "Who is Shinzo Abe?");
- `lint-long-question` / `lint-long-answer`: longer than the limits (words); a disagreement card
  (tag `discrepancy`) is measured per version (its answer's parts between ';');
- `lint-duplicate-question`: two cards show the same front;
- `lint-answer-elsewhere`: a card's answer on ANOTHER card's front (see _giveaways): on the printed
  quiz every question is on one sheet;
- `lint-answer-in-deck`: a card's answer in the deck's name or description (printed atop the sheets);
- `lint-twin`: two cards teaching the same thing from the same sentence of an article (_twins);
- `lint-relative-date`: a date a student cannot learn because nothing anchors it ("this week",
  "last year", "days before" with no event or date to count from);
- `lint-position-of-article`: a position whose holder is an article ("the student article"): its
  narration, not a position anyone holds;
- `lint-holder-capitalised`: a holder starting with a capitalised common word ("The student
  article"), which Anki's template reads mid-sentence; a proper name ("The Washington Post") is fine;
- `lint-paraphrase-unneeded`: `paraphrase: true` on a card whose words are the article's (or whose
  kind has nothing checked word for word);
- `lint-no-tags`: a card without tags in a deck whose other cards mostly have them.
Texts are compared as words (checks/text.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from builder.checks import wordlists
from builder.checks.citations import SeedText, seed_texts
from builder.checks.correctness import quotation_in, role_units
from builder.checks.coverage import quotation_sentences
from builder.checks.facts import find_names
from builder.checks.text import FUNCTION_WORDS, RELATIVE_WORDS, contains, content, same_word, stems, words
from builder.core.diagnostics import Diagnostic
from builder.core.model import QUESTION_ANSWER, Card, Deck
from builder.core.prompts import answer_text, holder_text, is_disagreement, question_text

MAX_ANSWER_WORDS = 25
MAX_QUESTION_WORDS = 40
MAX_SPREAD = 5  # an answer shown on more fronts than this is the deck's vocabulary, not a giveaway
MAX_NAME_WORDS = 3  # an answer this short may be given away by its names in any order ("temple (Horyuji)")
TWIN_OVERLAP = 0.5
TWIN_OVERLAP_SAME = 0.3  # the same, for a quote card and a position card of the same person  # share of the smaller card's taught words the other card teaches too
NO_TAGS_SHARE = 0.5  # "no tags" only in a deck where more than this share of the cards have tags

# words that start a sentence or a title without being a name ("Four days", "Chinese President")
LEADING_WORDS = wordlists.FUNCTION_WORDS | wordlists.TITLES | wordlists.DEMONYMS | wordlists.DIRECTIONS
ORDINALS = frozenset(
    [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
    ]
)


@dataclass(frozen=True)
class LintOptions:
    max_answer_words: int = MAX_ANSWER_WORDS
    max_question_words: int = MAX_QUESTION_WORDS
    allow: tuple = ()  # ((code, reason), ...) silenced for the whole project (cards/lint.yaml)


def options_for(deck: Deck, max_answer_words: int | None = None, max_question_words: int | None = None) -> LintOptions:
    """The deck's lint settings (cards/lint.yaml), the command line's limits over them."""
    config = deck.lint
    return LintOptions(
        max_answer_words or config.max_answer_words or MAX_ANSWER_WORDS,
        max_question_words or config.max_question_words or MAX_QUESTION_WORDS,
        config.allow,
    )


@dataclass(frozen=True)
class _Found:
    """A warning and the cards it is about (either card's `allow` silences a warning about two)."""

    diagnostic: Diagnostic
    cards: tuple = field(default=())


def fronts(card: Card) -> list[tuple[str, str]]:
    """(key to point at, question text a student reads) for each Anki card this card makes."""
    context = card.get("context")
    extra = f" {context}" if context else ""
    key = {"person": "name", "position": "topic", "quote": "quotation"}.get(card.kind, "question")
    out = [(key, question_text(card) + extra)]  # worded as on paper and in Anki
    if card.kind == "person":
        out.append(("role", f"Who is this? {card.get('role')}{extra}"))
    return out


def _warning(card: Card, key: str, message: str, hint: str, code: str, *others: Card) -> _Found:
    line, col = card.at(key)
    diag = Diagnostic(card.file, line, col, "warning", message, card=card.id, hint=hint, code=code)
    return _Found(diag, (card.id, *(o.id for o in others)))


# --- answers: what a card teaches, and the forms in which another text gives it away -----------


def _names(text: str) -> list[str]:
    """The person name an answer is, titles and nationalities stripped ("Japanese Prime Minister
    Shinzo Abe" → "Shinzo Abe", found as coverage finds names in articles); none when the answer
    says more than the name and its titles (a name mentioned in passing is not the answer)."""
    found = list(find_names(text, set()))
    if len(found) != 1:
        return []
    rest = [w for w in words(re.sub(r"\([^)]*\)", " ", text)) if w not in words(found[0])]
    return found if all(w in LEADING_WORDS for w in rest) else []


def _speaker_name(card: Card) -> str:
    """A quote card's speaker without the description after it ("Xi Jinping, as Lee told reporters")."""
    return re.split(r"[(,;]| as | to ", card.get("speaker"), maxsplit=1)[0].strip()


@dataclass(frozen=True)
class _Answer:
    """One form of a card's answer to look for: its words, whether they must come in order, and
    whether another front must also say what the card asks (a name alone gives away nothing)."""

    text: str
    words: tuple
    in_order: bool
    needs_tie: bool = False


def _distinctive(ws: Sequence[str], raw: str, vocabulary: frozenset[str] = frozenset()) -> bool:
    """Two or more content words (relative-date words such as "last year" do not count: every
    article says them), or one word that has a digit ("60th"), is an ordinal ("second") or is
    capitalised as written ("Horyuji", "NHK"); a lower-case single word ("yes", "dialogue") is not."""
    key = [w for w in content(list(ws)) if (w not in RELATIVE_WORDS or w in ORDINALS) and w not in vocabulary]
    if len(key) >= 2:
        return True
    if len(key) == 1:
        word = key[0]
        raw_word = next((t for t in re.findall(r"[\w'.-]+", raw) if words(t) == [word]), "")
        return bool(re.search(r"\d", word)) or word in ORDINALS or _proper(raw_word)
    return False


def _proper(raw: str) -> bool:
    """Capitalised as a name is ("Horyuji", "NHK"), not as the first word of a sentence ("Four days")."""
    return raw[:1].isupper() and raw.casefold() not in _COMMON_CAPITALISED


_COMMON_CAPITALISED = FUNCTION_WORDS | LEADING_WORDS | frozenset(wordlists.NUMBER_WORDS_EXACT)


def _answers(
    card: Card, vocabulary: frozenset[str] = frozenset(), articles: frozenset[str] = frozenset()
) -> list[_Answer]:
    """The forms of a card's printed answer another text could give away: the answer without its
    parenthesised remarks and leading small words, each remark on its own ("The Asia-Pacific
    Economic Cooperation (APEC) conference" → also "APEC"), and any person name in it. A person
    card's name is the answer of its "Who is this?" card, and a quote card's speaker of its card:
    those need a tie (another front saying the role or the quotation, not just the name)."""
    if card.kind == "person":
        name = card.get("name")
    elif card.kind == "quote":
        name = _speaker_name(card)
    if card.kind in ("person", "quote"):
        name_words = tuple(words(name))
        return [_Answer(name, name_words, True, needs_tie=True)] if len(name_words) >= 2 else []
    text = answer_text(card)
    own_front = set(words(fronts(card)[0][1]))
    out = []
    main = re.sub(r"\([^)]*\)", " ", text)
    remarks = re.findall(r"\(([^)]*)\)", text)
    for part, in_order in [(main, True)] + [(r, True) for r in remarks]:
        ws: list[str] = words(part)
        while ws and ws[0] in FUNCTION_WORDS:
            ws.pop(0)
        if ws and _distinctive(ws, part, vocabulary):
            out.append(_Answer(part.strip(), tuple(ws), in_order))
        # its names and numbers in any order, without those its own question already says or that
        # name an article ("Horyuji Temple" asked as "Which temple ...?" is given away by "(Horyuji)");
        # a capital on the first word counts only when every word has one (a name, not a sentence)
        tokens = re.findall(r"[\w'.-]+", part)
        title_case = all(_proper(t) for t in tokens if t.casefold() not in FUNCTION_WORDS)
        raw = {
            w
            for k, t in enumerate(tokens)
            if (re.search(r"\d", t) or (_proper(t) and (k > 0 or title_case)))
            for w in words(t)
        }
        key = tuple(
            w
            for w in dict.fromkeys(ws)
            if w in raw and w not in own_front and w not in articles and w not in vocabulary
        )
        short = len(content(ws)) <= MAX_NAME_WORDS  # a name or a place, not a sentence that mentions one
        if short and key and (len(key) < len(ws) or not out) and (len(key) >= 2 or _distinctive(key, part, vocabulary)):
            out.append(_Answer(part.strip(), key, False))
    for name in _names(text):
        name_words = tuple(words(name))
        if set(name_words) & (vocabulary | articles):
            continue  # the deck's people ("Xi Jinping", "Xi" on every other card) and the articles' authors
        if not any(a.words == name_words for a in out):
            out.append(_Answer(name, name_words, True))
    return out


def _shows(front: list[str], answer: _Answer) -> bool:
    return contains(front, list(answer.words)) if answer.in_order else set(answer.words) <= set(front)


def _asks(card: Card) -> set[str]:
    """The content stems of what a card asks: a person's role, a quote's quotation (a tie, _answers)."""
    text = card.get("role") if card.kind == "person" else card.get("quotation")
    name = set(words(card.get("name") if card.kind == "person" else _speaker_name(card)))
    return stems(w for w in content(words(text)) if w not in name and w not in LEADING_WORDS)


def _tied(front: list[str], asks: set[str]) -> bool:
    """Whether a front also says what the card asks: half of its words, two at least (a title alone,
    "Chinese President", or an affiliation alone,
    "Daniel Sneider (Stanford University)", does not say who an East Asia policy expert at
    Stanford University is)."""
    shared = len(stems(front) & asks)
    return shared >= 2 and shared * 2 >= len(asks)


# --- one card at a time ------------------------------------------------------------------------


def _answer_in_question(card: Card, articles: frozenset[str] = frozenset()) -> list[_Found]:
    if card.kind == "person":
        name, role = words(card.get("name")), words(card.get("role"))
        if contains(role, name):
            return [
                _warning(
                    card,
                    "role",
                    "the name appears in the role (the 'Who is this?' card gives it away)",
                    "describe the role without the person's name",
                    "lint-answer-in-question",
                )
            ]
        if contains(name, role):
            return [
                _warning(
                    card,
                    "name",
                    "the role appears in the name",
                    "keep the name to the person's name",
                    "lint-answer-in-question",
                )
            ]
        return []
    answer_key = QUESTION_ANSWER[card.kind][1]
    key, front = fronts(card)[0]
    front_words = words(front)
    answer = words(card.get(answer_key))
    if card.kind == "quote":  # "Daniel Sneider (Stanford University)": the name is what leaks
        answer = words(_speaker_name(card))
    forms = [answer] if content(answer) else []
    if card.kind != "quote":
        forms += [ws for n in _names(card.get(answer_key)) if not set(ws := words(n)) & articles]
    if any(contains(front_words, form) for form in forms):
        return [
            _warning(
                card,
                key,
                f"the answer ('{card.get(answer_key)}') appears in its own question",
                "reword the question so it does not contain the answer",
                "lint-answer-in-question",
            )
        ]
    return []


_LENGTH_HINTS = {
    "question": ("ask one short thing; long quotations become a card on their key sentence", "lint-long-question"),
    "answer": ("keep the answer to the fact itself; put explanations in 'note'", "lint-long-answer"),
}


def _lengths(card: Card, options: LintOptions) -> list[_Found]:
    """The kind's question and answer keys (model.QUESTION_ANSWER) against the limits; a person's
    role is an answer (card 1) and a question (card 2), so it gets the stricter answer limit. A
    disagreement card's answer gives one version per article: each version is measured."""
    out = []
    question_key, answer_key = QUESTION_ANSWER[card.kind]
    for what, key, limit in (
        ("question", question_key, options.max_question_words),
        ("answer", answer_key, options.max_answer_words),
    ):
        text = card.get(key)
        parts = text.split(";") if what == "answer" and "discrepancy" in card.tags else [text]
        n = max(len(p.split()) for p in parts)
        if n > limit:
            hint, code = _LENGTH_HINTS[what]
            each = " (its longest version)" if len(parts) > 1 else ""
            out.append(_warning(card, key, f"{what} is {n} words long{each} (limit {limit})", hint, code))
    return out


_DEICTIC = re.compile(
    r"\b(?:this|last|next|past|coming) (?:week|weekend|month|year|decade)\b|\b(?:yesterday|today|tomorrow|"
    r"recently|earlier this (?:week|month|year)|later this (?:week|month|year))\b",
    re.I,
)
_OFFSET = re.compile(
    r"\b(?:(?:a|one|two|three|four|five|six|seven|several|few|some|\d+) )?(?:days?|weeks?|months?|years?)"
    r" (?:before|after|later|earlier|ago)\b|\bthe (?:following|next|previous) (?:day|week|month|year)\b",
    re.I,
)
_ABSOLUTE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)|\b1[5-9]\d\d\b|\b20\d\d\b"
)
# an offset without a count ("days before", "weeks later"): nothing to learn however it is anchored
_VAGUE = re.compile(r"\b(?:days|weeks|months|years) (?:before|after|later|earlier|ago)\b", re.I)
_COUNT = re.compile(r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|several|few) $", re.I)
# words after which a relative date counts from something named: "before the Nara summit"
_ANCHOR = re.compile(r"\b(?:before|after|since|from|than|relative to|of) (?:the |his |her |their |its )?[\w'-]+", re.I)


def _relative_date(card: Card) -> list[_Found]:
    """A relative date the student cannot place: deictic ("this week", "last year": relative to the
    article's unstated publication date) unless an absolute date is on the card (answer, question
    or context); an offset ("days before", "the following day") unless the card names what it counts
    from ("before the Nara summit") or gives an absolute date."""
    if card.kind not in ("date", "qa"):
        return []
    answer = card.get("answer")
    on_card = " ".join([answer, card.get("question"), card.get("context")])
    if _ABSOLUTE.search(on_card):
        return []
    deictic = _DEICTIC.search(answer)
    offset = _OFFSET.search(answer)
    vague = next((m for m in _VAGUE.finditer(answer) if not _COUNT.search(answer[: m.start()])), None)
    unanchored = deictic or vague
    if unanchored is not None:
        found = unanchored.group()
    elif offset and not _ANCHOR.search(card.get("question") + " " + answer[offset.end() :]):
        found = offset.group()
    else:
        return []
    return [
        _warning(
            card,
            "answer",
            f"the answer's date ('{found}') has nothing to count from",
            'anchor it ("the week of January 12", "the day after the Beijing summit") or retire the card: '
            "a student cannot learn when 'this week' was",
            "lint-relative-date",
        )
    ]


_QUALIFIERS = frozenset(["cited", "quoted", "by", "in", "of", "according", "per", "at", "from", "interviewed"])
_ARTICLE_WORDS = frozenset(["article", "report", "story", "piece", "preview", "newspaper", "editorial", "op-ed"])


def _article_names(deck: Deck) -> set[str]:
    """How the deck's articles are named: outlets, labels, "the <alias> article"."""
    names = set()
    for seed in deck.seeds:
        for value in (seed.outlet.split(" (")[0], seed.label, seed.alias, *seed.authors.split(";")):
            ws = [w for w in words(value) if w != "the"]
            if len(ws) > 1 and ws[-1] == "news":  # "Bloomberg News" is "Bloomberg" too
                names.add(" ".join(ws[:-1]))
            if ws and value.strip().lower() != "unknown":
                names.add(" ".join(ws))
    return names


def _position_of_article(card: Card, article_names: set[str]) -> list[_Found]:
    """A holder that is an article: "the student article", "TIME", "the Washington Post"."""
    if card.kind != "position":
        return []
    holder = re.sub(r"\([^)]*\)", " ", card.get("holder"))
    ws = [w for w in words(holder) if w != "the"]
    # the holder's head, before what it is qualified by: "analysts cited by the preview article" are analysts
    head = ws[: next((k for k, w in enumerate(ws) if w in _QUALIFIERS), len(ws))]
    if not head or not (" ".join(head) in article_names or head[-1] in _ARTICLE_WORDS):
        return []
    return [
        _warning(
            card,
            "holder",
            f"the holder ('{card.get('holder')}') is an article: this is its narration, not a position anyone holds",
            "give the position of the person or institution the article reports on, or make it a "
            "question about what the article says",
            "lint-position-of-article",
        )
    ]


def _holder_capitalised(card: Card) -> list[_Found]:
    """A capitalised common word read mid-sentence; not a proper name that starts with "The"
    ("The Washington Post": every word after it capitalised)."""
    holder = card.get("holder")
    if card.kind != "position" or holder_text(holder) == holder:
        return []
    first, _, rest = holder.partition(" ")
    rest_words = re.sub(r"\([^)]*\)", " ", rest).split()
    if first == "The" and rest_words and all(w[:1].isupper() for w in rest_words):
        return []
    return [
        _warning(
            card,
            "holder",
            f"the holder starts with a capitalised common word ('{first}')",
            f"write it lower-case ('{first.lower()}'): Anki shows \"What is the position of "
            '{{Holder}} on {{Topic}}?"',
            "lint-holder-capitalised",
        )
    ]


def _paraphrase_unneeded(card: Card) -> list[_Found]:
    if not card.paraphrase:
        return []
    if card.kind == "quote":
        needed = not any(quotation_in(card.get("quotation"), s.quote) for s in card.sources)
    elif card.kind == "person":
        cited = stems(w for s in card.sources for w in words(s.quote))
        needed = any(not any(same_word(w, cited) for w in unit) for unit in role_units(card.get("role")))
    else:
        needed = False
    if needed:
        return []
    why = (
        "its words are in its citations"
        if card.kind in ("quote", "person")
        else f"a {card.kind} card's words are not checked word for word"
    )
    return [
        _warning(
            card,
            "paraphrase",
            f"'paraphrase: true' is not needed: {why}",
            "remove it, so the card is shown as quoted and a later change of wording is checked again",
            "lint-paraphrase-unneeded",
        )
    ]


def _no_tags(card: Card) -> list[_Found]:
    if card.tags:
        return []
    return [
        _warning(
            card,
            "id",
            "card has no tags",
            "add tags: [topic, person::name] so teachers can filter and assign it, like the deck's other cards",
            "lint-no-tags",
        )
    ]


# --- pairs of cards ------------------------------------------------------------------------------


def _duplicates(cards: Sequence[Card]) -> list[_Found]:
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
                            "lint-duplicate-question",
                            other,
                        )
                    )
                continue
            seen[norm] = (card, key)
    return out


def _giveaways(cards: Sequence[Card], answers: Sequence[list[_Answer]], twins: set[frozenset[str]]) -> list[_Found]:
    """`answer-elsewhere`: a form of a card's answer (_answers) on ANOTHER card's front (question +
    context; a quote card's quotation; a person's name and role), reported at that front's key and
    naming the card it gives away. A form found on more than MAX_SPREAD other fronts is the deck's
    shared vocabulary (China, Nara, the Washington Post): the student meets it everywhere, so no
    single question gives it away. A pair already reported as twins is not reported again."""
    front_words = [[(key, words(front)) for key, front in fronts(c)] for c in cards]
    index: dict[str, set[int]] = {}
    for i, fs in enumerate(front_words):
        for _, ws in fs:
            for w in ws:
                index.setdefault(w, set()).add(i)
    out = []
    for i, card in enumerate(cards):
        reported: set[int] = set()
        for answer in answers[i]:
            candidates = set.intersection(*(index.get(w, set()) for w in set(answer.words))) - {i}
            hits = []
            for j in sorted(candidates):
                key = next((k for k, ws in front_words[j] if _shows(ws, answer)), None)
                if key is not None:
                    hits.append((j, key))
                    if len(hits) > MAX_SPREAD:
                        break  # shared vocabulary: no need to find every front it is on
            if not hits or len(hits) > MAX_SPREAD:
                continue
            asks = _asks(card) if answer.needs_tie else set()
            for j, key in hits:
                other = cards[j]
                if j in reported or frozenset((card.id, other.id)) in twins:
                    continue
                if answer.needs_tie and not _tied(next(ws for k, ws in front_words[j] if k == key), asks):
                    continue
                reported.add(j)
                out.append(
                    _warning(
                        other,
                        key,
                        f"shows the answer of card '{card.id}' ('{answer.text}')",
                        f"{card.file}:{card.at('id')[0]}; on the printed quiz both are on one sheet: "
                        "ask this without the other card's answer, or word that answer differently",
                        "lint-answer-elsewhere",
                        card,
                    )
                )
    return out


def _answer_in_deck(deck: Deck, cards: Sequence[Card], answers: Sequence[list[_Answer]]) -> list[_Found]:
    """A card's answer in the deck's name or description, which head the handout and the quiz."""
    deck_words = words(f"{deck.info.name} {deck.info.description}")
    front_counts: dict[str, int] = {}
    for c in cards:
        for w in {w for _, f in fronts(c) for w in words(f)}:
            front_counts[w] = front_counts.get(w, 0) + 1
    out = []
    for card, forms in zip(cards, answers, strict=True):
        if card.kind in ("person", "quote"):
            continue  # a name in the deck's title is its subject, not an answer given away
        for answer in forms:
            spread = min(front_counts.get(w, 0) for w in answer.words)
            if spread <= MAX_SPREAD and _shows(deck_words, answer):
                key = QUESTION_ANSWER[card.kind][1]
                out.append(
                    _warning(
                        card,
                        key,
                        f"the deck's name or description gives the answer away ('{answer.text}')",
                        f"{deck.info.file}: reword the deck's description, or ask this card another way",
                        "lint-answer-in-deck",
                    )
                )
                break
    return out


def _sentences(seed: SeedText) -> list[tuple[int, int]]:
    text = seed.seed.text
    return quotation_sentences(text, 0, len(text))


def _cited_sentences(cards: Sequence[Card], deck: Deck) -> list[set[tuple[str, int]]]:
    """For each card, the (article, sentence number) of every sentence its citations touch."""
    index = seed_texts(deck.seeds)
    bounds = {alias: _sentences(st) for alias, st in index.items()}
    out = []
    for card in cards:
        found: set[tuple[str, int]] = set()
        for src in card.sources:
            st = index.get(src.seed)
            if st is None:
                continue
            for s, e in st.find_all(src.quote):
                found |= {(src.seed, k) for k, (bs, be) in enumerate(bounds[src.seed]) if bs < e and s < be}
        out.append(found)
    return out


_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "you",
        "him",
        "them",
        "us",
        "me",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
    ]
)
# small words that carry no fact: two cards sharing "should not be" teach nothing in common
_NOT_TAUGHT = (
    wordlists.FUNCTION_WORDS
    | _PRONOUNS
    | frozenset(
        [
            "be",
            "is",
            "are",
            "was",
            "were",
            "been",
            "being",
            "should",
            "would",
            "could",
            "will",
            "can",
            "may",
            "might",
            "must",
            "shall",
        ]
    )
    | frozenset(["have", "has", "had", "do", "does", "did"])
)


def _taught(card: Card, vocabulary: frozenset[str], articles: frozenset[str] = frozenset()) -> set[str]:
    """The content stems of what a card teaches: its answer, a quote card's quotation (what a quote
    card teaches is who said those words), a position's topic and position; the deck's vocabulary,
    small words (_NOT_TAUGHT), the articles' names and "according to ..." aside."""
    if card.kind == "quote":
        text = card.get("quotation")
    elif card.kind == "position":
        text = f"{card.get('topic')} {card.get('position')}"
    else:
        text = answer_text(card)
    text = re.sub(r"\b(?:according to|per) [^,;)]*", " ", text)
    return stems(
        w
        for w in content(words(text))
        if (w not in RELATIVE_WORDS or w in ORDINALS)
        and w not in vocabulary
        and w not in _NOT_TAUGHT
        and w not in articles
    )


def _same_person(a: Card, b: Card) -> bool:
    """A quote card and a position card whose speaker and holder share a name word."""
    if {a.kind, b.kind} != {"quote", "position"}:
        return False
    quote, position = (a, b) if a.kind == "quote" else (b, a)
    name = set(words(_speaker_name(quote))) - FUNCTION_WORDS
    return bool(name & set(words(re.sub(r"\([^)]*\)", " ", position.get("holder")))))


def _twins(
    deck: Deck, cards: Sequence[Card], answers: Sequence[list[_Answer]]
) -> tuple[list[_Found], set[frozenset[str]]]:
    """`twin`: two cards citing the same sentence of an article that teach the same thing: at
    least TWIN_OVERLAP of the smaller card's taught words (_taught) are the other card's, or one
    card's front shows the other's answer; for a quote card and a position card of the same person
    (speaker = holder), two shared words or TWIN_OVERLAP_SAME suffice. A quote card and a position card on one sentence with
    the same content are the common case: one of them should go, or the position should say
    something the quotation does not. Reported once per pair, at the later card."""
    sentences = _cited_sentences(cards, deck)
    by_sentence: dict[tuple[str, int], list[int]] = {}
    for i, found in enumerate(sentences):
        for key in found:
            by_sentence.setdefault(key, []).append(i)
    vocabulary = _vocabulary(cards)
    article_words = frozenset(w for name in _article_names(deck) for w in name.split())
    taught = [_taught(c, vocabulary, article_words) for c in cards]
    front_words = [[ws for _, f in fronts(c) for ws in [words(f)]] for c in cards]
    pairs: set[tuple[int, int]] = set()
    for members in by_sentence.values():
        for x, i in enumerate(members):
            pairs.update((i, j) for j in members[x + 1 :] if i != j)
    out, found_pairs = [], set()
    for i, j in sorted(pairs):
        a, b = cards[i], cards[j]
        small = min(len(taught[i]), len(taught[j]))
        if is_disagreement(a) != is_disagreement(b):
            # a disagreement card restates each article's version on purpose: it is a twin of one
            # version's card only when that version is most of what it teaches
            small = len(taught[i] if is_disagreement(a) else taught[j])
        overlap = len(taught[i] & taught[j])
        # two words in common at least ("January" alone is not January 5 and January 6), or the same one
        same = (overlap >= 2 and overlap / small >= TWIN_OVERLAP) or (small > 0 and taught[i] == taught[j])
        # a position that restates its holder's quotation from the same sentence: fewer words in common suffice
        same = same or (_same_person(a, b) and (overlap >= 2 or (small > 0 and overlap / small >= TWIN_OVERLAP_SAME)))
        shown = any(_shows(ws, ans) for ans in answers[j] if not ans.needs_tie for ws in front_words[i]) or any(
            _shows(ws, ans) for ans in answers[i] if not ans.needs_tie for ws in front_words[j]
        )
        if not (same or shown):
            continue
        found_pairs.add(frozenset((a.id, b.id)))
        line = a.at("id")[0]
        out.append(
            _warning(
                b,
                "id",
                f"teaches the same thing as card '{a.id}' from the same sentence",
                f"{a.file}:{line}; keep the card that teaches it best, or make this one say something the other does not",
                "lint-twin",
                a,
            )
        )
    return out, found_pairs


def _vocabulary(cards: Sequence[Card]) -> frozenset[str]:
    """Words on more than MAX_SPREAD fronts: the deck's shared vocabulary ("China", "summit")."""
    counts: dict[str, int] = {}
    for card in cards:
        for w in {w for _, front in fronts(card) for w in words(front)}:
            counts[w] = counts.get(w, 0) + 1
    return frozenset(w for w, n in counts.items() if n > MAX_SPREAD)


def lint(deck: Deck, options: LintOptions = LintOptions()) -> list[Diagnostic]:
    """Warnings for every card of the deck not silenced by `allow` (the card's, either card's of a
    pair, or the project's in `options.allow`), sorted by file, line and column."""
    cards = list(deck.cards)
    found: list[_Found] = []
    article_names = _article_names(deck)
    article_words = frozenset(w for name in article_names for w in name.split())
    tagged = sum(1 for c in cards if c.tags)
    for card in cards:
        found += _answer_in_question(card, article_words)
        found += _lengths(card, options)
        found += _relative_date(card)
        found += _position_of_article(card, article_names)
        found += _holder_capitalised(card)
        found += _paraphrase_unneeded(card)
        if tagged > NO_TAGS_SHARE * len(cards):
            found += _no_tags(card)
    found += _duplicates(cards)
    vocabulary = _vocabulary(cards)
    answers = [_answers(c, vocabulary, article_words) for c in cards]
    twin_found, twins = _twins(deck, cards, answers)
    found += twin_found
    found += _giveaways(cards, answers, twins)
    found += _answer_in_deck(deck, cards, answers)
    return sorted(_unsilenced(found, cards, options.allow), key=Diagnostic.sort_key)


def _unsilenced(found: Iterable[_Found], cards: Sequence[Card], project_allow: tuple) -> list[Diagnostic]:
    allowed = {card.id: {code for code, _ in card.allow} for card in cards}
    everywhere = {code for code, _ in project_allow}
    return [
        f.diagnostic
        for f in found
        if f.diagnostic.code not in everywhere and not any(f.diagnostic.code in allowed.get(c, ()) for c in f.cards)
    ]
