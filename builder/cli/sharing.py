"""Commands that make what a class gets: pack, preview, export."""

from __future__ import annotations

import sys
from pathlib import Path

import click

import builder
from builder.cli.app import cli
from builder.cli.report import EXIT_ERRORS, load_subset, report, selection_options
from builder.core.model import Project


@cli.command()
@selection_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the pack here instead of decks/<deck>-class-pack.zip.",
)
@click.pass_obj
def pack(project: Project, kinds, tags, sources, output):
    """Write a class pack: one zip with everything a class needs.

    It holds the .apkg, a printable handout (every card, answer and citation) and a quiz
    sheet (answer key on separate pages) as HTML and, when Chromium is installed, as PDF,
    a student guide (README.txt: importing on desktop, AnkiDroid, AnkiMobile; updating;
    removing retired cards) and decks/CHANGELOG.md when there is one. When cards are
    tagged `core`, the full deck's pack also holds the core deck (only those cards, same
    notes), and the guide says what is in each.

    \b
    Examples:
      deckbuilder pack                              # decks/<deck>-class-pack.zip
      deckbuilder pack --kind quote --source time   # only the quotes from the TIME article
      DECKBUILDER_CHROMIUM=none deckbuilder pack    # skip the PDFs
    """
    subset = load_subset(project, kinds, tags, sources)
    try:
        result = builder.pack(project, subset, output)
    except builder.PackError as exc:  # e.g. an error in cards/deck.lock: the checks above do not read it
        report(exc.diagnostics, "text")
        sys.exit(EXIT_ERRORS)
    for warning in result.warnings:
        click.echo(f"deckbuilder: warning: {warning}", err=True)
    click.echo(
        f"Packed {project.rel(result.path)}: {len(subset.deck.cards)} cards, "
        f"{result.size / 1024:.0f} KiB in {result.seconds:.2f} s"
    )
    for name, size in result.entries:
        click.echo(f"  {name}  {size / 1024:.1f} KiB")


@cli.command()
@selection_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the page here instead of decks/preview/index.html.",
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
    """
    from builder.core.io import write_atomic

    subset = load_subset(project, kinds, tags, sources)
    name = "index.html" if subset.selection.empty else subset.stem + ".html"
    path = output or project.decks_dir / "preview" / name
    size = write_atomic(path, builder.preview(subset.deck).encode("utf-8"))
    click.echo(f"Wrote {project.rel(path)}: {len(subset.deck.cards)} cards, {size / 1024:.0f} KiB")
    from builder.publish.coverage_page import coverage_html

    page = path.parent / "coverage.html"  # the preview page links to it
    write_atomic(page, coverage_html(subset.deck).encode("utf-8"))
    click.echo(f"Wrote {project.rel(page)}: the articles with their candidate facts highlighted")


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

    subset = load_subset(project, kinds, tags, sources)
    data = builder.export(subset, fmt)
    if output is not None and str(output) == "-":
        click.echo(data, nl=False)  # bytes go to the binary stream as they are
        return
    path = output or project.decks_dir / f"{subset.stem}.{fmt}"
    write_atomic(path, data)
    click.echo(f"Wrote {project.rel(path)}: {len(subset.deck.cards)} cards, {fmt}, {len(data) / 1024:.0f} KiB")
