"""Commands that help write a project: schema, new, init."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from builder.cli.app import cli
from builder.cli.report import EXIT_ERRORS, report
from builder.core.model import Project


@cli.command()
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the schema instead of writing it.")
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if the file is out of date.")
@click.pass_obj
def schema(project: Project, to_stdout: bool, check_only: bool):
    """Write schema/cards.schema.json, the JSON Schema of card files, for editors.

    It is generated from the definitions the validator uses. A card file whose first line is
    `# yaml-language-server: $schema=../schema/cards.schema.json` gets key completion and checks
    in editors with the YAML language server (VS Code's YAML extension, Neovim, Helix, ...).

    \b
    Examples:
      deckbuilder schema                 # (re)write schema/cards.schema.json
      deckbuilder schema --check         # CI: exit 1 if it is out of date
      deckbuilder schema --stdout | jq '.["$defs"].card.properties.kind'
    """
    from builder.anki.lock import write_atomic
    from builder.source.schema import SCHEMA_PATH, schema_text

    text = schema_text()
    if to_stdout:
        click.echo(text, nl=False)
        return
    path = project.root / SCHEMA_PATH
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if check_only:
        if current != text:
            click.echo(f"{SCHEMA_PATH}: error: out of date\n  hint: run 'deckbuilder schema' and commit it", err=True)
            sys.exit(EXIT_ERRORS)
        click.echo(f"Up to date: {SCHEMA_PATH}")
        return
    if current != text:
        write_atomic(path, text)
    click.echo(f"{'Wrote' if current != text else 'Unchanged:'} {SCHEMA_PATH}")


@cli.command()
@click.argument("kind", type=click.Choice(["qa", "date", "person", "quote", "position"]))
@click.argument("words")
@click.option("--cite", "seed", required=True, metavar="ALIAS", help="The seed (article) the words come from.")
@click.option("--id", "card_id", help="The new card's id (default: made from the kind and the words).")
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Card file to append to (default: the file holding most cards of KIND).",
)
@click.option("--dry-run", is_flag=True, help="Print the card instead of appending it.")
@click.pass_obj
def new(project: Project, kind: str, words: str, seed: str, card_id, file, dry_run: bool):
    """Append a card skeleton whose citation is checked against the article.

    WORDS must occur in the seed (same matching as the build: quotes, dashes and spaces are
    normalised); the card quotes the article's own text. Fill in the empty fields, then build.

    \b
    Examples:
      deckbuilder new date --cite student "met with China's Xi Jinping in Beijing on January 5th"
      deckbuilder new quote --cite time "we are starting a new 60 years" --dry-run
      deckbuilder new qa --cite wapo "more than 200 South Korean business leaders" --id beijing-delegation-size
    """
    from builder.anki.lock import write_atomic
    from builder.engine.newcard import new_card

    card, diags = new_card(project, kind, seed, words, card_id, file)
    if card is None:
        report(diags, "text")
        sys.exit(EXIT_ERRORS)
    if dry_run:
        click.echo(card.snippet, nl=False)
        return
    write_atomic(card.path, card.new_text)
    click.echo(
        f"Added card '{card.id}' to {project.rel(card.path)}; fill in its empty fields, then run 'deckbuilder check'"
    )


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path):
    """Create a new deck project in DIRECTORY that builds as it is.

    It holds seeds/ (an example article and its metadata), cards/ (a deck file with a fresh
    deck id and one example card of each kind) and decks/.

    \b
    Examples:
      deckbuilder init my-class && deckbuilder -C my-class build
    """
    from builder.engine.scaffold import create_project

    try:
        created = create_project(directory)
    except FileExistsError as exc:
        raise click.ClickException(f"{exc}; choose an empty or new folder") from None
    for path in created:
        click.echo(f"created {path}")
    click.echo(f"Next: edit {directory / 'cards'}, then run: deckbuilder -C {directory} build")
