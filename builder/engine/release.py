"""`deckbuilder release`: the one command that publishes a deck to students.

A release is planned (what is added, changed, retired, renamed-looking, restored; the version
number, above every release any record knows: the lock, git history on every branch, the deck in
decks/, the changelog), refused on any error or blocking warning, and then written as one set:
the deck, cards/deck.lock, the changelog entry and every class-facing output that exists in
decks/ or that the last release wrote (class pack, preview, exports), all staged and fsynced
before any is renamed into place (core.io.write_staged). After a release nothing in decks/ is
older than the lock.

Until it is shared, a release can be undone (`release --undo`): what it replaced is kept in
.deckbuilder-cache/undo/, and undo restores it only while every file is still as the release
wrote it and no git commit holds the release.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from builder.anki.changes import (
    Changes,
    changelog_labels,
    changelog_path,
    changelog_with,
    check_changelog,
    compare,
    format_markdown,
)
from builder.anki.history import History, git_locks
from builder.anki.lock import Lock, LockUpdate, _rename_match, lock_path
from builder.core.diagnostics import Diagnostic
from builder.core.io import check_writable, write_staged
from builder.core.model import Deck, Project
from builder.engine.cache import CACHE_DIR
from builder.engine.pipeline import LoadResult, interrupted_release, package_bytes, plan
from builder.engine.scaffold import EXAMPLE_DESCRIPTION
from builder.publish.quizzes import FORMATS as QUIZ_FORMATS

# Warnings that stop a release (errors always do): a card still marked as a draft, and the
# example cards `deckbuilder init` wrote. Correctness problems (a quotation not in its citation,
# ...) are errors already. The one list of what blocks a release.
RELEASE_BLOCKING_CODES = frozenset({"draft-card", "example-card", "example-deck"})
EXAMPLE_TAG = "init-example"  # the tag `deckbuilder init` gives its example cards
EXPORT_FORMATS = ("tsv", "csv", "json", "md")
UNDO_DIR = "undo"


class ReleaseError(Exception):
    """Undo (or a release) that cannot be done safely; the message says why and what to do."""


@dataclass(frozen=True)
class ReleasePlan:
    load: LoadResult
    update: LockUpdate | None
    history: History | None
    changes: Changes | None
    renames: tuple  # (released id, new id, similarity) of retired cards that look renamed
    blockers: tuple  # Diagnostics that stop the release
    outputs: tuple  # project-relative paths the release writes
    major: bool  # a new major version (deck.yaml `version` raised)

    @property
    def ok(self) -> bool:
        return self.update is not None and not self.blockers

    @property
    def label(self) -> str:
        return self.update.lock.label if self.update else ""

    @property
    def new(self) -> bool:
        """Whether this is a new release (else: outputs are re-made from the last one)."""
        return self.update is not None and self.update.changed_anything

    @property
    def notes(self) -> tuple:
        return self.history.notes if self.history else ()


@dataclass(frozen=True)
class ReleaseResult:
    plan: ReleasePlan
    written: dict  # project-relative path → size, empty when nothing was written
    root: Path | None = None

    @property
    def output(self) -> Path | None:
        """The released .apkg (like BuildResult.output), None when nothing was written."""
        apkg = next((p for p in self.written if p.endswith(".apkg")), None)
        return self.root / apkg if apkg and self.root is not None else None

    @property
    def update(self) -> LockUpdate | None:
        return self.plan.update

    @property
    def load(self) -> LoadResult:
        return self.plan.load


def example_diagnostics(deck: Deck) -> list[Diagnostic]:
    """The cards `deckbuilder init` wrote as examples: a release refuses them."""
    diags = []
    for card in deck.cards:
        if EXAMPLE_TAG not in card.tags:
            continue
        line, col = card.at("id")
        diags.append(
            Diagnostic(
                card.file,
                line,
                col,
                "warning",
                f"is one of the examples 'deckbuilder init' wrote (tag {EXAMPLE_TAG}): it cannot be released",
                card=card.id,
                code="example-card",
                hint=f"delete it (rm {card.file} removes all of them), or remove the tag {EXAMPLE_TAG} to keep it",
            )
        )
    if deck.info.description.strip() == EXAMPLE_DESCRIPTION:
        diags.append(
            Diagnostic(
                deck.info.file,
                1,
                1,
                "warning",
                "the deck's description is still the one 'deckbuilder init' wrote: it cannot be released",
                code="example-deck",
                hint="say in cards/deck.yaml what the deck is (name and description): students see both in Anki",
            )
        )
    return diags


def _orphan_changelog(project: Project, history: History | None) -> list[Diagnostic]:
    """A changelog that records releases when no lock or history does: the lock is lost."""
    labels = changelog_labels(project)
    if not labels or history is None or history.previous is not None:
        return []
    return [
        Diagnostic(
            project.rel(lock_path(project)),
            0,
            0,
            "error",
            f"missing, but {project.rel(changelog_path(project))} records release {labels[-1]}, and neither git "
            "history nor decks/ holds a lock or a released deck to continue from",
            code="lock-missing",
            hint="restore cards/deck.lock from a backup or another clone; if that release was never shared "
            "with students, delete decks/CHANGELOG.md and release again as a first release",
        )
    ]


def _version_diagnostics(deck: Deck, previous: Lock | None, major: bool) -> list[Diagnostic]:
    raised = previous is not None and deck.info.version > previous.version
    file = deck.info.file
    if raised and not major and previous is not None:
        return [
            Diagnostic(
                file,
                1,
                1,
                "error",
                f"version {deck.info.version} is a new major version (the last release is {previous.label})",
                code="release-major",
                hint="students must delete the old deck and import this one fresh, losing its review history; "
                "if that is what you mean, run 'deckbuilder release --major'",
            )
        ]
    if major and not raised:
        now = previous.version if previous else deck.info.version
        return [
            Diagnostic(
                file,
                1,
                1,
                "error",
                "--major needs a higher `version` in cards/deck.yaml",
                code="release-major",
                hint=f"set `version: {now + 1}` (only for a change of note type fields or templates)",
            )
        ]
    return []


def class_outputs(project: Project, stem: str, recorded: dict | None) -> list[str]:
    """The class-facing outputs a release re-makes: those in decks/ now and those the last
    release wrote (project-relative paths)."""
    decks = project.decks_dir
    candidates = [
        decks / f"{stem}-class-pack.zip",
        decks / "preview" / "index.html",
        decks / "preview" / "coverage.html",
    ]
    candidates += [decks / f"{stem}.{fmt}" for fmt in EXPORT_FORMATS]
    candidates += [decks / f"{stem}{suffix}" for suffix, _, _ in QUIZ_FORMATS.values()]
    return [project.rel(p) for p in candidates if p.is_file() or project.rel(p) in (recorded or {})]


def plan_release(project: Project, now: int | None = None, major: bool = False, progress=None) -> ReleasePlan:
    """What `release` would do, without writing anything."""
    loaded, update, history = plan(project, now, progress, draft=False, outputs=True)
    blockers = [d for d in loaded.diagnostics if d.severity == "error"]
    if loaded.deck is None or update is None:
        blockers += _orphan_changelog(project, history)
        return ReleasePlan(loaded, None, history, None, (), tuple(blockers), (), False)
    deck = loaded.deck
    examples = example_diagnostics(deck)
    loaded = replace(loaded, diagnostics=tuple(sorted(loaded.diagnostics + tuple(examples), key=Diagnostic.sort_key)))
    blockers += [d for d in loaded.diagnostics if d.code in RELEASE_BLOCKING_CODES]
    blockers += check_changelog(project) + _orphan_changelog(project, history)
    blockers += _version_diagnostics(deck, update.previous, major)
    changes = compare(update.previous, update.lock) if update.changed_anything else None
    if changes is not None and changes.empty and history is not None and history.working is not None:
        changes = compare(history.working, update.lock)  # a merge: what this branch's class gets
    renames = []
    if update.previous is not None:
        added_cards = [c for c in deck.cards if c.id in update.added]
        for cid in update.retired:
            card, score = _rename_match(update.previous.cards[cid], added_cards)
            if card is not None:
                renames.append((cid, card.id, score))
    from builder.publish.naming import deck_filename

    stem = deck_filename(deck.info.name)[: -len(".apkg")]
    recorded = history.working.outputs if history and history.working else None
    outputs = [project.rel(project.decks_dir / f"{stem}.apkg"), project.rel(lock_path(project))]
    if changes is not None:
        outputs.append(project.rel(changelog_path(project)))
    outputs += class_outputs(project, stem, recorded)
    return ReleasePlan(
        loaded,
        update,
        history,
        changes,
        tuple(renames),
        tuple(sorted(set(blockers), key=Diagnostic.sort_key)),
        tuple(outputs),
        update.previous is not None and deck.info.version > update.previous.version,
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def class_file(rel: str, subset, apkg: bytes, changelog: bytes | None, core_apkg: bytes | None = None) -> bytes:
    """One class-facing file of decks/ (project-relative `rel`) made from the full deck's subset
    and its .apkg: the class pack (with the core deck's .apkg when it offers one), the preview
    pages, an export, a quiz."""
    if rel.endswith("-class-pack.zip"):
        from builder.engine.pack import pack_bytes

        return pack_bytes(subset, apkg, changelog, core_apkg)[0]
    if rel.endswith("/coverage.html"):
        from builder.publish.coverage_page import coverage_html

        return coverage_html(subset.deck).encode("utf-8")
    if rel.endswith(".html"):
        from builder.publish.preview import preview_html

        return preview_html(subset.deck).encode("utf-8")
    quiz = next((fmt for fmt, (suffix, _, _) in QUIZ_FORMATS.items() if rel.endswith(suffix)), None)
    if quiz is not None:  # decks/<deck>.kahoot.xlsx, .blooket.csv, ...: the quiz, not the plain export
        from builder.publish.quizzes import export_quiz

        return export_quiz(quiz, subset.deck, subset.whole, subset.selection.spec).data
    from builder.publish.export import encode, export_text

    fmt = rel.rsplit(".", 1)[-1]
    return encode(fmt, export_text(fmt, subset.deck, subset.guid_deck_id, ""))


def release_files(project: Project, release_plan: ReleasePlan) -> dict[Path, bytes]:
    """Every file of the release, in memory: nothing is written until all of them are made."""
    update = release_plan.update
    deck = release_plan.load.deck
    assert update is not None and deck is not None
    subset, apkg = package_bytes(deck, update, None, {"release": update.lock.label})
    files: dict[Path, bytes] = {project.decks_dir / subset.filename: apkg}
    log = changelog_path(project)
    if release_plan.changes is not None:
        entry = format_markdown(release_plan.changes)
        files[log] = changelog_with(project, entry, interrupted_release(project)).encode("utf-8")
    changelog = files.get(log, log.read_bytes() if log.is_file() else None)
    core_apkg = None
    if any(rel.endswith("-class-pack.zip") for rel in release_plan.outputs):
        from builder.engine.pack import core_apkg_bytes

        core_apkg = core_apkg_bytes(subset, update, {"release": update.lock.label})
    for rel in release_plan.outputs:
        path = project.root / rel
        if path not in files and path != lock_path(project):
            files[path] = class_file(rel, subset, apkg, changelog, core_apkg)
    outputs = {project.rel(p): _sha256(data) for p, data in files.items() if p != log}
    lock = replace(update.lock, outputs=outputs)
    files[lock_path(project)] = "".join(lock.chunks()).encode("utf-8")
    return files


def release(
    project: Project, now: int | None = None, major: bool = False, dry_run: bool = False, progress=None
) -> ReleaseResult:
    """Plan the release and, unless `dry_run` or blocked, write all of it as one set."""
    release_plan = plan_release(project, now, major, progress)
    if dry_run or not release_plan.ok:
        return ReleaseResult(release_plan, {}, project.root)
    files = release_files(project, release_plan)
    for path, data in files.items():  # a full disk, read-only mount, immutable file: before anything
        check_writable(path, project.root, len(data))
    _save_undo(project, release_plan.label, files, release_plan.new)
    sizes = write_staged(files)
    return ReleaseResult(release_plan, {project.rel(p): n for p, n in sizes.items()}, project.root)


# --- undo ----------------------------------------------------------------------------------


def _undo_dir(project: Project) -> Path:
    return project.root / CACHE_DIR / UNDO_DIR


def _save_undo(project: Project, label: str, files: dict[Path, bytes], new: bool) -> None:
    """Keep what the release replaces, so an unshared release can be undone."""
    folder = _undo_dir(project)
    if not new:
        return  # outputs re-made from the same release: the last release's undo still applies
    try:  # finishing an interrupted release: what it replaced is already kept
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if manifest["release"] == label:
            for path, data in files.items():
                entry = manifest["files"].setdefault(project.rel(path), {"before": None})
                entry["after"] = _sha256(data)
            (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
            return
    except (OSError, ValueError, KeyError, TypeError):
        pass
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# deckbuilder's cache: safe to delete, never commit\n*\n", encoding="utf-8")
    manifest = {"release": label, "files": {}}
    for number, (path, data) in enumerate(sorted(files.items())):
        before = None
        if path.is_file():
            before = f"{number}.before"
            shutil.copyfile(path, folder / before)
        manifest["files"][project.rel(path)] = {"before": before, "after": _sha256(data)}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")


def _undoable(project: Project) -> tuple[str, dict]:
    """The label and manifest of the release `release --undo` would undo. Raises ReleaseError when
    that is not safe: nothing to undo, a file changed since, or a git commit holds the release."""
    folder = _undo_dir(project)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ReleaseError(
            "no release to undo: only the last release, made on this computer, can be undone "
            "(its backup is in .deckbuilder-cache/undo/)"
        ) from None
    label = manifest["release"]
    for rel, entry in manifest["files"].items():
        path = project.root / rel
        if not path.is_file() or _sha256(path.read_bytes()) != entry["after"]:
            raise ReleaseError(
                f"cannot undo release {label}: {rel} changed since the release; restore it or release again"
            )
    for sight in git_locks(project):
        if any(r.version == label for r in sight.lock.releases) and sight.lock.releases:
            latest = max(sight.lock.releases, key=lambda r: r.key)
            if latest.version == label:
                raise ReleaseError(
                    f"cannot undo release {label}: it is committed ({sight.where}); students may have it. "
                    "Fix what is wrong and release again"
                )
    return str(label), manifest


def undo_release(project: Project) -> str:
    """Put back what the last release replaced; returns its label. Raises ReleaseError when that
    is not safe (_undoable)."""
    folder = _undo_dir(project)
    label, manifest = _undoable(project)
    restore: dict[Path, bytes] = {}
    remove: list[Path] = []
    for rel, entry in manifest["files"].items():
        if entry["before"] is None:
            remove.append(project.root / rel)
        else:
            restore[project.root / rel] = (folder / entry["before"]).read_bytes()
    write_staged(restore)
    for path in remove:
        path.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    return label


def undo_available(project: Project) -> str:
    """The label of the release `release --undo` would undo, or '' when it would refuse (nothing
    kept, a file changed since, the release committed): status offers only an undo that works."""
    try:
        return _undoable(project)[0]
    except (ReleaseError, KeyError, TypeError):
        return ""
