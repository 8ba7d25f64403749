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


def escape(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_escape(text: str) -> str:
    """Card text inside Markdown: markup shows as text (`<` `>` `&` as entities, Markdown's own
    characters backslashed), while quotes and apostrophes stay readable in a plain-text viewer."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).replace("\n", "<br>")


def _unknown(value: str) -> bool:
    return value.strip().lower() in ("", "unknown")


# Marks that open a quotation. Words that start with one carry the article's own quotation marks,
# so <q> must not add its automatic “ ” around them (the student saw ““He's …”).
_OPENING_MARKS = '"“„«‘‚‹'


def opens_with_quote_mark(words: str) -> bool:
    """Whether the cited words bring their own opening mark (then we add none)."""
    return words.lstrip().startswith(tuple(_OPENING_MARKS))


def cite_html(quote: str, seed: Seed) -> str:
    """The quoted words as the article printed them, then the article's outlet, headline and date."""
    words = article_words(quote, seed)
    q_open = '<q style="quotes:none">' if opens_with_quote_mark(words) else "<q>"
    return f'<div class="cite">{q_open}{escape(words)}</q><div class="src">— {_source_line(seed)}</div></div>'


@lru_cache(maxsize=4096)
def _source_line(seed: Seed) -> str:
    """Outlet · headline · authors · date of a seed, escaped (once per seed, not per citation)."""
    outlet = seed.outlet if not _unknown(seed.outlet) else "Outlet not stated"
    parts = [f'<span class="outlet">{escape(outlet)}</span>']
    parts.append(f"“{escape(seed.headline)}”" if not _unknown(seed.headline) else "headline not stated")
    if not _unknown(seed.authors):
        parts.append(f"by {escape(seed.authors)}")
    parts.append(escape(seed.date) if not _unknown(seed.date) else "date not stated")
    return " · ".join(parts)


def tags_for(card: Card) -> tuple:
    """Author tags plus the automatic hierarchical ones: kind::date, source::wapo."""
    auto = [f"kind::{card.kind}"] + [f"source::{s}" for s in dict.fromkeys(src.seed for src in card.sources)]
    return tuple(dict.fromkeys(auto + list(card.tags)))


def render_card(card: Card, deck: Deck, mod: int) -> RenderedNote:
    nt = NOTE_TYPES[card.kind]
    kind_values = [escape(card.get(key)) for key in nt.keys]
    citation = "".join(cite_html(src.quote, deck.seed(src.seed)) for src in card.sources)
    sources = ", ".join(dict.fromkeys(src.seed for src in card.sources))
    common = [escape(card.get("context")), escape(card.get("note")), citation, escape(sources), escape(card.id), ""]
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
