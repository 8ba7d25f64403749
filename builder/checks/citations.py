"""Seed index and verbatim citation check.

A citation matches when its quote occurs in the seed after both are normalised the same way:
Unicode NFC, curly quotes → straight, every dash → '-', '…' → '...', runs of whitespace → one
space. Case and words must match exactly. A miss comes with the closest passage of that
article (rapidfuzz's partial-ratio alignment: C speed and the aligned span, which difflib lacks).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from builder.core.diagnostics import Diagnostic
from builder.core.model import Card, Exclusion, Seed

_CHAR_MAP = {
    **dict.fromkeys("‘’‚‛′`", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
}
_TRANSLATION = str.maketrans(_CHAR_MAP)


def normalize(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).translate(_TRANSLATION).split())


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Same as normalize() for NFC text, plus, for each output character, its index in `text`.

    Slow (a Python loop), so only used when a span must be mapped back: hints and coverage.
    """
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            offsets.append(i - 1)
            pending_space = False
        rep = _CHAR_MAP.get(ch, ch)
        out.extend(rep)
        offsets.extend([i] * len(rep))
    return "".join(out), offsets


@dataclass(frozen=True)
class SeedText:
    seed: Seed
    normalized: str

    @cached_property
    def offsets(self) -> list[int]:
        norm, offsets = normalize_with_offsets(self.seed.text)
        assert norm == self.normalized, "normalize() and normalize_with_offsets() disagree"
        return offsets

    def find_all(self, quote: str) -> list[tuple[int, int]]:
        """Spans (start, end) in the original text where `quote` occurs."""
        needle = normalize(quote)
        spans: list[tuple[int, int]] = []
        start = 0
        if not needle:
            return spans
        while (i := self.normalized.find(needle, start)) >= 0:
            j = i + len(needle) - 1
            spans.append((self.offsets[i], self.offsets[j] + 1))
            start = i + 1
        return spans

    def closest(self, quote: str) -> tuple[float, str]:
        """Best partial match of `quote` in this seed: (similarity 0-100, passage in original text)."""
        needle = normalize(quote)
        if not needle or not self.normalized:
            return 0.0, ""
        from rapidfuzz import fuzz  # only for a citation that fails: keeps start-up light

        res = fuzz.partial_ratio_alignment(needle, self.normalized)
        if res is None:  # no alignment at all
            return 0.0, ""
        start, end = res.dest_start, res.dest_end
        # widen to whole words so the hint is copy-pasteable
        while start > 0 and not self.normalized[start - 1].isspace():
            start -= 1
        while end < len(self.normalized) and not self.normalized[end].isspace():
            end += 1
        text = self.seed.text
        passage = text[self.offsets[start] : self.offsets[end - 1] + 1] if end > start else ""
        return res.score, " ".join(passage.split())


@lru_cache(maxsize=4096)
def _seed_text(seed: Seed) -> SeedText:
    return SeedText(seed, normalize(seed.text))


def seed_text(seed: Seed) -> SeedText:
    """The seed's normalised text and span finder, built once per seed."""
    return _seed_text(seed)


def article_words(quote: str, seed: Seed | None) -> str:
    """The article's own characters for the passage `quote` matches (its ’ “ ” – …), so a card typed
    with ' and " still shows what the article printed; whitespace runs become one space. `quote`
    itself when it is already exact or cannot be mapped to a span that normalises back to it."""
    if seed is None or quote in seed.text:
        return quote  # exact already: no need for the (slow) offset map
    st = _seed_text(seed)
    needle = normalize(quote)
    i = st.normalized.find(needle) if needle else -1
    if i < 0:
        return quote
    span = seed.text[st.offsets[i] : st.offsets[i + len(needle) - 1] + 1]
    return " ".join(span.split()) if normalize(span) == needle else quote


def _unwrapped(text: str, needle: str) -> tuple[int, int] | None:
    """Span of `needle` without the quote marks around it (normalize() made curly ones straight),
    when those words occur exactly once in `text`."""
    inner = needle[1:-1].strip() if len(needle) > 2 and needle[0] in "\"'" and needle[-1] in "\"'" else ""
    i = text.find(inner) if inner else -1
    return (i, i + len(inner)) if i >= 0 and text.find(inner, i + 1) < 0 else None


_CASE_DIFFERS = "only letter case differs"

# What a near miss may differ in, tried in order: (span of the needle in the text or None, what the hint says)
_NEAR_MISSES = (
    (lambda text, needle: _find_keyed(text, needle, str.lower), _CASE_DIFFERS),
    (
        lambda text, needle: _find_keyed(text, needle, lambda ch: "'" if ch == '"' else ch),
        "only the quote marks differ",
    ),
    (lambda text, needle: _find_keyed(text, needle, lambda ch: "" if ch == " " else ch), "only the spacing differs"),
    (_unwrapped, "the article has no quote marks around these words here; remove them"),
)


