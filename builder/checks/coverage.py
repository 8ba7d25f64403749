"""Coverage: which candidate facts of each article (quotations, dates, names, numbers) some card cites.

Candidates come from facts.find_facts: one per fact, with every place the article mentions it. A
candidate is *covered* when a card's citation of that seed overlaps one of its mentions
(quotations: contains one of its full sentences, see `_quotation_covered`), *drafted* when only
draft cards (`draft: true`) cover it, *excluded* when every mention lies inside a passage of
cards/exclusions.yaml, and *uncovered* otherwise. Spans are offsets in the seed's original text;
citations and exclusions are located with citations.SeedText.find_all, so they match exactly as
the build checks them.

Across articles, candidates of the same kind and value are the same fact (`links`); numbers and
dates that differ between articles in sentences about the same thing are reported as possible
disagreements, for the teacher to check and perhaps make a discrepancy card of.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from builder.checks.citations import SeedText, seed_texts
from builder.checks.facts import Fact, Span, find_dates, find_facts, find_names, find_numbers, find_quotations
from builder.core.diagnostics import Diagnostic
from builder.core.model import Card, Deck

__all__ = [
    "KINDS",
    "Candidate",
    "CoverageReport",
    "coverage",
    "find_dates",
    "find_names",
    "find_numbers",
    "find_quotations",
    "quotation_sentences",
    "same_point",
]

KINDS = ("quotation", "date", "name", "number")
STATUSES = ("covered", "drafted", "excluded", "uncovered")


@dataclass(frozen=True)
class Candidate:
    seed: str  # alias
    kind: str  # quotation | date | name | number
    text: str  # as written in the seed (names: the fullest form)
    line: int  # 1-based line of its first mention in the seed file
    status: str  # covered | drafted | excluded | uncovered
    spans: tuple[Span, ...]  # every mention ((start, end), ...) in the seed's text
    lines: tuple[int, ...] = ()  # the line of each mention
    cards: tuple[str, ...] = ()  # ids of the cards whose citations cover it (drafts included)
    value: str = ""  # facts.Fact.value: what makes two mentions, or two articles, the same fact
    note: str = ""
    forms: tuple[str, ...] = ()


@dataclass(frozen=True)
class KindCount:
    covered: int
    excluded: int
    total: int

    @property
    def handled(self) -> int:
        return self.covered + self.excluded

    @property
    def percent(self) -> float:
        return 100.0 if self.total == 0 else 100.0 * self.handled / self.total


@dataclass(frozen=True)
class SeedCoverage:
    alias: str
    file: str
    counts: tuple[tuple[str, KindCount], ...]  # in KINDS order
    candidates: tuple[Candidate, ...]  # in text order
    text: str = field(default="", repr=False)


@dataclass(frozen=True)
class Disagreement:
    kind: str
    first: Candidate
    second: Candidate
    shared: tuple[str, ...]  # the words their sentences share


@dataclass(frozen=True)
class CoverageReport:
    seeds: tuple[SeedCoverage, ...]
    kinds: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]  # warnings: exclusions that contain no candidate
    disagreements: tuple[Disagreement, ...] = ()

    def totals(self) -> dict[str, KindCount]:
        out = {}
        for kind in self.kinds:
            counts = [dict(s.counts)[kind] for s in self.seeds]
            out[kind] = KindCount(
                sum(c.covered for c in counts), sum(c.excluded for c in counts), sum(c.total for c in counts)
            )
        return out

    def below(self, percent: float) -> list[str]:
        """The kinds whose total is under `percent`."""
        return [k for k, c in self.totals().items() if c.percent + 1e-9 < percent]

    def candidates(self, status: str | None = None) -> list[Candidate]:
        return [c for s in self.seeds for c in s.candidates if status is None or c.status == status]

    def uncovered(self) -> list[Candidate]:
        return self.candidates("uncovered")

    def links(self) -> dict[tuple[str, str], list[Candidate]]:
        """(kind, value) -> the candidates of that fact in two or more articles."""
        groups: dict[tuple[str, str], list[Candidate]] = {}
        for c in self.candidates():
            if c.value:
                groups.setdefault((c.kind, link_value(c.kind, c.value)), []).append(c)
        return {k: v for k, v in groups.items() if len({c.seed for c in v}) > 1}

    def occurrences(self) -> int:
        return sum(len(c.spans) for c in self.candidates())

    def to_dict(self) -> dict[str, Any]:
        def count(c: KindCount) -> dict[str, Any]:
            return {
                "covered": c.covered,
                "excluded": c.excluded,
                "handled": c.handled,
                "total": c.total,
                "percent": round(c.percent, 1),
            }

        files = {s.alias: f"seeds/{s.file}" for s in self.seeds}
        linked = {id(c): key for key, group in self.links().items() for c in group}
        links = self.links()

        def item(c: Candidate) -> dict[str, Any]:
            key = linked.get(id(c))
            return {
                "seed": c.seed,
                "file": files[c.seed],
                "line": c.line,
                "kind": c.kind,
                "text": c.text,
                "status": c.status,
                "cards": list(c.cards),
                "locations": [{"line": ln, "start": s, "end": e} for ln, (s, e) in zip(c.lines, c.spans, strict=True)],
                "forms": list(c.forms),
                "value": c.value,
                "note": c.note,
                "same_fact_in": sorted({o.seed for o in links[key] if o.seed != c.seed}) if key else [],
            }

        def short(c: Candidate) -> dict[str, Any]:
            return {"seed": c.seed, "file": files[c.seed], "line": c.line, "kind": c.kind, "text": c.text}

        return {
            "kinds": list(self.kinds),
            "seeds": [
                {
                    "seed": s.alias,
                    "file": f"seeds/{s.file}",
                    "kinds": {k: count(c) for k, c in s.counts},
                    "candidates": len(s.candidates),
                    "occurrences": sum(len(c.spans) for c in s.candidates),
                }
                for s in self.seeds
            ],
            "totals": {k: count(c) for k, c in self.totals().items()},
            "candidates": [item(c) for c in self.candidates()],
            "uncovered": [short(c) for c in self.candidates("uncovered")],
            "excluded": [short(c) for c in self.candidates("excluded")],
            "disagreements": [
                {"kind": d.kind, "shared_words": list(d.shared), "candidates": [short(d.first), short(d.second)]}
                for d in self.disagreements
            ],
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }


# --- coverage ----------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.?!])[”\"’']?\s+(?=[“\"‘']?[A-Z…])")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\bU\.S|\bMr|\bMrs|\bMs|\bDr|\bSt|\bJan|\bFeb|\bMar|\bApr|\bAug|\bSept?|"
    r"\bOct|\bNov|\bDec|\bNo|\bvs|\b[ap]\.m)\.$"
)
MIN_SENTENCE_WORDS = 4


def quotation_sentences(text: str, start: int, end: int) -> list[Span]:
    """The sentences of the quotation text[start:end], as spans trimmed of edge punctuation."""
    pieces, last = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        if _ABBREVIATION.search(text[last : m.start()]):
            continue
        pieces.append((last, m.start()))
        last = m.end()
    pieces.append((last, end))
    out = []
    for s, e in pieces:
        while s < e and not text[s].isalnum():
            s += 1
        while e > s and not text[e - 1].isalnum():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def sentence_at(text: str, start: int, end: int) -> Span:
    """The sentence (within its paragraph) holding text[start:end]."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    s = para_start
    for m in _SENTENCE_END.finditer(text, para_start, para_end):
        if _ABBREVIATION.search(text[s : m.start()]):
            continue
        if m.end() <= start:
            s = m.end()
        elif m.start() >= end:
            return s, m.start()
    return s, para_end


