"""`deckbuilder build --check`: is what is committed (decks/*.apkg, cards/deck.lock) what a build makes now?

Builds into a temporary folder (a preview build: nothing in the project is touched) and compares
the lock's bytes and the package's entries, so CI fails when someone edited cards/ or seeds/
without rebuilding.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from builder.anki.changes import CHANGELOG
from builder.anki.lock import lock_path
from builder.core.model import Project
from builder.engine.pipeline import BuildResult, build
from builder.publish.naming import deck_filename


def same_package(a: Path, b: Path) -> bool:
    """Equal bytes, or the same entries with the same contents: another zlib may compress the
    same collection into other bytes, and that is no reason to call a committed deck stale."""
    if a.read_bytes() == b.read_bytes():
        return True
    try:
        with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
            return za.namelist() == zb.namelist() and all(za.read(name) == zb.read(name) for name in za.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def stale_outputs(project: Project, now: int | None = None) -> tuple[BuildResult, list[str]]:
    """The build result and the project-relative paths that a release build would change."""
    with tempfile.TemporaryDirectory(prefix="deckbuilder-check-") as tmp:
        result = build(project, Path(tmp) / "deck.apkg", now=now, record=False)
        if result.output is None or result.load.deck is None or result.update is None:
            return result, []
        stale = []
        committed = project.decks_dir / deck_filename(result.load.deck.info.name)
        if not committed.is_file() or not same_package(committed, result.output):
            stale.append(project.rel(committed))
        lock = lock_path(project)
        if not lock.is_file() or lock.read_text(encoding="utf-8") != result.update.lock.to_text():
            stale.append(project.rel(lock))
        if result.changelog:
            stale.append(project.rel(project.decks_dir / CHANGELOG))
    return result, stale
