"""Assignment subsets: filters, stable identity, same GUIDs as the full deck (checked in real Anki)."""

import pytest

from builder.anki.identity import note_guid
from builder.core.model import Project
from builder.engine.pipeline import build
from builder.publish.select import Selection, SelectionError, select

from .ankitools import import_apkg, new_collection, notes_by_card_id


def _ids(subset):
    return [c.id for c in subset.deck.cards]


def test_no_filter_is_the_full_deck(sharing_deck):
    subset = select(sharing_deck, Selection())
    assert subset.deck is sharing_deck and subset.guid_deck_id == sharing_deck.info.id
    assert subset.filename == "sharing-test-deck.apkg"


def test_kind_filter_ors_within_the_option(sharing_deck):
    assert _ids(select(sharing_deck, Selection.of(kinds=["quote", "date"]))) == [
        "nara-date",
        "quote-new-60-years",
        "guid-hash-705",
    ]


def test_filters_and_across_options(sharing_deck):
    assert _ids(select(sharing_deck, Selection.of(kinds=["qa"], sources=["mini"]))) == [
        "beijing-delegation",
        "hostile-markup",
    ]
    assert _ids(select(sharing_deck, Selection.of(kinds=["date"], sources=["other"]))) == ["guid-hash-705"]


def test_tag_filter_matches_children_and_ignores_case(sharing_deck):
    assert _ids(select(sharing_deck, Selection.of(tags=["PERSON"]))) == ["person-sneider", "hostile-markup"]
    assert _ids(select(sharing_deck, Selection.of(tags=["kind::position"]))) == ["position-south-korea-feud"]


def test_subset_name_id_and_file_are_stable_and_distinct(sharing_deck):
    a = select(sharing_deck, Selection.of(kinds=["quote", "date"], sources=["mini"]))
    b = select(sharing_deck, Selection.of(sources=["mini", "mini"], kinds=["date", "quote"]))
    assert a.deck.info == b.deck.info and a.filename == b.filename
    assert a.deck.info.name == "Sharing test deck — Dates and Quotes from Test Gazette"
    assert a.filename == "sharing-test-deck--dates-quotes-from-mini.apkg"
    other = select(sharing_deck, Selection.of(kinds=["quote"], sources=["mini"]))
    assert len({a.deck.info.id, other.deck.info.id, sharing_deck.info.id}) == 3
    assert a.deck.info.id < 2**53


def test_unknown_source_is_an_error_with_the_known_aliases(sharing_deck):
    with pytest.raises(SelectionError) as err:
        select(sharing_deck, Selection.of(sources=["tme"]))
    assert "'tme' is not an article alias" in err.value.message and "mini, other" in err.value.hint


def test_empty_selection_is_an_error_not_an_empty_deck(sharing_deck):
    with pytest.raises(SelectionError) as err:
        select(sharing_deck, Selection.of(kinds=["person"], sources=["other"]))
    assert "no card matches" in err.value.message


def test_cli_empty_selection_exits_two_and_writes_nothing(sharing, run):
    result = run("-C", sharing, "build", "--kind", "person", "--source", "other")
    assert result.exit_code == 2
    assert "error: no card matches the filter (kind=person and source=other)" in result.output
    assert not (sharing / "decks").exists()


def test_cli_build_writes_the_subset_under_its_own_name(sharing, run):
    result = run("-C", sharing, "build", "--kind", "quote")
    assert result.exit_code == 0, result.output
    assert "Built decks/sharing-test-deck--quotes.apkg: 1 notes (1 quote)" in result.output


def test_subset_then_full_deck_adds_no_duplicates(sharing, tmp_path):
    subset = build(Project(sharing), tmp_path / "subset.apkg", selection=Selection.of(kinds=["quote", "person"]))
    full = build(Project(sharing), tmp_path / "full.apkg")
    col = new_collection(tmp_path / "anki")
    try:
        import_apkg(col, subset.output)
        assert col.note_count() == 2
        log = import_apkg(col, full.output).log
        assert col.note_count() == 7 and len(log.new) == 5
        notes = notes_by_card_id(col)
        assert notes["quote-new-60-years"].guid == note_guid(1700000000002, "quote-new-60-years")
        names = {d.name for d in col.decks.all_names_and_ids()}
        assert "Sharing test deck — People and Quotes" in names
    finally:
        col.close()


def test_full_deck_then_subset_adds_no_notes(sharing, tmp_path):
    full = build(Project(sharing), tmp_path / "full.apkg")
    subset = build(Project(sharing), tmp_path / "subset.apkg", selection=Selection.of(kinds=["quote"]))
    col = new_collection(tmp_path / "anki")
    try:
        import_apkg(col, full.output)
        log = import_apkg(col, subset.output).log
        assert col.note_count() == 7 and not log.new
        assert not col.find_cards('"deck:Sharing test deck — Quotes"')  # cards stay where they were
    finally:
        col.close()
