"""The deck this repository ships (cards/ + seeds/): it builds, every note arrives in a fresh Anki
collection and renders with its citation, it covers every quotation, date and name of the
articles, and it passes the linter in strict mode. These are the checks CI runs on the content."""

import html
import re

import anki.collection  # noqa: F401  (anki.notes imports cleanly only after it)
import pytest
from anki.notes import NoteFieldsCheckResult

from builder.anki.lock import read_lock
from builder.anki.notetypes import NOTE_TYPES
from builder.checks.citations import article_words
from builder.core.model import Project
from builder.core.prompts import capitalised
from builder.engine.pipeline import build, load_project
from builder.publish.naming import deck_filename

from .ankitools import import_apkg, new_collection, notes_by_card_id
from .conftest import REPO, release

SHIPPED = Project(REPO)
BUILD_TIME = 1767225600


@pytest.fixture(scope="module")
def deck():
    loaded = load_project(SHIPPED)
    assert loaded.deck is not None, "\n".join(f"{d.file}:{d.line}:{d.col}: {d.message}" for d in loaded.errors)
    return loaded.deck


@pytest.fixture(scope="module")
def imported(deck, tmp_path_factory):
    """The shipped deck built to a temporary file (cards/deck.lock untouched) and imported once."""
    folder = tmp_path_factory.mktemp("shipped")
    result = build(SHIPPED, folder / "shipped.apkg", now=BUILD_TIME)
    assert result.output is not None, [d.message for d in result.load.errors]
    col = new_collection(folder / "anki")
    log = import_apkg(col, result.output).log
    yield col, log, result
    col.close()


def retired_in_lock(deck, project=SHIPPED) -> int:
    """Notes the build still ships for cards that left the deck (recorded in cards/deck.lock)."""
    lock, diags = read_lock(project)
    assert not diags, [d.message for d in diags]
    if lock is None:
        return 0
    live = {c.id for c in deck.cards}
    return sum(
        1
        for cid, entry in lock.cards.items()
        if cid not in live and (not entry.retired or entry.retired_in.split(".")[0] == str(deck.info.version))
    )


def test_note_count_is_cards_plus_retired_notes(deck, imported):
    col, log, result = imported
    assert col.note_count() == len(deck.cards) + retired_in_lock(deck)
    assert len(log.new) == col.note_count() and result.notes == len(deck.cards)


def test_retired_notes_in_the_lock_are_counted(project, tmp_path):
    """The count above stays right once a card is removed after a release (tests/data/valid/basic)."""
    release(Project(project))  # writes cards/deck.lock
    cards = project / "cards" / "cards.yaml"
    text = cards.read_text()
    start = text.index("  - id: nara-date")
    cards.write_text(text[:start] + text[text.index("  - id:", start + 1) :])
    deck = load_project(Project(project)).deck
    assert retired_in_lock(deck, Project(project)) == 1
    result = build(Project(project), tmp_path / "after.apkg")
    col = new_collection(tmp_path / "anki")
    import_apkg(col, result.output)
    assert col.note_count() == len(deck.cards) + 1
    col.close()


def test_anki_card_count_follows_the_note_types(deck, imported):
    col, _, _ = imported
    live = {c.id for c in deck.cards}
    retired = [n for cid, n in notes_by_card_id(col).items() if cid not in live]
    assert all("retired" in n.tags for n in retired)
    assert col.card_count() == (
        sum(len(NOTE_TYPES[c.kind].templates) for c in deck.cards) + sum(len(n.note_type()["tmpls"]) for n in retired)
    )


