"""The `deckbuilder` command line: the command group with every command registered on it, and `main`.

The only package that imports click, and the only one that prints. Each command module turns
API results into text, JSON and exit codes (see report.py); nothing here decides about cards.
"""

from __future__ import annotations

import sys

from builder.cli import authoring, building, review, sharing  # noqa: F401 - registers the commands
from builder.cli.app import EXIT_INTERRUPTED, cli, closed_pipe, install_signal_handlers

__all__ = ["cli", "main"]


def main() -> None:
    install_signal_handlers()
    try:
        cli(prog_name="deckbuilder")
    except BrokenPipeError:
        closed_pipe()
    except KeyboardInterrupt:  # outside a command (while parsing options): nothing was written
        sys.exit(EXIT_INTERRUPTED)
