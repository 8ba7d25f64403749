"""Coverage: which candidate facts of each article (quotations, dates, names, numbers) some card cites.

Candidates are found in each seed's text with the heuristics below; a candidate is *covered* when a
card's citation of that seed overlaps it (quotations: contains one of its full sentences, see
`_quotation_covered`), *excluded* when it lies inside a passage of cards/exclusions.yaml, and
*uncovered* otherwise. Spans are offsets in the seed's original text; citations and exclusions are
located with citations.SeedText.find_all, so they match exactly as the build checks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.checks.citations import SeedText, seed_texts
from builder.core.diagnostics import Diagnostic
from builder.core.model import Deck

KINDS = ("quotation", "date", "name", "number")

# --- quotations --------------------------------------------------------------------------------
# Curly double quotes, straight double quotes (paired on one line), and curly single quotes whose
# opening mark starts a word and whose closing mark is not an apostrophe (followed by no letter).
_DOUBLE_CURLY = re.compile(r"“([^”\n]+)”")
_DOUBLE_STRAIGHT = re.compile(r'"([^"\n]+)"')
_SINGLE_CURLY = re.compile(r"(?<!\w)‘([^‘’\n]+(?:’\w[^‘’\n]*)*)’(?!\w)")

# --- dates -------------------------------------------------------------------------------------
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\."
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_DATE_PATTERNS = [
    # weekday, optionally followed by a month date: "Tuesday", "Tuesday, January 13"
    rf"\b(?:{_WEEKDAYS})\b(?:,? (?:{_MONTHS}|{_MONTH_ABBR}) {_DAY}\b(?:,? {_YEAR}\b)?)?",
    # month with day and/or year, optionally "early/late/mid": "January 5th", "Jan. 6", "early November"
    rf"(?:\b(?:early|late|mid-?)\s?)?(?:\b(?:{_MONTHS}|{_MONTH_ABBR}))(?: {_DAY}\b)?(?:,? {_YEAR}\b)?",
    rf"\b{_DAY} (?:{_MONTHS})\b(?: {_YEAR}\b)?",  # "5 January 2026"
    rf"\b{_YEAR}s?\b",  # "2019", "1930s"
    r"\b\d{1,2}(?:st|nd|rd|th) century\b",  # "7th century"
    # relative: "last week", "this year", "the next day", "a week after", "days after"
    r"(?i:\b(?:last|this|next|past) (?:week|weekend|month|year)\b)",
    r"(?i:\b(?:the )?(?:next|following) (?:day|week|month|year)\b)",
    r"(?i:\b(?:a|one|two|three|four|five|six|seven|several) (?:days?|weeks?|months?|years?) "
    r"(?:after|before|later|earlier|ago)\b)",
    r"(?i:\bdays (?:after|before|later|earlier)\b)",
]
_DATE = re.compile("|".join(f"(?:{p})" for p in _DATE_PATTERNS))
# "May" is a verb far more often than a month: only with a day or a year
_BARE_MAY = re.compile(r"(?:(?:early|late|mid-?)\s?)?May")

# --- numbers -----------------------------------------------------------------------------------
_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "hundred|thousand|million|billion|trillion|dozen|dozens|hundreds|thousands|millions"
)
# a number word after "the"/"these"/"both" ("the two leaders") names a group, not a count
_NUMBER = re.compile(
    rf"(?<![\w-])(?:\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th|%)?|"
    rf"(?<!the )(?<!The )(?<!these )(?<!both )(?i:{_NUMBER_WORDS}))"
    r"(?:-[a-z]+)?(?![\w])"
)

# --- person names ------------------------------------------------------------------------------
# A name is a run of 2-4 capitalised words (Lee Jae-Myung, Yang Kee-ho) once titles, nationalities
# and sentence-start words are stripped from its front, containing no word of places, organisations,
# months or weekdays. A single word that is the first or last word of exactly one name of the
# article (Xi, Takaichi, Sneider) is another mention of that name. Card `person` names are names too.
_CAP_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)*")
_WORD = re.compile(r"[A-Za-z][\w.-]*[\w]|[A-Za-z]")
LEADING_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "then",
        "than",
        "but",
        "and",
        "or",
        "so",
        "yet",
        "if",
        "when",
        "while",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "to",
        "with",
        "without",
        "after",
        "before",
        "since",
        "until",
        "during",
        "despite",
        "amid",
        "among",
        "between",
        "against",
        "about",
        "over",
        "under",
        "what",
        "why",
        "who",
        "how",
        "where",
        "which",
        "however",
        "meanwhile",
        "instead",
        "still",
        "even",
        "just",
        "also",
        "both",
        "either",
        "neither",
        "some",
        "many",
        "most",
        "more",
        "few",
        "each",
        "every",
        "all",
        "such",
        "other",
        "another",
        "our",
        "their",
        "his",
        "her",
        "its",
        "my",
        "your",
        "we",
        "they",
        "he",
        "she",
        "it",
        "i",
        "you",
        "there",
        "here",
        "not",
        "no",
        "yes",
        "former",
        "current",
        "then-president",
        "president",
        "presidents",
        "prime",
        "minister",
        "ministers",
        "finance",
        "defense",
        "defence",
        "foreign",
        "trade",
        "security",
        "national",
        "chief",
        "secretary",
        "general",
        "vice",
        "deputy",
        "premier",
        "chairman",
        "chairwoman",
        "leader",
        "leaders",
        "spokesman",
        "spokeswoman",
        "adviser",
        "advisor",
        "ambassador",
        "emperor",
        "king",
        "queen",
        "governor",
        "mayor",
        "senator",
        "professor",
        "dr",
        "mr",
        "mrs",
        "ms",
        "sir",
        "chinese",
        "japanese",
        "korean",
        "south",
        "north",
        "east",
        "west",
        "american",
        "italian",
        "british",
        "french",
        "russian",
        "taiwanese",
        "u.s.",
    ]
)
STOP_WORDS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "china",
        "japan",
        "korea",
        "korean",
        "koreas",
        "chinese",
        "japanese",
        "taiwan",
        "taiwanese",
        "beijing",
        "tokyo",
        "seoul",
        "pyongyang",
        "nara",
        "asia",
        "asian",
        "pacific",
        "indo-pacific",
        "northeast",
        "southeast",
        "east",
        "west",
        "north",
        "south",
        "america",
        "american",
        "europe",
        "united",
        "states",
        "kingdom",
        "nations",
        "venezuela",
        "russia",
        "singapore",
        "stanford",
        "washington",
        "tiananmen",
        "university",
        "school",
        "institute",
        "college",
        "academy",
        "program",
        "programme",
        "studies",
        "affairs",
        "policy",
        "public",
        "party",
        "ministry",
        "government",
        "office",
        "house",
        "council",
        "committee",
        "agency",
        "department",
        "administration",
        "commission",
        "news",
        "post",
        "posts",
        "times",
        "press",
        "media",
        "broadcaster",
        "features",
        "comments",
        "related",
        "current",
        "square",
        "temple",
        "shrine",
        "mine",
        "coal",
        "city",
        "prefecture",
        "island",
        "sea",
        "peninsula",
        "river",
        "mountain",
        "residence",
        "palace",
        "empire",
        "war",
        "world",
        "heritage",
        "award",
        "awards",
        "demon",
        "hunters",
        "band",
        "conference",
        "summit",
        "cooperation",
        "economic",
        "communist",
        "liberal",
        "democratic",
        "republic",
        "republican",
        "people",
        "people's",
        "presidential",
        "imperial",
        "international",
        "technological",
        "national",
        "global",
        "foreign",
        "content",
        "tribune",
        "l.p.",
        "llc",
        "inc",
        "corp",
        "act",
        "security",
        "concerns",
        "relations",
    ]
)


@dataclass(frozen=True)
class Candidate:
    seed: str  # alias
    kind: str  # quotation | date | name | number
    text: str  # as written in the seed (names: the fullest form)
    line: int  # 1-based line of its first occurrence in the seed file
    status: str  # covered | excluded | uncovered
    spans: tuple  # ((start, end), ...) in the seed's text; names have one per mention


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
    counts: tuple  # ((kind, KindCount), ...) in KINDS order
    candidates: tuple  # (Candidate, ...) in text order within each kind


@dataclass(frozen=True)
class CoverageReport:
    seeds: tuple  # (SeedCoverage, ...)
    kinds: tuple  # the kinds reported
    diagnostics: tuple  # warnings: exclusions that contain no candidate

    def totals(self) -> dict:
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

    def uncovered(self) -> list[Candidate]:
        return [c for s in self.seeds for c in s.candidates if c.status == "uncovered"]

    def to_dict(self) -> dict:
        def count(c: KindCount) -> dict:
            return {
                "covered": c.covered,
                "excluded": c.excluded,
                "handled": c.handled,
                "total": c.total,
                "percent": round(c.percent, 1),
            }

        return {
            "kinds": list(self.kinds),
            "seeds": [
                {"seed": s.alias, "file": f"seeds/{s.file}", "kinds": {k: count(c) for k, c in s.counts}}
                for s in self.seeds
            ],
            "totals": {k: count(c) for k, c in self.totals().items()},
            "uncovered": [
                {"seed": c.seed, "file": f"seeds/{s.file}", "line": c.line, "kind": c.kind, "text": c.text}
                for s in self.seeds
                for c in s.candidates
                if c.status == "uncovered"
            ],
            "excluded": [
                {"seed": c.seed, "file": f"seeds/{s.file}", "line": c.line, "kind": c.kind, "text": c.text}
                for s in self.seeds
                for c in s.candidates
                if c.status == "excluded"
            ],
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }


# --- finding candidates --------------------------------------------------------------------------


def find_quotations(text: str) -> list[tuple[int, int]]:
    """Spans of the words between quotation marks (the marks themselves excluded)."""
    spans = []
    for pattern in (_DOUBLE_CURLY, _DOUBLE_STRAIGHT, _SINGLE_CURLY):
        for m in pattern.finditer(text):
            start, end = m.span(1)
            if text[start:end].strip(" ,.;:…"):
                spans.append((start, end))
    return sorted(set(spans))


def find_dates(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _DATE.finditer(text):
        if _BARE_MAY.fullmatch(m.group()) or not m.group().strip():
            continue
        start, end = m.span()
        spans.append((start, end))
    return spans


def find_numbers(text: str, dates: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Digits and number words that are not part of a date ("January 5th", "2019" are dates)."""
    return [m.span() for m in _NUMBER.finditer(text) if not any(s <= m.start() < e for s, e in dates)]


