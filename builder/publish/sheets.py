"""Printable pages for a class: the handout (every card with its citation) and the quiz sheet.

Both are single self-contained HTML files with print CSS (A4/Letter safe margins, no breaks
inside a card, the quiz's answer key starting on a new page), so they print the same from any
browser and from headless Chromium (pdf.py). Every piece of card text goes through
render.escape; the pages hold no script at all.
"""

from __future__ import annotations

from builder.anki.render import cite_html, escape
from builder.core.model import Deck
from builder.core.prompts import answer_text, grouped, ordered_cards, question_text

_BASE_CSS = """\
:root { --ink:#1d2330; --muted:#5d6575; --accent:#2f5fb3; --rule:#d9dde5; }
* { box-sizing: border-box; }
body { font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK KR", "Noto Sans CJK JP",
  "Apple SD Gothic Neo", "Hiragino Sans", sans-serif; color: var(--ink); line-height: 1.4;
  max-width: 48em; margin: 0 auto; padding: 1.5em; font-size: 11pt; overflow-wrap: anywhere; }
h1 { font-size: 1.6em; margin: 0 0 .2em; }
h2 { font-size: 1.25em; margin: 1.4em 0 .4em; border-bottom: 2px solid var(--accent); padding-bottom: .15em; }
h3 { font-size: 1em; margin: 1em 0 .4em; color: var(--muted); }
.lede { color: var(--muted); margin: 0 0 1em; }
.num { font-weight: 700; color: var(--accent); margin-right: .35em; }
@page { margin: 16mm 14mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 10.5pt; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""

_HANDOUT_CSS = (
    _BASE_CSS
    + """\
.entry { border: 1px solid var(--rule); border-radius: 6px; padding: .55em .75em; margin: 0 0 .6em;
  break-inside: avoid; }
.question { font-weight: 600; }
.context { color: var(--muted); font-size: .9em; }
.answer { margin-top: .25em; }
.answer b { color: var(--accent); }
.note { font-size: .9em; margin-top: .25em; }
.cite { font-size: .85em; color: var(--muted); margin-top: .35em; }
.cite q { color: var(--ink); font-style: italic; }
.cite .outlet { font-weight: 600; }
.sources li { margin-bottom: .4em; }
h3 .alias { font-weight: 400; font-size: .85em; }
"""
)

_QUIZ_CSS = (
    _BASE_CSS
    + """\
ol { padding-left: 2.2em; }
li { margin: 0 0 .9em; break-inside: avoid; }
.quiz li::after { content: ""; display: block; border-bottom: 1px dotted var(--rule); height: 1.6em; }
.context { color: var(--muted); font-size: .9em; }
.answer-key { break-before: page; }
.answer-key li { margin-bottom: .35em; }
.name-line { margin: 0 0 1.2em; }
"""
)


def _page(title: str, css: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>\n{css}</style></head>\n<body>\n{body}</body></html>\n"
    )


def _seed_heading(seed) -> str:
    """What a student recognises: outlet, headline and byline; the article's label, which some card
    questions use ("the student article"), only as a small note after them."""
    outlet = seed.outlet if seed.outlet.lower() != "unknown" else "Outlet not stated"
    title = f"“{escape(seed.headline)}”" if seed.headline.lower() != "unknown" else "headline not stated"
    byline = f" · by {escape(seed.authors)}" if seed.authors.lower() != "unknown" else ""
    return f'{escape(outlet)} — {title}{byline} <span class="alias">(article label: {escape(seed.alias)})</span>'


def _sources_list(deck: Deck) -> str:
    items = []
    for seed in deck.seeds:
        facts = [
            f"<b>{escape(seed.outlet if seed.outlet.lower() != 'unknown' else 'Outlet not stated')}</b>",
            f"“{escape(seed.headline)}”" if seed.headline.lower() != "unknown" else "headline not stated",
            f"by {escape(seed.authors)}" if seed.authors.lower() != "unknown" else "author not stated",
            escape(seed.date) if seed.date.lower() != "unknown" else "date not stated",
        ]
        items.append(
            f'<li id="source-{escape(seed.alias)}"><code>{escape(seed.alias)}</code>: ' + " · ".join(facts) + "</li>"
        )
    return '<h2 id="sources">Sources</h2>\n<ul class="sources">\n' + "\n".join(items) + "\n</ul>\n"


def handout_html(deck: Deck) -> str:
    """Every card's question and answer, grouped by kind and by article, each with its citations."""
    n = 0
    parts = [
        f"<h1>{escape(deck.info.name)}</h1>\n",
        f'<p class="lede">{escape(deck.info.description)}<br>{len(deck.cards)} cards from '
        f"{len({s.seed for c in deck.cards for s in c.sources})} articles. Every answer cites the "
        "article's own words.</p>\n",
    ]
    for kind, heading, by_seed in grouped(deck):
        parts.append(f'<h2 id="kind-{kind}">{escape(heading)}</h2>\n')
        for seed, cards in by_seed:
            parts.append(f"<h3>{_seed_heading(seed)}</h3>\n")
            for card in cards:
                n += 1
                context = f'<div class="context">{escape(card.get("context"))}</div>' if card.get("context") else ""
                note = f'<div class="note">{escape(card.get("note"))}</div>' if card.get("note") else ""
                cites = "".join(cite_html(s.quote, deck.seed(s.seed)) for s in card.sources)
                parts.append(
                    f'<section class="entry" id="card-{escape(card.id)}" data-kind="{kind}">'
                    f'<div class="question"><span class="num">#{n}</span>{escape(question_text(card))}</div>'
                    f'{context}<div class="answer">Answer: <b>{escape(answer_text(card))}</b></div>{note}'
                    f"{cites}</section>\n"
                )
    parts.append(_sources_list(deck))
    return _page(f"{deck.info.name} — handout", _HANDOUT_CSS, "".join(parts))


def quiz_html(deck: Deck) -> str:
    """Numbered questions; the answer key, same numbers, starts on a new printed page."""
    cards = ordered_cards(deck)
    questions = []
    for card in cards:
        context = f'<div class="context">{escape(card.get("context"))}</div>' if card.get("context") else ""
        questions.append(f'<li id="q-{escape(card.id)}">{escape(question_text(card))}{context}</li>')
    answers = [f'<li id="a-{escape(card.id)}">{escape(answer_text(card))}</li>' for card in cards]
    body = (
        f"<h1>Quiz: {escape(deck.info.name)}</h1>\n"
        '<p class="name-line">Name: ______________________ &nbsp; Date: ____________</p>\n'
        f'<ol class="quiz">\n' + "\n".join(questions) + "\n</ol>\n"
        '<section class="answer-key">\n<h1>Answer key</h1>\n<ol>\n' + "\n".join(answers) + "\n</ol>\n</section>\n"
    )
    return _page(f"{deck.info.name} — quiz", _QUIZ_CSS, body)
