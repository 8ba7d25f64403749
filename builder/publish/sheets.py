"""Printable pages for a class: the handout (every card with its citation) and the quiz sheet.

Both are single self-contained HTML files with print CSS (A4/Letter safe margins, no breaks
inside a card, the quiz's answer key starting on a new page), so they print the same from any
browser and from headless Chromium (pdf.py). They are `templates/handout.html` and `quiz.html`
(autoescaped, extending `sheet.html`) with `sheet.css` plus their own CSS; they hold no script.
"""

from __future__ import annotations

from typing import Any

from builder.anki.render import opens_with_quote_mark
from builder.checks.citations import article_words
from builder.core.html import Markup, asset, html_text, render_page
from builder.core.model import Card, Deck, Seed
from builder.core.prompts import answer_text, disagreements, grouped, ordered_cards, question_text
from builder.publish.timeline import timeline_svg

CORE_TAG = "core"  # the cards a teacher assigns first (the class pack's core deck)


def is_core(card: Card) -> bool:
    return CORE_TAG in (t.lower() for t in card.tags)


def _source_facts(seed: Seed) -> Markup:
    """Outlet · "headline" · by authors · date: only what the article states (nothing "not stated")."""
    facts = [
        seed.stated("outlet") if seed.stated("outlet") and seed.stated("outlet") != seed.name else "",
        Markup("“{}”").format(seed.headline) if seed.stated("headline") else "",
        Markup("by {}").format(seed.authors) if seed.stated("authors") else "",
        seed.stated("date"),
    ]
    return Markup(" · ").join(f for f in facts if f)


def articles(deck: Deck) -> list[dict[str, Any]]:
    """The articles the cards cite, explained once at the top: the name cards and citations use
    (its label, else its outlet), what it is (its description), and what it states of itself."""
    cited = {s.seed for c in deck.cards for s in c.sources}
    return [
        {"alias": seed.alias, "name": seed.name, "description": seed.description, "facts": _source_facts(seed)}
        for seed in deck.seeds
        if seed.alias in cited
    ]


def cite_short(quote: str, seed: Seed) -> Markup:
    """The quoted words as the article printed them, then the article's name only: the articles'
    outlets, headlines and dates are explained once, at the top of the page."""
    words = article_words(quote, seed)
    q_open = Markup('<q style="quotes:none">' if opens_with_quote_mark(words) else "<q>")
    return Markup('<div class="cite">{}{}</q> <span class="src">— {}</span></div>').format(
        q_open, html_text(words), seed.name
    )


def _card(card: Card, number: int = 0, deck: Deck | None = None) -> dict[str, Any]:
    """A card's texts for a template: already-escaped HTML (line breaks kept as <br>)."""
    return {
        "id": card.id,
        "kind": card.kind,
        "number": number,
        "question": html_text(question_text(card)),
        "answer": html_text(answer_text(card)),
        "context": html_text(card.get("context")),
        "note": html_text(card.get("note")),
        "core": is_core(card),
        "citations": Markup("").join(cite_short(s.quote, deck.seed(s.seed)) for s in card.sources) if deck else "",
    }


def handout_html(deck: Deck) -> str:
    """Every card's question and answer with its citations: the articles explained once at the top,
    a timeline of the dated events, the cards by kind and article, then every disagreement."""
    numbers = {card.id: i + 1 for i, card in enumerate(ordered_cards(deck))}
    groups = [
        {
            "kind": kind,
            "heading": heading,
            "articles": [
                {"heading": seed.name, "cards": [_card(c, numbers[c.id], deck) for c in cards]}
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
        articles=articles(deck),
        timeline=timeline_svg(deck),
        groups=groups,
        disagreements=[_card(c, numbers[c.id], deck) for c in disagreements(deck)],
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
