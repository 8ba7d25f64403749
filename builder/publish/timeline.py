"""A timeline of the dated events, as a picture (SVG): drawn from the date cards and their citations.

One row per date, oldest first; each event is told in the article's own words (the citation that
states the date) with the article's name, so two articles that date one event differently show
as two rows (a disagreement card on a date gives a row per version) ("January 12 — student article", "January 13 — preview article"). A date card whose
answer states no month or year ("The following day", "Last year") is left out: it has no place on
the line. A month and day without a year is taken to be in the articles' own year, after every
event whose year is written out, and "the year before" moves it one year back.

The picture is `templates/timeline.svg`, rendered with autoescaping like every page (card text
in it is text, never markup). The handout, the preview page and the Markdown sheet embed it.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from builder.checks.citations import article_words
from builder.core.html import Markup, render_page
from builder.core.model import Card, Deck
from builder.core.prompts import is_disagreement

_MONTHS = [
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
]
_MONTH = re.compile(
    r"\b(?:(early|mid|late)[- ]?)?(jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|"
    r"aug(?:ust|\.)?|sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)(?![a-z])"
    r"(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b)?",
    re.I,
)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_CENTURY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th) century\b", re.I)
_YEAR_BEFORE = re.compile(r"\b(?:the year before|the previous year|last year|a year earlier)\b", re.I)
_PART = {"early": 5, "mid": 15, "late": 25}

WIDTH = 760
DATE_X = 150  # right edge of the date labels
AXIS_X = 166
TEXT_X = 184
LINE = 17  # px per line of text
GAP = 12  # px between rows
WRAP = 78  # characters per line of an event


@dataclass(frozen=True)
class When:
    """A place on the line: (year known?, year or offset from the articles' year, month, day)."""

    label: str  # the date as the card states it ("January 5", "2019", "Late October")
    key: tuple[int, int, int, int]


def when(answer: str) -> When | None:
    """The date a date card's answer states, or None when it states no month, year or century."""
    main = re.sub(r"\([^)]*\)", " ", answer)
    month = _MONTH.search(main)
    year = _YEAR.search(main)
    century = _CENTURY.search(main)
    if not (month or year or century):
        return None
    if month and month.group(2).lower() == "may" and not (month.group(1) or month.group(3) or year):
        month = None  # "may" is a verb far more often than a month: only with a day, a year or "early"
        if not (year or century):
            return None
    label_parts = []
    if month:
        label_parts.append(month.group(0).strip())
    if year and (not month or year.start() > month.start()):
        label_parts.append(year.group(1))
    label = " ".join(label_parts) or (century.group(0) if century else "")
    label = label[:1].upper() + label[1:]
    m = _MONTHS.index(next(n for n in _MONTHS if n.startswith(month.group(2).lower()[:3]))) + 1 if month else 0
    day = (
        int(month.group(3))
        if month and month.group(3)
        else (_PART.get((month.group(1) or "").lower(), 0) if month else 0)
    )
    if year:
        return When(label, (0, int(year.group(1)), m, day))
    if century and not month:
        return When(label, (0, (int(century.group(1)) - 1) * 100, 0, 0))
    offset = -1 if _YEAR_BEFORE.search(answer) else 0
    return When(label, (1, offset, m, day))


@dataclass(frozen=True)
class Event:
    when: When
    text: str  # the citation's words
    source: str  # the article's name
    card: Card


def events(deck: Deck) -> list[Event]:
    """Every dated event of the deck's date cards, oldest first (cards in file order on one date);
    a disagreement card on a date (tag `discrepancy`, its answer stating one) adds each of its
    citations that states a date: every version of the date, with its article."""
    out = []
    for card in deck.cards:
        if is_disagreement(card) and when(card.get("answer")) is not None:
            for src in card.sources:
                placed = when(src.quote)
                if placed is not None:
                    seed = deck.seed(src.seed)
                    out.append(Event(placed, article_words(src.quote, seed), seed.name, card))
            continue
        if card.kind != "date":
            continue
        placed = when(card.get("answer"))
        if placed is None:
            continue
        src = card.sources[0]
        seed = deck.seed(src.seed)
        out.append(Event(placed, article_words(src.quote, seed), seed.name, card))
    return _distinct(sorted(_placed(out), key=lambda e: e.when.key))


def _distinct(found: list[Event]) -> list[Event]:
    """One event per date and article for the same words: where two cards cite one passage (one
    citation holding the other), the longer citation is kept."""
    kept: list[Event] = []
    for e in found:
        same = next(
            (
                i
                for i, k in enumerate(kept)
                if k.when.key == e.when.key and k.source == e.source and (k.text in e.text or e.text in k.text)
            ),
            None,
        )
        if same is None:
            kept.append(e)
        elif len(e.text) > len(kept[same].text):
            kept[same] = e
    return kept


def _placed(found: list[Event]) -> list[Event]:
    """Months without a year, put in the year nearest the articles' own time: the latest month
    and day without a year ("January 13"). From January, "October" is three months back, last
    year; "February" is next month. An answer that says "the year before" keeps its year."""
    dated = [e.when.key for e in found if e.when.key[0] == 1 and e.when.key[1] == 0 and e.when.key[3]]
    if not dated:
        return found
    present = max(dated)[2]
    out = []
    for e in found:
        known, offset, month, day = e.when.key
        if known == 1 and offset == 0 and month and abs(month - present) > 6:
            nearest = -1 if month > present else 1
            e = Event(When(e.when.label, (1, nearest, month, day)), e.text, e.source, e.card)
        out.append(e)
    return out


def _lines(text: str, width: int = WRAP) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=False) or [""]


def timeline_svg(deck: Deck) -> Markup:
    """The timeline picture (an <svg> element), or an empty Markup when no date card has a date."""
    found = events(deck)
    if not found:
        return Markup("")
    rows = []
    y = 28
    by_date: dict[tuple[int, int, int, int], list[Event]] = {}
    for event in found:
        by_date.setdefault(event.when.key, []).append(event)
    for group in by_date.values():
        row_y = y
        items = []
        for event in group:
            lines = _lines(f"“{event.text}”")
            items.append(
                {
                    "lines": [{"y": y + i * LINE, "text": t} for i, t in enumerate(lines)],
                    "source": event.source,
                    "source_y": y + len(lines) * LINE,
                }
            )
            y += (len(lines) + 1) * LINE
        labels = list(dict.fromkeys(e.when.label for e in group))
        rows.append(
            {"y": row_y, "labels": [{"y": row_y + i * LINE, "text": t} for i, t in enumerate(labels)], "events": items}
        )
        y += GAP
    height = y + 4
    text = render_page(
        "timeline.svg",
        width=WIDTH,
        height=height,
        date_x=DATE_X,
        axis_x=AXIS_X,
        text_x=TEXT_X,
        axis_top=14,
        axis_bottom=height - 10,
        rows=rows,
        title=f"Timeline of the dated events in {deck.info.name}",
    )
    # no blank line inside: Markdown ends an HTML block at the first one
    return Markup("\n".join(line for line in text.splitlines() if line.strip()))
