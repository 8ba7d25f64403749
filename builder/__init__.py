"""deckbuilder: compile cited question/answer cards (YAML) into Anki decks."""

from builder.core.version import __version__

__all__ = ["__version__"]
