"""`deckbuilder new --from-coverage`: a draft card for every uncovered candidate, appended to a drafts file.

A quotation becomes a `quote` card (speaker from the attribution), a name a `person` card (role
from the appositive or title), a date a `date` card and a number a `qa` card whose context is
the article's sentence with the fact blanked out. Each cites the article's own words (the
quotation, or the sentence), checked with the build's matching, and carries `draft: true`:
`check` warns about it (code draft-card) and a release refuses it until a person has edited it
and removed the line. Candidates already drafted are skipped, so running it again adds only
what is new.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from builder.checks.attribution import role_of, speaker_of
from builder.checks.citations import seed_texts
from builder.checks.coverage import Candidate, coverage, sentence_at
from builder.checks.facts import Fact, find_facts
from builder.core.diagnostics import Diagnostic
from builder.core.model import Deck, Project
from builder.engine.newcard import NEW_FILE_HEAD, _existing, fresh_id
from builder.source.load import load_text
from builder.source.nodes import Map, Seq

DRAFTS_FILE = "drafts.yaml"
CARD_KIND = {"quotation": "quote", "name": "person", "date": "date", "number": "qa"}


@dataclass(frozen=True)
class Drafts:
    path: Path
    ids: tuple[str, ...]
    new_text: str  # the whole file after appending
    skipped: int  # candidates already drafted


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _blanked(text: str, span: tuple[int, int]) -> tuple[str, str]:
    """(the sentence holding span, the same sentence with the span replaced by ____)."""
    s, e = sentence_at(text, *span)
    sentence = " ".join(text[s:e].split())
    blank = " ".join((text[s : span[0]] + "____" + text[span[1] : e]).split())
    return sentence, blank


def _fields(
    c: Candidate, text: str, label: str, names: list[Fact], last: list[tuple[int, str]]
) -> tuple[dict[str, str], str]:
    """The card's text fields and the words it cites. `last` holds (end, speaker) of the quotation
    attributed before, which an unattributed one right after it (a quotation going on) shares."""
    span = c.spans[0]
    if c.kind == "quotation":
        words = " ".join(text[span[0] : span[1]].split()).strip(" ,")
        speaker = speaker_of(text, span, names, guess=False)
        if not speaker and last and span[0] - last[-1][0] < 200:
            speaker = last[-1][1]
        speaker = speaker or speaker_of(text, span, names)
        if speaker:
            last.append((span[1], speaker))
        return {
            "quotation": words,
            "speaker": speaker or "TODO: who said it",
            "context": f"Who said this, according to {label}?",
        }, words
    if c.kind == "name":
        fact = next(f for f in names if f.text == c.text)
        role, span = role_of(text, fact)
        sentence, _ = _blanked(text, span)
        return {"name": c.text, "role": role or "TODO: who this is"}, sentence
    sentence, blank = _blanked(text, span)
    what = "date" if c.kind == "date" else "number"
    return {
        "question": f"What {what} fills the blank, according to {label}?",
        "answer": c.text,
        "context": blank,
    }, sentence


def draft_cards(
    project: Project, deck: Deck, seed: str | None = None, kinds: tuple[str, ...] = (), file: Path | None = None
) -> tuple[Drafts | None, list[Diagnostic]]:
    report = coverage(deck)
    index = seed_texts(deck.seeds)
    taken, _, _ = _existing(project)
    path = file if file is not None else project.cards_dir / DRAFTS_FILE
    if not path.is_absolute():
        path = project.root / path
    old = path.read_text(encoding="utf-8") if path.is_file() else NEW_FILE_HEAD
    indent = (re.search(r"^([ \t]*)- ", old, re.M) or [None, "  "])[1]
    text = old + ("" if old.endswith("\n") else "\n")
    known = {c.get("name") for c in deck.cards if c.kind == "person"}
    ids: list[str] = []
    chosen = [
        c
        for c in report.candidates()
        if (seed is None or c.seed == seed) and (not kinds or c.kind in kinds) and c.status in ("uncovered", "drafted")
    ]
    for s in deck.seeds:
        todo = [c for c in chosen if c.seed == s.alias and c.status == "uncovered"]
        if not todo:
            continue
        seed_text = index[s.alias]
        names = [f for f in find_facts(s, known) if f.kind == "name"]
        label = s.name
        last: list[tuple[int, str]] = []
        for c in todo:
            fields, words = _fields(c, s.text, label, names, last)
            if not seed_text or not seed_text.find_all(words):
                continue  # not citable as it stands (should not happen: the words are the article's)
            card_id = fresh_id(CARD_KIND[c.kind], c.text, taken)
            taken.add(card_id)
            lines = [f"- id: {card_id}", f"  kind: {CARD_KIND[c.kind]}", "  draft: true"]
            lines += [f"  {k}: {_q(v)}" for k, v in fields.items()]
            lines += ["  sources:", f"    - seed: {s.alias}", f"      quote: {_q(words)}", "  tags: [draft]"]
            text += "\n" + "".join(f"{indent}{line}\n" for line in lines)
            ids.append(card_id)
    skipped = sum(c.status == "drafted" for c in chosen)
    if not ids:
        return Drafts(path, (), old, skipped), []
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
    return Drafts(path, tuple(ids), text, skipped), []
