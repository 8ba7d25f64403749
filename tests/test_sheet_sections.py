"""The handout, the quiz and the Markdown sheet: the articles explained once at the top, a timeline
of the dated events (SVG, read back with an XML parser), and every disagreement card in its own
section. Pages in Chromium are in test_pages_chromium.py."""

import re
import xml.etree.ElementTree as ET

import pytest

from builder.core.model import Project
from builder.engine.pipeline import load_project
from builder.publish.export import to_markdown
from builder.publish.sheets import handout_html, quiz_html
from builder.publish.timeline import events, timeline_svg, when

SVG = "{http://www.w3.org/2000/svg}"

DISAGREEMENT = """
  - id: disc-nara-day
    kind: qa
    question: On what day did Lee meet Takaichi? (The articles differ.)
    answer: "Test Gazette: Tuesday, January 13; the other article: no day"
    sources:
      - seed: mini
        quote: in Nara on Tuesday, January 13
      - seed: other
        quote: Lee met with China’s Xi Jinping in Beijing
    tags: [discrepancy, nara-summit]

  - id: beijing-date
    kind: date
    question: On what date did Lee meet Xi in Beijing?
    answer: January 5
    sources:
      - seed: other
        quote: Lee met with China’s Xi Jinping in Beijing on January 5th
    tags: [beijing-summit]

  - id: relative-date
    kind: date
    question: When did the delegation travel, relative to the Beijing summit?
    answer: Before the summit
    sources:
      - seed: other
        quote: He brought a delegation
    tags: [beijing-summit]
"""


@pytest.fixture
def deck(sharing):
    cards = sharing / "cards" / "cards.yaml"
    cards.write_text(cards.read_text(encoding="utf-8") + DISAGREEMENT, encoding="utf-8")
    loaded = load_project(Project(sharing))
    assert loaded.deck is not None, loaded.diagnostics
    return loaded.deck


def _svg(text: str) -> ET.Element:
    """The first <svg> element in a page, parsed by an XML parser (it must be well-formed XML)."""
    match = re.search(r"<svg\b.*?</svg>", text, re.S)
    assert match, "no <svg> in the page"
    return ET.fromstring(match.group())


def _events(svg: ET.Element) -> list[tuple[str, str]]:
    """(date label, event words) per row of the timeline, top to bottom."""
    rows = []
    for g in svg.iter(f"{SVG}g"):
        labels = [t.text for t in g.iter(f"{SVG}text") if t.get("class") == "date"]
        words = " ".join(t.text or "" for t in g.iter(f"{SVG}text") if t.get("class") == "words")
        rows.append((" ".join(labels), words))
    return rows


@pytest.mark.parametrize(
    "answer, label",
    [
        ("January 5", "January 5"),
        ("Tuesday, January 13", "January 13"),
        ("2019", "2019"),
        ("Late October (the year before the Nara summit)", "Late October"),
        ("Jan. 6 (the day after)", "Jan. 6"),
        ("The 7th century", "7th century"),
    ],
)
def test_a_date_answer_has_a_place_on_the_timeline(answer, label):
    placed = when(answer)
    assert placed is not None and placed.label == label


@pytest.mark.parametrize("answer", ["The following day", "Last year", "Tuesday", "About a week", "It may rain"])
def test_an_answer_without_month_or_year_has_no_place(answer):
    assert when(answer) is None


def test_timeline_orders_the_dated_events_and_leaves_relative_ones_out(deck):
    svg = _svg(str(timeline_svg(deck)))
    assert svg.tag == f"{SVG}svg" and svg.find(f"{SVG}title") is not None
    rows = _events(svg)
    assert [label for label, _ in rows] == ["January", "January 5", "January 13"]
    assert "on January 5th" in rows[1][1] and "Tuesday, January 13" in rows[2][1]
    assert "relative-date" not in {e.card.id for e in events(deck)}


