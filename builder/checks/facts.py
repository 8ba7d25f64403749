"""The candidate facts of a news article: quotations, dates, names and numbers, one per fact.

`find_facts(seed)` returns one `Fact` per fact with every place it is mentioned: "2016" six
times for one election is one fact with six spans; "Friday" and "Friday, July 7, 2017" are one
date; "Trump" after "Donald Trump" is another mention of that name. What it knows is generic
news style, not these articles: titles and honorifics before names, organisation and place
words, number words and units, the date forms of wire copy and of British and Asian outlets.
Where a date can be placed on the calendar (against the article's own `date` in
seeds/sources.yaml when it has one) the fact carries that day as its `value`, which is how the
same date is recognised across articles and how disagreements between them show.

Hand-written rules (regular expressions and word lists in wordlists.py), evaluated against
hand-labelled articles by scripts/coverage_eval.py: dateparser's search_dates and spaCy's small
English model were tried and are not used (see docs/card-format.md#coverage-deckbuilder-coverage).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from builder.checks import wordlists as W
from builder.core.model import Seed

Span = tuple[int, int]


@dataclass(frozen=True)
class Fact:
    kind: str  # quotation | date | name | number
    text: str  # how the report names it: a name's fullest spelling, otherwise the first mention
    spans: tuple[Span, ...]  # every mention, in text order
    forms: tuple[str, ...] = ()  # the distinct ways the article writes it
    value: str = ""  # dates: "2017-07-07" (or "2017", "--07-07", "friday" when no more is known);
    # numbers: "120 minute" style quantity and unit; names: the spelling key
    note: str = ""  # e.g. how an ambiguous 09/07/2017 may be read
    mentions: tuple[Span, ...] = field(default=(), compare=False)  # names: short mentions ("Trump")


# --- quotations ------------------------------------------------------------------------------

_DOUBLE_CURLY = re.compile(r"“([^”\n]+)”")
_DOUBLE_STRAIGHT = re.compile(r'"([^"\n]+)"')
_SINGLE_CURLY = re.compile(r"(?<!\w)‘([^‘’\n]+(?:’\w[^‘’\n]*)*)’(?!\w)")
_SINGLE_STRAIGHT = re.compile(r"(?<![\w'])'((?:[^'\n]|'(?=\w))+)'(?![\w'])")
# a paragraph that opens a quotation and does not close it (the next paragraph goes on with “)
_OPEN_PARAGRAPH = re.compile(r"(?m)^[ \t]*“([^”\n]+)$")


def find_quotations(text: str) -> list[Span]:
    """Spans of the words between quotation marks (the marks themselves excluded)."""
    spans = set()
    for pattern in (_DOUBLE_CURLY, _DOUBLE_STRAIGHT, _SINGLE_CURLY, _SINGLE_STRAIGHT, _OPEN_PARAGRAPH):
        for m in pattern.finditer(text):
            start, end = m.span(1)
            inner = text[start:end]
            if not any(ch.isalnum() for ch in inner):
                continue  # “—”, “…”: marks around no words
            if pattern is _SINGLE_STRAIGHT and len(inner.split()) < 2 and "'" in inner:
                continue  # "rock 'n' roll"-like fragments
            spans.add((start, end))
    # a quotation inside another (the single quotes in a double-quoted passage) is part of it
    ordered = sorted(spans)
    return [s for s in ordered if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in ordered)]


# --- dates -----------------------------------------------------------------------------------

_MON = rf"(?:{W.MONTH_NAMES}|{W.MONTH_ABBR})"
_WD = rf"(?:{W.WEEKDAY_NAMES})"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_DAYS = rf"{_DAY}(?:\s?[-–]\s?{_DAY})?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_TIME = r"\b[0-2]?\d:[0-5]\d(?:\s?(?:[ap]\.m\.|[AP]M\b|[ap]m\b))?(?:\s(?:ET|EST|EDT|GMT|BST|CET|KST|JST|UTC)\b)?"
_PART = r"(?:morning|afternoon|evening|night)"
_QTY = rf"(?:(?:{W.QUALIFIERS})\s)?(?:a|an|one|{W.SMALL_NUMBER_WORDS}|several|a few|few|\d+)"
_DATE_PATTERNS = [
    rf"(?:{_WD},?\s)?{_MON}\s?{_DAYS}\b(?:,?\s{_YEAR}\b)?",  # Friday, July 7, 2017 / Jan. 13 / January 13-14
    rf"(?:{_WD},?\s)?\b{_DAYS}\s{_MON}(?:,?\s{_YEAR}\b)?",  # 7 July 2017 / 05 Dec. 2025 / 13–14 January
    rf"(?:{_WD},?\s)?\b[0-3]?\d/[01]?\d/(?:\d\d)?\d\d\b",  # Sunday 09/07/2017
    r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b",  # 2017-07-07
    rf"(?i:\b(?:early\s|late\s|mid-|mid\s|the end of\s|the beginning of\s)(?:this\s|last\s|next\s)?(?-i:{_MON}|year|month|week)\b)"
    rf"(?:\s(?:of\s)?(?:{_YEAR}|last year|this year|next year))?",  # early November, late last year, mid-January
    rf"\b{_MON}(?:\s(?:of\s)?(?:{_YEAR}\b|last year|this year|next year))?",  # October of last year, November 2025
    r"(?i:\b(?:earlier|later)\s(?:this|last|next)\s(?:week|month|year)\b)",
    rf"(?i:\b(?:last|this|next|past|coming)\s(?:week(?:end)?|month|year|decade|(?-i:{_MON})|(?-i:{_WD})|{_PART})\b)",
    rf"(?i:\b(?:the\s)?(?:next|following|previous)\s(?:day|week|month|year|{_PART})\b)",
    rf"(?i:\b{_QTY}\s(?:days?|weeks?|months?|years?|decades?)\s(?:after|before|later|earlier|ago)\b)",
    r"(?i:\bdays\s(?:after|before|later|earlier)\b)",
    r"(?i:\b(?:in\s)?recent\s(?:days|weeks|months|years)\b)",
    r"\b(?:[Yy]esterday|[Tt]omorrow)\b",
    rf"\b{_WD}(?:\s{_PART})?\b",
    rf"(?:\bthe\s)?\b{_YEAR}s\b",  # the 1930s
    rf"(?<![\w.,-]){_YEAR}\b(?!\s(?:{W.UNIT_AFTER_YEAR})\b)(?![.,]\d)",  # 2019, ©2026 (not "1500 years")
    r"(?:\bthe\s)?\b\d{1,2}(?:st|nd|rd|th)\scentury\b",
    _TIME,
]
_DATE = re.compile("|".join(f"(?:{p})" for p in _DATE_PATTERNS))
_BARE_MAY = re.compile(r"May")  # "may" is a verb far more often than a month: only with a day or year
_JOIN = re.compile(r",\s|\s|\sat\s")
_TIME_ONLY = re.compile(_TIME)


def find_dates(text: str) -> list[Span]:
    spans: list[Span] = []
    for m in _DATE.finditer(text):
        if _BARE_MAY.fullmatch(m.group()) or not m.group().strip():
            continue
        start, end = m.span()
        prev = spans[-1] if spans else None
        gap = text[prev[1] : start] if prev else ""
        # one date written in two parts: "05 Dec. 2025, 09:56", "yesterday (Jan. 13)", "Friday at 2 p.m."
        joined = prev and (
            (_JOIN.fullmatch(gap) and _TIME_ONLY.fullmatch(m.group())) or (gap == " (" and text[end : end + 1] == ")")
        )
        if prev and joined:
            end += 1 if gap == " (" else 0
            spans[-1] = (prev[0], end)
        else:
            spans.append((start, end))
    return spans


_MONTH_NUMBER = {name.lower()[:3]: i + 1 for i, name in enumerate(W.MONTH_NAMES.split("|"))}
_WEEKDAY_NUMBER = {name.lower(): i for i, name in enumerate(W.WEEKDAY_NAMES.split("|"))}


def article_date(seed: Seed) -> dt.date | None:
    """The article's own date from seeds/sources.yaml (ISO, "July 7, 2017", "7 July 2017"), if it has one."""
    value = (seed.date or "").strip()
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    day, month, year = _parts(value)
    if day and month and year:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    return None