def test_every_card_renders_with_its_citations(deck, imported):
    col, _, _ = imported
    notes = notes_by_card_id(col)
    for card in deck.cards:
        note = notes[card.id]
        anki_cards = note.cards()
        assert len(anki_cards) == len(NOTE_TYPES[card.kind].templates), card.id
        for anki_card in anki_cards:
            question, answer = anki_card.question(), anki_card.answer()
            assert question.strip() and answer.strip(), card.id
            assert 'class="citation"' in answer, card.id
            quoted = {(s.seed, article_words(s.quote, deck.seed(s.seed))) for s in card.sources}
            assert answer.count("<q>") + answer.count('<q style="quotes:none">') == len(quoted), card.id
            for src in card.sources:
                words = article_words(src.quote, deck.seed(src.seed))
                assert html.escape(words, quote=True).replace("\n", "<br>") in answer, (card.id, src.quote)
                label = capitalised(deck.seed(src.seed).name)
                assert f'<span class="label">{html.escape(label, quote=True)}</span>' in answer, (card.id, label)


def _text(side: str) -> str:
    """What a student reads on a card side: no <style>, no tags, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<style>.*?</style>", "", side)))


def test_no_note_is_flagged_as_a_duplicate(imported):
    """Anki's duplicate check compares a note type's first field: every one is unique."""
    col, _, _ = imported
    flagged = [nid for nid in col.find_notes("") if col.get_note(nid).fields_check() == NoteFieldsCheckResult.DUPLICATE]
    assert flagged == []


def test_the_browsers_sort_field_is_the_first_field_and_unique(imported):
    col, _, _ = imported
    for nt in NOTE_TYPES.values():
        model = col.models.get(nt.id)
        assert model["sortf"] == 0, nt.name
        sort_values = col.db.list("select sfld from notes where mid = ?", nt.id)
        assert len(sort_values) == len(set(sort_values)) > 0, nt.name


def test_no_card_says_what_is_not_known(imported):
    """Citations show only what sources.yaml states: no 'not stated', no 'unknown'."""
    col, _, _ = imported
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        for side in (card.question(), card.answer()):
            assert "not stated" not in side and "unknown" not in _text(side).lower(), card.note()["CardId"]


def test_cards_show_the_articles_apostrophes_and_quotation_marks(imported):
    """Every article prints ’ “ ”; no side of a card shows a straight ' or "."""
    col, _, _ = imported
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        for side in (card.question(), card.answer()):
            text = _text(side)
            assert "'" not in text and '"' not in text, (card.note()["CardId"], text)


def test_a_day_of_new_cards_mixes_kinds(imported):
    """The first 20 new cards the scheduler hands out for the deck (Anki's default options)."""
    col, _, result = imported
    col.decks.select(col.decks.id_for_name(result.deck.info.name))
    queued = col.sched.get_queued_cards(fetch_limit=20).cards
    kinds = {col.get_card(q.card.id).note_type()["name"] for q in queued}
    assert len(queued) == 20 and len(kinds) >= 3, kinds


def test_coverage_of_quotations_dates_and_names_is_complete(run):
    result = run("-C", REPO, "coverage", "--fail-under", "100", "--kinds", "quotation,date,name")
    assert result.exit_code == 0, result.output


def test_lint_strict_passes(run):
    """Every lint rule in force, the twins of issue 17 included (1.1 had 40 twin pairs)."""
    result = run("-C", REPO, "lint", "--strict")
    assert result.exit_code == 0, result.output


def test_committed_deck_is_the_last_release(run):
    """CI's release check: every file in decks/ is the one the last release (cards/deck.lock) made,
    so the class downloads what was released; unreleased edits in cards/ are the next release's
    and are reported, not failed."""
    result = run("-C", REPO, "build", "--check")
    assert result.exit_code == 0, result.output
    status = run("-C", REPO, "status")
    assert status.exit_code == 0, status.output
    assert f"release {read_lock(SHIPPED)[0].label}" in status.output


def test_committed_deck_imports_with_every_card(tmp_path):
    """The .apkg in decks/ (the file students download) holds one note per card of the deck."""
    deck = load_project(SHIPPED).deck
    apkg = SHIPPED.decks_dir / deck_filename(deck.info.name)
    col = new_collection(tmp_path / "anki")
    try:
        import_apkg(col, apkg)
        assert set(notes_by_card_id(col)) >= {card.id for card in deck.cards}
    finally:
        col.close()
