"""From 1.x to 2.0 with the real Anki backend: a class that studied release 1.0 imports 2.0.

Each test checks one sentence of what students are told to do (migration.major_update_steps, in
README.txt, the changelog and `release --major`): with the default options nothing changes and
nothing is lost; with "Merge note types" every note is updated in place on the 2.0 note types and
keeps its history, nothing is duplicated; a second import with the option repairs a first one
without it; own edits older than the release are replaced, newer ones are kept; merging asks for
a one-way sync.
"""

import re
import shutil
import time

import anki.collection  # noqa: F401  (anki.notes imports cleanly only after it)
import pytest
from anki.notes import NoteFieldsCheckResult

from builder.anki.migration import MERGE_OPTION, UPDATE_NOTES, major_update_steps
from builder.anki.notetypes import NOTE_TYPES
from builder.core.model import Project

from .ankitools import import_apkg, new_collection, notes_by_card_id, progress, study_everything
from .conftest import DATA, release

RELEASE_1 = DATA / "migration" / "release-1.0"  # tests/data/valid/basic released with the 1.x note types
CARDS = 5
RELEASED_2_0 = 1767300000  # a 2.0 built after 1.0 (2026-01-01) and before the student's edits (wall clock)


@pytest.fixture
def project(tmp_path):
    dest = tmp_path / "project"
    shutil.copytree(RELEASE_1, dest)
    return dest


def _release_2_0(project, now: int):
    deck_yaml = project / "cards" / "deck.yaml"
    deck_yaml.write_text(deck_yaml.read_text().replace("version: 1", "version: 2"))
    return release(Project(project), now=now, major=True).output


@pytest.fixture
def student(project, tmp_path):
    """A collection that imported release 1.0 and studied every card of it."""
    col = new_collection(tmp_path / "anki")
    import_apkg(col, project / "decks" / "test-deck.apkg")
    assert study_everything(col, "Test deck") == 6
    yield col
    col.close()


def _own_edit(col, card_id: str, text: str) -> None:
    note = notes_by_card_id(col)[card_id]
    note["Extra"] = text
    col.update_note(note)


def _copies(col) -> int:
    """Notes beyond one per card: what a duplicated deck would add."""
    return col.note_count() - len(notes_by_card_id(col))


def _on_2_0_note_types(col) -> None:
    models = {m["name"]: m for m in col.models.all() if m["name"].startswith("Deckbuilder")}
    assert set(models) == {nt.name for nt in NOTE_TYPES.values()}  # the 1.x ones were merged away
    for nt in NOTE_TYPES.values():
        assert [(f["name"], f["id"]) for f in models[nt.name]["flds"]] == [(f.name, f.id) for f in nt.fields]
        assert [(t["name"], t["id"]) for t in models[nt.name]["tmpls"]] == [(t.name, t.id) for t in nt.templates]


def test_default_import_changes_nothing_and_loses_nothing(project, student):
    before = progress(student)
    log = import_apkg(student, _release_2_0(project, RELEASED_2_0)).log
    assert len(log.conflicting) == CARDS and not (log.new or log.updated or log.duplicate)
    assert progress(student) == before and _copies(student) == 0
    assert {n.note_type()["name"] for n in notes_by_card_id(student).values()} == {
        "Deckbuilder Q&A",
        "Deckbuilder Date",
        "Deckbuilder Person",
        "Deckbuilder Quote",
        "Deckbuilder Position",
    }  # "your cards still look as before"


def test_merge_note_types_updates_every_card_in_place_with_its_history(project, student):
    before = progress(student)
    log = import_apkg(student, _release_2_0(project, RELEASED_2_0), merge_notetypes=True).log
    assert len(log.updated) == CARDS and not (log.new or log.duplicate or log.conflicting)
    assert progress(student) == before  # every review, interval and due date, card by card
    assert _copies(student) == 0 and student.card_count() == 6
    _on_2_0_note_types(student)
    for note in notes_by_card_id(student).values():
        assert note.fields_check() == NoteFieldsCheckResult.NORMAL
        for card in note.cards():
            assert 'class="citation"' in card.answer() and "not stated" not in card.answer()


def test_importing_again_with_merge_repairs_a_default_import(project, student):
    before = progress(student)
    apkg = _release_2_0(project, RELEASED_2_0)
    import_apkg(student, apkg)
    log = import_apkg(student, apkg, merge_notetypes=True).log
    assert len(log.updated) == CARDS and not (log.new or log.conflicting)
    assert progress(student) == before and _copies(student) == 0
    _on_2_0_note_types(student)


NEW_CARD = """
  - id: nara-weekday
    kind: date
    question: On what weekday did Lee meet Takaichi in Nara?
    answer: Tuesday
    sources:
      - seed: mini
        quote: in Nara on Tuesday, January 13
    tags: [nara-summit, core]
"""
UPDATE_ALWAYS = 1  # ImportAnkiPackageUpdateCondition ALWAYS: Anki's "Update notes: Always"


