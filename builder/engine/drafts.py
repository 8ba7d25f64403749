"""`deckbuilder new --from-coverage`: a draft card for every uncovered candidate, appended to a drafts file.

A quotation becomes a `quote` card (speaker from the attribution, citing the sentence that holds
it); a quoted phrase of fewer than coverage.MIN_SENTENCE_WORDS words (a title, a slogan, a term:
nobody's statement) a `qa` card asking for the words blanked out of their sentence. A name becomes
one `person` card (role from the appositive or title) however many articles name the person,
citing each; a date a `date` card and a number a `qa` card whose context is the article's
sentence with the fact blanked out. Each citation is checked with the build's matching, and each
card carries `draft: true`: `check` warns about it (code draft-card) and a release refuses it
until a person has edited it and removed the line. Candidates already drafted are skipped, so
running it again adds only what is new. Left out, and listed instead: a relative date that names
no day ("this week" in an article without a date), and a name that already has a person card
(the teacher adds this article's citation to that card).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from builder.checks.attribution import goes_on, role_of, speaker_of
from builder.checks.citations import seed_texts
from builder.checks.coverage import MIN_SENTENCE_WORDS, Candidate, coverage, link_value, same_point, sentence_at
from builder.checks.facts import Fact, Span, find_facts, headline_lines, name_key
from builder.core.diagnostics import Diagnostic
from builder.core.model import Deck, Project, Seed
from builder.engine.newcard import NEW_FILE_HEAD, _existing, fresh_id
from builder.source.load import load_text
from builder.source.nodes import Map, Seq

DRAFTS_FILE = "drafts.yaml"
TODO_SPEAKER = "TODO: who said it"
TODO_ROLE = "TODO: who this is"
# "this week", "in recent months", "late last year": in an article without a date, no day to learn
_UNANCHORED = re.compile(
    r"(?i)(?:in\s|just\s)?(?:(?:early|late|mid-?)\s?)?(?:this|last|next|past|coming|recent|earlier|later)\s"
    r"(?:this\s|last\s|next\s)?(?:week(?:end)?|month|year|decade|days|weeks|months|years)|yesterday|tomorrow"
    # "two months ago", "a week ago": counted back from a day the article does not give
    r"|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a\sfew|\d+)\s"
    r"(?:days?|weeks?|months?|years?|decades?)\sago"
)


@dataclass(frozen=True)
class Drafts:
    path: Path
    ids: tuple[str, ...]
    new_text: str  # the whole file after appending
    skipped: int  # candidates already drafted
    left_out: tuple[str, ...] = ()  # "seeds/x.txt:3: date "this week": why it got no draft"


@dataclass
class _Draft:
    kind: str  # the card's kind
    words: str  # what its id is made from
    fields: dict[str, str]
    sources: list[tuple[str, str]]  # (seed alias, the words cited)
    tags: list[str] = field(default_factory=list)
    rank: int = -1  # person cards: how sure the role is (attribution.role_of)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _sentence_span(text: str, span: Span) -> Span:
    """The sentence holding `span`, with the quotation marks that close it (`... aggression.’`)."""
    s, e = sentence_at(text, *span)
    while e < len(text) and text[e] in "”’\"'":
        e += 1
    return s, e


def _sentence(text: str, span: Span) -> str:
    s, e = _sentence_span(text, span)
    return _one_line(text[s:e])


def _blanked(text: str, spans: list[Span]) -> tuple[str, str]:
    """(the sentence holding spans[0], the same sentence with every span in it replaced by ____)."""
    s, e = _sentence_span(text, spans[0])
    inside = sorted(sp for sp in spans if s <= sp[0] and sp[1] <= e)
    pieces, pos = [], s
    for a, b in inside:
        if a >= pos:
            pieces += [text[pos:a], "____"]
            pos = b
    pieces.append(text[pos:e])
    return _one_line(text[s:e]), _one_line("".join(pieces))


def _trimmed(text: str, span: Span) -> Span:
    """The span without the punctuation at its edges (`Golden,` -> `Golden`)."""
    s, e = span
    while s < e and not text[s].isalnum():
        s += 1
    while e > s and not text[e - 1].isalnum():
        e -= 1
    return s, e


def _person_tag(name: str) -> str:
    return "person::" + re.sub(r"[^\w]+", "-", name.lower()).strip("-")


def _date_answer(c: Candidate) -> str:
    """The date as written, with the day or year it stands for when the article's date places it
    ("last year (2025)")."""
    if re.search(r"\d", c.text) or not re.fullmatch(r"\d{4}(?:-\d\d-\d\d)?", c.value):
        return c.text
    if len(c.value) == 4:
        return f"{c.text} ({c.value})"
    day = dt.date.fromisoformat(c.value)
    return f"{c.text} ({day:%B} {day.day}, {day.year})"


def _unanchored(c: Candidate) -> bool:
    return c.kind == "date" and not re.match(r"\d{4}", c.value) and bool(_UNANCHORED.fullmatch(c.text))


def _draft_of(c: Candidate, seed: Seed, names: list[Fact], last: list[tuple[int, str]]) -> _Draft:
    """The draft for a quotation, date or number. `last` holds (end, speaker) of the quotations
    drafted before in this article, which one going on right after shares."""
    text, label, span = seed.text, seed.name, c.spans[0]
    if c.kind == "quotation":
        words = _one_line(text[span[0] : span[1]]).strip(" ,")
        short = _trimmed(text, span)
        if len(text[short[0] : short[1]].split()) < MIN_SENTENCE_WORDS:  # a term or title, not a statement
            sentence, blank = _blanked(text, [short])
            answer = _one_line(text[short[0] : short[1]])
            fields = {"question": f"What words fill the blank, according to {label}?", "answer": answer}
            return _Draft("qa", answer, {**fields, "context": blank}, [(seed.alias, sentence)])
        speaker = speaker_of(text, span, names, guess=False)
        if not speaker and last and goes_on(text, last[-1][0], span[0]):
            speaker = last[-1][1]  # the quotation goes on (and stays unattributed if it was)
        elif not speaker:
            speaker = speaker_of(text, span, names)
        last.append((span[1], speaker))
        fields = {"quotation": words, "speaker": speaker or TODO_SPEAKER, "context": f"Quoted by {label}"}
        tags = [_person_tag(speaker)] if speaker else []
        return _Draft("quote", words, fields, [(seed.alias, _sentence(text, span))], tags)
    sentence, blank = _blanked(text, list(c.spans))
    what = "date" if c.kind == "date" else "number"
    fields = {
        "question": f"What {what} fills the blank, according to {label}?",
        "answer": _date_answer(c) if c.kind == "date" else c.text,
        "context": blank,
    }
    return _Draft("date" if c.kind == "date" else "qa", c.text, fields, [(seed.alias, sentence)])


def draft_cards(
    project: Project, deck: Deck, seed: str | None = None, kinds: tuple[str, ...] = (), file: Path | None = None
) -> tuple[Drafts | None, list[Diagnostic]]:
    report = coverage(deck)
    index = seed_texts(deck.seeds)
    taken, _, _ = _existing(project)
    # --file is relative to the project (an absolute one stays as it is); the default is already in it
    path = project.root / file if file is not None else project.cards_dir / DRAFTS_FILE
    old = path.read_text(encoding="utf-8") if path.is_file() else NEW_FILE_HEAD
    indent = (re.search(r"^([ \t]*)- ", old, re.M) or [None, "  "])[1]
    text = old + ("" if old.endswith("\n") else "\n")
    known = {c.get("name") for c in deck.cards if c.kind == "person"}
    person_cards = {name_key(c.get("name")): c.id for c in deck.cards if c.kind == "person"}
    chosen = [
        c
        for c in report.candidates()
        if (seed is None or c.seed == seed) and (not kinds or c.kind in kinds) and c.status in ("uncovered", "drafted")
    ]
    drafts: list[_Draft] = []
    people: dict[str, _Draft] = {}
    facts: dict[tuple[str, str], list[tuple[_Draft, str, Span]]] = {}  # (kind, linked value) -> drafts
    left_out: list[str] = []
    for s in deck.seeds:
        todo = [c for c in chosen if c.seed == s.alias and c.status == "uncovered"]
        if not todo:
            continue
        names = [f for f in find_facts(s, known) if f.kind == "name"]
        headlines = headline_lines(s.text)
        last: list[tuple[int, str]] = []
        for c in todo:
            where = f'seeds/{s.file}:{c.line}: {c.kind} "{c.text}"'
            if _unanchored(c):
                left_out.append(f"{where}: a relative date, and the article has no date to place it")
                continue
            if c.kind != "name":
                draft = _draft_of(c, s, names, last)
                # the same fact in an article drafted before (same value, sentences on the same point)
                same = facts.setdefault((c.kind, link_value(c.kind, c.value or c.text.lower())), [])
                first = next((d for d, t, sp in same if same_point(t, sp, s.text, c.spans[0])), None)
                if first is not None and first.kind == draft.kind and s.alias not in {a for a, _ in first.sources}:
                    first.sources.append(draft.sources[0])  # one card citing both
                else:
                    first = draft
                    drafts.append(draft)
                same.append((first, s.text, c.spans[0]))
                continue
            key = name_key(c.text)
            if key in person_cards:
                left_out.append(f"{where}: has a person card ('{person_cards[key]}'): add this article to its sources")
                continue
            fact = next(f for f in names if f.text == c.text)
            role, span, rank = role_of(s.text, fact, headlines)
            source = (s.alias, _sentence(s.text, span))
            if key in people:  # the same person in another article: one card citing both
                person = people[key]
                person.sources.append(source)
                if rank > person.rank:
                    person.fields["role"], person.rank = role, rank
                continue
            person = _Draft("person", c.text, {"name": c.text, "role": role or TODO_ROLE}, [source], [], rank)
            person.tags.append(_person_tag(c.text))
            people[key] = person
            drafts.append(person)
    ids: list[str] = []
    for d in drafts:
        if not all(index[alias] and index[alias].find_all(words) for alias, words in d.sources):
            continue  # not citable as it stands (should not happen: the words are the article's)
        card_id = fresh_id(d.kind, d.words, taken)
        taken.add(card_id)
        lines = [f"- id: {card_id}", f"  kind: {d.kind}", "  draft: true"]
        lines += [f"  {k}: {_q(v)}" for k, v in d.fields.items()]
        lines.append("  sources:")
        for alias, words in d.sources:
            lines += [f"    - seed: {alias}", f"      quote: {_q(words)}"]
        if d.tags:
            lines.append(f"  tags: [{', '.join(d.tags)}]")
        text += "\n" + "".join(f"{indent}{line}\n" for line in lines)
        ids.append(card_id)
    skipped = sum(c.status == "drafted" for c in chosen)
    if not ids:
        return Drafts(path, (), old, skipped, tuple(left_out)), []
    doc, problems = load_text(text, project.rel(path))
    items = doc.root.get("cards") if isinstance(doc.root, Map) else None
    if problems or not isinstance(items, Seq):
        return None, [
            Diagnostic(
                project.rel(path),
                1,
                1,
                "error",
                "cannot append draft cards to this file",
                code="cannot-append",
                hint="the file must be a block list under 'cards:'; choose another with --file",
            )
        ]
    return Drafts(path, tuple(ids), text, skipped, tuple(left_out)), []