_TOKEN = re.compile(r"([“\"‘'(\[]*)(.*?)((?:[’']s)?[”\"’'),.;:!?…]*)", re.S)


def _capitalised_runs(text: str):
    """Runs [(word, start, end), ...] of capitalised words separated by single spaces; punctuation,
    a possessive or an opening quote ends a run."""
    run: list = []
    for m in re.finditer(r"\S+", text):
        token = _TOKEN.fullmatch(m.group())
        assert token is not None, "_TOKEN matches any run of non-space characters"
        pre, core, post = token.groups()
        start = m.start() + len(pre)
        ok = _CAP_WORD.fullmatch(core) is not None
        if run and (pre or not ok or text[run[-1][2] : start] != " "):
            yield run
            run = []
        if ok:
            run.append((core, start, start + len(core)))
            if post:
                yield run
                run = []
    if run:
        yield run


def _name_words(run) -> list:
    words = list(run)
    while words and words[0][0].lower() in LEADING_WORDS:
        words.pop(0)
    return words


def find_names(text: str, known: set[str]) -> dict[str, list[tuple[int, int]]]:
    """Full name → spans of its mentions (full or single-word) in `text`."""
    names: dict[str, list] = {}
    singles = []
    for run in _capitalised_runs(text):
        words = _name_words(run)
        if any(part.lower() in STOP_WORDS for w, _, _ in words for part in [w, *w.split("-")]):
            continue
        if 2 <= len(words) <= 4:
            name = " ".join(w for w, _, _ in words)
            names.setdefault(name, []).append((words[0][1], words[-1][2]))
        elif len(words) == 1:
            singles.append(words[0])
    for name in sorted(known, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if not any(s <= m.start() < e for spans in names.values() for s, e in spans):
                names.setdefault(name, []).append(m.span())
    # spellings that differ only by hyphen or space ("Lee Jae-Myung", "Lee Jae Myung") are one name,
    # reported in the spelling of its first mention
    merged: dict[str, list] = {}
    by_key: dict[str, str] = {}
    for name in sorted(names, key=lambda n: min(s for s, _ in names[n])):
        key = re.sub(r"[\s-]+", " ", name).lower()
        first = by_key.setdefault(key, name)
        merged.setdefault(first, []).extend(names[name])
    parts: dict[str, list] = {}
    for name in merged:
        tokens = re.split(r"\s+", name)
        for token in {tokens[0], tokens[-1]}:
            parts.setdefault(token, []).append(name)
    full = [span for spans in merged.values() for span in spans]
    for word, s, e in singles:
        owners = parts.get(word, [])
        if len(owners) == 1 and not any(fs <= s < fe for fs, fe in full):
            merged[owners[0]].append((s, e))
    return {name: sorted(set(spans)) for name, spans in merged.items()}


# --- coverage ----------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.?!])[”\"’']?\s+(?=[“\"‘']?[A-Z…])")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\bU\.S|\bMr|\bMrs|\bMs|\bDr|\bSt|\bJan|\bFeb|\bMar|\bApr|\bAug|\bSept?|"
    r"\bOct|\bNov|\bDec|\bNo|\bvs)\.$"
)
MIN_SENTENCE_WORDS = 4


