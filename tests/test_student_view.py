"""The 2.0 note types as a student sees them: first fields, citations, typography, My notes,
paraphrases, new-card positions (real Anki where Anki decides; tests/test_migration.py for 1.x)."""

from dataclasses import replace

from builder.anki.cardview import card_views, fill_template
from builder.anki.identity import NEW_POSITIONS, new_card_position
from builder.anki.notetypes import NOTE_TYPES
from builder.anki.render import citation_html, field_values, render_card, render_deck
from builder.core.model import Card, Deck, DeckInfo, Seed, Source
from builder.core.prompts import source_parts
from builder.core.typography import typographic

from .ankitools import import_apkg, new_collection, notes_by_card_id


def _seed(alias, **facts) -> Seed:
    values = {"outlet": "unknown", "headline": "unknown", "authors": "unknown", "date": "unknown"} | facts
    return Seed(alias=alias, file=f"{alias}.txt", text=f"Words of {alias}. More words of {alias}.", **values)


SEEDS = tuple(_seed(a, outlet=a.upper()) for a in ("a", "b", "c", "d", "e"))
DECK = Deck(DeckInfo("d", 1, "", 2), (), SEEDS)


def _cites(*aliases) -> str:
    return citation_html([Source(a, f"Words of {a}", 1, 1) for a in aliases], DECK)


def test_every_field_of_every_note_type_is_filled_by_the_renderer(sharing_deck):
    for card in sharing_deck.cards:
        assert set(NOTE_TYPES[card.kind].field_names) <= set(field_values(card, sharing_deck)), card.kind


def test_first_fields_are_what_the_card_asks(sharing_deck):
    first = {n.card_id: n.fields[0] for n in render_deck(sharing_deck)}
    assert first["position-south-korea-feud"].startswith("What is the position of South Korea on ")
    assert first["person-sneider"] == "Daniel Sneider" and first["nara-date"].startswith("On what day")


def test_two_quotations_from_one_article_share_one_source_line():
    html = citation_html([Source("a", "Words of a", 1, 1), Source("a", "More words of a", 2, 1)], DECK)
    assert html.count('class="words"') == 2 and html.count('class="src"') == 1


def test_many_articles_show_two_then_fold_the_rest():
    html = _cites("a", "b", "c", "d", "e")
    shown, folded = html.split("<details>")
    assert shown.count('class="src"') == 2 and folded.count('class="src"') == 3
    assert "<summary>and 3 more articles</summary>" in folded
    assert "<details" not in _cites("a", "b", "c")  # folding one article saves nothing


def test_source_line_says_only_what_is_known():
    seed = _seed("s", label="a student newspaper article by Ann Lee", headline="Two visits", authors="Ann Lee")
    assert source_parts(seed) == ["A student newspaper article by Ann Lee", "“Two visits”"]  # no author twice
    assert source_parts(_seed("t", outlet="TIME")) == ["TIME"]
    full = _seed("b", outlet="Bloomberg News (via X)", authors="Ann Lee; Bo Kim", date="2026-01-12")
    assert source_parts(full) == ["Bloomberg News", "by Ann Lee and Bo Kim", "2026-01-12"]


def test_an_article_without_a_label_is_named_by_what_is_known():
    assert _seed("x", label="TIME", outlet="Time Magazine").name == "TIME"
    assert _seed("x", headline="Lee's trip").name == "“Lee's trip”"
    assert source_parts(_seed("x", headline="Lee's trip")) == ["“Lee’s trip”"]  # in the articles' marks
    assert _seed("x", authors="A. Writer").name == "an article by A. Writer"
    assert _seed("x").name == "x"


def test_typographic_quotes_follow_the_articles():
    assert typographic("Takaichi's \"shuttle\" talks, 'as agreed'") == "Takaichi’s “shuttle” talks, ‘as agreed’"
    assert typographic("the '90s and the students' view") == "the ’90s and the students’ view"
    assert typographic('("x")') == "(“x”)" and typographic("no marks") == "no marks"


