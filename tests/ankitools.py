"""Helpers that drive the real Anki backend (the `anki` package) for tests."""
from __future__ import annotations

from pathlib import Path

from anki.collection import Collection
from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest


def new_collection(folder: Path) -> Collection:
    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / "collection.anki2"))


def import_apkg(col: Collection, apkg: Path, **options):
    """Import with Anki's default options (as a student's desktop would) unless overridden."""
    request = ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions(**options))
    return col.import_anki_package(request)


def notes_by_card_id(col: Collection) -> dict:
    """CardId field → note, for every note of our note types."""
    out = {}
    for nid in col.find_notes("CardId:_*"):
        note = col.get_note(nid)
        out[note["CardId"]] = note
    return out
