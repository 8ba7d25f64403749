"""Card → the escaped HTML field values of its note type, plus tags and identity inputs.

All author text is HTML-escaped here, once: templates insert fields verbatim, so a card that
contains `<script>` shows those characters in Anki and in every page we generate. Text is in the
articles' typography (core/typography.py); a quote card's quotation in the article's own
characters.

Citations are rendered here for every output (Anki's Citation field, the preview, the handout,
the exports): one block per article, its quoted words and then one source line with only what
sources.yaml states (core/prompts.source_parts); past MAX_ARTICLES_SHOWN + 1 articles, the rest
fold away under "and N more articles".
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from builder.anki.notetypes import NOTE_TYPES
from builder.checks.citations import article_words
from builder.core.html import Markup, html_text
from builder.core.model import Card, Deck, Seed, Source
from builder.core.prompts import more_articles, position_question, source_parts
from builder.core.typography import typographic

DEFAULT_MOD = 1767225600  # 2026-01-01T00:00:00Z: modification time of a card with no lock entry
RETIRED_TAG = "retired"
MAX_ARTICLES_SHOWN = 2  # a card citing more than 3 articles shows 2 and folds the rest away
PARAPHRASED = "paraphrased"


@dataclass(frozen=True)
class RenderedNote:
    card_id: str
    kind: str
    notetype_id: int
    fields: tuple  # HTML strings in the note type's field order
    tags: tuple
    deck: str  # full Anki deck name: every card of a deck is in the deck itself (no subdecks)
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


# --- citations -----------------------------------------------------------------------------


def citation_groups(sources: Iterable[Source], deck: Deck) -> list[tuple[Seed, list[str]]]:
    """(article, [its quoted words as the article printed them]) in order of first citation, each
    article once: two quotations from one article share one source line."""
    groups: dict[str, tuple[Seed, list[str]]] = {}
    for src in sources:
        seed = deck.seed(src.seed)
        words = article_words(src.quote, seed)
        quotes = groups.setdefault(src.seed, (seed, []))[1]
        if words not in quotes:
            quotes.append(words)
    return list(groups.values())


def shown_and_folded(groups: list) -> tuple[list, list]:
    """The citation groups shown at once and the ones folded away (only when 2 or more would fold)."""
    if len(groups) <= MAX_ARTICLES_SHOWN + 1:
        return groups, []
    return groups[:MAX_ARTICLES_SHOWN], groups[MAX_ARTICLES_SHOWN:]


# The citation pieces below are joined as strings: every piece is already escaped (Markup), so
# this is what Markup.format would give, without its string.Formatter (most of a build's
# rendering time: 10k cards 0.40 -> 0.2 s).


def _quote_html(words: str) -> Markup:
    q_open = '<q style="quotes:none">' if opens_with_quote_mark(words) else "<q>"
    return Markup(f'<div class="words">{q_open}{html_text(words)}</q></div>')


@lru_cache(maxsize=4096)
def source_line(seed: Seed) -> Markup:
    """ "— TIME" or "— The Washington Post · “With smiling selfies …”": escaped, once per seed."""
    label, *facts = source_parts(seed)
    return Markup("— ") + Markup(" · ").join(
        [Markup('<span class="label">{}</span>').format(html_text(label))] + [html_text(f) for f in facts]
    )


def _group_html(seed: Seed, quotes: list[str]) -> Markup:
    words = "".join([_quote_html(q) for q in quotes])
    return Markup(f'<div class="cite">{words}<div class="src">{source_line(seed)}</div></div>')


def citation_html(sources: Iterable[Source], deck: Deck, unfolded: bool = False) -> Markup:
    """The citation block of a card: what Anki's Citation field holds and every page shows.
    `unfolded`: the folded articles start open (paper cannot click "and 3 more articles")."""
    shown, folded = shown_and_folded(citation_groups(sources, deck))
    out = Markup("".join([_group_html(seed, quotes) for seed, quotes in shown]))
    if folded:
        out += Markup("<details{}><summary>{}</summary>{}</details>").format(
            Markup(" open") if unfolded else "",
            more_articles(len(folded)),
            Markup("").join(_group_html(seed, quotes) for seed, quotes in folded),
        )
    return out


# --- notes ---------------------------------------------------------------------------------


def tags_for(card: Card) -> tuple:
    """Author tags plus the automatic hierarchical ones: kind::date, source::wapo."""
    auto = [f"kind::{card.kind}"] + [f"source::{s}" for s in dict.fromkeys(src.seed for src in card.sources)]
    return tuple(dict.fromkeys(auto + list(card.tags)))


def quotation_words(card: Card, deck: Deck) -> str:
    """A quote card's quotation in the characters of the article it comes from (the first cited
    article that has it), else in the articles' typography."""
    quotation = card.get("quotation")
    for seed in dict.fromkeys(deck.seed(src.seed) for src in card.sources):
        words = article_words(quotation, seed)
        if words != quotation or quotation in seed.text:
            return words
    return typographic(quotation)


