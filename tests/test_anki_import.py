"""Decks are checked by importing them with the real Anki backend, not by reading them back ourselves."""

import pytest

from builder.anki.notetypes import NOTE_TYPES
from builder.core.model import Project
from builder.engine.pipeline import build

from .ankitools import import_apkg, new_collection, notes_by_card_id


@pytest.fixture
def imported(project, tmp_path):
    result = build(Project(project))
    assert result.output is not None
    col = new_collection(tmp_path / "anki")
    log = import_apkg(col, result.output).log
    yield col, log
    col.close()


def test_import_adds_every_note_and_card(imported):
    col, log = imported
    assert len(log.new) == 5 and not log.updated and not log.duplicate and not log.conflicting
    assert col.note_count() == 5
    assert col.card_count() == 6  # the person note makes two cards


def test_note_types_have_the_declared_fields(imported):
    col, _ = imported
    for nt in NOTE_TYPES.values():
        model = col.models.by_name(nt.name)
        assert model is not None, nt.name
        assert [f["name"] for f in model["flds"]] == list(nt.field_names)
        assert [f["id"] for f in model["flds"]] == [f.id for f in nt.fields]  # pinned: Anki merges by them
        assert [(t["name"], t["id"]) for t in model["tmpls"]] == [(t.name, t.id) for t in nt.templates]
        assert model["id"] == nt.id and model["sortf"] == 0


def test_every_card_is_in_the_deck_itself(imported):
    """No subdecks: Anki gathers a day's new cards deck by deck, so subdecks by kind made day one all dates."""
    col, _ = imported
    assert {d.name for d in col.decks.all_names_and_ids()} == {"Default", "Test deck"}
    assert len(col.find_cards('"deck:Test deck" -"deck:Test deck::*"')) == col.card_count() == 6


def test_hierarchical_tags(imported):
    col, _ = imported
    notes = notes_by_card_id(col)
    assert set(notes["quote-new-60-years"].tags) == {"kind::quote", "source::mini", "nara-summit"}
    assert set(notes["beijing-delegation"].tags) == {"kind::qa", "source::other", "source::mini", "beijing-summit"}
    assert col.find_notes("tag:person::daniel-sneider") == [notes["person-sneider"].id]


def test_every_card_renders_with_its_citation(imported):
    col, _ = imported
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        question, answer = card.question(), card.answer()
        assert question and answer
        assert 'class="citation"' in answer and ("<q>" in answer or '<q style="quotes:none">' in answer)
        assert "not stated" not in answer
    sneider = [col.get_card(c) for c in col.find_cards("CardId:person-sneider")]
    assert {c.template()["name"] for c in sneider} == {"Name → Role", "Role → Name"}
    backs = " ".join(c.answer() for c in sneider)
    assert "Daniel Sneider, an East Asia policy expert at Stanford University" in backs
    assert "Test Gazette" in backs and "“Lee meets Takaichi in Nara”" in backs
    quote = col.get_card(col.find_cards("CardId:quote-new-60-years")[0]).answer()
    assert '<q style="quotes:none">“We are starting a new 60 years,” Lee said</q>' in quote  # one “, as printed


def test_strings_stay_strings_through_import(imported):
    col, _ = imported
    note = notes_by_card_id(col)["beijing-delegation"]
    assert note["Answer"] == "no" and note["Context"] == "1:30"
    assert "2026-01-05" in note["Note"]


def test_korean_and_japanese_survive_import(imported):
    col, _ = imported
    notes = notes_by_card_id(col)
    assert notes["quote-new-60-years"]["Speaker"] == "Lee Jae Myung (이재명)"
    assert "高市早苗" in notes["beijing-delegation"]["Citation"]


def test_html_in_card_text_is_shown_not_run(project, tmp_path):
    cards = project / "cards" / "cards.yaml"
    cards.write_text(
        cards.read_text().replace(
            "question: How many business leaders went with Lee to Beijing?",
            "question: <script>alert(1)</script><img src=x onerror=alert(2)> {{Answer}}",
        )
    )
    result = build(Project(project))
    col = new_collection(tmp_path / "anki")
    import_apkg(col, result.output)
    card = col.get_card(col.find_cards("CardId:beijing-delegation")[0])
    html = card.question()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; {{Answer}}" in html
    col.close()


# The shipped deck (cards/ + seeds/, with retired notes from cards/deck.lock) is checked in
# tests/test_shipped_deck.py.