def test_timeline_puts_a_month_of_last_year_before_this_januarys_dates():
    from builder.publish.timeline import _placed

    late = when("Late October (the year before)")
    assert late is not None and when("January 13") is not None
    assert late.key < when("January 13").key  # "the year before": one year back
    assert when("November") is not None and when("November").key > when("January 13").key  # as written
    from builder.publish.timeline import Event

    found = [Event(when(a), a, "x", None) for a in ("November", "January 13", "February")]  # type: ignore[arg-type]
    assert [e.text for e in sorted(_placed(found), key=lambda e: e.when.key)] == ["November", "January 13", "February"]


def test_timeline_card_text_is_text_not_markup(sharing):
    cards = sharing / "cards" / "cards.yaml"
    cards.write_text(
        cards.read_text(encoding="utf-8")
        + "\n  - id: hostile-date\n    kind: date\n    question: When <b>?\n    answer: January 5 <script>x</script>\n"
        "    sources:\n      - seed: other\n        quote: Lee met with China’s Xi Jinping in Beijing on January 5th\n"
        "    tags: [x]\n",
        encoding="utf-8",
    )
    deck = load_project(Project(sharing)).deck
    assert deck is not None
    svg = str(timeline_svg(deck))
    assert "<script>" not in svg
    ET.fromstring(svg)


def test_a_deck_without_dated_events_has_no_timeline(sharing_deck):
    from dataclasses import replace

    undated = replace(sharing_deck, cards=tuple(c for c in sharing_deck.cards if c.kind != "date"))
    assert str(timeline_svg(undated)) == ""
    assert "<svg" not in handout_html(undated)


def test_handout_gathers_the_disagreements_in_their_own_section(deck):
    page = handout_html(deck)
    section = page[page.index('<h2 id="disagreements">') :]
    assert "Where the reports disagree" in section and 'id="card-disc-nara-day"' in section
    before = page[: page.index('<h2 id="disagreements">')]
    assert 'id="card-disc-nara-day"' not in before  # not filed under its first article too
    # each version with its article's words and name
    card = section[section.index('id="card-disc-nara-day"') :]
    assert "in Nara on Tuesday, January 13" in card and 'class="label">Test Gazette<' in card


def test_quiz_numbers_are_the_handouts(deck):
    handout, quiz = handout_html(deck), quiz_html(deck)
    number = re.search(r'id="card-disc-nara-day"[^>]*><div class="question"><span class="num">#(\d+)', handout)
    assert number and f"{number.group(1)}." in quiz
    assert int(number.group(1)) == len(deck.cards)  # the disagreements come last on both


def test_articles_are_explained_once_at_the_top(deck):
    page = handout_html(deck)
    top = page[: page.index('<h2 id="kind-')]
    assert "The articles" in top and "Test Gazette" in top and "by A. Writer" in top
    assert page.count("Lee meets Takaichi in Nara") == 1  # the headline once, not under every card
    assert "not stated" not in page
    assert 'class="label">Test Gazette</span>' in page  # a citation names its article


def test_handout_shows_the_timeline(deck):
    svg = _svg(handout_html(deck))
    assert [label for label, _ in _events(svg)] == ["January", "January 5", "January 13"]


def test_markdown_sheet_has_the_articles_timeline_and_disagreements(deck):
    text = to_markdown(deck)
    assert text.index("## The articles") < text.index("## Timeline") < text.index("## Dates")
    assert text.index("## Dates") < text.index("## Where the reports disagree")
    block = text[text.index("<svg") : text.index("</svg>") + len("</svg>")]
    assert "\n\n" not in block  # one HTML block for Markdown: no blank line inside
    assert [label for label, _ in _events(ET.fromstring(block))] == ["January", "January 5", "January 13"]
    assert text.count("Lee meets Takaichi in Nara") == 1 and "not stated" not in text


def test_preview_shows_the_timeline(deck):
    from builder.publish.preview import preview_html

    svg = _svg(preview_html(deck))
    assert [label for label, _ in _events(svg)] == ["January", "January 5", "January 13"]


def test_a_disagreement_on_a_date_puts_each_version_on_the_timeline(deck):
    """disc-nara-day cites 'on Tuesday, January 13' (Test Gazette): its versions are events too;
    nara-date cites the same words: one row, one event."""
    found = [(e.when.label, e.source) for e in events(deck)]
    assert ("January 13", "Test Gazette") in found
    assert found.count(("January 13", "Test Gazette")) == 1