def _quotation_covered(text: str, span: Span, cites: list[Span]) -> bool:
    """Covered when one citation contains a whole sentence of the quotation: one of at least
    MIN_SENTENCE_WORDS words, or any sentence when none is that long (so a one-sentence quotation
    must be cited whole, edge punctuation aside)."""
    sentences = quotation_sentences(text, *span)
    long = [s for s in sentences if len(text[s[0] : s[1]].split()) >= MIN_SENTENCE_WORDS]
    return any(cs <= s and e <= ce for s, e in (long or sentences) for cs, ce in cites)


def _overlaps(spans: Iterable[Span], others: Iterable[Span]) -> bool:
    others = list(others)
    return any(s < oe and os_ < e for s, e in spans for os_, oe in others)


def _inside(spans: Iterable[Span], others: Iterable[Span]) -> bool:
    others = list(others)
    return any(os_ <= s and e <= oe for s, e in spans for os_, oe in others)


def _covering(text: str, kind: str, spans: tuple[Span, ...], cites: dict[str, list[Span]]) -> list[str]:
    if kind == "quotation":
        return [cid for cid, cs in cites.items() if any(_quotation_covered(text, sp, cs) for sp in spans)]
    return [cid for cid, cs in cites.items() if _overlaps(spans, cs)]