def _parts(text: str) -> tuple[int | None, int | None, int | None]:
    m = re.search(rf"\b({W.MONTH_NAMES}|{W.MONTH_ABBR})", text)
    month = _MONTH_NUMBER[m.group(1).lower()[:3]] if m else None
    year_m = re.search(rf"\b({_YEAR})\b", text)
    year = int(year_m.group(1)) if year_m else None
    day = None
    if m:
        after = re.match(r"\s?([0-3]?\d)(?:st|nd|rd|th)?\b", text[m.end() :].lstrip("."))
        before = re.search(r"\b([0-3]?\d)(?:st|nd|rd|th)?(?:\s?[-–]\s?[0-3]?\d(?:st|nd|rd|th)?)?\s$", text[: m.start()])
        found = after or before
        day = int(found.group(1)) if found and 1 <= int(found.group(1)) <= 31 else None
    return day, month, year


def _nearest_year(month: int, day: int, base: dt.date) -> dt.date | None:
    options = []
    for year in (base.year - 1, base.year, base.year + 1):
        with contextlib.suppress(ValueError):
            options.append(dt.date(year, month, day))
    return min(options, key=lambda d: abs((d - base).days)) if options else None


def resolve_date(text: str, base: dt.date | None) -> tuple[str, str]:
    """(value, note) of one written date: an ISO day when it can be placed, else a coarser key."""
    low = text.lower()
    wd_m = re.search(rf"\b({W.WEEKDAY_NAMES})\b", text)
    weekday = _WEEKDAY_NUMBER[wd_m.group(1).lower()] if wd_m else None
    numeric = re.search(r"\b([0-3]?\d)/([01]?\d)/(\d{2,4})\b", text)
    if numeric:
        a, b, y = (int(g) for g in numeric.groups())
        y += 2000 if y < 100 else 0
        readings = []
        for d_, m_, how in ((a, b, "day/month"), (b, a, "month/day")):
            with contextlib.suppress(ValueError):
                readings.append((dt.date(y, m_, d_), how))
        readings = list({d: (d, h) for d, h in readings}.values())
        if weekday is not None:
            readings = [r for r in readings if r[0].weekday() == weekday] or readings
        if len(readings) > 1 and base is not None:
            near = [r for r in readings if abs((r[0] - base).days) <= 31]
            readings = near if len(near) == 1 else readings
        if len(readings) == 1:
            return readings[0][0].isoformat(), ""
        if readings:
            shown = " or ".join(f"{d:%-d %B %Y} ({h})" for d, h in readings)
            return "", f"{numeric.group()} may be {shown}: the article's date or locale decides"
    try:
        return dt.date.fromisoformat(low[:10]).isoformat(), ""
    except ValueError:
        pass
    day, month, year_ = _parts(text)
    span_of_days = re.search(r"\d(?:st|nd|rd|th)?\s?[-–]\s?([0-3]?\d)", text)
    if month and day and span_of_days:  # January 13-14: a span of days, not the 13th
        return f"--{month:02d}-{day:02d}..{int(span_of_days.group(1)):02d}", ""
    if month and day:
        if year_:
            try:
                return dt.date(year_, month, day).isoformat(), ""
            except ValueError:
                return "", ""
        if base is not None:
            placed = _nearest_year(month, day, base)
            if placed:
                return placed.isoformat(), ""
        return f"--{month:02d}-{day:02d}", ""
    if weekday is not None and re.fullmatch(rf"{_WD}(?:\s{_PART})?", text):
        if base is not None:
            offsets = sorted(range(-3, 4), key=lambda k: (abs(k), k))
            for k in offsets:
                day_ = base + dt.timedelta(days=k)
                if day_.weekday() == weekday:
                    return day_.isoformat(), ""
        return wd_m.group(1).lower() if wd_m else "", ""
    if base is not None:
        rel = {"last year": base.year - 1, "this year": base.year, "next year": base.year + 1}
        for words, year_ in rel.items():
            if low.endswith(words) and not month:
                return str(year_), ""
        if low in ("yesterday", "tomorrow"):
            return (base + dt.timedelta(days=-1 if low == "yesterday" else 1)).isoformat(), ""
    if month and year_:
        return f"{year_}-{month:02d}", ""
    year_only = re.fullmatch(rf"(?:©\s?)?({_YEAR})", text)
    if year_only:
        return year_only.group(1), ""
    return re.sub(r"\s+", " ", low.removeprefix("the ").removeprefix("in ").removeprefix("just ")), ""


