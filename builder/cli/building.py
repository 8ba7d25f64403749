"""Commands that check and build the deck: build, check, diff, watch."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import click

import builder
from builder.cli.app import cli
from builder.cli.report import (
    EXIT_ERRORS,
    ProgressBar,
    check_output,
    format_option,
    is_stdout,
    quiet_option,
    report,
    selection_failed,
    selection_options,
    write_stdout,
)
from builder.core.model import Project


@cli.command()
@format_option
@quiet_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Write the deck here ('-' for standard output) instead of decks/<deck-name>.apkg "
    "(a preview: the lock and changelog are not touched).",
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 if decks/ or cards/deck.lock is not what a build makes now (for CI).",
)
@selection_options
@click.pass_obj
def build(project: Project, fmt: str, quiet: bool, output, check_only: bool, kinds=(), tags=(), sources=()):
    """Check every card and write the Anki package to decks/.

    Nothing is written if any card has an error: the previous deck stays as it was.

    \b
    Examples:
      deckbuilder build
      deckbuilder build --format json       # diagnostics for editors and CI
      deckbuilder build -o /tmp/test.apkg
      deckbuilder build -o - > test.apkg     # standard output
      deckbuilder build --kind quote --source time   # subset: decks/<deck>--quotes-from-time.apkg
      deckbuilder build --check             # CI: fail if the committed deck or lock is out of date
    """
    if check_only:
        return _check_release(project, fmt)
    to_stdout = is_stdout(output)
    if output is not None and not to_stdout:
        check_output(project, output, default=False)
    try:
        with ProgressBar(quiet, fmt) as progress, tempfile.TemporaryDirectory(prefix="deckbuilder-") as tmp:
            target = Path(tmp) / "deck.apkg" if to_stdout else output
            result = builder.build(
                project, target, kinds=kinds, tags=tags, sources=sources, progress=progress, reuse=not to_stdout
            )
            if to_stdout and result.output is not None:
                write_stdout(result.output.read_bytes())
    except builder.SelectionError as exc:
        selection_failed(exc)
    report(result.load.diagnostics, "text" if to_stdout else fmt)  # stdout holds the deck
    if result.output is None:
        sys.exit(EXIT_ERRORS)
    if to_stdout:
        click.echo(f"Built the deck on standard output: {result.notes} notes, {result.size / 1024:.0f} KiB", err=True)
    elif not quiet and fmt == "text":
        per_kind = ", ".join(f"{n} {k}" for k, n in sorted(result.kinds.items()))
        kept, kept_cards = result.retired
        retired = f" + {kept} retired note{'' if kept == 1 else 's'} kept (tag:retired)" if kept else ""
        click.echo(
            f"Built {project.rel(result.output)}: {result.notes} notes ({per_kind}){retired}, "
            f"{result.cards + kept_cards} Anki cards in the file, {result.size / 1024:.0f} KiB "
            f"in {result.seconds:.2f} s"
        )
        if result.update is not None:
            click.echo(_changes_line(result.update))
        elif result.reused:
            click.echo(NO_CHANGES)


NO_CHANGES = "Since the last build: no changes (lock and changelog untouched)"


def _changes_line(update) -> str:
    """'Since the last build: 2 added, 1 changed, 1 retired' for the build summary."""
    if not update.changed_anything:
        return NO_CHANGES
    restored = f", {len(update.restored)} restored" if update.restored else ""
    return (
        f"Since the last build: {len(update.added)} added{restored}, {len(update.changed)} changed, "
        f"{len(update.retired)} retired"
    )


def _check_release(project: Project, fmt: str):
    from builder.engine.status import stale_outputs

    result, stale = stale_outputs(project)
    report(
        result.load.diagnostics
        if result.output is None
        else [d for d in result.load.diagnostics if d.severity == "error"],
        fmt,
    )
    if result.output is None:
        sys.exit(EXIT_ERRORS)
    for path in stale:
        click.echo(f"{path}: error: out of date", err=True)
    if stale:
        click.echo("  hint: run 'deckbuilder build' and commit decks/ and cards/deck.lock", err=True)
        sys.exit(EXIT_ERRORS)
    if fmt == "text":
        click.echo("Up to date: decks/ and cards/deck.lock match the cards")


@cli.command()
@format_option
@click.pass_obj
def check(project: Project, fmt: str):
    """Validate cards and citations without writing anything.

    \b
    Exit status: 0 when there are no errors (warnings allowed), 1 otherwise.
    Examples:
      deckbuilder check
      deckbuilder -C path/to/project check --format json
    """
    with ProgressBar(False, fmt) as progress:
        loaded = builder.check(project, progress)  # + what a build would warn about (removals, renames)
    report(loaded.diagnostics, fmt)
    if loaded.errors or loaded.deck is None:
        sys.exit(EXIT_ERRORS)
    if fmt == "text":
        click.echo(
            f"OK: {len(loaded.deck.cards)} cards in {loaded.files} files, "
            f"{sum(len(c.sources) for c in loaded.deck.cards)} citations verified against "
            f"{len(loaded.deck.seeds)} articles"
        )


@cli.command()
@click.option(
    "--since",
    metavar="REF|FILE",
    help="Compare with this git revision's cards/deck.lock, or a lock file (default: the last build).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text for the author, markdown as a note to the class, json for tools.",
)
@click.pass_obj
def diff(project: Project, since, fmt: str):
    """Show the cards added, changed (word by word) and retired since the last build or a git revision.

    \b
    Examples:
      deckbuilder diff                          # what the next build will change
      deckbuilder diff --since v3               # since the release tagged v3 in git
      deckbuilder diff --since HEAD~1 --format markdown > note-to-class.md
    """
    from builder.anki.changes import compare, format_markdown, format_text, lock_at, to_json
    from builder.engine.pipeline import prepare

    loaded, update = prepare(project)
    if update is None:
        report(loaded.errors, "json" if fmt == "json" else "text")
        sys.exit(EXIT_ERRORS)
    try:
        old = lock_at(project, since) if since else update.previous
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from None
    changes = compare(old, update.lock)
    if fmt == "json":
        click.echo(json.dumps(to_json(changes), ensure_ascii=False, indent=2))
    else:
        click.echo(format_markdown(changes) if fmt == "markdown" else format_text(changes), nl=False)


@cli.command()
@click.pass_obj
def watch(project: Project):
    """Rebuild decks/<deck>.apkg every time a file in cards/ or seeds/ is saved.

    Prints the errors, or one summary line, within a second of each save. A save with errors
    writes nothing: the last good deck stays. The lock and decks/CHANGELOG.md are only updated by
    'deckbuilder build' (run it when you are ready to share the deck). Stop with Ctrl-C.

    \b
    Examples:
      deckbuilder watch
      deckbuilder -C ~/my-class watch
    """
    from builder.engine.watch import watch_project

    def show(rebuild):
        result = rebuild.result
        what = ", ".join(rebuild.changed) or "start"
        if result.output is None:
            report(result.load.diagnostics, "text")
            click.echo(f"[{what}] not built: fix the errors above; the previous deck is unchanged", err=True)
            return
        warnings = [d for d in result.load.diagnostics if d.severity == "warning"]
        click.echo(
            f"[{what}] built {project.rel(result.output)}: {result.notes} notes, {result.cards} Anki cards"
            f"{f', {len(warnings)} warnings' if warnings else ''} in {result.seconds:.2f} s"
        )

    click.echo(f"Watching {project.rel(project.cards_dir)}/ and {project.rel(project.seeds_dir)}/ (Ctrl-C to stop)")
    watch_project(project, show)
