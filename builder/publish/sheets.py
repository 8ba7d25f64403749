"""Printable pages for a class: the handout (every card with its citation) and the quiz sheet.

Both are single self-contained HTML files with print CSS (A4/Letter safe margins, no breaks
inside a card, the quiz's answer key starting on a new page), so they print the same from any
browser and from headless Chromium (pdf.py). They are `templates/handout.html` and `quiz.html`
(autoescaped, extending `sheet.html`) with `sheet.css` plus their own CSS; they hold no script.
"""

from __future__ import annotations

from typing import Any

from builder.anki.render import citation_groups, opens_with_quote_mark
from builder.core.html import Markup, asset, html_text, render_page
from builder.core.model import Card, Deck, Seed, Source
from builder.core.prompts import answer_text, disagreements, grouped, ordered_cards, question_text, source_parts
from builder.core.typography import typographic
from builder.publish.timeline import timeline_svg

CORE_TAG = "core"  # the cards a teacher assigns first (the class pack's core deck)


def is_core(card: Card) -> bool:
    return CORE_TAG in (t.lower() for t in card.tags)


def _source_facts(seed: Seed) -> Markup:
    """ "headline" · by authors · date: what the article states of itself, after its name
    (prompts.source_parts: nothing "not stated")."""
    return Markup(" · ").join(html_text(part) for part in source_parts(seed)[1:])


def articles(deck: Deck) -> list[dict[str, Any]]:
    """The articles the cards cite, explained once at the top: the name cards and citations use
    (its label, else its outlet), what it is (its description), and what it states of itself."""
    cited = {s.seed for c in deck.cards for s in c.sources}
    return [
        {
            "alias": seed.alias,
            "name": source_parts(seed)[0],
            "description": html_text(typographic(seed.description.strip())),
            "facts": _source_facts(seed),
        }
        for seed in deck.seeds
        if seed.alias in cited
    ]


def _quote(words: str) -> Markup:
    q_open = Markup('<q style="quotes:none">' if opens_with_quote_mark(words) else "<q>")
    return Markup('<div class="words">{}{}</q></div>').format(q_open, html_text(words))


def cite_short(sources: tuple[Source, ...], deck: Deck) -> Markup:
    """A card's citations on paper: each article's quoted words as it printed them, then only its
    name (one line per article, as on the cards): headlines, authors and dates are explained once,
    at the top of the page."""
    return Markup("").join(
        Markup('<div class="cite">{}<div class="src">— <span class="label">{}</span></div></div>').format(
            Markup("").join(_quote(q) for q in quotes), source_parts(seed)[0]
        )
        for seed, quotes in citation_groups(sources, deck)
    )


def _card(card: Card, number: int = 0, deck: Deck | None = None) -> dict[str, Any]:
    """A card's texts for a template: already-escaped HTML (line breaks kept as <br>)."""
    return {
        "id": card.id,
        "kind": card.kind,
        "number": number,
        "question": html_text(question_text(card)),
        "answer": html_text(answer_text(card)),
        "context": html_text(typographic(card.get("context"))),
        "note": html_text(typographic(card.get("note"))),
        "core": is_core(card),
        "citations": cite_short(card.sources, deck) if deck else "",
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
                {"heading": source_parts(seed)[0], "cards": [_card(c, numbers[c.id], deck) for c in cards]}
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