# --- numbers ---------------------------------------------------------------------------------

_NUM = rf"(?:\d[\d,]*(?:\.\d+)?|{W.NUMBER_WORDS})"
_CHAIN = rf"{_NUM}(?:-(?:{_NUM}|and|a|an|half|quarter|[A-Za-z]+))*"
_NUMBER = re.compile(
    rf"(?:(?<=\s)|^|(?<=[(“\"‘]))"
    rf"(?:(?P<qual>(?i:{W.QUALIFIERS})\s)?)"
    rf"(?P<cur>[$€£¥₩])?(?P<num>(?i:{_CHAIN})|\d+(?:st|nd|rd|th)|(?i:{W.ORDINAL_WORDS}))"
    rf"(?P<scale>\s?(?:million|billion|trillion|[MBK]\b))?%?"
    rf"(?P<unit>\s(?i:{W.UNITS})\b(?:\s(?:and|to)\s(?:{_CHAIN})\s(?i:{W.UNITS})\b)?)?"
    r"(?![\w])"
)
_VALUES = {w: i for i, w in enumerate(W.NUMBER_WORDS_ORDERED)}


def find_numbers(text: str, dates: list[Span]) -> list[Span]:
    """Quantities with their qualifier and unit ("nearly two-and-a-quarter hours", "a 400-member",
    "$328B"), not the digits of a date or of a name (G20, Group of 20)."""
    spans = []
    for m in _NUMBER.finditer(text):
        start, end = m.span()
        if any(s <= start < e or s < end <= e for s, e in dates):
            continue
        num = m.group("num").lower()
        before = text[max(0, start - 40) : start]
        words = num.split("-")
        if words[0] == "one" and (len(words) == 1 or num.startswith("one-on-one")) and not m.group("qual"):
            continue  # "one of", "one-on-one": a pronoun or a kind of meeting, not a count
        group = re.search(rf"(?:\b(?i:{W.GROUP_DETERMINERS})|\w[’']s)\s$", before)
        if words[0] in W.GROUP_WORDS_AFTER_ARTICLE and group and len(words) == 1 and not m.group("qual"):
            continue  # "the two leaders" names a group
        if re.search(r"[A-Z][\w-]*\s(?:of)\s$", before) and num[0].isdigit():
            continue  # Group of 20
        spans.append((start, end))
    return spans


