"""Multiple-choice questions made from the deck itself: honest wrong options of the same kind.

A quiz tool shows four options; three of them must be wrong, and wrong for sure. They are other
answers of the same kind in the deck (other speakers for a quote, other dates, other roles, other
positions of the same holder or other holders' positions on a topic the card shares), never:
- equal to, or a variant of, the answer or of another option ("Lee Jae Myung" and "Lee Jae Myung
  (South Korean President)"; "Tuesday" and "Tuesday, January 13"; "More than 200" and "200");
- the answer of a card about the same fact: one whose citation overlaps this card's, or that
  cites a passage of the same disagreement card (TIME's "400 members" is no wrong answer to the
  Washington Post's "how many business leaders?"), or that asks the same question;
- named in the card's own question, context or citations (it could be true), or said in similar
  words to a quotation (two people who said the same thing are both right).
A disagreement card (a qa card tagged `discrepancy`, whose answer lists each article's version as
"Outlet: version; Outlet: version") has no single answer, so it is asked as "which article says
<one version>?", the options being articles known to say something else or nothing.

Authors may pin wrong options (`distractors: [...]`, used first) and leave a card out
(`quiz: false`); a card that cannot get three honest options is left out with the reason. Every
choice is deterministic (ranked, ties broken by a hash of the card id), and the correct position
is spread evenly: each run of four questions puts it once in each position.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from builder.anki.render import citation_groups, opens_with_quote_mark
from builder.checks import wordlists
from builder.checks.citations import seed_text
from builder.checks.lint import FUNCTION_WORDS, words
from builder.core.model import MAX_DISTRACTORS, Card, Deck, Seed
from builder.core.prompts import answer_text, holder_text, ordered_cards, question_text, source_parts

OPTIONS = MAX_DISTRACTORS + 1  # every question has four options
DISCREPANCY_TAG = "discrepancy"
NOT_TOPIC_TAGS = ("person::", DISCREPANCY_TAG, "core")  # tags that say who or which set, not what about

_NUMBER_WORDS = wordlists.NUMBER_WORDS_EXACT
_QUANTIFIERS = frozenset(
    ["more", "than", "less", "over", "under", "about", "around", "nearly", "almost", "some", "at", "least", "most"]
)
_WEEKDAYS = frozenset(wordlists.WEEKDAYS)
_MONTHS = frozenset(wordlists.MONTHS)
_PAREN = re.compile(r"\s*\([^()]*\)")


@dataclass(frozen=True)
class Question:
    card: Card
    stem: str  # the question, plain text
    context: str  # shown after the stem where there is room ("" when none)
    options: tuple[str, ...]  # OPTIONS texts in display order
    correct: int  # index of the right option
    feedback: str  # plain text: the citations (and, for a disagreement, every version)
    style: str  # "card": asked as written; "which-article": a disagreement card

    @property
    def answer(self) -> str:
        return self.options[self.correct]

    @property
    def distractors(self) -> tuple[str, ...]:
        return tuple(o for i, o in enumerate(self.options) if i != self.correct)


@dataclass(frozen=True)
class LeftOut:
    card: Card
    reason: str


@dataclass(frozen=True)
class QuizSet:
    questions: tuple[Question, ...]
    left_out: tuple[LeftOut, ...]


# --- comparing answers ------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _plain(text: str) -> str:
    """Without parenthesised remarks: "Lee Jae Myung (South Korean President)" → "Lee Jae Myung"."""
    stripped = _PAREN.sub("", text).strip()
    return stripped or text


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[str, ...]:
    """Content words, hyphens as spaces, numbers as digits ("Four days" → ["4", "days"])."""
    out = []
    for w in words(text.replace("-", " ")):
        w = str(_NUMBER_WORDS.get(w, w))
        if re.fullmatch(r"\d+(st|nd|rd|th)", w):
            w = re.sub(r"\D", "", w)
        if w not in FUNCTION_WORDS:
            out.append(w)
    return tuple(out)


def _numbers(tokens: Iterable[str]) -> set[str]:
    return {t for t in tokens if t.isdigit()}


@lru_cache(maxsize=65536)
def variant(a: str, b: str) -> bool:
    """Whether a student could take `a` and `b` for the same answer: equal words, one's words all
    in the other ("China" / "China, Russia and North Korea"), the same number ("Two days" / "Two
    (China and Japan)"), or nearly the same spelling. With and without parenthesised remarks."""
    for x, y in ((a, b), (_plain(a), _plain(b))):
        ta, tb = _tokens(x), _tokens(y)
        if not ta or not tb:
            if words(x) == words(y):
                return True
            continue
        sa, sb = set(ta), set(tb)
        if sa <= sb or sb <= sa:
            return True
        if _numbers(sa) & _numbers(sb):
            return True
        if fuzz.ratio(" ".join(ta), " ".join(tb)) >= 85:
            return True
    return False


@lru_cache(maxsize=65536)
def _contains_words(haystack: str, needle: str) -> bool:
    """Whether `needle`'s words (without remarks in parentheses) occur in order in `haystack`."""
    need, hay = words(_plain(needle).replace("-", " ")), words(haystack.replace("-", " "))
    if not [w for w in need if w not in FUNCTION_WORDS]:
        return False
    n = len(need)
    return any(hay[i : i + n] == need for i in range(len(hay) - n + 1))


def _stable(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


# --- the shape of an answer, for plausible options ----------------------------------------------


def _shape(card: Card, text: str, proper: frozenset) -> tuple:
    """A coarse class of an answer, so that options look alike: a count with its unit, a kind of
    date, a name or a phrase. Only used to rank honest options, never to admit one."""
    tokens = _tokens(_plain(text))
    if card.kind == "date":
        ws = set(tokens)
        if _numbers(ws) and ws & _MONTHS:
            return ("monthday",)
        if ws & _MONTHS:
            return ("month",)
        if ws & _WEEKDAYS:
            return ("weekday",)
        if any(len(t) == 4 and t.isdigit() for t in ws):
            return ("year",)
        return ("relative",)
    if card.kind != "qa":
        return (card.kind,)
    if _numbers(tokens):
        unit = tuple(t for t in tokens if not t.isdigit() and t not in _QUANTIFIERS)
        return ("count", unit)
    raw = [w for w in re.findall(r"[\w'’-]+", _plain(text)) if w.lower() not in FUNCTION_WORDS]
    if raw and len(raw) <= 5 and all(w[0].isupper() for w in raw) and (len(raw) > 1 or raw[0].lower() in proper):
        return ("name",)
    return ("phrase",)


def _proper_words(deck: Deck) -> frozenset:
    """Words the articles only ever write capitalised (Nara, China, BTS), lower-cased: a one-word
    answer that is one of them is a name; "Drums" and "Seafood", written lower-case, are not."""
    seen_lower: set[str] = set()
    seen_upper: set[str] = set()
    for seed in deck.seeds:
        for w in re.findall(r"[^\W\d_][\w'’-]*", seed.text):
            (seen_upper if w[0].isupper() else seen_lower).add(w.lower())
    return frozenset(seen_upper - seen_lower)


# --- articles: names and disagreement cards -------------------------------------------------------


def _known(value: str) -> bool:
    return value.strip().lower() not in ("", "unknown")


def article_option(seed: Seed, deck: Deck) -> str:
    """How an option names an article: its label, else its outlet (without "(via ...)"), else
    "The <alias> article"; the alias is added where two articles would read the same."""

    def base(s: Seed) -> str:
        if s.label:
            return s.label[0].upper() + s.label[1:]
        if _known(s.outlet):
            return s.outlet.split(" (")[0].strip()
        return f"The {s.alias} article"

    name = base(seed)
    if sum(base(s) == name for s in deck.seeds) > 1:
        name += f" ({seed.alias})"
    return name


def _names(seed: Seed) -> set[str]:
    """What a card's text may call an article: its alias, label and outlet, without "The"/"News"."""
    names = {seed.alias}
    for value in (seed.label, seed.outlet.split(" (")[0] if _known(seed.outlet) else ""):
        value = re.sub(r"^the\s+", "", value.strip(), flags=re.I)
        if value:
            names.add(value)
            names.add(re.sub(r"\s+(news|article)$", "", value, flags=re.I))
    return {n for n in names if n}


def _seed_patterns(deck: Deck) -> list[tuple[Seed, re.Pattern]]:
    out = []
    for seed in deck.seeds:
        alts = sorted((re.escape(n) for n in _names(seed)), key=len, reverse=True)
        out.append((seed, re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?:['’]s)?(?![\w-])", re.I)))
    return out


_FILLER = re.compile(r"(?i)\b(and|the|article|articles|also|both|in|a|an)\b|[,&()\s.]+")
_OTHERS = re.compile(r"(?i)^\s*(the\s+)?(all\s+)?others?(\s+articles?)?(\s+four)?\s*$")


@dataclass(frozen=True)
class Version:
    seeds: frozenset  # aliases credited with this version (label and remarks)
    text: str  # the version, remarks naming articles removed
    others: bool = False  # "the others: ...": every cited article not named elsewhere


def versions(card: Card, deck: Deck) -> list[Version] | None:
    """A disagreement answer "Outlet: version; Outlet, Outlet (and Outlet): version (X also says
    Y)" as its versions; None when a part is not "<articles>: <version>" with every label an
    article of the deck (e.g. "Ryu: ..." names a person)."""
    patterns = _seed_patterns(deck)

    def named(text: str) -> set[str]:
        return {seed.alias for seed, pattern in patterns if pattern.search(text)}

    out = []
    for part in card.answer.split(";"):
        if ":" not in part:
            return None
        label, text = (p.strip() for p in part.split(":", 1))
        if not text:
            return None
        if _OTHERS.match(label):
            out.append(Version(frozenset(), text, others=True))
            continue
        rest = label
        for _, pattern in patterns:
            rest = pattern.sub(" ", rest)
        if _FILLER.sub("", rest) or not named(label):
            return None
        credited = named(label)
        kept = text
        for remark in re.findall(r"\([^()]*\)", text):
            if named(remark):
                credited |= named(remark)
                kept = kept.replace(remark, "")
        out.append(Version(frozenset(credited), " ".join(kept.split()).strip(" ,;"), others=False))
    return out if len(out) >= 2 else None


def is_disagreement(card: Card, deck: Deck) -> bool:
    """A qa card tagged `discrepancy`, or whose answer is per-article versions."""
    if card.kind != "qa":
        return False
    return any(t.lower() == DISCREPANCY_TAG for t in card.tags) or versions(card, deck) is not None


# --- feedback ---------------------------------------------------------------------------------------


def citation_text(card: Card, deck: Deck) -> str:
    """The card's citations as on its back (render.citation_groups, prompts.source_parts): per
    article, its quoted words as it printed them, then its name and what is known of it; one line each."""
    lines = []
    for seed, quotes in citation_groups(card.sources, deck):
        words = " · ".join(q if opens_with_quote_mark(q) else f"“{q}”" for q in quotes)
        lines.append(f"{words} — {' · '.join(source_parts(seed))}")
    return "\n".join(lines)


# --- the deck's answers, indexed once -------------------------------------------------------------


class _Index:
    """What every card of the pool needs for comparisons, computed once per export."""

    def __init__(self, pool: Deck):
        self.pool = pool
        self.proper = _proper_words(pool)
        self.disagreements = [c for c in pool.cards if is_disagreement(c, pool)]
        self.disagreement_ids = {c.id for c in self.disagreements}
        self._shown: dict[str, str] = {}
        self.linked: dict[str, set[str]] = {}  # card id → ids of cards citing the same disagreement
        for d in self.disagreements:
            members = {c.id for c in pool.cards if c.id != d.id and self.overlap(c, d)}
            for m in members:
                self.linked.setdefault(m, set()).update(members - {m})

    @cached_property
    def spans(self) -> dict[str, list[tuple[str, int, int]]]:
        out: dict[str, list[tuple[str, int, int]]] = {}
        for card in self.pool.cards:
            found = []
            for src in card.sources:
                seed = self.pool.seed(src.seed)
                if seed is not None:
                    found += [(src.seed, a, b) for a, b in seed_text(seed).find_all(src.quote)[:1]]
            out[card.id] = found
        return out

    def overlap(self, a: Card, b: Card) -> bool:
        """Whether a citation of `a` and one of `b` share words of the same article."""
        return any(
            sa == sb and x1 < y2 and x2 < y1 for sa, x1, y1 in self.spans[a.id] for sb, x2, y2 in self.spans[b.id]
        )

    def same_fact(self, a: Card, b: Card) -> bool:
        """Whether `b`'s answer could also answer `a`: overlapping citations, the same disagreement,
        or the same question (same name, holder and topic, or a similar quotation)."""
        if a.id == b.id or self.overlap(a, b) or b.id in self.linked.get(a.id, ()):
            return True
        if a.kind == "person":
            return variant(a.get("name"), b.get("name"))
        if a.kind == "quote":
            return (
                fuzz.token_set_ratio(" ".join(_tokens(a.get("quotation"))), " ".join(_tokens(b.get("quotation")))) >= 80
            )
        if a.kind == "position":
            return _holder(a) == _holder(b) and _similar_topics(a, b)
        return fuzz.token_sort_ratio(_question_core(a), _question_core(b)) >= 90


def _holder(card: Card) -> str:
    return " ".join(words(_plain(holder_text(card.get("holder")))))


def _similar_topics(a: Card, b: Card) -> bool:
    return (
        fuzz.token_set_ratio(" ".join(_tokens(_plain(a.get("topic")))), " ".join(_tokens(_plain(b.get("topic"))))) >= 80
    )


_ACCORDING = re.compile(r"(?i),?\s*according to [^,?]+,?")


def _question_core(card: Card) -> str:
    return " ".join(_tokens(_ACCORDING.sub(" ", _plain(card.question))))


def _topic_tags(card: Card) -> set[str]:
    return {t.lower() for t in card.tags if not t.lower().startswith(NOT_TOPIC_TAGS)}


# --- choosing options -------------------------------------------------------------------------------


def _mentioned(card: Card, text: str, index: _Index) -> bool:
    """`text` appears in what the card shows or cites: then it may well be true, not wrong."""
    shown = index._shown.get(card.id)
    if shown is None:
        shown = index._shown[card.id] = " ".join(
            [question_text(card), card.get("context")] + [s.quote for s in card.sources]
        )
    return _contains_words(shown, text)


_WH = (
    ("amount", re.compile(r"\bhow (many|large|long|much|big)\b")),
    ("time", re.compile(r"\b(when|what (date|day|year|month|time)|which (day|days|year|month))\b")),
    ("place", re.compile(r"\b(where|in which (place|country|city)|from which city|which (country|city|site|place))\b")),
    ("agent", re.compile(r"\b(who|whom|whose|which (outlet|broadcaster|body|newspaper|band))\b")),
    ("manner", re.compile(r"\bhow (did|does|do|is|was|has)\b")),
)


@lru_cache(maxsize=65536)
def _asks(question: str) -> str:
    """What a qa question asks for (an amount, a time, a place, an agent, a manner, a thing), so
    that the options answer the same sort of question."""
    q = _ACCORDING.sub(" ", question.lower())
    for name, pattern in _WH:
        if pattern.search(q):
            return name
    m = re.search(r"\bwhich ([a-z-]+)", q)
    return m.group(1) if m else "what"


def _candidates(card: Card, index: _Index) -> list[tuple[tuple, str]]:
    """Honest wrong options for `card` from its kind's answers, best first, each once."""
    pool = index.pool
    answer = answer_text(card)
    mine = _shape(card, answer, index.proper)
    ranked = []
    for other in pool.cards:
        if other.kind != card.kind or other.id == card.id or other.id in index.disagreement_ids:
            continue
        text = answer_text(other)
        if not text or variant(text, answer) or index.same_fact(card, other) or _mentioned(card, text, index):
            continue
        tier = 0
        if card.kind == "position":
            if _holder(other) == _holder(card):
                tier = 0  # the same holder's position on another topic
            elif _topic_tags(card) & _topic_tags(other) and not (
                _holder(card) in _holder(other) or _holder(other) in _holder(card) or _similar_topics(card, other)
            ):
                tier = 1  # another holder on a topic this card shares
            else:
                continue
            if fuzz.token_set_ratio(" ".join(_tokens(text)), " ".join(_tokens(answer))) >= 70:
                continue  # a position worded like this one may be held here too
        if card.kind == "person" and _contains_words(text, card.get("name")):
            continue  # a role that names this person ("co-author with ...") is theirs in part
        shape = 0 if _shape(other, text, index.proper) == mine else 1
        asks = 0 if card.kind != "qa" or _asks(other.question) == _asks(card.question) else 1
        gap = abs(len(_tokens(text)) - len(_tokens(answer)))
        ranked.append(((tier, asks, shape, gap, _stable(card.id, text)), text))
    ranked.sort()
    out: list[tuple[tuple, str]] = []
    for key, text in ranked:
        if not any(variant(text, seen) for _, seen in out):
            out.append((key, text))
    return out


def _options_for(card: Card, index: _Index) -> tuple[list[str], str]:
    """(three wrong options, "") or ([], the reason there are not three)."""
    chosen = list(card.distractors)
    for _, text in _candidates(card, index):
        if len(chosen) == MAX_DISTRACTORS:
            break
        if not any(variant(text, c) for c in chosen):
            chosen.append(text)
    if len(chosen) == MAX_DISTRACTORS:
        return chosen, ""
    same_kind = sum(1 for c in index.pool.cards if c.kind == card.kind and c.id not in index.disagreement_ids)
    if same_kind < OPTIONS:
        return [], (
            f"the {card.kind} kind is left out: only {same_kind} {card.kind} card{'s' if same_kind != 1 else ''} "
            f"in the deck, and a question needs "
            f"{MAX_DISTRACTORS} wrong options from other cards of its kind (pin them with distractors: [...])"
        )
    pinned = f" (with {len(card.distractors)} pinned)" if card.distractors else ""
    return [], (
        f"only {len(chosen)} honest wrong option{'s' if len(chosen) != 1 else ''}{pinned} among the deck's "
        f"{card.kind} answers; the others are variants of its answer, answers to the same fact or named in "
        f"the card (pin {MAX_DISTRACTORS - len(chosen)} with distractors: [...])"
    )


def _which_article(card: Card, index: _Index) -> tuple[tuple[str, str, str, list[str]] | None, str]:
    """A disagreement card as (stem, its question as context, right article, [wrong articles]), or
    (None, reason): the version comes first, so a platform with a short limit keeps it."""
    pool = index.pool
    found = versions(card, pool)
    if found is None:
        return None, (
            "a disagreement card whose answer is not 'Outlet: version; Outlet: version' with every label an "
            "article of seeds/sources.yaml, so 'which article says ...?' cannot be asked (pin distractors: "
            "[...] to ask its own question)"
        )
    cited = list(dict.fromkeys(s.seed for s in card.sources))
    named_anywhere = set().union(*(v.seeds for v in found))
    order = [s.alias for s in pool.seeds]
    stem_base = re.sub(r"\s*\([^()]*\)\s*$", "", card.question).strip()
    in_stem = {seed.alias for seed, pattern in _seed_patterns(pool) if pattern.search(stem_base)}
    reasons = []
    for i, v in enumerate(found):
        credited = set(v.seeds) if not v.others else set(cited) - named_anywhere
        if len(credited) != 1:
            reasons.append("several articles")
            continue
        (right,) = credited
        if right not in cited:
            reasons.append("not cited")
            continue
        said_otherwise = set().union(*(w.seeds for j, w in enumerate(found) if j != i and not w.others))
        if any(w.others for j, w in enumerate(found) if j != i):
            said_otherwise |= set(cited) - named_anywhere
        silent = {a for a in order if a not in cited and a not in named_anywhere}
        wrong = [a for a in order if a in said_otherwise - credited] + [a for a in order if a in silent]
        wrong = sorted(wrong, key=lambda a: (a not in in_stem, a not in said_otherwise, order.index(a)))
        if len(wrong) < MAX_DISTRACTORS:
            reasons.append("too few other articles")
            continue
        wrong = wrong[:MAX_DISTRACTORS]
        if right in in_stem and not in_stem & set(wrong):
            reasons.append("question names the answer")
            continue
        return (f"Which article says “{v.text}”?", stem_base, right, wrong), ""
    why = {
        "several articles": "every version is credited to more than one article",
        "not cited": "its versions are credited to articles it does not cite",
        "too few other articles": f"fewer than {MAX_DISTRACTORS} other articles are known to say something else",
        "question names the answer": "its question names the one article that could be the answer",
    }
    return None, "a disagreement card, and no version can be asked as 'which article says ...?': " + "; ".join(
        dict.fromkeys(why[r] for r in reasons)
    )


def _positions(cards: list[Card]) -> list[int]:
    """The correct option's index for each question: every run of four holds each position once,
    in an order fixed by the run's card ids (so counts differ by at most one overall)."""
    out = []
    for start in range(0, len(cards), OPTIONS):
        block = cards[start : start + OPTIONS]
        key = _stable(*(c.id for c in block))
        perm = sorted(range(OPTIONS), key=lambda p: _stable(key, str(p)))
        out += perm[: len(block)]
    return out


def build_quiz(deck: Deck, pool: Deck | None = None) -> QuizSet:
    """The multiple-choice questions for `deck`'s cards (in sheet order), their wrong options drawn
    from `pool` (the full deck when `deck` is a subset, so a subset quiz asks the same questions)."""
    pool = pool or deck
    index = _Index(pool)
    drafts: list[tuple[Card, str, str, str, list[str], str, str]] = []
    left: list[LeftOut] = []
    for card in ordered_cards(deck):
        if not card.quiz:
            left.append(LeftOut(card, "quiz: false"))
            continue
        feedback = citation_text(card, pool)
        if card.id in index.disagreement_ids and not card.distractors:
            asked, reason = _which_article(card, index)
            if asked is None:
                left.append(LeftOut(card, reason))
                continue
            stem, context, right, wrong = asked
            names = [article_option(pool.seed(a), pool) for a in [right, *wrong]]
            feedback = f"{card.question}\n{card.answer}\n{feedback}"
            drafts.append((card, stem, context, names[0], names[1:], feedback, "which-article"))
            continue
        wrong, reason = _options_for(card, index)
        if not wrong:
            left.append(LeftOut(card, reason))
            continue
        drafts.append((card, question_text(card), card.get("context"), answer_text(card), wrong, feedback, "card"))
    questions = []
    for (card, stem, context, right, wrong, feedback, style), at in zip(
        drafts, _positions([d[0] for d in drafts]), strict=True
    ):
        rest = sorted(wrong, key=lambda w: _stable(card.id, "order", w))
        options = rest[:at] + [right] + rest[at:]
        questions.append(Question(card, stem, context, tuple(options), at, feedback, style))
    return QuizSet(tuple(questions), tuple(left))
