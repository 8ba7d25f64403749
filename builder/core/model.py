"""Plain data passed between pipeline stages: frozen dataclasses, no behaviour beyond lookups."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

# --- the card schema: one definition used by the validator, note types and JSON schema ------

KINDS = ("qa", "date", "person", "quote", "position")

KIND_FIELDS = {
    # kind: (required text keys, optional text keys specific to the kind)
    "qa": (("question", "answer"), ()),
    "date": (("question", "answer"), ()),
    "person": (("name", "role"), ()),
    "quote": (("quotation", "speaker", "context"), ()),
    "position": (("holder", "topic", "position"), ()),
}
COMMON_TEXT_KEYS = ("context", "note")
# keys that are not text: `paraphrase: true` (the card's quotation or role is deliberately not the
# article's words) and `allow: {lint-code: reason}` (a lint warning silenced for this card, and why)
FLAG_KEYS = ("paraphrase", "allow")
QUIZ_KEYS = ("distractors", "quiz")  # multiple-choice exports: pinned wrong options; `quiz: false` leaves a card out
MAX_DISTRACTORS = 3  # a quiz question has four options: the answer and three wrong ones
CARD_KEYS = (
    ("id", "kind", "draft", "sources", "tags")
    + FLAG_KEYS
    + COMMON_TEXT_KEYS
    + QUIZ_KEYS
    + tuple(sorted({k for req, opt in KIND_FIELDS.values() for k in req + opt}))
)
SOURCE_KEYS = ("seed", "quote")
DECK_KEYS = ("name", "id", "description", "version")
SEED_KEYS = ("file", "outlet", "headline", "authors", "date", "label", "description", "notes")
OPTIONAL_SEED_KEYS = ("label", "description", "notes")

# the question and answer text of each kind, for tools that need one pair (lint, exports)
QUESTION_ANSWER = {
    "qa": ("question", "answer"),
    "date": ("question", "answer"),
    "person": ("name", "role"),
    "quote": ("quotation", "speaker"),
    "position": ("topic", "position"),
}

SUBDECK_NAMES = {"qa": "Questions", "date": "Dates", "person": "People", "quote": "Quotes", "position": "Positions"}


# --- validated content ----------------------------------------------------------------------


# what sources.yaml records for a fact the article does not state
NOT_STATED = ("", "unknown")


@dataclass(frozen=True)
class Seed:
    alias: str
    file: str  # file name inside seeds/
    text: str
    outlet: str
    headline: str
    authors: str
    date: str
    notes: str = ""
    label: str = ""  # how cards and citations name the article ("TIME", "a student newspaper article by ...")
    description: str = ""  # one sentence on what the article is, explained once (handout, guide, preview)

    def stated(self, key: str) -> str:
        """The value of `key` (outlet, headline, authors, date) as the article states it, or "" when
        sources.yaml records it as `unknown`: the one rule for "not stated" in every output."""
        value: str = getattr(self, key)
        return "" if value.strip().lower() in NOT_STATED else value

    @property
    def name(self) -> str:
        """How cards, citations, pages and exports name the article (core/prompts.source_parts): its
        label ("TIME", "a student newspaper article by ..."), else its outlet without a parenthesised
        aside, else its headline in quotation marks, else "an article by <its authors>", else its alias."""
        if self.label.strip():
            return self.label.strip()
        if self.stated("outlet"):
            return self.outlet.split(" (")[0].strip()
        if self.stated("headline"):
            return f"“{self.headline.strip()}”"
        if self.stated("authors"):
            names = [a.strip() for a in self.authors.replace(" and ", ";").split(";") if a.strip()]
            return "an article by " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])
        return self.alias


@dataclass(frozen=True)
class Source:
    seed: str
    quote: str
    line: int
    col: int


@dataclass(frozen=True)
class Card:
    id: str
    kind: str
    fields: tuple  # ((key, text), ...) for the kind's text keys and context/note
    sources: tuple  # (Source, ...)
    tags: tuple  # author tags, as written
    file: str
    line: int
    col: int
    keys: tuple = ()  # ((key, line, col), ...): where each top-level key was written, for lint
    paraphrase: bool = False  # `paraphrase: true`: quotation/role are the author's words on purpose
    allow: tuple = ()  # ((lint code, reason), ...) from `allow:`: warnings silenced for this card
    draft: bool = False  # `draft: true`: made by `new --from-coverage`, not yet edited by a person
    distractors: tuple = ()  # (text, ...): wrong options the author pinned for quiz exports
    quiz: bool = True  # False: `quiz: false`, the card is left out of quiz exports

    def get(self, key: str, default: str = "") -> str:
        for k, v in self.fields:
            if k == key:
                return v
        return default

    @property
    def question(self) -> str:
        return self.get(QUESTION_ANSWER[self.kind][0])

    @property
    def answer(self) -> str:
        return self.get(QUESTION_ANSWER[self.kind][1])

    def at(self, key: str) -> tuple[int, int]:
        """Line and column of `key` in the card file (the card's own position if unknown)."""
        for k, line, col in self.keys:
            if k == key:
                return line, col
        return self.line, self.col


@dataclass(frozen=True)
class Exclusion:
    """An entry of cards/exclusions.yaml: a seed passage no card needs to cover, and why."""

    seed: str
    text: str
    reason: str
    file: str
    line: int  # of the entry's `text` (what the author fixes when it is not found)
    col: int
    seed_line: int = 0  # of the entry's `seed`
    seed_col: int = 0


@dataclass(frozen=True)
class LintConfig:
    """cards/lint.yaml: lint warnings silenced for the whole project (each with its reason) and the
    length limits, for `deckbuilder lint` (the command line's options override the limits)."""

    allow: tuple = ()  # ((lint code, reason), ...)
    max_answer_words: int | None = None
    max_question_words: int | None = None
    file: str = "cards/lint.yaml"


@dataclass(frozen=True)
class DeckInfo:
    name: str
    id: int
    description: str
    version: int
    file: str = "cards/deck.yaml"


@dataclass(frozen=True)
class Project:
    """Where a deck project's folders are; every path the tool touches derives from `root`."""

    root: Path

    @property
    def cards_dir(self) -> Path:
        return self.root / "cards"

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds"

    @property
    def decks_dir(self) -> Path:
        return self.root / "decks"

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):  # outside, or a link loop (RuntimeError before 3.13)
            return str(path)

    def rel_link(self, path: Path) -> str:
        """`path` relative to the project without following a link at its end: the link is named,
        not its target (a card file linked from elsewhere is reported under cards/)."""
        try:
            return (path.parent.resolve() / path.name).relative_to(self.root.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            return str(path)


@dataclass(frozen=True)
class Deck:
    info: DeckInfo
    cards: tuple  # (Card, ...) in file order
    seeds: tuple  # (Seed, ...)
    timestamps: tuple = ()  # ((card id, modification time), ...) from the lock
    exclusions: tuple = ()  # (Exclusion, ...) from cards/exclusions.yaml
    lint: LintConfig = LintConfig()  # cards/lint.yaml

    def seed(self, alias: str) -> Seed:
        """The article a citation names. A loaded deck's citations all name one of its seeds (the
        validator refuses others), so an unknown alias here is a bug: KeyError."""
        return self._seeds_by_alias[alias]

    @cached_property
    def _seeds_by_alias(self) -> dict[str, Seed]:
        """alias → Seed, built once (a scan per citation made rendering 100k cards over 1,000 seeds quadratic)."""
        index: dict[str, Seed] = {}
        for s in self.seeds:
            index.setdefault(s.alias, s)  # the first one, as the scan found
        return index
