import hashlib
import zipfile

import pytest

from builder.model import Project
from builder.pipeline import build
import builder.outputs


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_builds_are_byte_identical(project, tmp_path):
    a = build(Project(project), tmp_path / "a.apkg").output
    b = build(Project(project), tmp_path / "b.apkg").output
    assert _sha(a) == _sha(b)


def test_zip_entries_carry_no_clock(project, tmp_path):
    out = build(Project(project), tmp_path / "a.apkg").output
    with zipfile.ZipFile(out) as zf:
        assert [i.date_time for i in zf.infolist()] == [(2026, 1, 1, 0, 0, 0)] * 2
        assert zf.namelist() == ["collection.anki2", "media"]


def test_guid_depends_on_card_id_not_text(project, tmp_path):
    from builder.package import note_guid
    assert note_guid(1, "a") == note_guid(1, "a") != note_guid(1, "b")
    assert note_guid(1, "a") != note_guid(2, "a")


def test_crash_while_writing_leaves_previous_deck(project, monkeypatch):
    first = build(Project(project)).output
    before = first.read_bytes()
    (project / "cards" / "cards.yaml").write_text(
        (project / "cards" / "cards.yaml").read_text().replace("Tuesday, January 13\n", "Tue, Jan 13\n", 1))

    def explode(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(builder.outputs.os, "fsync", explode)
    with pytest.raises(OSError):
        build(Project(project))
    assert first.read_bytes() == before
    assert sorted(p.name for p in first.parent.iterdir()) == ["CHANGELOG.md", first.name]  # no temp file
