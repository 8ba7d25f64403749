"""The `deckbuilder` command line (the only package that imports click).

It turns the public API's results into text, JSON and exit codes; it decides nothing about cards.
May import every layer below it, through `builder`'s public API where one exists.
"""

from builder.cli.main import cli, main

__all__ = ["cli", "main"]