def _fields(col) -> dict:
    return {card_id: dict(note.items()) for card_id, note in notes_by_card_id(col).items()}


def _first_import_not_merged_full(project, student, tmp_path, run, first):
    """Release a 2.0 with a new card; the student's first import of it is not the full deck with the
    box ticked: returns (the full 2.0 .apkg, the fields a clean merged import gives)."""
    cards = project / "cards" / "cards.yaml"
    cards.write_text(cards.read_text(encoding="utf-8") + NEW_CARD, encoding="utf-8")  # the core deck: the new card
    apkg = _release_2_0(project, RELEASED_2_0)
    clean = new_collection(tmp_path / "clean")
    import_apkg(clean, apkg, merge_notetypes=True)
    if first == "without the box":
        import_apkg(student, apkg)
    else:  # the core deck (cards tagged core), with the box ticked
        core = tmp_path / "core.apkg"
        assert run("-C", project, "build", "--tag", "core", "-o", core).exit_code == 0
        import_apkg(student, core, merge_notetypes=True)
    return apkg, _fields(clean)


@pytest.mark.parametrize("first", ["without the box", "the core deck"])
def test_importing_the_full_deck_merged_after_another_2_0_file_mixes_up_fields(project, student, tmp_path, run, first):
    """Anki merges the 1.x note type into the 2.0 one and re-orders, by the 1.x order, the fields of
    the notes already on the 2.0 one: why the students are told a second step (the next test). If
    this fails, Anki no longer does it and the steps can say only "import it again, box ticked"."""
    apkg, clean = _first_import_not_merged_full(project, student, tmp_path, run, first)
    import_apkg(student, apkg, merge_notetypes=True)
    assert _fields(student) != clean


@pytest.mark.parametrize("first", ["without the box", "the core deck"])
def test_the_repair_steps_put_right_a_first_import_that_was_not_the_full_deck_merged(
    project, student, tmp_path, run, first
):
    before = progress(student)
    apkg, clean = _first_import_not_merged_full(project, student, tmp_path, run, first)
    steps = _words(major_update_steps(2))
    assert "import the full deck twice" in steps and UPDATE_NOTES in steps
    import_apkg(student, apkg, merge_notetypes=True)  # "once with the box ticked,"
    import_apkg(student, apkg, merge_notetypes=True, update_notes=UPDATE_ALWAYS)  # "then ... Always"
    assert _fields(student) == clean
    assert {cid: v for cid, v in progress(student).items() if cid in before} == before
    assert _copies(student) == 0
    _on_2_0_note_types(student)


def test_own_edits_older_than_the_release_are_replaced(project, student):
    _own_edit(student, "nara-date", "my own note")
    import_apkg(student, _release_2_0(project, int(time.time()) + 60), merge_notetypes=True)
    assert notes_by_card_id(student)["nara-date"]["Extra"] == ""


def test_own_edits_newer_than_the_release_are_kept_and_the_card_still_asks_its_question(project, student):
    apkg = _release_2_0(project, RELEASED_2_0)
    _own_edit(student, "position-south-korea-feud", "my own note")
    log = import_apkg(student, apkg, merge_notetypes=True).log
    assert len(log.duplicate) == 1 and len(log.updated) == CARDS - 1
    note = notes_by_card_id(student)["position-south-korea-feud"]
    assert note["Extra"] == "my own note" and note.note_type()["name"] == NOTE_TYPES["position"].name
    assert "What is the position of South Korea on" in note.cards()[0].question()  # its 1.x fields, 2.0 layout


def test_merging_asks_for_a_one_way_sync(project, student):
    schema = student.db.scalar("select scm from col")
    import_apkg(student, _release_2_0(project, RELEASED_2_0), merge_notetypes=True)
    assert student.db.scalar("select scm from col") != schema


def _words(text: str) -> str:
    return " ".join(text.split())


def test_guide_and_changelog_tell_students_to_merge_note_types(project, run, monkeypatch):
    monkeypatch.setenv("DECKBUILDER_CHROMIUM", "none")
    _release_2_0(project, RELEASED_2_0)
    steps = _words(major_update_steps(2))
    assert MERGE_OPTION in steps and "import the full deck" in steps
    assert "open “Updates”" in steps  # Anki 26.9's import window folds Merge note types under Updates
    changelog = (project / "decks" / "CHANGELOG.md").read_text(encoding="utf-8")
    entry = changelog[changelog.index("## Version 2.0") :]
    assert "**How to update from version 1.0:**" in entry
    assert _words(entry.replace("&gt;", ">")).count(steps) == 1
    assert run("-C", project, "pack").exit_code == 0
    import zipfile

    (pack,) = (project / "decks").glob("*-class-pack.zip")
    guide = zipfile.ZipFile(pack).read("test-deck-class-pack/README.txt").decode()
    section = re.search(r"IF YOU HAVE VERSION 1 OF THIS DECK\n\n(.*?)\n\n\n", guide, re.S)
    assert section is not None and _words(section.group(1)) == steps
