"""`deckbuilder lock --resolve` and the git merge driver for cards/deck.lock.

Two branches that each released change the same lines of the lock (the release record, the
cards both touched), and git cannot merge them. Taking one side ("ours" or "theirs") would
drop the other branch's release times; the merge here keeps every release of both and, per
card, the newer time (lock.merge_locks), so the next release is newer than what either class
holds. The two sides come from git's index while the merge is unfinished (stages 2 and 3), or
from the conflict markers in the file.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from builder.anki.lock import LockError, conflict_line, lock_path, merge_locks, parse_lock, resolve_text, write_atomic
from builder.core.model import Project


class LockMergeError(Exception):
    """Nothing to resolve, or sides that cannot be merged; the message says which."""


def _stage(project: Project, number: int) -> str | None:
    rel = lock_path(project).relative_to(project.root).as_posix()
    try:
        proc = subprocess.run(
            ["git", "-C", str(project.root), "show", f":{number}:./{rel}"],
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.decode("utf-8", "replace") if proc.returncode == 0 else None


def resolve_lock(project: Project) -> Path:
    """Write the merged lock over cards/deck.lock; returns its path."""
    path = lock_path(project)
    ours, theirs = _stage(project, 2), _stage(project, 3)
    try:
        if ours is not None and theirs is not None:
            merged = merge_locks(parse_lock(ours), parse_lock(theirs))
        else:
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
            if not conflict_line(text):
                raise LockMergeError(
                    f"{project.rel(path)} has no merge conflict to resolve (no conflict markers, and git "
                    "has no unmerged versions of it); a lock resolved by taking one side is fine as it "
                    "is: the next release finds the other side's release in git history"
                )
            merged = resolve_text(text)
    except LockError as exc:
        raise LockMergeError(f"cannot merge {project.rel(path)}: one side, line {exc.line}: {exc}") from None
    except ValueError as exc:
        raise LockMergeError(f"cannot merge {project.rel(path)}: {exc}") from None
    write_atomic(path, merged.chunks())
    return path


def merge_driver(base: Path, ours: Path, theirs: Path) -> None:
    """git's merge driver (`deckbuilder lock %O %A %B`): the merge of %A and %B, written to %A."""
    del base  # every release of both sides is kept: the common ancestor adds nothing
    try:
        merged = merge_locks(
            parse_lock(ours.read_text(encoding="utf-8")), parse_lock(theirs.read_text(encoding="utf-8"))
        )
    except (OSError, ValueError) as exc:
        raise LockMergeError(f"cannot merge the two locks: {exc}") from None
    write_atomic(ours, merged.chunks())
