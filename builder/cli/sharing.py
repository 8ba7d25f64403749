"""Commands that make what a class gets: pack, preview, export."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

import builder
from builder.cli.app import cli
from builder.cli.report import (
    EXIT_ERRORS,
    check_output,
    is_stdout,
    load_subset,
    report,
    selection_options,
    write_stdout,
)
from builder.core.model import Project


@cli.command()
@selection_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Write the pack here ('-' for standard output) instead of decks/<deck>-class-pack.zip.",
)
@click.pass_obj
def pack(project: Project, kinds, tags, sources, output):
    """Write a class pack: one zip with everything a class needs.

    It holds the .apkg, a printable handout (every card, answer and citation) and a quiz
    sheet (answer key on separate pages) as HTML and, when Chromium is installed, as PDF,
    a student guide (README.txt: importing on desktop, AnkiDroid, AnkiMobile; updating;
    removing retired cards) and decks/CHANGELOG.md when there is one.

    \b
    Examples:
      deckbuilder pack                              # decks/<deck>-class-pack.zip
      deckbuilder pack --kind quote --source time   # only the quotes from the TIME article
      DECKBUILDER_CHROMIUM=none deckbuilder pack    # skip the PDFs
      deckbuilder pack -o - | ssh school 'cat > pack.zip'
    """
    to_stdout = is_stdout(output)
    if output is not None and not to_stdout:
        check_output(project, output, default=False)
    subset = load_subset(project, kinds, tags, sources)
    with tempfile.TemporaryDirectory(prefix="deckbuilder-") as tmp:
        try:
            result = builder.pack(project, subset, Path(tmp) / "pack.zip" if to_stdout else output)
        except builder.PackError as exc:  # e.g. an error in cards/deck.lock: the checks above do not read it
            report(exc.diagnostics, "text")
            sys.exit(EXIT_ERRORS)
        if to_stdout:
            write_stdout(result.path.read_bytes())
    for warning in result.warnings:
        click.echo(f"deckbuilder: warning: {warning}", err=True)
    where = "standard output" if to_stdout else project.rel(result.path)
    click.echo(
        f"Packed {where}: {len(subset.deck.cards)} cards, {result.size / 1024:.0f} KiB in {result.seconds:.2f} s",
        err=to_stdout,
    )
    for name, size in result.entries:
        click.echo(f"  {name}  {size / 1024:.1f} KiB", err=to_stdout)


@cli.command()
@selection_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Write the page here ('-' for standard output) instead of decks/preview/index.html.",
)
@click.pass_obj
def preview(project: Project, kinds, tags, sources, output):
    """Write one self-contained web page showing every card's front and back as in Anki.

    The page has a search box and filters by kind, article and tag; it works opened from
    disk (file://), with no server and no network. A subset goes to decks/preview/<subset>.html.

    \b
    Examples:
      deckbuilder preview && xdg-open decks/preview/index.html
      deckbuilder preview --tag nara-summit
      deckbuilder preview -o - > cards.html
    """
    from builder.core.io import write_atomic

    if output is not None and not is_stdout(output):
        check_output(project, output, default=False)
    subset = load_subset(project, kinds, tags, sources)
    data = builder.preview(subset.deck).encode("utf-8")
    if is_stdout(output):
        write_stdout(data)
        return
    name = "index.html" if subset.selection.empty else subset.stem + ".html"
    path = output or project.decks_dir / "preview" / name
    check_output(project, path, default=output is None)
    size = write_atomic(path, data)
    click.echo(f"Wrote {project.rel(path)}: {len(subset.deck.cards)} cards, {size / 1024:.0f} KiB")


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tsv", "csv", "json", "md"]),
    required=True,
    help="tsv: Anki text import · csv: question,answer · json: everything · md: study sheet.",
)
@selection_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Write here ('-' for standard output) instead of decks/<deck>.<format>.",
)
@click.pass_obj
def export(project: Project, fmt: str, kinds, tags, sources, output):
    """Export the cards as text for other tools.

    \b
    tsv   Anki's text import format (same note GUIDs as the .apkg: no duplicates)
    csv   question,answer rows for Quizlet, Kahoot-style tools and spreadsheets
          (UTF-8 with a byte-order mark, so Excel shows Korean and Japanese correctly)
    json  every card with all its fields, citations and tags (versioned)
    md    a Markdown study sheet

    \b
    Examples:
      deckbuilder export --format tsv              # decks/<deck>.tsv
      deckbuilder export --format csv -o quiz.csv
      deckbuilder export --format json -o - | jq '.cards | length'
      deckbuilder export --format md --kind date
    """
    from builder.core.io import write_atomic

    if output is not None and not is_stdout(output):
        check_output(project, output, default=False)
    subset = load_subset(project, kinds, tags, sources)
    data = builder.export(subset, fmt)
    if is_stdout(output):
        write_stdout(data)
        return
    path = output or project.decks_dir / f"{subset.stem}.{fmt}"
    check_output(project, path, default=output is None)
    write_atomic(path, data)
    click.echo(f"Wrote {project.rel(path)}: {len(subset.deck.cards)} cards, {fmt}, {len(data) / 1024:.0f} KiB")
