"""deckbuilder: compile cited question/answer cards (YAML) into Anki decks."""
__version__ = "0.1.0"
