"""Card → the escaped HTML field values of its note type, plus tags and identity inputs.

All author text is HTML-escaped here, once: templates insert fields verbatim, so a card that
contains `<script>` shows those characters in Anki and in every page we generate.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from builder.anki.notetypes import NOTE_TYPES
from builder.checks.citations import article_words
from builder.core.html import Markup, html_text
from builder.core.model import SUBDECK_NAMES, Card, Deck, Seed

DEFAULT_MOD = 1767225600  # 2026-01-01T00:00:00Z: modification time of a card with no lock entry


@dataclass(frozen=True)
class RenderedNote:
    card_id: str
    kind: str
    notetype_id: int
    fields: tuple  # HTML strings in the note type's field order
    tags: tuple
    subdeck: str  # full Anki deck name, e.g. "My deck::Dates"
    mod: int


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_escape(text: str) -> str:
    """Card text inside Markdown: markup shows as text (`<` `>` `&` as entities, Markdown's own
    characters backslashed), while quotes and apostrophes stay readable in a plain-text viewer."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).replace("\n", "<br>")


# Marks that open a quotation. Words that start with one carry the article's own quotation marks,
# so <q> must not add its automatic “ ” around them (the student saw ““He's …”).
_OPENING_MARKS = '"“„«‘‚‹'


def opens_with_quote_mark(words: str) -> bool:
    """Whether the cited words bring their own opening mark (then we add none)."""
    return words.lstrip().startswith(tuple(_OPENING_MARKS))


def cite_html(quote: str, seed: Seed) -> Markup:
    """The quoted words as the article printed them, then the article's outlet, headline and date."""
    words = article_words(quote, seed)
    q_open = Markup('<q style="quotes:none">' if opens_with_quote_mark(words) else "<q>")
    return Markup('<div class="cite">{}{}</q><div class="src">— {}</div></div>').format(
        q_open, html_text(words), _source_line(seed)
    )


@lru_cache(maxsize=4096)
def _source_line(seed: Seed) -> Markup:
    """Outlet · headline · authors · date of a seed, escaped (once per seed, not per citation)."""
    outlet = seed.stated("outlet") or "Outlet not stated"
    parts = [Markup('<span class="outlet">{}</span>').format(html_text(outlet))]
    parts.append(
        Markup("“{}”").format(html_text(seed.headline)) if seed.stated("headline") else Markup("headline not stated")
    )
    if seed.stated("authors"):
        parts.append(Markup("by {}").format(html_text(seed.authors)))
    parts.append(html_text(seed.date) if seed.stated("date") else Markup("date not stated"))
    return Markup(" · ").join(parts)


def tags_for(card: Card) -> tuple:
    """Author tags plus the automatic hierarchical ones: kind::date, source::wapo."""
    auto = [f"kind::{card.kind}"] + [f"source::{s}" for s in dict.fromkeys(src.seed for src in card.sources)]
    return tuple(dict.fromkeys(auto + list(card.tags)))


def render_card(card: Card, deck: Deck, mod: int) -> RenderedNote:
    nt = NOTE_TYPES[card.kind]
    kind_values = [html_text(card.get(key)) for key in nt.keys]
    citation = "".join(cite_html(src.quote, deck.seed(src.seed)) for src in card.sources)
    sources = ", ".join(dict.fromkeys(src.seed for src in card.sources))
    common = [
        html_text(card.get("context")),
        html_text(card.get("note")),
        citation,
        html_text(sources),
        html_text(card.id),
        "",
    ]
    return RenderedNote(
        card_id=card.id,
        kind=card.kind,
        notetype_id=nt.id,
        fields=tuple(kind_values + common),
        tags=tags_for(card),
        subdeck=f"{deck.info.name}::{SUBDECK_NAMES[card.kind]}",
        mod=mod,
    )


def render_deck(deck: Deck) -> tuple:
    mods = dict(deck.timestamps)
    return tuple(render_card(card, deck, mods.get(card.id, DEFAULT_MOD)) for card in deck.cards)
