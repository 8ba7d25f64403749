"""`deckbuilder watch`: rebuild the deck whenever a file in cards/ or seeds/ is saved.

watchfiles (Rust `notify`: inotify/FSEvents/ReadDirectoryChanges, with debouncing and a stop event)
beats a hand-written polling loop: editors save through temp files and renames, which it coalesces.
Each rebuild is a preview build into decks/ (the lock and changelog are left to `deckbuilder build`),
and a save with errors writes nothing, so the last good deck is never deleted or corrupted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from watchfiles import watch

from builder.anki.lock import LOCK_FILE
from builder.core.model import Project
from builder.engine.pipeline import BuildResult, build

WATCHED_SUFFIXES = {".yaml", ".yml", ".txt", ".md"}
DEBOUNCE_MS = 150  # editors write a file in several steps; a save is reported within ~0.2 s


@dataclass(frozen=True)
class Rebuild:
    result: BuildResult
    changed: tuple  # project-relative paths whose save triggered this rebuild (empty: first build)


def relevant(project: Project, path: str) -> bool:
    p = Path(path)
    return p.suffix in WATCHED_SUFFIXES and p.name != LOCK_FILE and not p.name.startswith(".")


def watch_project(
    project: Project,
    on_rebuild: Callable[[Rebuild], None],
    stop_event=None,
    initial: bool = True,
    max_rebuilds: int | None = None,
) -> int:
    """Build once (if `initial`), then after every relevant save until `stop_event` is set or
    `max_rebuilds` saves were handled. Returns the number of rebuilds after saves."""
    if initial:
        on_rebuild(Rebuild(build(project), ()))
    folders = [str(d) for d in (project.cards_dir, project.seeds_dir) if d.is_dir()]
    count = 0
    for changes in watch(
        *folders,
        stop_event=stop_event,
        debounce=DEBOUNCE_MS,
        step=50,
        watch_filter=lambda _change, path: relevant(project, path),
    ):
        changed = tuple(sorted({project.rel(Path(path)) for _, path in changes}))
        on_rebuild(Rebuild(build(project), changed))
        count += 1
        if max_rebuilds is not None and count >= max_rebuilds:
            break
    return count