def quotation_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
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


def _quotation_covered(text: str, span: tuple[int, int], cites: list[tuple[int, int]]) -> bool:
    """Covered when one citation contains a whole sentence of the quotation: one of at least
    MIN_SENTENCE_WORDS words, or any sentence when none is that long (so a one-sentence quotation
    must be cited whole, edge punctuation aside)."""
    sentences = quotation_sentences(text, *span)
    long = [s for s in sentences if len(text[s[0] : s[1]].split()) >= MIN_SENTENCE_WORDS]
    return any(cs <= s and e <= ce for s, e in (long or sentences) for cs, ce in cites)


def _overlaps(spans, others) -> bool:
    return any(s < oe and os_ < e for s, e in spans for os_, oe in others)


def _inside(spans, others) -> bool:
    return any(os_ <= s and e <= oe for s, e in spans for os_, oe in others)


def seed_candidates(seed: SeedText, cites: list, excluded: list, known_names: set[str]) -> list[Candidate]:
    text = seed.seed.text

    def line(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    def status(spans, covered: bool) -> str:
        if covered:
            return "covered"
        return "excluded" if _inside(spans, excluded) else "uncovered"

    out = []
    for s, e in find_quotations(text):
        out.append(
            Candidate(
                seed.seed.alias,
                "quotation",
                " ".join(text[s:e].split()),
                line(s),
                status([(s, e)], _quotation_covered(text, (s, e), cites)),
                ((s, e),),
            )
        )
    dates = find_dates(text)
    for s, e in dates:
        out.append(
            Candidate(
                seed.seed.alias, "date", text[s:e], line(s), status([(s, e)], _overlaps([(s, e)], cites)), ((s, e),)
            )
        )
    for name, spans in sorted(find_names(text, known_names).items(), key=lambda kv: kv[1][0]):
        covered = _overlaps(spans, cites)
        # a name counts as excluded only when every mention lies in an excluded passage
        st = "covered" if covered else ("excluded" if all(_inside([sp], excluded) for sp in spans) else "uncovered")
        out.append(Candidate(seed.seed.alias, "name", name, line(spans[0][0]), st, tuple(spans)))
    for s, e in find_numbers(text, dates):
        out.append(
            Candidate(
                seed.seed.alias, "number", text[s:e], line(s), status([(s, e)], _overlaps([(s, e)], cites)), ((s, e),)
            )
        )
    return sorted(out, key=lambda c: (c.spans[0][0], KINDS.index(c.kind)))


def coverage(deck: Deck, kinds=KINDS) -> CoverageReport:
    """Candidates of every seed of the deck, each covered / excluded / uncovered."""
    index = seed_texts(deck.seeds)
    known = {c.get("name") for c in deck.cards if c.kind == "person"}
    reports, diags = [], []
    for alias, seed in index.items():
        cites = sorted(
            {span for c in deck.cards for src in c.sources if src.seed == alias for span in seed.find_all(src.quote)}
        )
        exclusions = [(ex, seed.find_all(ex.text)) for ex in deck.exclusions if ex.seed == alias]
        excluded = [span for _, spans in exclusions for span in spans]
        found = seed_candidates(seed, cites, excluded, known)
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
        reports.append(SeedCoverage(alias, seed.seed.file, tuple(counts), tuple(chosen)))
    return CoverageReport(tuple(reports), tuple(kinds), tuple(sorted(diags, key=Diagnostic.sort_key)))