def is_paraphrase(card: Card) -> bool:
    """`paraphrase: true` on a card: its words are deliberately not the article's."""
    return card.paraphrase


def _own_fields(card: Card, deck: Deck) -> dict[str, Markup]:
    """The kind's own fields, by Anki field name."""
    text = lambda key: html_text(typographic(card.get(key)))  # noqa: E731
    if card.kind == "person":
        return {"Name": text("name"), "Role": text("role")}
    if card.kind == "quote":
        return {"Quotation": html_text(quotation_words(card, deck)), "Speaker": text("speaker")}
    if card.kind == "position":
        return {
            "Question": html_text(typographic(position_question(card))),
            "Position": text("position"),
            "Holder": text("holder"),
            "Topic": text("topic"),
        }
    return {"Question": text("question"), ("Date" if card.kind == "date" else "Answer"): text("answer")}


def note_fields(card: Card, deck: Deck) -> tuple:
    """Every field of the card's note, in the note type's order."""
    values = field_values(card, deck)
    # a field this module does not fill stays empty (tests/test_student_view.py: none of ours)
    return tuple(values.get(name, Markup("")) for name in NOTE_TYPES[card.kind].field_names)


def field_values(card: Card, deck: Deck) -> dict[str, Markup]:
    """Anki field name → escaped HTML, for every field this module knows."""
    values = _own_fields(card, deck)
    values.update(
        Context=html_text(typographic(card.get("context"))),
        Note=html_text(typographic(card.get("note"))),
        Extra=Markup(""),
        Paraphrased=Markup(PARAPHRASED if is_paraphrase(card) else ""),
        Citation=citation_html(card.sources, deck),
        Sources=html_text("; ".join(dict.fromkeys(deck.seed(s.seed).name for s in card.sources))),
        CardId=html_text(card.id),
    )
    return values


def render_card(card: Card, deck: Deck, mod: int) -> RenderedNote:
    return RenderedNote(
        card_id=card.id,
        kind=card.kind,
        notetype_id=NOTE_TYPES[card.kind].id,
        fields=note_fields(card, deck),
        tags=tags_for(card),
        deck=deck.info.name,
        mod=mod,
    )


def render_deck(deck: Deck) -> tuple:
    mods = dict(deck.timestamps)
    return tuple(render_card(card, deck, mods.get(card.id, DEFAULT_MOD)) for card in deck.cards)


def render_retired(card_id: str, kind: str, old_fields: dict, retired_in: str, deck: Deck, mod: int) -> RenderedNote:
    """The note of a card that left the deck: same GUID and note type, tagged `retired`, its front
    saying so. The first field is "[retired] <its old question>", unique like the question was."""
    old = Card(card_id, kind, tuple(old_fields.items()), (), (), "", 0, 0)
    notice = (
        f"This card was removed from the deck in version {retired_in}. "
        f"Find all such cards with the search tag:{RETIRED_TAG} and delete them."
    )
    values = {name: html_text(typographic(str(old_fields.get(key, "")) or "(retired)")) for name, key in _KEYS[kind]}
    first = NOTE_TYPES[kind].field_names[0]
    asked = position_question(old) if kind == "position" else old.question
    values[first] = html_text("[retired] " + typographic(asked))
    values.update(
        Context=html_text(notice),
        Note=Markup(""),
        Extra=Markup(""),
        Paraphrased=Markup(""),
        Citation=Markup(""),
        Sources=Markup(""),
        CardId=html_text(card_id),
    )
    return RenderedNote(
        card_id=card_id,
        kind=kind,
        notetype_id=NOTE_TYPES[kind].id,
        fields=tuple(values.get(name, Markup("")) for name in NOTE_TYPES[kind].field_names),
        tags=(RETIRED_TAG,),
        deck=deck.info.name,
        mod=mod,
    )


# the card YAML key behind each kind-specific field (for a retired card's old text, which the lock keeps)
_KEYS = {
    "qa": (("Question", "question"), ("Answer", "answer")),
    "date": (("Question", "question"), ("Date", "answer")),
    "person": (("Name", "name"), ("Role", "role")),
    "quote": (("Quotation", "quotation"), ("Speaker", "speaker")),
    "position": (("Question", "question"), ("Position", "position"), ("Holder", "holder"), ("Topic", "topic")),
}
