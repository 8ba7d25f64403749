"""Rendered notes → a deterministic .apkg, written atomically. The only module that imports genanki.

Identity: a note's GUID hashes (deck id, card id), never its text, so edits update the same note.
Determinism: genanki gets a fixed timestamp, each note and note type gets the modification time
decided by the caller (the lock), and zip entries carry a fixed date, so equal inputs give
byte-identical files.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
import tempfile
from pathlib import Path

import genanki

from .notetypes import NOTE_TYPES
from .outputs import deterministic_zip, write_atomic

FIXED_TIMESTAMP = 1767225600          # 2026-01-01T00:00:00Z; ids of new cards and the collection's clock


def note_guid(deck_id: int, card_id: str) -> str:
    """The GUID Anki matches notes by on re-import (also used by the TSV export)."""
    return genanki.guid_for(deck_id, card_id)


def subdeck_id(deck_id: int, kind: str) -> int:
    """Stable id for '<Deck>::<Kind>': derived from the fixed deck id and the kind, never from names."""
    return int(hashlib.sha256(f"{deck_id}::{kind}".encode()).hexdigest()[:15], 16)


class _Note(genanki.Note):
    """genanki's Note without its per-note scan for invalid HTML tags, which only warns (our
    fields are escaped text plus the few tags render.py writes): 0.3 s of a 100k-card build."""

    def _check_invalid_html_tags_in_fields(self):
        return None


def _model(kind: str) -> genanki.Model:
    nt = NOTE_TYPES[kind]
    return genanki.Model(
        nt.id, nt.name, fields=[{"name": f} for f in nt.field_names],
        templates=[{"name": name, "qfmt": front, "afmt": back} for name, front, back in nt.templates],
        css=nt.css, sort_field_index=0)


def build_collection(deck_info, notes, db_path: Path, guid_deck_id: int | None = None,
                     notetype_mods: dict | None = None) -> None:
    """Write the Anki collection (SQLite) that goes inside the .apkg."""
    guid_deck_id = guid_deck_id or deck_info.id
    models = {kind: _model(kind) for kind in dict.fromkeys(n.kind for n in notes)}
    parent = genanki.Deck(deck_info.id, deck_info.name, deck_info.description)
    subdecks = {}
    guids = [note_guid(guid_deck_id, n.card_id) for n in notes]
    for note, guid in zip(notes, guids):
        if note.kind not in subdecks:
            subdecks[note.kind] = genanki.Deck(subdeck_id(deck_info.id, note.kind), note.subdeck)
        subdecks[note.kind].add_note(_Note(
            model=models[note.kind], fields=list(note.fields), tags=list(note.tags),
            guid=guid))
    package = genanki.Package([parent] + list(subdecks.values()))
    conn = sqlite3.connect(db_path)
    try:
        cursor = conn.cursor()
        package.write_to_db(cursor, FIXED_TIMESTAMP, itertools.count(FIXED_TIMESTAMP * 1000))
        # one UPDATE joined with a temporary table: `notes.guid` has no index, so an UPDATE per note
        # scanned the whole table each time (quadratic: 11.8 s of a 10k-card build)
        cursor.execute("CREATE TEMP TABLE note_mods (guid TEXT PRIMARY KEY, mod INTEGER) WITHOUT ROWID")
        cursor.executemany("INSERT OR REPLACE INTO note_mods VALUES (?, ?)",
                           [(guid, n.mod) for guid, n in zip(guids, notes)])
        cursor.execute("UPDATE notes SET mod = (SELECT mod FROM note_mods WHERE note_mods.guid = notes.guid)"
                       " WHERE guid IN (SELECT guid FROM note_mods)")
        cursor.execute("DROP TABLE note_mods")
        if notetype_mods:
            (models_json,) = cursor.execute("SELECT models FROM col").fetchone()
            data = json.loads(models_json)
            for model in data.values():
                kind = next(k for k, nt in NOTE_TYPES.items() if nt.id == int(model["id"]))
                model["mod"] = int(notetype_mods.get(kind, model["mod"]))
            cursor.execute("UPDATE col SET models = ?", (json.dumps(data, sort_keys=True),))
        conn.commit()
    finally:
        conn.close()


def write_apkg(deck_info, notes, path: Path, guid_deck_id: int | None = None,
               notetype_mods: dict | None = None) -> int:
    """Build the package next to `path` and rename it into place; returns its size in bytes.

    A failure or interruption at any point leaves the previous file at `path` untouched.
    """
    with tempfile.TemporaryDirectory(prefix="deckbuilder-") as tmp:
        db_path = Path(tmp) / "collection.anki2"
        build_collection(deck_info, notes, db_path, guid_deck_id, notetype_mods)
        entries = {"collection.anki2": db_path.read_bytes(), "media": b"{}"}
    return write_atomic(path, deterministic_zip(entries))
