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
@click.argument("kind", required=False, type=click.Choice(["qa", "date", "person", "quote", "position"]))
@click.argument("words", required=False)
@click.option("--cite", "seed", metavar="ALIAS", help="The seed (article) the words come from.")
@click.option("--id", "card_id", help="The new card's id (default: made from the kind and the words).")
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Card file to append to (default: the file holding most cards of KIND; cards/drafts.yaml for drafts).",
)
@click.option("--dry-run", is_flag=True, help="Print the card(s) instead of appending.")
@click.option(
    "--from-coverage",
    is_flag=True,
    help="Append a draft card (draft: true) for every candidate 'deckbuilder coverage' lists as uncovered.",
)
@click.option("--seed", "from_seed", metavar="ALIAS", help="With --from-coverage: only this article.")
@click.option(
    "--kind",
    "candidate_kinds",
    multiple=True,
    type=click.Choice(["quotation", "date", "name", "number"]),
    help="With --from-coverage: only candidates of this kind (repeat for more).",
)
@click.pass_obj
def new(
    project: Project,
    kind: str | None,
    words: str | None,
    seed: str | None,
    card_id: str | None,
    file: Path | None,
    dry_run: bool,
    from_coverage: bool,
    from_seed: str | None,
    candidate_kinds: tuple[str, ...],
) -> None:
    """Append a card skeleton whose citation is checked against the article.

    WORDS must occur in the seed (same matching as the build: quotes, dashes and spaces are
    normalised); the card quotes the article's own text. Fill in the empty fields, then build.

    With --from-coverage, append instead a draft card for each uncovered candidate of
    'deckbuilder coverage' to cards/drafts.yaml: a quote card with the speaker the article
    credits (TODO when it credits nobody by name), a person card with the role it gives (one
    card for a person several articles name), date and number cards, and cards for quoted
    phrases of one to three words, whose context is the sentence with the answer blanked out;
    a fact several articles state on the same point is one card citing each. Each cites the
    article's words and is marked 'draft: true': 'check' warns about it (warning[draft-card])
    and 'release' refuses it until you have edited it and deleted that line. Relative dates an undated article
    cannot place ("last week") and names that already have a person card get no draft: they
    are listed instead. Running it again adds only candidates not drafted yet.

    \b
    Examples:
      deckbuilder new date --cite student "met with China's Xi Jinping in Beijing on January 5th"
      deckbuilder new quote --cite time "we are starting a new 60 years" --dry-run
      deckbuilder new qa --cite wapo "more than 200 South Korean business leaders" --id beijing-delegation-size
      deckbuilder new --from-coverage --seed bloomberg --kind quotation --kind name
    """
    from builder.anki.lock import write_atomic

    if from_coverage:
        if kind or words or seed or card_id:
            raise click.UsageError("--from-coverage takes no KIND, WORDS, --cite or --id (use --seed and --kind)")
        _new_drafts(project, from_seed, candidate_kinds, file, dry_run)
        return
    if from_seed or candidate_kinds:
        raise click.UsageError("--seed and --kind go with --from-coverage; for one card use KIND WORDS --cite ALIAS")
    if not kind or not words or not seed:
        raise click.UsageError("give KIND, WORDS and --cite ALIAS (or --from-coverage)")
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


def _new_drafts(project: Project, seed: str | None, kinds: tuple[str, ...], file: Path | None, dry_run: bool) -> None:
    import builder
    from builder.anki.lock import write_atomic
    from builder.checks.citations import unknown_seed_hint
    from builder.engine.drafts import draft_cards

    loaded = builder.load(project)
    if loaded.deck is None:
        report(loaded.diagnostics, "text")
        sys.exit(EXIT_ERRORS)
    aliases = {s.alias for s in loaded.deck.seeds}
    if seed is not None and seed not in aliases:
        hint = unknown_seed_hint(seed, {a: None for a in sorted(aliases)})
        raise click.UsageError(f"unknown seed '{seed}' (--seed); {hint}")
    drafts, diags = draft_cards(project, loaded.deck, seed, kinds, file)
    if drafts is None:
        report(diags, "text")
        sys.exit(EXIT_ERRORS)
    if not drafts.ids:
        click.echo(f"No uncovered candidates to draft ({drafts.skipped} already drafted)")
        _left_out(drafts.left_out)
        return
    if dry_run:
        old = drafts.path.read_text(encoding="utf-8") if drafts.path.is_file() else ""
        click.echo(drafts.new_text[len(old) :] if drafts.new_text.startswith(old) else drafts.new_text, nl=False)
        _left_out(drafts.left_out)
        return
    write_atomic(drafts.path, drafts.new_text)
    click.echo(
        f"Added {len(drafts.ids)} draft cards to {project.rel(drafts.path)}"
        + (f" ({drafts.skipped} candidates already drafted)" if drafts.skipped else "")
        + "; edit each, delete its 'draft: true' line, then run 'deckbuilder check'"
    )
    _left_out(drafts.left_out)


def _left_out(lines: tuple[str, ...]) -> None:
    """The uncovered candidates that got no draft, and why: on stderr, so --dry-run's YAML stays clean."""
    if lines:
        click.echo(f"Not drafted ({len(lines)}): card them by hand, or list them in cards/exclusions.yaml", err=True)
        for line in lines:
            click.echo(f"  {line}", err=True)


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