def seed_candidates(seed: SeedText, cards: list[Card], excluded: list[Span], known_names: set[str]) -> list[Candidate]:
    text = seed.seed.text
    cites: dict[str, list[Span]] = {}
    for card in cards:
        for src in card.sources:
            if src.seed == seed.seed.alias:
                cites.setdefault(card.id, []).extend(seed.find_all(src.quote))
    drafts = {c.id for c in cards if c.draft}

    def line(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    out = []
    for fact in find_facts(seed.seed, known_names):
        spans = tuple(sorted(set(fact.spans) | set(fact.mentions)))
        covering = _covering(text, fact.kind, spans, cites)
        if any(c not in drafts for c in covering):
            status = "covered"
        elif covering:
            status = "drafted"
        elif all(_inside([sp], excluded) for sp in spans):
            status = "excluded"
        else:
            status = "uncovered"
        out.append(_candidate(seed.seed.alias, fact, spans, status, covering, line))
    return out


def _candidate(
    alias: str, fact: Fact, spans: tuple[Span, ...], status: str, cards: list[str], line: Callable[[int], int]
) -> Candidate:
    text = " ".join(fact.text.split())
    return Candidate(
        alias,
        fact.kind,
        text,
        line(spans[0][0]),
        status,
        spans,
        tuple(line(s) for s, _ in spans),
        tuple(cards),
        fact.value,
        fact.note,
        fact.forms,
    )


# --- disagreements -----------------------------------------------------------------------------

_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "that",
        "this",
        "was",
        "were",
        "is",
        "are",
        "has",
        "have",
        "had",
        "been",
        "be",
        "as",
        "its",
        "his",
        "her",
        "their",
        "they",
        "he",
        "she",
        "it",
        "who",
        "which",
        "when",
        "while",
        "after",
        "before",
        "about",
        "more",
        "than",
        "less",
        "nearly",
        "over",
        "just",
        "said",
        "says",
        "told",
        "also",
        "into",
        "two",
        "both",
        "would",
        "could",
        "will",
        "may",
        "might",
        "not",
        "but",
        "than",
        "said",
    ]
)


def _stems(text: str) -> list[str]:
    return [w[:5] for w in re.findall(r"[^\W\d_]{4,}", text.lower()) if w not in _STOP]


def _context_words(text: str, span: Span, near: int = 4) -> tuple[set[str], set[str]]:
    """(words of the sentence, words within `near` words of the mention), crudely stemmed."""
    s, e = sentence_at(text, *span)
    before = re.findall(r"\S+", text[s : span[0]])[-near:]
    after = re.findall(r"\S+", text[span[1] : e])[:near]
    return set(_stems(text[s:e])), set(_stems(" ".join(before + after)))


def same_point(text_a: str, span_a: Span, text_b: str, span_b: Span, min_shared: int = 2) -> bool:
    """Whether the sentences of two mentions (in two articles) share at least `min_shared` content
    words, crudely stemmed: a sign that they state one fact, not two that happen to share a value."""
    return len(_context_words(text_a, span_a)[0] & _context_words(text_b, span_b)[0]) >= min_shared


