"""Printable pages for a class: the handout (every card with its citation) and the quiz sheet.

Both are single self-contained HTML files with print CSS (A4/Letter safe margins, no breaks
inside a card, the quiz's answer key starting on a new page), so they print the same from any
browser and from headless Chromium (pdf.py). They are `templates/handout.html` and `quiz.html`
(autoescaped, extending `sheet.html`) with `sheet.css` plus their own CSS; they hold no script.
"""

from __future__ import annotations

from typing import Any

from builder.anki.render import citation_html
from builder.core.html import Markup, asset, html_text, render_page
from builder.core.model import Card, Deck, Seed
from builder.core.prompts import answer_text, grouped, ordered_cards, question_text, source_parts
from builder.core.typography import typographic


def _seed_heading(seed: Seed) -> Markup:
    """The article as every card names it: its source line (label, headline, authors, date as known)."""
    return Markup(" · ").join(html_text(part) for part in source_parts(seed))


def _source_entry(seed: Seed) -> dict[str, Any]:
    """An article in the handout's list of sources: its source line, then what it is (description)."""
    return {
        "alias": seed.alias,
        "label": seed.name,
        "facts": _seed_heading(seed),
        "description": html_text(typographic(seed.description.strip())),
    }


def _card(card: Card, number: int = 0, deck: Deck | None = None) -> dict[str, Any]:
    """A card's texts for a template: already-escaped HTML (line breaks kept as <br>)."""
    return {
        "id": card.id,
        "number": number,
        "question": html_text(question_text(card)),
        "answer": html_text(answer_text(card)),
        "context": html_text(typographic(card.get("context"))),
        "note": html_text(typographic(card.get("note"))),
        "citations": citation_html(card.sources, deck, unfolded=True) if deck else "",
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
            "description": typographic(deck.info.description),
            "cards": len(deck.cards),
            "articles": len({s.seed for c in deck.cards for s in c.sources}),
        },
        groups=groups,
        sources=[_source_entry(seed) for seed in deck.seeds],
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
