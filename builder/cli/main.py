"""The `deckbuilder` command line: the command group with every command registered on it, and `main`.

The only package that imports click, and the only one that prints. Each command module turns
API results into text, JSON and exit codes (see report.py); nothing here decides about cards.
"""

from __future__ import annotations

from builder.cli import authoring, building, review, sharing  # noqa: F401 - registers the commands
from builder.cli.app import cli, closed_pipe

__all__ = ["cli", "main"]


def main() -> None:
    try:
        cli(prog_name="deckbuilder")
    except BrokenPipeError:
        closed_pipe()
