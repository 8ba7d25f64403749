"""Printable pages for a class: the handout (every card with its citation) and the quiz sheet.

Both are single self-contained HTML files with print CSS (A4/Letter safe margins, no breaks
inside a card, the quiz's answer key starting on a new page), so they print the same from any
browser and from headless Chromium (pdf.py). They are `templates/handout.html` and `quiz.html`
(autoescaped, extending `sheet.html`) with `sheet.css` plus their own CSS; they hold no script.
"""

from __future__ import annotations

from typing import Any

from builder.anki.render import cite_html
from builder.core.html import Markup, asset, html_text, render_page
from builder.core.model import Card, Deck, Seed
from builder.core.prompts import answer_text, grouped, ordered_cards, question_text


def _seed_heading(seed: Seed) -> Markup:
    """What a student recognises: outlet, headline and byline; the article's label, which some card
    questions use ("the student article"), only as a small note after them."""
    outlet = seed.outlet if seed.stated("outlet") else "Outlet not stated"
    title = Markup("“{}”").format(seed.headline) if seed.stated("headline") else "headline not stated"
    byline = Markup(" · by {}").format(seed.authors) if seed.stated("authors") else ""
    return Markup('{} — {}{} <span class="alias">(article label: {})</span>').format(outlet, title, byline, seed.alias)


def _source_facts(seed: Seed) -> Markup:
    facts = [
        Markup("<b>{}</b>").format(seed.outlet if seed.stated("outlet") else "Outlet not stated"),
        Markup("“{}”").format(seed.headline) if seed.stated("headline") else "headline not stated",
        Markup("by {}").format(seed.authors) if seed.stated("authors") else "author not stated",
        seed.date if seed.stated("date") else "date not stated",
    ]
    return Markup(" · ").join(facts)


def _card(card: Card, number: int = 0, deck: Deck | None = None) -> dict[str, Any]:
    """A card's texts for a template: already-escaped HTML (line breaks kept as <br>)."""
    return {
        "id": card.id,
        "number": number,
        "question": html_text(question_text(card)),
        "answer": html_text(answer_text(card)),
        "context": html_text(card.get("context")),
        "note": html_text(card.get("note")),
        "citations": Markup("").join(cite_html(s.quote, deck.seed(s.seed)) for s in card.sources) if deck else "",
    }


def handout_html(deck: Deck) -> str:
    """Every card's question and answer, grouped by kind and by article, each with its citations."""
    numbers = {card.id: i + 1 for i, card in enumerate(ordered_cards(deck))}
    groups = [
        {
            "kind": kind,
            "heading": heading,
            "articles": [
                {"heading": _seed_heading(seed), "cards": [_card(c, numbers[c.id], deck) for c in cards]}
                for seed, cards in by_seed
            ],
        }
        for kind, heading, by_seed in grouped(deck)
    ]
    return render_page(
        "handout.html",
        title=f"{deck.info.name} — handout",
        css=Markup(asset("sheet.css") + asset("handout.css")),
        deck={
            "name": deck.info.name,
            "description": deck.info.description,
            "cards": len(deck.cards),
            "articles": len({s.seed for c in deck.cards for s in c.sources}),
        },
        groups=groups,
        sources=[{"alias": seed.alias, "facts": _source_facts(seed)} for seed in deck.seeds],
    )


def quiz_html(deck: Deck) -> str:
    """Numbered questions; the answer key, same numbers, starts on a new printed page."""
    return render_page(
        "quiz.html",
        title=f"{deck.info.name} — quiz",
        css=Markup(asset("sheet.css") + asset("quiz.css")),
        deck_name=deck.info.name,
        cards=[_card(card) for card in ordered_cards(deck)],
    )
