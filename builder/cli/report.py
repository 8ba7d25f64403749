"""How results are shown: diagnostics as compiler-style text or JSON, summaries, the progress bar,
and the options and helpers the commands share.

Exit codes: 0 success · 1 the cards have errors · 2 wrong command-line usage · 3 internal bug."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

import builder
from builder.core.diagnostics import Diagnostic
from builder.core.model import Project

EXIT_ERRORS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_BROKEN_PIPE = 141  # what a shell reports for a process killed by SIGPIPE


_BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: str) -> str:
    """Escape what a terminal would act on: control characters (ESC sequences, carriage returns),
    bidirectional overrides and lone surrogates (from undecodable file names) become \\x1b-style
    escapes. Emoji, joiners and combining marks stay as they are."""

    def esc(ch: str) -> str:
        code = ord(ch)
        if code < 0x20 or 0x7F <= code < 0xA0 or ch in _BIDI_CONTROLS or 0xD800 <= code < 0xE000:
            return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
        return ch

    return "".join(map(esc, text))


def format_diagnostic(d: Diagnostic) -> str:
    """`file:line:col: severity[code]: card 'id': message`, then the hint's lines indented."""
    card = f"card '{printable(d.card)}': " if d.card else ""
    where = f"{printable(d.file)}:{d.line}:{d.col}" if d.line else printable(d.file)  # line 0: no line
    text = f"{where}: {d.severity}[{d.code}]: {card}{printable(d.message)}"
    if d.hint:
        text += "\n" + "\n".join(
            "  " + ("hint: " if i == 0 else "      ") + printable(line) for i, line in enumerate(d.hint.splitlines())
        )
    return text


def summary_line(diags) -> str:
    errors = sum(d.severity == "error" for d in diags)
    warnings = len(diags) - errors
    files = len({d.file for d in diags})
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files, 'file')}"


def plural(n: int, word: str) -> str:
    """'1 file', '2 files'."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def report(diags, fmt: str) -> None:
    """Print diagnostics: compiler-style lines on stderr, or one JSON list on stdout."""
    if fmt == "json":
        click.echo(json.dumps([d.to_dict() for d in diags], ensure_ascii=False, indent=2))
        return
    for d in diags:
        click.echo(format_diagnostic(d), err=True)
    if diags:
        click.echo(summary_line(diags), err=True)


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Diagnostics as compiler-style text or a JSON list.",
)
quiet_option = click.option("-q", "--quiet", is_flag=True, help="Print only errors and warnings.")


def output_option(what: str):
    """`-o/--output FILE` ('-' for standard output); `what` completes "Write ..." in --help."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
        help=f"Write {what}",
    )


class ProgressBar:
    """A bar on stderr while a long build reads its card files: only on a terminal, never with
    --quiet, --format json or in CI logs ($CI set), and only from PROGRESS_MIN_FILES files up."""

    PROGRESS_MIN_FILES = 20

    def __init__(self, quiet: bool = False, fmt: str = "text"):
        self.enabled = not quiet and fmt == "text" and not os.environ.get("CI") and sys.stderr.isatty()
        self.bar: Any = None  # click's progress bar, made on the first call that needs it

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < self.PROGRESS_MIN_FILES:
            return
        if self.bar is None:
            self.bar = click.progressbar(
                length=total, label="Checking card files", file=sys.stderr, show_pos=True, width=30
            )
            self.bar.__enter__()
        self.bar.update(1)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
            self.bar = None


def selection_options(func):
    """--kind/--tag/--source: an assignment subset (OR within one option, AND across options)."""
    from builder.core.model import KINDS

    func = click.option(
        "--source",
        "sources",
        multiple=True,
        metavar="ALIAS",
        help="Only cards citing this article (alias in seeds/sources.yaml). Repeatable.",
    )(func)
    func = click.option(
        "--tag",
        "tags",
        multiple=True,
        metavar="TAG",
        help="Only cards with this tag or a child of it (person matches person::x). Repeatable.",
    )(func)
    func = click.option(
        "--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only cards of this kind. Repeatable."
    )(func)
    return func


def selection_failed(exc) -> None:
    """A filter that names nothing or selects nothing is a usage error (exit 2), with a hint."""
    click.echo(f"deckbuilder: error: {exc.message}", err=True)
    if exc.hint:
        click.echo(f"  hint: {exc.hint}", err=True)
    sys.exit(EXIT_USAGE)


def load_subset(project: Project, kinds, tags, sources, fmt: str = "text"):
    """Load and check the deck, then apply the filter; exits 1 on card errors, 2 on a bad filter."""
    loaded = builder.load(project)
    report(loaded.diagnostics, fmt)
    if loaded.deck is None:
        sys.exit(EXIT_ERRORS)
    try:
        return builder.subset(loaded.deck, kinds, tags, sources)
    except builder.SelectionError as exc:
        selection_failed(exc)


STDOUT_NAMES = ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")  # all mean: standard output


def is_stdout(output) -> bool:
    """`-o -` (or a name for standard output) on any command: write the bytes to stdout, never
    rename a file over /dev/stdout (as root that would replace the link for the whole system)."""
    return output is not None and str(output) in STDOUT_NAMES


def write_stdout(data: bytes) -> None:
    click.echo(data, nl=False)  # bytes go to the binary stream as they are


def check_output(project: Project, path, default: bool) -> None:
    """Refuse, before any work, an output that cannot be written (see io.check_writable); a default
    output (not named with -o) must also stay inside the project."""
    from builder.core.io import check_writable

    check_writable(path, project.root if default else None)
