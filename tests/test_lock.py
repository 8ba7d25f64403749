"""cards/deck.lock: stable modification times, byte-identical rebuilds, removals and renames reported."""

import hashlib
import json

from builder.anki.lock import REMOVAL_CODES, lock_path, read_lock
from builder.anki.notetypes import NOTE_TYPES
from builder.core.model import Project
from builder.engine.pipeline import build
from tests.conftest import release


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _edit(project, old, new):
    cards = project / "cards" / "cards.yaml"
    text = cards.read_text()
    assert old in text
    cards.write_text(text.replace(old, new))


def test_rebuild_without_edits_is_byte_identical(project):
    first = release(Project(project), now=1767300000)
    deck, lock = _sha(first.output), _sha(lock_path(Project(project)))
    changelog = (project / "decks" / "CHANGELOG.md").read_text()
    second = release(Project(project), now=1767999999)  # a later clock changes nothing
    assert _sha(second.output) == deck
    assert _sha(lock_path(Project(project))) == lock
    assert (project / "decks" / "CHANGELOG.md").read_text() == changelog


def test_lock_is_one_sorted_record_per_line_with_trailing_newline(project):
    release(Project(project))
    text = lock_path(Project(project)).read_text()
    assert text.endswith("}\n")
    records = [line for line in text.splitlines() if not line.startswith("#")]
    assert records[0] == "format 2"
    cards = [line.split()[1] for line in records if line.startswith("card ")]
    assert cards == sorted(cards) and len(cards) == 5
    assert json.loads(records[1].split(" ", 1)[1]) == {"id": 1700000000001, "version": 1}
    assert [line.split()[1] for line in records if line.startswith("release ")] == ["1.0"]
    assert {line.split()[1] for line in records if line.startswith("notetype ")} == {
        "qa",
        "date",
        "person",
        "quote",
        "position",
    }


def test_changed_card_gets_a_strictly_newer_time(project):
    release(Project(project), now=1767300000)
    _edit(project, "answer: Tuesday, January 13", "answer: Tuesday, 13 January")
    release(Project(project), now=1767300000)  # same clock: still strictly newer
    lock, _ = read_lock(Project(project))
    assert lock.cards["nara-date"].mod == 1767300002  # previous + 2: previous + 1 is a draft's
    assert lock.cards["person-sneider"].mod == 1767300000


def test_seed_metadata_change_counts_as_a_card_change(project):
    release(Project(project), now=1767300000)
    sources = project / "seeds" / "sources.yaml"
    sources.write_text(sources.read_text().replace("outlet: Test Gazette", "outlet: The Test Gazette"))
    result = release(Project(project), now=1767400000)
    update = result.update
    assert "nara-date" in update.changed and "beijing-delegation" in update.changed


def test_id_change_is_reported_as_removal_plus_addition_with_hint(project):
    release(Project(project))
    _edit(project, "id: nara-date", "id: nara-meeting-day")
    result = release(Project(project))
    update = result.update
    assert update.added == ("nara-meeting-day",) and update.retired == ("nara-date",)
    (warning,) = [d for d in result.load.diagnostics if d.code in REMOVAL_CODES]
    assert (warning.file, warning.line, warning.col) == ("cards/cards.yaml", 3, 5)  # the new id's line
    assert warning.card == "nara-meeting-day" and warning.severity == "warning"
    assert warning.message.startswith("looks like a rename of released card 'nara-date' (")
    assert "put back `id: nara-date`" in warning.hint


def test_build_to_another_file_leaves_lock_and_changelog_alone(project, tmp_path):
    build(Project(project), tmp_path / "preview.apkg")
    assert not lock_path(Project(project)).exists()
    assert not (project / "decks").exists()


def test_unreadable_lock_is_a_clean_error(project, run):
    (project / "cards" / "deck.lock").write_text("{not json")
    result = run("-C", project, "release", "--yes")
    assert result.exit_code == 1
    assert "cards/deck.lock:1:1: error[lock-unreadable]: cannot read the lock file" in result.output
    assert "git log -p cards/deck.lock" in result.output


def test_changing_the_deck_id_after_a_release_is_refused(project, run):
    assert run("-C", project, "release", "--yes").exit_code == 0
    deck_yaml = project / "cards" / "deck.yaml"
    deck_yaml.write_text(deck_yaml.read_text().replace("id: 1700000000001", "id: 1700000000002"))
    result = run("-C", project, "release", "--yes")
    assert result.exit_code == 1
    assert (
        "error[deck-id-changed]: deck id 1700000000002 differs from the released deck id 1700000000001" in result.output
    )
    assert "put back `id: 1700000000001`" in result.output


def _delete_nara_date(project):
    cards = project / "cards" / "cards.yaml"
    head, *blocks = cards.read_text().split("\n  - id: ")
    cards.write_text("\n  - id: ".join([head] + [b for b in blocks if not b.startswith("nara-date\n")]))


def test_retired_card_is_shipped_with_a_notice_until_the_next_major_version(project):
    release(Project(project))
    _delete_nara_date(project)
    update = release(Project(project)).update
    lock, _ = read_lock(Project(project))
    assert lock.cards["nara-date"].retired_in == "1.1"
    (note,) = [n for n in update.notes if n.card_id == "nara-date"]
    assert note.tags == ("retired",) and note.fields[0] == "[retired] On what day did Lee meet Takaichi in Nara?"
    assert "removed from the deck in version 1.1" in note.fields[NOTE_TYPES["date"].field_names.index("Context")]
    deck_yaml = project / "cards" / "deck.yaml"
    deck_yaml.write_text(deck_yaml.read_text().replace("version: 1", "version: 2"))
    update = release(Project(project), major=True).update
    assert "nara-date" not in {n.card_id for n in update.notes}
    assert read_lock(Project(project))[0].cards["nara-date"].retired  # the id stays taken


def test_a_retired_id_that_comes_back_is_restored_not_added(project):
    release(Project(project), now=1767300000)
    original = (project / "cards" / "cards.yaml").read_text()
    _delete_nara_date(project)
    release(Project(project), now=1767300000)
    (project / "cards" / "cards.yaml").write_text(original)
    update = release(Project(project), now=1767300000).update
    assert update.restored == ("nara-date",) and update.added == ()
    entry = read_lock(Project(project))[0].cards["nara-date"]
    assert not entry.retired and entry.mod == 1767300004  # newer than its retired note (1767300002)


def test_crash_while_writing_the_lock_leaves_the_previous_lock(project, monkeypatch):
    import pytest

    import builder.anki.lock

    release(Project(project), now=1767300000)
    lock = lock_path(Project(project))
    before = lock.read_bytes()
    (project / "cards" / "cards.yaml").write_text(
        (project / "cards" / "cards.yaml").read_text().replace("Tuesday, January 13\n", "Tue, Jan 13\n", 1)
    )

    real_replace = builder.anki.lock.os.replace

    def fail_on_lock(src, dst):  # the deck is written; the lock's rename fails
        if str(dst).endswith("deck.lock"):
            raise OSError("disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(builder.anki.lock.os, "replace", fail_on_lock)
    with pytest.raises(OSError):
        release(Project(project), now=1767400000)
    assert lock.read_bytes() == before
    assert sorted(p.name for p in lock.parent.iterdir()) == ["cards.yaml", "deck.lock", "deck.yaml"]