def _number_value(text: str) -> str:
    """A comparable quantity: "two-hour-and-16-minute" -> "136 minute"; "more than 200" -> "200"."""
    low = text.lower().replace(",", "")
    low = re.sub(rf"^(?:{W.QUALIFIERS})\s", "", low)
    total = 0.0
    unit = ""
    found = False
    pending: float | None = None
    for token in re.split(r"[\s-]+", low):
        token = token.strip("%$€£¥₩")
        if re.fullmatch(r"\d+(?:\.\d+)?", token):
            pending = (pending or 0) + float(token)
        elif token in _VALUES:
            v = W.NUMBER_WORD_VALUE[token]
            pending = (pending or 1) * v if v >= 100 and pending else (pending or 0) + v
        elif token in ("half", "quarter") and pending is not None:
            pending += 0.5 if token == "half" else 0.25
        elif token.rstrip("s") in W.MINUTES_PER:
            u = token.rstrip("s")
            if pending is not None:
                total += pending * W.MINUTES_PER[u]
                found, unit, pending = True, "minute", None
        elif token in ("a", "an", "and", "to"):
            continue
        elif pending is not None and token:
            unit = unit or token.rstrip("s")
    if pending is not None:
        total += pending
        found = True
    if not found:
        return low
    number = f"{total:g}"
    return f"{number} {unit}".strip()


