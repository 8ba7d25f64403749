"""Note type changes: template/CSS edits reach students with history intact; schema changes need a major version."""

import time
from dataclasses import replace

from builder.anki.lock import read_lock
from builder.anki.notetypes import NOTE_TYPES, Field
from builder.core.model import Project
from builder.engine.pipeline import build
from tests.conftest import release

from .ankitools import import_apkg, new_collection, notes_by_card_id, progress, study_everything

T1 = 1767300000
NEW_CSS_RULE = "\n.answer { text-decoration: underline; }\n"


def _restyle(monkeypatch):
    for kind, nt in NOTE_TYPES.items():
        monkeypatch.setitem(NOTE_TYPES, kind, replace(nt, css=nt.css + NEW_CSS_RULE))


def _rename_field(monkeypatch):
    """A schema change: the Date field renamed (its id kept) and a field added (a new id)."""
    nt = NOTE_TYPES["date"]
    fields = tuple(replace(f, name="When") if f.name == "Date" else f for f in nt.fields)
    templates = tuple(replace(t, back=t.back.replace("{{Date}}", "{{When}}")) for t in nt.templates)
    extra = Field("Spare", nt.id * 100 + 99)
    monkeypatch.setitem(NOTE_TYPES, "date", replace(nt, fields=fields + (extra,), templates=templates))


def _studied_collection(project, tmp_path):
    v1 = release(Project(project), now=T1)
    col = new_collection(tmp_path / "anki")
    import_apkg(col, v1.output)
    study_everything(col, "Test deck")
    return col


def test_css_change_arrives_with_history_intact(project, tmp_path, monkeypatch):
    col = _studied_collection(project, tmp_path)
    before = progress(col)
    _restyle(monkeypatch)
    v2 = release(Project(project), now=T1 + 1000)
    log = import_apkg(col, v2.output).log
    for nt in NOTE_TYPES.values():
        assert NEW_CSS_RULE.strip() in col.models.get(nt.id)["css"], nt.name
    assert progress(col) == before
    assert col.note_count() == 5 and not log.conflicting
    col.close()


def test_students_css_tweak_survives_reimport_of_unchanged_note_type(project, tmp_path):
    col = _studied_collection(project, tmp_path)
    model = col.models.get(NOTE_TYPES["date"].id)
    model["css"] += "\n.card { font-size: 30px; }\n"
    col.models.update_dict(model)
    cards = project / "cards" / "cards.yaml"
    cards.write_text(cards.read_text().replace("answer: Tuesday, January 13", "answer: Tuesday, 13 January"))
    v2 = release(Project(project), now=int(time.time()) + 60)  # built after the student's tweak
    import_apkg(col, v2.output)
    assert "font-size: 30px" in col.models.get(NOTE_TYPES["date"].id)["css"]
    assert notes_by_card_id(col)["nara-date"]["Date"] == "Tuesday, 13 January"
    col.close()


def test_schema_change_is_refused_within_a_major_version(project, run, monkeypatch):
    assert run("-C", project, "release", "--yes").exit_code == 0
    deck = project / "decks" / "test-deck.apkg"
    before = deck.read_bytes()
    _rename_field(monkeypatch)
    result = run("-C", project, "release", "--yes")
    assert result.exit_code == 1
    assert (
        "cards/deck.yaml:1:1: error[notetype-changed]: note type 'Deckbuilder Date v2' changed its fields or card templates "
        "since version 1 was released"
    ) in result.output
    assert "set `version: 2`" in result.output and "with 'Merge note types' ticked" in result.output
    assert deck.read_bytes() == before


def test_schema_change_builds_after_a_major_version_bump(project, monkeypatch):
    release(Project(project))
    _rename_field(monkeypatch)
    deck_yaml = project / "cards" / "deck.yaml"
    deck_yaml.write_text(deck_yaml.read_text().replace("version: 1", "version: 2"))
    result = release(Project(project), major=True)
    assert result.output is not None
    lock, _ = read_lock(Project(project))
    assert lock.version == 2


def test_lowering_the_version_is_refused(project):
    deck_yaml = project / "cards" / "deck.yaml"
    deck_yaml.write_text(deck_yaml.read_text().replace("version: 1", "version: 3"))
    release(Project(project))
    deck_yaml.write_text(deck_yaml.read_text().replace("version: 3", "version: 2"))
    result = build(Project(project))
    assert result.output is None
    assert [d.code for d in result.load.errors] == ["version-lowered"]


def test_anki_strands_notes_when_a_schema_changes(project, tmp_path, monkeypatch):
    """Why the guard exists: with default options Anki adds a copy 'Name+' and skips the changed notes
    (with "Merge note types" it updates them: tests/test_migration.py)."""
    col = _studied_collection(project, tmp_path)
    _rename_field(monkeypatch)
    deck_yaml = project / "cards" / "deck.yaml"
    deck_yaml.write_text(deck_yaml.read_text().replace("version: 1", "version: 2"))
    cards = project / "cards" / "cards.yaml"
    cards.write_text(cards.read_text().replace("answer: Tuesday, January 13", "answer: Tuesday, 13 January"))
    v2 = release(Project(project), now=T1 + 1000, major=True)
    log = import_apkg(col, v2.output).log
    assert [n.fields[0] for n in log.conflicting] == ["On what day did Lee meet Takaichi in Nara?"]
    assert col.models.by_name("Deckbuilder Date v2+") is not None
    assert notes_by_card_id(col)["nara-date"]["Date"] == "Tuesday, January 13"
    col.close()
