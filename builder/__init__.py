"""deckbuilder: compile cited question/answer cards (YAML) into Anki decks.

The public API; everything else in the package is internal and may change:

    import builder
    loaded = builder.load("my-class")            # or builder.check(...): + what a build would warn
    for d in loaded.diagnostics:
        print(d.file, d.line, d.code, d.message)
    result = builder.build("my-class")           # a draft decks/<deck>.apkg, nothing written on errors
    published = builder.release("my-class")      # the release: deck, lock, changelog, class files
"""

from typing import TYPE_CHECKING, Any

from builder.core.diagnostics import Diagnostic
from builder.core.model import Card, Deck, Project
from builder.engine.api import (
    ProjectLike,
    build,
    check,
    export,
    handout,
    load,
    pack,
    preview,
    project,
    quiz,
    release,
    status,
    subset,
    undo_release,
)
from builder.engine.pipeline import BuildResult, LoadResult
from builder.engine.release import ReleaseError, ReleasePlan, ReleaseResult
from builder.publish.select import SelectionError, Subset

__all__ = [
    "BuildResult",
    "Card",
    "Deck",
    "Diagnostic",
    "LoadResult",
    "PackError",
    "PackResult",
    "Project",
    "ProjectLike",
    "ReleaseError",
    "ReleasePlan",
    "ReleaseResult",
    "SelectionError",
    "Subset",
    "__version__",
    "build",
    "check",
    "export",
    "handout",
    "load",
    "pack",
    "preview",
    "project",
    "quiz",
    "release",
    "status",
    "subset",
    "undo_release",
]


if TYPE_CHECKING:
    from builder.engine.pack import PackError, PackResult


def __getattr__(name: str) -> Any:
    """`builder.__version__` (from the package metadata) and the pack's types (the pack imports
    the quiz and lint code): loaded only when asked, since start-up time counts for every build."""
    if name == "__version__":
        from builder.core.version import __version__

        return __version__
    if name in ("PackError", "PackResult"):
        from builder.engine import pack

        return getattr(pack, name)
    raise AttributeError(f"module 'builder' has no attribute {name!r}")
