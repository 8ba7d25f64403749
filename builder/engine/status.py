"""`deckbuilder status` (and `build --check`): the last release, what changed since, and whether
every class-facing file in decks/ is the one that release made.

Nothing is built or written. Each output is judged against the release recorded in
cards/deck.lock: an .apkg by its notes (GUID, content hash, time, and the release or draft
stamp deckbuilder puts in it), a class pack by the .apkg and changelog inside it, any other
output (preview, exports) by the sha256 the release recorded. A lock in format 1 recorded no
outputs: those files are reported as unchecked until the next release records them.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from builder.anki.changes import Changes, changelog_path, check_changelog, compare
from builder.anki.history import ApkgState, History, guid_index, read_apkg
from builder.anki.lock import Lock, shipped_retired
from builder.core.model import Project
from builder.engine.pipeline import LoadResult, plan
from builder.publish.quizzes import FORMATS as QUIZ_FORMATS

OK, STALE, MISSING, DRAFT, UNCHECKED = "ok", "stale", "missing", "draft", "unchecked"
OUTPUT_SUFFIXES = (".apkg", ".zip", ".tsv", ".csv", ".json", ".md", ".html")
QUIZ_SUFFIXES = tuple(suffix for suffix, _, _ in QUIZ_FORMATS.values())  # .kahoot.xlsx, .gift.txt, ...


@dataclass(frozen=True)
class OutputState:
    path: str  # project-relative
    state: str  # OK / STALE / MISSING / DRAFT / UNCHECKED
    detail: str


@dataclass(frozen=True)
class StatusResult:
    load: LoadResult
    lock: Lock | None  # the last release as cards/deck.lock records it
    history: History | None
    since: Changes | None  # unreleased edits (None: none, or the cards do not load)
    outputs: tuple = ()
    problems: tuple = ()  # Diagnostics: unreadable lock, conflicted changelog, ...
    warnings: tuple = field(default_factory=tuple)  # history lines that need a release
    info: tuple = field(default_factory=tuple)  # history lines for information
    undo: str = ""  # the release `release --undo` would undo

    @property
    def stale(self) -> bool:
        return (
            bool(self.problems or self.warnings)
            or self.load.deck is None
            or any(o.state in (STALE, MISSING, DRAFT) for o in self.outputs)
        )


def _apkg_verdict(state: ApkgState, lock: Lock, full: bool) -> tuple[str, str]:
    """Whether an .apkg holds exactly the notes of the release the lock records (matched by GUID,
    so a deck made with an older major version's note types is judged too)."""
    if "draft" in state.stamp:
        return DRAFT, f"a draft built after release {state.stamp['draft'] or '(none)'}: not released"
    stamped = str(state.stamp.get("release", ""))
    if stamped and stamped != lock.label:
        return STALE, f"release {stamped}, not the last release {lock.label}"
    by_guid = guid_index(lock)
    for guid, note in state.notes.items():
        cid = by_guid.get(guid)
        if cid is None:
            return STALE, f"has a note (card '{note.card_id or guid}') that release {lock.label} does not"
        expected = lock.cards[cid]
        if expected.mod != note.mod or (not expected.retired and expected.hash != note.hash):
            return STALE, f"card '{cid}' differs from release {lock.label}"
    if full:
        shipped = {
            guid
            for guid, cid in by_guid.items()
            if not lock.cards[cid].retired or shipped_retired(lock.cards[cid], lock.version)
        }
        missing = shipped - set(state.notes)
        if missing:
            return STALE, f"{len(missing)} notes of release {lock.label} are missing"
    return OK, f"release {lock.label}"


def _check_output(project: Project, path: Path, lock: Lock, changelog: bytes | None, remake=None) -> OutputState:
    rel = project.rel(path)
    data = path.read_bytes()
    recorded = (lock.outputs or {}).get(rel)
    if recorded is not None:
        import hashlib

        if hashlib.sha256(data).hexdigest() == recorded:
            return OutputState(rel, OK, f"release {lock.label}")
        if not rel.endswith((".apkg", ".zip")):
            return OutputState(rel, STALE, f"not what release {lock.label} wrote")
    if rel.endswith(".apkg"):
        state = read_apkg(path)
        if state is None:
            return OutputState(rel, STALE, "not a readable Anki package")
        verdict, detail = _apkg_verdict(state, lock, "--" not in path.stem)
        return OutputState(rel, verdict, detail)
    if rel.endswith("-class-pack.zip"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = zf.namelist()
                inner = next((n for n in names if n.endswith(".apkg")), None)
                log = next((n for n in names if n.endswith("/CHANGELOG.md")), None)
                apkg = zf.read(inner) if inner else b""
                packed_log = zf.read(log) if log else None
        except (zipfile.BadZipFile, OSError):
            return OutputState(rel, STALE, "not a readable zip")
        if packed_log != changelog:
            return OutputState(rel, STALE, "its CHANGELOG.md is not decks/CHANGELOG.md")
        tmp = path.with_name(f".{path.name}.status.apkg")
        try:
            tmp.write_bytes(apkg)
            state = read_apkg(tmp)
        finally:
            tmp.unlink(missing_ok=True)
        if state is None:
            return OutputState(rel, STALE, "holds no readable Anki package")
        verdict, detail = _apkg_verdict(state, lock, "--" not in Path(inner or "").stem)
        return OutputState(rel, verdict, ("its deck: " + detail) if verdict != OK else detail)
    if remake is not None and remake(rel) == data:
        return OutputState(rel, OK, f"release {lock.label} (made since, from the same cards)")
    if lock.outputs is None:
        return OutputState(
            rel, UNCHECKED, f"cards/deck.lock (format {lock.format}) records no outputs; the next release will"
        )
    if remake is None:  # a release re-makes every file in decks/: this one was made after it
        return OutputState(
            rel,
            UNCHECKED,
            f"made after release {lock.label} from cards with unreleased edits: the next release re-makes it",
        )
    return OutputState(rel, STALE, f"not what release {lock.label} makes: run 'deckbuilder release' to re-make it")


def _remaker(loaded: LoadResult, update, changelog: bytes | None):
    """With no unreleased edits, the cards are the release's: a file made since (a preview, an
    export) is judged by making it again and comparing bytes. None when that cannot be done."""
    if loaded.deck is None or update is None or update.changed_anything:
        return None
    from builder.engine.pipeline import package_bytes
    from builder.engine.release import class_file

    subset, apkg = package_bytes(loaded.deck, update, None, {"release": update.lock.label})

    def remake(rel: str) -> bytes | None:
        if "--" in rel or not (rel.startswith(f"decks/{subset.stem}.") or rel.startswith("decks/preview/")):
            return None  # subsets and other pages: not made by a release
        if rel.endswith("-class-pack.zip"):
            return None  # judged by the deck inside it
        if rel.startswith("decks/preview/") and rel not in ("decks/preview/index.html", "decks/preview/coverage.html"):
            return None
        try:
            return class_file(rel, subset, apkg, changelog)
        except ValueError:
            return None

    return remake


def output_files(project: Project) -> list[Path]:
    decks = project.decks_dir
    if not decks.is_dir():
        return []
    found = [
        p
        for p in decks.iterdir()
        if p.is_file() and (p.suffix in OUTPUT_SUFFIXES or p.name.endswith(QUIZ_SUFFIXES)) and p.name != "CHANGELOG.md"
    ]
    preview = decks / "preview"
    if preview.is_dir():
        found += [p for p in preview.iterdir() if p.is_file() and p.suffix == ".html"]
    return sorted(p for p in found if not p.name.startswith("."))


def project_status(project: Project, now: int | None = None) -> StatusResult:
    loaded, update, history = plan(project, now, outputs=True)
    problems = [d for d in loaded.diagnostics if d.severity == "error"] + check_changelog(project)
    lock = history.working if history else None
    since = None
    if update is not None and update.changed_anything and update.previous is not None:
        since = compare(update.previous, update.lock)
    warnings: list[str] = []
    info: list[str] = []
    if history is not None:
        for sight, note in zip(history.unknown, history.notes, strict=True):
            (warnings if sight.in_checkout else info).append(note)
    from builder.engine.release import _orphan_changelog, undo_available

    problems += _orphan_changelog(project, history)
    outputs = []
    if lock is None:
        outputs = [OutputState(project.rel(p), UNCHECKED, "no release yet") for p in output_files(project)]
    else:
        log = changelog_path(project)
        changelog = log.read_bytes() if log.is_file() else None
        seen = set()
        remake = _remaker(loaded, update, changelog) if since is None else None
        for path in output_files(project):
            seen.add(project.rel(path))
            outputs.append(_check_output(project, path, lock, changelog, remake))
        for rel in sorted(lock.outputs or {}):
            if rel not in seen and not (project.root / rel).is_file() and rel != "cards/deck.lock":
                outputs.append(OutputState(rel, MISSING, f"written by release {lock.label}, now missing"))
    return StatusResult(
        loaded,
        lock,
        history,
        since,
        tuple(outputs),
        tuple(problems),
        tuple(warnings),
        tuple(info),
        undo_available(project),
    )
