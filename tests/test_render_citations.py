"""Citations on cards and pages: the article's own characters, each quotation mark shown once."""

import re

from builder.anki.cardview import card_views
from builder.anki.render import citation_html, render_deck
from builder.checks.citations import article_words
from builder.core.model import Deck, DeckInfo, Seed, Source

ARTICLE = (
    "“He’s managing an incredibly perilous diplomatic situation,” said Daniel Sneider.\n"
    "The readout of Xi’s meeting — with Lee —\nwas short."
)
SEED = Seed(
    alias="t", file="t.txt", text=ARTICLE, outlet="Test Gazette", headline="H", authors="unknown", date="unknown"
)
DECK = Deck(DeckInfo("d", 1, "", 1), (), (SEED,))


def cite_html(quote: str, seed: Seed = SEED) -> str:
    return citation_html([Source(seed.alias, quote, 1, 1)], DECK)


def test_citation_shows_the_articles_quote_marks_apostrophes_and_dashes():
    typed = '"He\'s managing an incredibly perilous diplomatic situation," said Daniel Sneider'
    assert article_words(typed, SEED) == (
        "“He’s managing an incredibly perilous diplomatic situation,” said Daniel Sneider"
    )
    dashes = article_words("readout of Xi's meeting - with Lee - was", SEED)  # the line break becomes a space
    assert dashes == "readout of Xi’s meeting — with Lee — was"


def test_citation_falls_back_to_the_authors_text_when_no_span_maps():
    assert article_words("words the article never printed", SEED) == "words the article never printed"
    assert article_words("Xi's meeting", None) == "Xi's meeting"


def test_cite_html_shows_each_quotation_mark_once():
    opening = cite_html('"He\'s managing an incredibly perilous diplomatic situation," said Daniel Sneider')
    assert '<q style="quotes:none">“He’s managing' in opening and "situation,” said Daniel Sneider</q>" in opening
    plain = cite_html("readout of Xi's meeting")
    assert "<q>readout of Xi’s meeting</q>" in plain  # no marks of its own: <q> adds “ ”
    assert "quotes:none" not in plain and "<q>“" not in opening


def test_rendered_anki_cards_never_open_a_quote_twice(sharing_deck):
    backs = {view.note.card_id: view.back for note in render_deck(sharing_deck) for view in card_views(note)}
    assert '<q style="quotes:none">“We are starting a new 60 years,” Lee said</q>' in backs["quote-new-60-years"]
    for card_id, back in backs.items():
        for q_tag in re.findall(r"<q[^>]*>", back):
            assert q_tag in ("<q>", '<q style="quotes:none">'), card_id
        assert not re.search(r"<q>\s*(?:&quot;|[“„«‘‚‹])", back), card_id


def test_markdown_export_quotes_the_articles_characters_once():
    """The Markdown export prints citations like the cards: the article's ’ and “ ”, one mark each."""
    from builder.core.model import Project
    from builder.engine.pipeline import load_project
    from builder.publish.export import to_markdown

    from .conftest import REPO

    deck = load_project(Project(REPO)).deck
    text = to_markdown(deck)
    citations = [
        line
        for line in text.splitlines()
        if line.startswith("   - ") and " — " in line and not line.startswith(("   - Answer", "   - Note"))
    ]
    assert len(citations) == sum(len({s.seed for s in card.sources}) for card in deck.cards)  # a line per article
    assert not [c for c in citations if c.startswith(("   - ““", '   - “"'))]
    assert "“He’s managing an incredibly perilous diplomatic situation,” said Daniel Sneider" in text
    assert "Xi’s meeting with Lee" in text and "Xi's meeting with Lee”" not in text