# --- names -----------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_][\w’'.-]*[\w.]|[^\W\d_]")
_SENTENCE_BREAK = re.compile(r"[.!?:;]['\"’”)]*\s*$|^\s*$|[\n—–]\s*$|[“\"‘(]\s*$")


@dataclass
class _Word:
    text: str  # without a possessive
    start: int
    end: int
    cap: bool  # Capitalised (not all caps)
    first: bool  # first word of a sentence or line
    gap: str  # the text between the previous word and this one


def _words(text: str) -> list[_Word]:
    out: list[_Word] = []
    prev_end = 0
    for m in _TOKEN.finditer(text):
        word = m.group()
        end = m.end()
        for suffix in ("’s", "'s", "’", "'"):
            if word.endswith(suffix) and len(word) > len(suffix):
                word = word[: -len(suffix)]
                end = m.start() + len(word)
                break
        if word.endswith(".") and not re.fullmatch(rf"(?:{W.ABBREVIATIONS})\.|[A-Z]\.", word):
            word = word[:-1]
            end = m.start() + len(word)
        gap = text[prev_end : m.start()]
        after_abbreviation = (
            bool(out) and re.fullmatch(rf"(?:{W.ABBREVIATIONS})\.|[A-Z]\.", out[-1].text) and gap == " "
        )
        broken = bool(_SENTENCE_BREAK.search(text[max(0, m.start() - 3) : m.start()]))
        first = not out or "\n" in gap or (broken and not after_abbreviation)
        cap = word[0].isupper() and not (len(word) > 1 and word.replace("-", "").replace(".", "").isupper())
        out.append(_Word(word, m.start(), end, cap, first, gap))
        prev_end = m.end()
    return out


def headline_lines(text: str) -> list[Span]:
    """Lines written in Title Case (headlines, section titles): their capitals say nothing."""
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        words = re.findall(r"[^\W\d_][\w’'-]*", line)
        long = [w for w in words if len(w) > 3]
        if len(words) >= 4 and long and sum(w[0].isupper() for w in long) / len(long) >= 0.9:
            spans.append((pos, pos + len(line)))
        pos += len(line)
    return spans


# ", the Presidential residence in Seoul": an appositive after a name, up to its head noun (the
# word before a preposition, a relative pronoun or the end of the phrase)
_APPOSITIVE_HEAD = re.compile(
    r",\s+(?:the|a|an)\s+(?:[\w’'.-]+\s+){0,4}?([\w’'-]+)"
    r"(?=\s+(?:in|at|of|on|for|from|with|near|that|which|where|who|built|located)\b|\s*[,.;:()]|\s*$)"
)


def _described_as_a_thing(text: str, end: int) -> bool:
    """Whether the words after a capitalised run say it is a building, place or organisation."""
    m = _APPOSITIVE_HEAD.match(text, end)
    head = m.group(1).lower() if m else ""
    return head in W.ORG_WORDS and head not in W.TITLES


def name_key(name: str) -> str:
    """How two spellings of one name compare: case and hyphens aside ("Lee Jae-Myung" = "Lee Jae Myung")."""
    return re.sub(r"[\s-]+", " ", name).lower()


