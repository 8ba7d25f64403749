"""The public Python API (re-exported by `builder`): what the CLI and scripts call.

Each function takes a project (a folder path or a `Project`) and returns plain results; none of
them prints or exits. Errors in the cards are data (`Diagnostic`s in the result), never
exceptions; a filter that selects nothing raises `SelectionError`.

    >>> import builder
    >>> loaded = builder.load("path/to/project")
    >>> [d.message for d in loaded.errors]
    []
    >>> builder.build("path/to/project").output
    PosixPath('path/to/project/decks/my-deck.apkg')
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from builder.core.model import Deck, Project
from builder.engine.pipeline import BuildResult, LoadResult, check_project, load_project
from builder.engine.pipeline import build as build_project
from builder.publish.select import Selection, Subset, select

if TYPE_CHECKING:  # imported where used: a build need not load the pack, page or export code
    from builder.engine.pack import PackResult
    from builder.engine.release import ReleaseResult
    from builder.engine.status import StatusResult
    from builder.publish.quizzes import QuizExport

ProjectLike = str | os.PathLike[str] | Project
Progress = Callable[[int, int], None]


def project(where: ProjectLike = ".") -> Project:
    """A `Project` for a folder (one holding cards/, seeds/ and decks/)."""
    return where if isinstance(where, Project) else Project(Path(where))


def load(where: ProjectLike = ".", progress: Progress | None = None) -> LoadResult:
    """Load, validate and verify every card and citation; `.deck` is None when there is any error."""
    return load_project(project(where), progress)


def check(where: ProjectLike = ".", progress: Progress | None = None) -> LoadResult:
    """What `deckbuilder check` reports: `load` plus what the next build would say about the
    lock (released cards removed or renamed, a refused note type change)."""
    return check_project(project(where), progress)


def build(
    where: ProjectLike = ".",
    output: str | os.PathLike[str] | None = None,
    *,
    kinds: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    sources: tuple[str, ...] = (),
    now: int | None = None,
    progress: Progress | None = None,
    reuse: bool = False,
) -> BuildResult:
    """Check, render and write a draft of the deck (or the subset the filters pick) to `output`
    or decks/; never the lock or the changelog (see `release`). Nothing is written when there is
    an error (`result.ok` is False); `result.draft` says what a release would change."""
    selection = Selection.of(kinds, tags, sources)
    out = Path(output) if output is not None else None
    return build_project(project(where), out, now=now, selection=selection, progress=progress, reuse=reuse)


def release(
    where: ProjectLike = ".",
    *,
    now: int | None = None,
    major: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ReleaseResult:
    """Publish: the deck, cards/deck.lock, the changelog entry and every class-facing file in
    decks/, written as one set. Refused (nothing written, `result.plan.blockers` say why) on any
    error or blocking warning; `dry_run` plans only (`result.plan`)."""
    from builder.engine.release import release as release_project

    return release_project(project(where), now=now, major=major, dry_run=dry_run, progress=progress)


def undo_release(where: ProjectLike = ".") -> str:
    """Take back the last release while it is uncommitted and unchanged; returns its label.
    Raises `ReleaseError` (with the reason) when that is not safe."""
    from builder.engine.release import undo_release as undo

    return undo(project(where))


def status(where: ProjectLike = ".", *, now: int | None = None) -> StatusResult:
    """The last release, unreleased edits, and whether each file in decks/ is from that release."""
    from builder.engine.status import project_status

    return project_status(project(where), now)


def subset(
    deck: Deck, kinds: tuple[str, ...] = (), tags: tuple[str, ...] = (), sources: tuple[str, ...] = ()
) -> Subset:
    """The cards of `deck` the filters pick, as their own deck with the full deck's note GUIDs."""
    return select(deck, Selection.of(kinds, tags, sources))


def pack(where: ProjectLike, chosen: Subset, output: str | os.PathLike[str] | None = None) -> PackResult:
    """The class pack zip for a loaded deck or subset (see `subset`)."""
    from builder.engine.pack import build_pack

    return build_pack(project(where), chosen, Path(output) if output is not None else None)


def preview(deck: Deck) -> str:
    """The self-contained preview page (HTML) of every card, front and back."""
    from builder.publish.preview import preview_html

    return preview_html(deck)


def handout(deck: Deck) -> str:
    """The printable handout page (HTML): every card's question, answer and citations."""
    from builder.publish.sheets import handout_html

    return handout_html(deck)


def export(chosen: Subset, fmt: str) -> bytes:
    """The cards as tsv, csv, json or md, encoded as that format's file is."""
    from builder.publish.export import encode, export_text

    return encode(fmt, export_text(fmt, chosen.deck, chosen.guid_deck_id, chosen.selection.spec))


def quiz(chosen: Subset, fmt: str) -> QuizExport:
    """The multiple-choice quiz of the chosen cards as one platform's file (kahoot, blooket, gimkit,
    quizlet, gift, moodle, qti, blackboard): `.data` bytes, `.quiz.questions` and `.quiz.left_out`
    (each with its reason), `.warnings` for texts shortened to the platform's limits. Wrong options
    are drawn from the full deck, so a subset asks the same questions as the full quiz."""
    from builder.publish.quizzes import export_quiz

    return export_quiz(fmt, chosen.deck, chosen.whole, chosen.selection.spec)