def test_my_notes_show_on_the_back_only_when_filled(sharing_deck):
    note = next(n for n in render_deck(sharing_deck) if n.card_id == "nara-date")
    assert "My notes" not in card_views(note)[0].back
    fields = dict(zip(NOTE_TYPES["date"].field_names, note.fields, strict=True), Extra="ask about Nara")
    back = fill_template(NOTE_TYPES["date"].templates[0].back, {**fields, "FrontSide": ""})
    assert '<span class="extra-label">My notes</span>ask about Nara' in back


def test_my_notes_typed_in_anki_appear_on_the_back(project, tmp_path):
    from builder.core.model import Project
    from builder.engine.pipeline import build

    col = new_collection(tmp_path / "anki")
    try:
        import_apkg(col, build(Project(project), tmp_path / "d.apkg").output)
        note = notes_by_card_id(col)["nara-date"]
        note["Extra"] = "ask about Nara"
        col.update_note(note)
        assert "ask about Nara" in note.cards()[0].answer() and "ask about Nara" not in note.cards()[0].question()
        fields = {f["name"]: f for f in note.note_type()["flds"]}
        assert fields["CardId"]["collapsed"] and not fields["Extra"]["collapsed"]  # technical fields folded away
        assert list(fields)[-4:] == ["Paraphrased", "Citation", "Sources", "CardId"]
    finally:
        col.close()


def test_a_paraphrased_card_says_so(sharing_deck):
    card = next(c for c in sharing_deck.cards if c.id == "nara-date")
    plain = render_card(card, sharing_deck, 1)
    para = render_card(replace(card, paraphrase=True), sharing_deck, 1)
    assert "paraphrased" not in card_views(plain)[0].back
    assert '<span class="paraphrased">paraphrased</span>' in card_views(para)[0].back


def test_a_position_without_its_question_field_still_asks_it():
    """A student's note left on its 1.x fields by a merge (edited after the release) has no Question."""
    nt = NOTE_TYPES["position"]
    fields = dict.fromkeys(nt.field_names, "") | {"Holder": "South Korea", "Topic": "the feud"}
    assert "What is the position of South Korea on the feud?" in fill_template(nt.templates[0].front, fields)


def test_new_card_positions_are_fixed_per_card_and_spread_out(sharing_deck):
    positions = {(c.id, o): new_card_position(1, c.id, o) for c in sharing_deck.cards for o in (0, 1)}
    assert positions[("person-sneider", 0)] != positions[("person-sneider", 1)]
    assert new_card_position(1, "nara-date", 0) == positions[("nara-date", 0)]  # depends on nothing else
    assert all(0 <= p < NEW_POSITIONS for p in positions.values())
    assert new_card_position(1, "nara-date", 0, retired=True) >= NEW_POSITIONS  # retired notes come last


def test_retired_notes_have_unique_first_fields(project):
    from builder.core.model import Project
    from builder.engine.pipeline import build

    from .conftest import release

    release(Project(project))
    cards = project / "cards" / "cards.yaml"
    head, *blocks = cards.read_text().split("\n  - id: ")
    cards.write_text("\n  - id: ".join([head] + [b for b in blocks if not b.startswith(("nara-date", "beijing"))]))
    notes = [n for n in build(Project(project)).update.notes if "retired" in n.tags]
    assert len({(n.notetype_id, n.fields[0]) for n in notes}) == len(notes) == 2
    assert all(n.fields[0].startswith("[retired] ") for n in notes)


def test_a_quotation_shows_the_articles_characters():
    seed = replace(SEEDS[0], text="“We’re starting,” he said.")
    deck = Deck(DeckInfo("d", 1, "", 2), (), (seed,))
    card = Card("q", "quote", (("quotation", "We're starting,"), ("speaker", "He"), ("context", "")), (), (), "", 1, 1)
    card = replace(card, sources=(Source("a", "We're starting", 1, 1),))
    assert field_values(card, deck)["Quotation"] == "We’re starting,"
