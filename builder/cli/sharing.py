"""Commands that make what a class gets: pack, preview, export."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

import builder
from builder.cli.app import cli
from builder.cli.report import (
    EXIT_ERRORS,
    check_output,
    format_diagnostic,
    is_stdout,
    load_subset,
    output_option,
    printable,
    report,
    selection_options,
    write_stdout,
)
from builder.core.model import Project

if TYPE_CHECKING:
    from builder.publish.quizzes import QuizExport


@cli.command()
@selection_options
@output_option("the pack here ('-' for standard output) instead of decks/<deck>-class-pack.zip.")
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
    if result.unreleased:
        click.echo(
            f"deckbuilder: warning: the deck in this pack is a draft ({result.unreleased} not released): "
            "run 'deckbuilder release' to publish them; it re-makes the pack in decks/ from the release",
            err=True,
        )
    where = "standard output" if to_stdout else project.rel(result.path)
    click.echo(
        f"Packed {where}: {len(subset.deck.cards)} cards, {result.size / 1024:.0f} KiB in {result.seconds:.2f} s",
        err=to_stdout,
    )
    for name, size in result.entries:
        click.echo(f"  {name}  {size / 1024:.1f} KiB", err=to_stdout)


@cli.command()
@selection_options
@output_option("the page here ('-' for standard output) instead of decks/preview/index.html.")
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
    from builder.publish.coverage_page import coverage_html

    name = "index.html" if subset.selection.empty else subset.stem + ".html"
    path = output or project.decks_dir / "preview" / name
    page = path.parent / "coverage.html"  # the preview page links to it
    for each in (path, page):  # both checked before either is written
        check_output(project, each, default=output is None)
    size = write_atomic(path, data)
    click.echo(f"Wrote {project.rel(path)}: {len(subset.deck.cards)} cards, {size / 1024:.0f} KiB")
    write_atomic(page, coverage_html(subset.deck).encode("utf-8"))
    click.echo(f"Wrote {project.rel(page)}: the articles with their candidate facts highlighted")


TEXT_FORMATS = ("tsv", "csv", "json", "md")
QUIZ_FORMATS = ("kahoot", "blooket", "gimkit", "quizlet", "gift", "moodle", "qti", "blackboard")


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(TEXT_FORMATS + QUIZ_FORMATS),
    required=True,
    help="tsv · csv · json · md, or a multiple-choice quiz: kahoot · blooket · gimkit · quizlet · gift · "
    "moodle · qti · blackboard.",
)
@selection_options
@output_option(
    "here ('-' for standard output) instead of decks/<deck>.<format> (quizzes: decks/<deck>.<format>.<ext>)."
)
@click.pass_obj
def export(
    project: Project,
    fmt: str,
    kinds: tuple[str, ...],
    tags: tuple[str, ...],
    sources: tuple[str, ...],
    output: Path | None,
) -> None:
    """Export the cards as text for other tools, or as a multiple-choice quiz.

    \b
    tsv         Anki's text import format (same note GUIDs as the .apkg: no duplicates)
    csv         question,answer rows for spreadsheets (UTF-8 with a byte-order mark)
    json        every card with all its fields, citations and tags (versioned)
    md          a Markdown study sheet
    \b
    Quizzes: four options per card, the three wrong ones other answers of the same kind in the
    deck (never a variant of the answer, never the answer to the same fact); disagreement cards
    are asked "which article says ...?"; cards without three honest options are left out and
    listed with the reason. Texts longer than a platform allows are shortened, with a warning.
    kahoot      .kahoot.xlsx, Kahoot's spreadsheet template (question 120, answers 75 characters)
    blooket     .blooket.csv, Blooket's CSV template
    gimkit      .gimkit.csv, Gimkit's CSV template
    quizlet     .quizlet.txt, question<TAB>answer lines for Quizlet's import box
    gift        .gift.txt, Moodle GIFT, with the citation as feedback
    moodle      .moodle.xml, Moodle XML multichoice, categories by kind and article
    qti         .qti.zip, a QTI 1.2 package for Canvas (and other LMSs), citation as feedback
    blackboard  .blackboard.txt, Blackboard's tab-delimited upload file

    \b
    Examples:
      deckbuilder export --format tsv              # decks/<deck>.tsv
      deckbuilder export --format csv -o quiz.csv
      deckbuilder export --format json -o - | jq '.cards | length'
      deckbuilder export --format kahoot --kind quote --source time   # quotes from TIME as a Kahoot
      deckbuilder export --format qti --tag core    # the core cards as a Canvas quiz
    """
    from builder.core.io import write_atomic

    if output is not None and not is_stdout(output):
        check_output(project, output, default=False)
    subset = load_subset(project, kinds, tags, sources)
    made: QuizExport | None = None
    if fmt in QUIZ_FORMATS:
        from builder.publish.quizzes import FORMATS

        made = builder.quiz(subset, fmt)
        if not made.quiz.questions:
            _quiz_summary(made)
            click.echo(
                "deckbuilder: error: no card can be asked as a multiple-choice question; nothing written", err=True
            )
            click.echo("  hint: pin wrong options with distractors: [...] (see docs/card-format.md)", err=True)
            sys.exit(EXIT_ERRORS)
        data = made.data
        suffix = FORMATS[fmt][0]
    else:
        data = builder.export(subset, fmt)
        suffix = f".{fmt}"
    if is_stdout(output):
        write_stdout(data)
    else:
        path = output or project.decks_dir / f"{subset.stem}{suffix}"
        check_output(project, path, default=output is None)
        write_atomic(path, data)
        what = f"{len(made.quiz.questions)} questions" if made else f"{len(subset.deck.cards)} cards"
        click.echo(f"Wrote {project.rel(path)}: {what}, {fmt}, {len(data) / 1024:.0f} KiB")
    if made is not None:
        _quiz_summary(made)


def _quiz_summary(made: QuizExport) -> None:
    """Left-out cards with their reasons, then the shortening warnings, on stderr."""
    left = made.quiz.left_out
    if left:
        click.echo(f"{len(left)} card{'s' if len(left) != 1 else ''} left out of the quiz:", err=True)
        for item in left:
            card = item.card
            click.echo(
                f"  {printable(card.file)}:{card.line}: {printable(card.id)}: {printable(item.reason)}", err=True
            )
    for d in made.warnings:
        click.echo(format_diagnostic(d), err=True)
    if made.warnings:
        click.echo(
            f"{len(made.warnings)} text{'s' if len(made.warnings) != 1 else ''} shortened to fit {made.fmt}'s limits",
            err=True,
        )
