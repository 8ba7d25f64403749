"""A generated project of any size: seeds of plain prose and cards of every kind citing them.

Deterministic (seeded), so two calls with the same arguments write the same bytes. Used by the
crash-safety test, which needs a build that takes a moment.
"""

from __future__ import annotations

import random
from pathlib import Path

WORDS = [
    "minister",
    "summit",
    "talks",
    "trade",
    "Seoul",
    "Beijing",
    "Tokyo",
    "Nara",
    "delegation",
    "leaders",
    "agreement",
    "security",
    "economy",
    "export",
    "chips",
    "policy",
    "visit",
    "dinner",
    "statement",
    "press",
    "alliance",
]
CARDS_PER_FILE = 100


def sentence(rng: random.Random, i: int) -> str:
    return f"Sentence {i} on January {i % 28 + 1} says the " + " ".join(rng.choice(WORDS) for _ in range(12)) + "."


def card_yaml(kind: str, cid: str, seed: str, quote: str, n: int, edit: str) -> str:
    """A card whose numbers and date are its citation's (sentence n % 60); quotations and roles are
    marked as paraphrases (`paraphrase: true`), so the claims checks pass as on a real deck."""
    i = n % 60
    fields = {
        "qa": {"question": f"What happened in item {n}?", "answer": f"Talks number {i}{edit}"},
        "date": {"question": f"When did meeting {n} happen?", "answer": f"January {i % 28 + 1}{edit}"},
        "person": {"name": f"Person Number {n}", "role": f"Minister of item {i}{edit}", "paraphrase": "true"},
        "quote": {
            "quotation": f"We agree on point {n}{edit}.",
            "speaker": f"Speaker {n}",
            "context": "At the summit",
            "paraphrase": "true",
        },
        "position": {"holder": f"Party {n}", "topic": f"topic {n}", "position": f"Supports plan {i}{edit}."},
    }[kind]
    lines = [f"  - id: {cid}", f"    kind: {kind}"] + [f"    {k}: {v}" for k, v in fields.items()]
    lines += ["    sources:", f"      - seed: {seed}", f"        quote: {quote}", f"    tags: [gen, group-{n % 7}]"]
    return "\n".join(lines) + "\n"


def write_project(
    root: Path, cards: int, seeds: int = 20, edited: frozenset = frozenset(), deck_name: str = "Generated deck"
) -> Path:
    """Write seeds/ and cards/ for `cards` cards; card numbers in `edited` get a changed answer."""
    rng = random.Random(7)
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "cards").mkdir(parents=True, exist_ok=True)
    texts = {}
    meta = ["seeds:"]
    for s in range(seeds):
        alias = f"s{s}"
        texts[alias] = [sentence(rng, i) for i in range(60)]
        (root / "seeds" / f"{alias}.txt").write_text(" ".join(texts[alias]) + "\n", encoding="utf-8")
        meta += [
            f"  {alias}:",
            f"    file: {alias}.txt",
            f"    outlet: Outlet {s}",
            f"    headline: Headline {s}",
            "    authors: A. Writer",
            '    date: "2026-01-20"',
        ]
    (root / "seeds" / "sources.yaml").write_text("\n".join(meta) + "\n", encoding="utf-8")
    (root / "cards" / "deck.yaml").write_text(
        f"deck:\n  name: {deck_name}\n  id: 1700000000777\n  description: Generated.\n  version: 1\n", encoding="utf-8"
    )
    kinds = ("qa", "qa", "date", "person", "quote", "position")
    for start in range(0, cards, CARDS_PER_FILE):
        chunk = ["cards:\n"]
        for n in range(start, min(cards, start + CARDS_PER_FILE)):
            alias = f"s{n % seeds}"
            quote = texts[alias][n % 60][:-1]  # a whole sentence without its full stop
            chunk.append(
                card_yaml(kinds[n % len(kinds)], f"card-{n}", alias, quote, n, " (corrected)" if n in edited else "")
            )
        (root / "cards" / f"gen-{start // CARDS_PER_FILE:04d}.yaml").write_text("".join(chunk), encoding="utf-8")
    return root