def find_names(text: str, known: set[str] | frozenset[str] = frozenset()) -> dict[str, list[Span]]:
    """Full name -> spans of its mentions (full or one-word) in `text` (see Fact.mentions)."""
    return {f.text: sorted(set(f.spans) | set(f.mentions)) for f in _name_facts(text, known, find_quotations(text))}


def _name_facts(text: str, known: set[str] | frozenset[str], quoted: list[Span]) -> list[Fact]:
    words = _words(text)
    lower = {w.text.lower() for w in words if not w.cap and w.text.islower()}
    headlines = headline_lines(text)
    full: dict[str, list[Span]] = {}
    spelling: dict[str, str] = {}
    singles: list[tuple[_Word, bool]] = []  # (word, after a title or honorific)

    def common(w: _Word) -> bool:
        low = w.text.lower()
        return low in lower or low in W.FUNCTION_WORDS

    def add(piece: list[_Word]) -> None:
        name = " ".join(w.text for w in piece)
        k = name_key(name)
        spelling.setdefault(k, name)
        full.setdefault(k, []).append((piece[0].start, piece[-1].end))

    i = 0
    while i < len(words):
        if not words[i].cap:
            i += 1
            continue
        run = [words[i]]
        j = i + 1
        while j < len(words) and words[j].cap and words[j].gap == " " and not words[j].first:
            run.append(words[j])
            j += 1
        prev = words[i - 1] if i > 0 else None
        i = j
        in_headline = any(s <= run[0].start < e for s, e in headlines)
        if any(run[0].start - 1 <= s and run[-1].end + 1 >= e for s, e in quoted if s <= run[0].start):
            continue  # a title in quotation marks: “KPop Demon Hunters”
        pieces: list[tuple[list[_Word], bool]] = [([], False)]  # (words, after a title)
        after_title = False
        org_pieces: set[int] = set()  # pieces a following word shows to be an organisation's name
        for w in run:
            low = w.text.lower().rstrip(".")
            if low in W.TITLES or low in W.DEMONYMS or common(w):
                if pieces[-1][0] and low in W.ORG_WORDS and low not in W.TITLES:
                    org_pieces.add(len(pieces) - 1)  # "Chosei Coal Mine", though "mine" is also a common word
                after_title = after_title or low in W.TITLES
                if pieces[-1][0]:
                    pieces.append(([], after_title))
                else:
                    pieces[-1] = ([], after_title)
                continue
            pieces[-1][0].append(w)
        for n, (piece, titled) in enumerate(pieces):
            if not piece or n in org_pieces:
                continue
            parts = [p for w in piece for p in w.text.lower().split("-")]
            if any(p in W.ORG_WORDS or p in W.DATE_WORDS or p in W.PLACES for p in parts):
                continue  # an organisation, building, place or date
            if parts[0] in W.DIRECTIONS:
                continue  # North Gyeongsang, South Africa
            starts_run = n == 0 and piece[0] is run[0]
            if starts_run and prev is not None and not prev.cap and prev.text.lower() in W.PLACE_CUES:
                continue  # "in Hamburg", "at Goldman Sachs"
            if in_headline and not titled:
                continue  # Title Case says nothing; its names are found below, once the body named them
            if 2 <= len(piece) <= 4:
                add(piece)
            elif len(piece) == 1 and not in_headline:
                singles.append((piece[0], titled))
    for name in sorted(known, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            k = name_key(name)
            taken = [sp for spans in full.values() for sp in spans]
            if not any(s <= m.start() < e for s, e in taken):
                spelling.setdefault(k, name)
                full.setdefault(k, []).append(m.span())
    # full names in headlines, now that the body has said which capitalised words are names
    for s, e in headlines:
        for k, name in list(spelling.items()):
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text[s:e]):
                full[k].append((s + m.start(), s + m.end()))
    owners: dict[str, list[str]] = {}
    for k, name in spelling.items():
        tokens = name.split()
        for token in {tokens[0], tokens[-1]}:
            owners.setdefault(token, []).append(k)
    taken = [sp for spans in full.values() for sp in spans]
    short: dict[str, list[Span]] = {}
    surname_only: dict[str, list[Span]] = {}
    for w, titled in singles:
        if any(s <= w.start < e for s, e in taken) or w.text.lower() in W.PLACES or w.text.lower() in W.ORG_WORDS:
            continue
        cands = owners.get(w.text, [])
        if cands:
            best = max(cands, key=lambda k: (len(full[k]), -full[k][0][0]))
            short.setdefault(best, []).append((w.start, w.end))
        elif titled and not common(w):
            surname_only.setdefault(w.text, []).append((w.start, w.end))
    for s, e in headlines:  # one-word mentions in headlines ("Lee, Takaichi aim to ...")
        for w in _words(text[s:e]):
            cands = owners.get(w.text, [])
            if cands and not any(a <= s + w.start < b for a, b in taken):
                best = max(cands, key=lambda k: (len(full[k]), -full[k][0][0]))
                short.setdefault(best, []).append((s + w.start, s + w.end))
    for k in [k for k, spans in full.items() if any(_described_as_a_thing(text, e) for _, e in spans)]:
        del full[k]
    facts = []
    for k, spans in full.items():
        forms = tuple(dict.fromkeys(" ".join(text[a:b].split()) for a, b in sorted(spans)))
        facts.append(
            Fact(
                "name", spelling[k], tuple(sorted(set(spans))), forms, k, mentions=tuple(sorted(set(short.get(k, []))))
            )
        )
    for word, spans in surname_only.items():
        facts.append(Fact("name", word, tuple(sorted(spans)), (word,), word.lower()))
    return facts