def closest_hint(seed: SeedText, quote: str) -> str | None:
    """Why `quote` is not in the seed, for a hint: exactly what differs when only letter case, quote
    marks, spacing or quote marks around it do (a percentage does not say what to change), else
    the closest passage."""
    needle = normalize(quote)
    for find, what in _NEAR_MISSES:
        span = find(seed.normalized, needle)
        if span is not None:
            found = seed.normalized[span[0] : span[1]]
            passage = " ".join(seed.seed.text[seed.offsets[span[0]] : seed.offsets[span[1] - 1] + 1].split())
            if what == _CASE_DIFFERS:
                what += _case_words(found, needle)
            return f'{what}. The article has: "{passage}"'
    score, passage = seed.closest(quote)
    return f'closest passage ({score:.0f}% similar): "{passage}"' if passage else None


def _find_keyed(text: str, needle: str, key) -> tuple[int, int] | None:
    """Span in `text` of `needle` when characters are compared as key(ch) (which may drop them)."""
    out, where = [], []
    for i, ch in enumerate(text):
        k = key(ch)
        out.append(k)
        where.extend([i] * len(k))
    wanted = "".join(key(ch) for ch in needle)
    i = "".join(out).find(wanted) if wanted else -1
    return None if i < 0 else (where[i], where[i + len(wanted) - 1] + 1)


def _case_words(found: str, needle: str) -> str:
    """ " ('we' in lower case)" for the article's words whose case differs (at most three)."""
    pairs = [(a, b) for a, b in zip(found.split(), needle.split(), strict=False) if a != b]
    if not pairs or len(found.split()) != len(needle.split()):
        return ""
    said = [
        f"'{a}' in lower case"
        if a == a.lower()
        else f"'{a}' in capitals"
        if a == a.upper()
        else f"'{a}' with a capital"
        if a[:1].isupper()
        else f"'{a}'"
        for a, _ in pairs[:3]
    ]
    return f" ({', '.join(said)})"


# alias → the article's normalised text; None for an alias listed with an error (not checked)
SeedIndex = dict[str, "SeedText | None"]


def seed_texts(seeds: Iterable[Seed]) -> dict[str, SeedText]:
    """alias → SeedText for articles that loaded (a checked deck's seeds: coverage, `new`)."""
    return {seed.alias: SeedText(seed, normalize(seed.text)) for seed in seeds}


def index_seeds(seeds: Iterable[Seed], unchecked: frozenset[str] | None = frozenset()) -> SeedIndex | None:
    """alias → SeedText; an alias in `unchecked` (listed, but its entry has an error) → None, so
    citing it is neither an error nor checked. `unchecked` None: seeds/sources.yaml could not be
    read, so no citation can be checked (None instead of an index)."""
    if unchecked is None:
        return None
    index: SeedIndex = dict.fromkeys(unchecked)
    index.update(seed_texts(seeds))
    return index


def unknown_seed_hint(alias: str, index) -> str:
    """ "did you mean 'wapo'? known seeds: bloomberg, wapo" for an alias no seed has."""
    known = ", ".join(sorted(index)) or "(none: add articles to seeds/sources.yaml)"
    close = difflib.get_close_matches(alias, sorted(index), n=1, cutoff=0.6)
    return (f"did you mean '{close[0]}'? " if close else "") + f"known seeds: {known}"


def _check_passage(
    index: SeedIndex | None,
    alias: str,
    words: str,
    file: str,
    line: int,
    col: int,
    what: str,
    card: str | None = None,
    seed_at: tuple[int, int] | None = None,
    code: str = "citation-not-found",
) -> list[Diagnostic]:
    """No diagnostic when `words` occur in seed `alias`; else an error with the known seeds or closest passage.
    No diagnostic either when the seed cannot be checked: its own error in seeds/ is the one to fix."""
    if index is None or (alias in index and index[alias] is None):
        return []
    seed = index.get(alias)
    if seed is None:
        line_s, col_s = seed_at or (line, col)
        return [
            Diagnostic(
                file,
                line_s,
                col_s,
                "error",
                f"unknown seed '{alias}'",
                card=card,
                hint=unknown_seed_hint(alias, index),
                code="unknown-seed",
            )
        ]
    if normalize(words) in seed.normalized:
        return []
    hint = closest_hint(seed, words) or "the quote must be words copied from the article"
    return [
        Diagnostic(file, line, col, "error", f"{what} not found in seed '{alias}'", card=card, hint=hint, code=code)
    ]


def verify_citations(cards: Iterable[Card], index: SeedIndex | None) -> list[Diagnostic]:
    """Every source of every card must name a known seed and quote it verbatim."""
    return [
        d
        for card in cards
        for src in card.sources
        for d in _check_passage(index, src.seed, src.quote, card.file, src.line, src.col, "source quote", card=card.id)
    ]


def verify_exclusions(exclusions: Iterable[Exclusion], index: SeedIndex | None) -> list[Diagnostic]:
    """Every exclusion must name a known seed and copy its text verbatim (same rules as citations)."""
    return [
        d
        for ex in exclusions
        for d in _check_passage(
            index,
            ex.seed,
            ex.text,
            ex.file,
            ex.line,
            ex.col,
            "excluded text",
            seed_at=(ex.seed_line, ex.seed_col),
            code="exclusion-not-found",
        )
    ]
