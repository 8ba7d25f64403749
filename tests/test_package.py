import hashlib
import zipfile

import pytest

import builder.core.io
from builder.core.model import Project
from builder.engine.pipeline import build


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
    from builder.anki.identity import note_guid

    assert note_guid(1, "a") == note_guid(1, "a") != note_guid(1, "b")
    assert note_guid(1, "a") != note_guid(2, "a")


def test_guid_is_genankis_guid_for():
    """identity.note_guid writes genanki's algorithm out (exports must not import genanki): same GUIDs."""
    import genanki

    from builder.anki.identity import note_guid

    for deck_id, card_id in [(1768176000101, "date-beijing-summit"), (1, "a"), (2**62, "id-with-üñí"), (0, "")]:
        assert note_guid(deck_id, card_id) == genanki.guid_for(deck_id, card_id)


def test_crash_while_writing_leaves_previous_deck(project, monkeypatch):
    first = build(Project(project)).output
    before = first.read_bytes()
    (project / "cards" / "cards.yaml").write_text(
        (project / "cards" / "cards.yaml").read_text().replace("Tuesday, January 13\n", "Tue, Jan 13\n", 1)
    )

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(builder.core.io.os, "fsync", explode)
    with pytest.raises(OSError):
        build(Project(project))
    assert first.read_bytes() == before
    assert sorted(p.name for p in first.parent.iterdir()) == [first.name]  # no temp file


def _rows(db_bytes, tmp_path, name):
    import sqlite3

    path = tmp_path / name
    path.write_bytes(db_bytes)
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("notes", "cards", "col")}
    finally:
        conn.close()


def test_collection_rows_equal_what_genanki_notes_write(tmp_path):
    """The packager inserts note and card rows itself (one executemany each); every row must be
    what genanki's own Note.write_to_db gives for the same notes: ids, GUIDs, fields, sort
    field, tags, one card per filled template (person notes: two), deck ids and mod times; the
    new-card positions are ours (genanki writes 0)."""
    import itertools
    import sqlite3

    import genanki

    from builder.anki.identity import new_card_position, note_guid
    from builder.anki.package import FIXED_TIMESTAMP, _model, collection_bytes, description_html
    from builder.engine.pipeline import prepare

    from .conftest import REPO

    loaded, update = prepare(Project(REPO))
    info, notes = loaded.deck.info, update.notes
    ours = _rows(collection_bytes(info, notes, notetype_mods=update.notetype_mods), tmp_path, "ours.db")

    models = {kind: _model(kind) for kind in dict.fromkeys(n.kind for n in notes)}
    deck = genanki.Deck(info.id, info.name, description_html(info.description))
    for kind in models:  # genanki writes notes in the order they were added: ours go kind by kind
        for n in (n for n in notes if n.kind == kind):
            deck.add_note(
                genanki.Note(
                    model=models[n.kind], fields=list(n.fields), tags=list(n.tags), guid=note_guid(info.id, n.card_id)
                )
            )
    path = tmp_path / "genanki.db"
    conn = sqlite3.connect(path)
    genanki.Package([deck]).write_to_db(conn.cursor(), FIXED_TIMESTAMP, itertools.count(FIXED_TIMESTAMP * 1000))
    conn.executemany("UPDATE notes SET mod = ? WHERE guid = ?", [(n.mod, note_guid(info.id, n.card_id)) for n in notes])
    by_guid = {note_guid(info.id, n.card_id): n for n in notes}
    for card_id, guid, ord_ in conn.execute(
        "SELECT cards.id, guid, ord FROM cards JOIN notes ON notes.id = nid"
    ).fetchall():
        n = by_guid[guid]
        due = new_card_position(info.id, n.card_id, ord_, "retired" in n.tags)
        conn.execute("UPDATE cards SET due = ? WHERE id = ?", (due, card_id))
    conn.commit()
    conn.close()
    theirs = _rows(path.read_bytes(), tmp_path, "theirs.db")

    assert len(ours["cards"]) > len(ours["notes"]) == len(notes)  # person notes make two cards
    assert ours["notes"] == theirs["notes"]
    assert ours["cards"] == theirs["cards"]
    import json

    ours_models, theirs_models = (json.loads(rows["col"][0][9]) for rows in (ours, theirs))
    for mid, model in theirs_models.items():
        model["mod"] = update.notetype_mods[next(k for k in models if models[k].model_id == int(mid))]
    assert ours_models == theirs_models
    assert ours["col"][0][10] == theirs["col"][0][10]  # decks


def test_collection_header_names_no_local_sqlite_version(project, tmp_path):
    """SQLite stamps its own version into the file header; the package fixes it, so a machine
    linking another SQLite writes the same deck. The stamped file still opens and checks clean."""
    import sqlite3

    from builder.anki.package import SQLITE_VERSION_STAMP

    out = build(Project(project), tmp_path / "a.apkg").output
    db = zipfile.ZipFile(out).read("collection.anki2")
    assert int.from_bytes(db[96:100], "big") == SQLITE_VERSION_STAMP
    assert db[92:96] == db[24:28]  # the stamp is "valid for" the file as it is
    path = tmp_path / "c.db"
    path.write_bytes(db)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()


def test_release_check_ignores_compression_but_not_content(project, tmp_path, run):
    """`build --check` judges the released deck by its notes, not by the zlib that packed them."""
    import sqlite3

    assert run("-C", project, "release", "--yes").exit_code == 0
    apkg = next((project / "decks").glob("*.apkg"))
    entries = {i.filename: zipfile.ZipFile(apkg).read(i.filename) for i in zipfile.ZipFile(apkg).infolist()}

    def repack(contents):
        with zipfile.ZipFile(apkg, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for name, data in contents.items():
                zf.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED, 9)

    original = apkg.read_bytes()
    repack(entries)
    assert apkg.read_bytes() != original  # other compressed bytes, same entries
    assert run("-C", project, "build", "--check").exit_code == 0
    db = tmp_path / "c.anki2"
    db.write_bytes(entries["collection.anki2"])
    conn = sqlite3.connect(db)
    conn.execute("UPDATE notes SET mod = mod - 1 WHERE id = (SELECT min(id) FROM notes)")  # one note older
    conn.commit()
    conn.close()
    repack(dict(entries, **{"collection.anki2": db.read_bytes()}))
    result = run("-C", project, "build", "--check")
    assert result.exit_code == 1 and "differs from release 1.0" in result.output
