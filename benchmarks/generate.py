"""Synthetic deck projects for benchmarks: N cards over M seed articles, deterministic for a seed.

    python benchmarks/generate.py DIR --cards 10000 [--seeds 100] [--seed 1]

Each article is ~5 KB of prose made of generated sentences; card files hold ~100 cards each; every
card cites one or two sentences (or clauses of them) that really occur in its articles, so the
project builds with no error. Kinds come in the proportions of a hand-written deck.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

CARDS_PER_FILE = 100
SEED_BYTES = 5000
KIND_WEIGHTS = {"qa": 35, "date": 20, "person": 15, "quote": 20, "position": 10}

_SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ren",
    "sa",
    "to",
    "vel",
    "dan",
    "is",
    "or",
    "un",
    "pe",
    "tri",
    "gu",
    "na",
    "che",
    "bar",
    "fen",
    "li",
    "mo",
    "zu",
    "rat",
    "ek",
    "wan",
)
_NOUNS = (
    "summit",
    "minister",
    "treaty",
    "election",
    "council",
    "economy",
    "border",
    "agreement",
    "delegation",
    "tariff",
    "parliament",
    "ceasefire",
    "budget",
    "alliance",
    "embassy",
    "president",
    "spokesperson",
    "analyst",
    "report",
    "survey",
    "protest",
    "court",
    "reform",
)
_VERBS = (
    "announced",
    "rejected",
    "signed",
    "criticised",
    "welcomed",
    "postponed",
    "proposed",
    "questioned",
    "defended",
    "confirmed",
    "denied",
    "negotiated",
    "praised",
    "warned about",
)
_ADJS = (
    "cautious",
    "historic",
    "contested",
    "regional",
    "bilateral",
    "unexpected",
    "fragile",
    "ambitious",
    "formal",
    "quiet",
    "public",
    "economic",
    "diplomatic",
    "careful",
)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ROLES = (
    "foreign minister",
    "trade envoy",
    "opposition leader",
    "policy analyst at a think tank",
    "central bank governor",
    "defence spokesperson",
    "professor of international relations",
)


def _name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()}"


def _sentence(rng: random.Random, people: list[str]) -> str:
    form = rng.randrange(4)
    who, noun, verb, adj = rng.choice(people), rng.choice(_NOUNS), rng.choice(_VERBS), rng.choice(_ADJS)
    date = f"{rng.choice(_MONTHS)} {rng.randint(1, 28)}"
    n = rng.randint(2, 900)
    if form == 0:
        return f"On {date}, {who} {verb} the {adj} {noun} after {n} days of talks in the capital."
    if form == 1:
        return (
            f"\u201cWe will not accept a {adj} {noun} that ignores {n} families,\u201d said {who}, who {verb} the plan."
        )
    if form == 2:
        return f"{who}, the {rng.choice(_ROLES)}, {verb} the {noun} and said the {adj} process would take {n} weeks."
    return f"According to the {noun} report, {n} people {verb} the {adj} {rng.choice(_NOUNS)} this week."


def _article(rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    """(text, [(sentence, person named in it)]) of about SEED_BYTES bytes, one paragraph per 3 sentences."""
    people = [_name(rng) for _ in range(8)]
    sentences, size = [], 0
    while size < SEED_BYTES:
        s = _sentence(rng, people)
        who = next((p for p in people if p in s), people[0])
        sentences.append((s, who))
        size += len(s.encode()) + 1
    paragraphs = [" ".join(s for s, _ in sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    return "\n\n".join(paragraphs) + "\n", sentences


def _q(text: str) -> str:
    """A YAML scalar: plain when safe, else double-quoted."""
    if any(ch in text for ch in ":#\"'{}[],&*!|>%@`") or text[0] in "-?" or text != text.strip():
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def _date_of(sentence: str) -> str:
    m = re.match(r"On (\w+ \d+),", sentence)
    return m.group(1) if m else ""


def _card(rng: random.Random, idx: int, kind: str, seeds: list, n_seeds: int) -> str:
    a = rng.randrange(n_seeds)
    alias, sentences = seeds[a]
    if kind == "date":  # a date card cites a sentence that states a date, and answers with it
        sentences = [s for s in sentences if s[0].startswith("On ")] or sentences
    sentence, who = rng.choice(sentences)
    words = sentence.split()
    if rng.random() < 0.5 and len(words) > 10:  # a clause rather than the whole sentence
        start = rng.randrange(0, len(words) - 8)
        quote = " ".join(words[start : start + rng.randint(6, 10)])
    else:
        quote = sentence
    cid = f"{kind}-{idx:06d}"
    lines = [f"  - id: {cid}", f"    kind: {kind}"]
    short = " ".join(words[:12])
    if kind == "qa":
        lines += [
            f"    question: {_q('What does the article report about ' + short.rstrip('.,') + '?')}",
            f"    answer: {_q(' '.join(words[-8:]))}",
        ]
    elif kind == "date":
        lines += [
            f"    question: {_q('On what date did ' + who + ' act, according to ' + alias + '?')}",
            f"    answer: {_q(_date_of(sentence) or rng.choice(_MONTHS) + ' ' + str(rng.randint(1, 28)))}",
        ]
    elif kind == "person":
        lines += [f"    name: {_q(who)}", f"    role: {_q(rng.choice(_ROLES))}"]
    elif kind == "quote":
        lines += [
            f"    quotation: {_q(' '.join(words[:10]))}",
            f"    speaker: {_q(who)}",
            f"    context: {_q('Reported by ' + alias)}",
        ]
    else:
        lines += [
            f"    holder: {_q(who)}",
            f"    topic: {_q('the ' + rng.choice(_NOUNS))}",
            f"    position: {_q(' '.join(words[2:14]))}",
        ]
    if kind in ("qa", "date", "position") and not set(re.findall(r"\d+", "".join(lines[2:]))) <= set(
        re.findall(r"\d+", quote)
    ):
        quote = sentence  # the card's numbers and date are its citation's (checks/correctness.py)
    if kind == "person" or (kind == "quote" and " ".join(words[:10]) not in quote):
        lines.append("    paraphrase: true")  # a generated role or quotation: not the article's words
    lines += ["    sources:", f"      - seed: {alias}", f"        quote: {_q(quote)}"]
    if rng.random() < 0.3:  # a second citation from another article
        alias2, sentences2 = seeds[rng.randrange(n_seeds)]
        lines += [f"      - seed: {alias2}", f"        quote: {_q(rng.choice(sentences2)[0])}"]
    lines.append(f"    tags: [{rng.choice(_NOUNS)}, batch-{idx // 1000}]")
    return "\n".join(lines)


def generate(root: Path, n_cards: int, n_seeds: int | None = None, seed: int = 1) -> Path:
    """Write a project (cards/, seeds/) into `root`; returns root."""
    rng = random.Random(seed)
    n_seeds = n_seeds or max(1, n_cards // 100)
    (root / "cards").mkdir(parents=True, exist_ok=True)
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    seeds, meta = [], ["seeds:"]
    for s in range(n_seeds):
        alias, file = f"s{s:04d}", f"article_{s:04d}.txt"
        text, sentences = _article(rng)
        (root / "seeds" / file).write_text(text, encoding="utf-8")
        seeds.append((alias, sentences))
        meta += [
            f"  {alias}:",
            f"    file: {file}",
            f"    outlet: Synthetic Gazette {s % 17}",
            f"    headline: Generated article number {s}",
            "    authors: unknown",
            f"    date: 2026-01-{s % 28 + 1:02d}",
        ]
    (root / "seeds" / "sources.yaml").write_text("\n".join(meta) + "\n", encoding="utf-8")
    (root / "cards" / "deck.yaml").write_text(
        "deck:\n  name: Benchmark deck\n  id: 1768176000999\n"
        f"  description: {n_cards} synthetic cards over {n_seeds} articles\n  version: 1\n",
        encoding="utf-8",
    )
    kinds = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    for f in range(0, n_cards, CARDS_PER_FILE):
        cards = [
            _card(rng, i, rng.choices(kinds, weights)[0], seeds, n_seeds)
            for i in range(f, min(n_cards, f + CARDS_PER_FILE))
        ]
        (root / "cards" / f"cards_{f // CARDS_PER_FILE:05d}.yaml").write_text(
            "cards:\n" + "\n\n".join(cards) + "\n", encoding="utf-8"
        )
    return root


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--cards", type=int, default=1000)
    ap.add_argument("--seeds", type=int, default=None, help="articles (default: cards / 100)")
    ap.add_argument("--seed", type=int, default=1, help="random seed")
    args = ap.parse_args()
    generate(args.dir, args.cards, args.seeds, args.seed)


if __name__ == "__main__":
    main()