# --- all facts of an article -----------------------------------------------------------------


def _group(kind: str, text: str, spans: list[Span], key: Callable[[str], tuple[str, str]]) -> list[Fact]:
    groups: dict[str, list[Span]] = {}
    notes: dict[str, str] = {}
    for span in spans:
        value, note = key(text[span[0] : span[1]])
        groups.setdefault(value or text[span[0] : span[1]].lower(), []).append(span)
        if note:
            notes[value or text[span[0] : span[1]].lower()] = note
    facts = []
    for value, members in groups.items():
        forms = tuple(dict.fromkeys(" ".join(text[a:b].split()) for a, b in members))
        facts.append(Fact(kind, forms[0], tuple(members), forms, value, notes.get(value, "")))
    return facts


def _quote_key(words: str) -> tuple[str, str]:
    return re.sub(r"\W+", " ", words).strip().lower(), ""


def find_facts(seed: Seed, known: set[str] | frozenset[str] = frozenset()) -> list[Fact]:
    """Every candidate fact of the article, in text order of first mention."""
    text = seed.text
    base = article_date(seed)
    quotes = find_quotations(text)
    dates = find_dates(text)
    # the one weekday an article dates fully ("Friday, July 7, 2017") dates its bare mentions too
    weekday_days: dict[str, set[str]] = {}
    for s, e in dates:
        value, _ = resolve_date(text[s:e], base)
        wd = re.search(rf"\b({W.WEEKDAY_NAMES})\b", text[s:e])
        if wd and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            weekday_days.setdefault(wd.group(1).lower(), set()).add(value)

    def date_key(words: str) -> tuple[str, str]:
        value, note = resolve_date(words, base)
        if value in weekday_days and len(weekday_days[value]) == 1:
            return next(iter(weekday_days[value])), note
        return value, note

    facts = _group("quotation", text, quotes, _quote_key)
    facts += _group("date", text, dates, date_key)
    facts += _name_facts(text, known, quotes)
    facts += _group("number", text, find_numbers(text, dates), lambda w: (_number_value(w), ""))
    order = {k: i for i, k in enumerate(("quotation", "date", "name", "number"))}
    return sorted(facts, key=lambda f: (min(f.spans)[0], order[f.kind]))