_DAY_VALUE = re.compile(r"(?:\d{4}|-)-(\d\d-\d\d)")
_QUANTITY = re.compile(r"([\d.]+)(?: (\w+))?")
_COLLECTIVE = {None, "member", "strong"}  # "a 400-member delegation" counts the same as "200 leaders"


def link_value(kind: str, value: str) -> str:
    """What makes two articles' candidates the same fact: a day of the year ("Jan. 13" in one, "Tuesday,
    Jan. 13, 2026" in another), otherwise the value itself."""
    day = _DAY_VALUE.fullmatch(value) if kind == "date" else None
    return day.group(1) if day else value


def _comparable(kind: str, a: str, b: str) -> bool:
    """Two different values the articles could disagree on: days of the year, or quantities of one unit."""
    if kind == "date":
        da, db = _DAY_VALUE.fullmatch(a), _DAY_VALUE.fullmatch(b)
        if not (da and db):
            return False
        return da.group(1)[:2] == db.group(1)[:2] and da.group(1) != db.group(1)  # same month, another day
    qa, qb = _QUANTITY.fullmatch(a), _QUANTITY.fullmatch(b)
    if not (qa and qb) or qa.group(1) == qb.group(1):
        return False
    ua, ub = qa.group(2), qb.group(2)
    return ua == ub or (ua in _COLLECTIVE and ub in _COLLECTIVE)


def disagreements(seeds: list[SeedCoverage], min_shared: int = 3) -> list[Disagreement]:
    """Numbers and dates of different articles with different values in sentences that share at
    least `min_shared` words, one of them next to both: possibly the same point told differently."""
    found = []
    items = [
        (s, c, _context_words(s.text, sp))
        for s in seeds
        for c in s.candidates
        if c.kind in ("date", "number")
        for sp in c.spans[:3]
    ]
    seen = set()
    for (sa, ca, (wa, na)), (sb, cb, (wb, nb)) in combinations(items, 2):
        if sa.alias == sb.alias or ca.kind != cb.kind or not _comparable(ca.kind, ca.value, cb.value):
            continue
        shared = wa & wb
        key = (id(ca), id(cb))
        if len(shared) >= min_shared and na & nb and key not in seen:
            seen.add(key)
            found.append(Disagreement(ca.kind, ca, cb, tuple(sorted(shared))))
    return found


def coverage(deck: Deck, kinds: tuple[str, ...] = KINDS) -> CoverageReport:
    """Candidates of every seed of the deck, each covered / drafted / excluded / uncovered."""
    index = seed_texts(deck.seeds)
    known = {c.get("name") for c in deck.cards if c.kind == "person"}
    reports, diags = [], []
    for alias, seed in index.items():
        citing = [c for c in deck.cards if any(src.seed == alias for src in c.sources)]
        exclusions = [(ex, seed.find_all(ex.text)) for ex in deck.exclusions if ex.seed == alias]
        excluded = [span for _, spans in exclusions for span in spans]
        found = seed_candidates(seed, citing, excluded, known)
        for ex, spans in exclusions:
            if not any(_inside(c.spans, spans) for c in found):
                diags.append(
                    Diagnostic(
                        ex.file,
                        ex.line,
                        ex.col,
                        "warning",
                        f"excluded text in seed '{alias}' contains no quotation, date, name or number",
                        hint="remove this exclusion: there is nothing in it to cover",
                        code="empty-exclusion",
                    )
                )
        chosen = [c for c in found if c.kind in kinds]
        counts = []
        for kind in kinds:
            of_kind = [c for c in chosen if c.kind == kind]
            counts.append(
                (
                    kind,
                    KindCount(
                        sum(c.status == "covered" for c in of_kind),
                        sum(c.status == "excluded" for c in of_kind),
                        len(of_kind),
                    ),
                )
            )
        reports.append(SeedCoverage(alias, seed.seed.file, tuple(counts), tuple(chosen), seed.seed.text))
    return CoverageReport(
        tuple(reports),
        tuple(kinds),
        tuple(sorted(diags, key=Diagnostic.sort_key)),
        tuple(disagreements(reports)),
    )
