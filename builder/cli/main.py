"""The `deckbuilder` command line. The only module that imports click, and the only one that prints.

Exit codes: 0 success · 1 the cards have errors · 2 wrong command-line usage · 3 internal bug.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from builder.build.pipeline import build as run_build
from builder.build.pipeline import load_project
from builder.core.model import Project
from builder.core.version import __version__

EXIT_ERRORS = 1
EXIT_INTERNAL = 3


class DeckbuilderGroup(click.Group):
    """Turns any unexpected exception into a short message and exit 3 instead of a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            _closed_pipe()
        except KeyboardInterrupt:
            click.echo("deckbuilder: interrupted; files already in decks/ are unchanged", err=True)
            ctx.exit(130)
        except Exception as exc:
            if os.environ.get("DECKBUILDER_DEBUG"):
                raise
            click.echo(f"deckbuilder: internal error: {type(exc).__name__}: {exc}", err=True)
            click.echo(
                "  hint: this is a bug in deckbuilder, not in your cards. Please report it with the "
                "command you ran; set DECKBUILDER_DEBUG=1 to see the traceback.",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


EXIT_BROKEN_PIPE = 141  # what a shell reports for a process killed by SIGPIPE


def _closed_pipe():
    """The reader went away (`deckbuilder coverage | head`): stop quietly, as Unix tools do.

    stdout is pointed at /dev/null so the interpreter's final flush cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (CliRunner): nothing to flush
        pass
    sys.exit(EXIT_BROKEN_PIPE)


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


def format_diagnostic(d) -> str:
    card = f"card '{printable(d.card)}': " if d.card else ""
    where = f"{printable(d.file)}:{d.line}:{d.col}" if d.line else printable(d.file)  # line 0: no line
    text = f"{where}: {d.severity}: {card}{printable(d.message)}"
    if d.hint:
        text += "\n" + "\n".join(
            "  " + ("hint: " if i == 0 else "      ") + printable(line) for i, line in enumerate(d.hint.splitlines())
        )
    return text


def summary_line(diags) -> str:
    errors = sum(d.severity == "error" for d in diags)
    warnings = len(diags) - errors
    files = len({d.file for d in diags})
    plural = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"  # noqa: E731
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files, 'file')}"


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
EXIT_USAGE = 2


class ProgressBar:
    """A bar on stderr while a long build reads its card files: only on a terminal, never with
    --quiet, --format json or in CI logs ($CI set), and only from PROGRESS_MIN_FILES files up."""

    PROGRESS_MIN_FILES = 20

    def __init__(self, quiet: bool = False, fmt: str = "text"):
        self.enabled = not quiet and fmt == "text" and not os.environ.get("CI") and sys.stderr.isatty()
        self.bar = None

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
    from builder.publish.select import Selection, SelectionError, select

    loaded = load_project(project)
    report(loaded.diagnostics, fmt)
    if loaded.deck is None:
        sys.exit(EXIT_ERRORS)
    try:
        return select(loaded.deck, Selection.of(kinds, tags, sources))
    except SelectionError as exc:
        selection_failed(exc)


@click.group(cls=DeckbuilderGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-C",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    help="Run as if started in DIR (a project with cards/, seeds/ and decks/).",
    metavar="DIR",
)
@click.version_option(__version__, prog_name="deckbuilder")
@click.pass_context
def cli(ctx, project_dir: Path):
    """Compile cited question/answer cards (cards/*.yaml) checked against articles (seeds/)
    into an Anki deck (decks/*.apkg).

    \b
    Examples:
      deckbuilder build                 # cards/ + seeds/ -> decks/<deck>.apkg
      deckbuilder check                 # validate only; exit 1 if any card has an error
      deckbuilder -C ~/my-class build   # work on another project folder
      deckbuilder init ~/my-class       # start a new project that builds as it is
    """
    ctx.obj = Project(project_dir)


@cli.command()
@format_option
@quiet_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the deck here instead of decks/<deck-name>.apkg (a preview: the lock and changelog are not touched).",
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
      deckbuilder build --kind quote --source time   # subset: decks/<deck>--quotes-from-time.apkg
      deckbuilder build --check             # CI: fail if the committed deck or lock is out of date
    """
    if check_only:
        return _check_release(project, fmt)
    from builder.publish.select import Selection, SelectionError

    try:
        with ProgressBar(quiet, fmt) as progress:
            result = run_build(
                project, output, selection=Selection.of(kinds, tags, sources), progress=progress, reuse=True
            )
    except SelectionError as exc:
        selection_failed(exc)
    report(result.load.diagnostics, fmt)
    if result.output is None:
        sys.exit(EXIT_ERRORS)
    if not quiet and fmt == "text":
        per_kind = ", ".join(f"{n} {k}" for k, n in sorted(result.extra["kinds"].items()))
        kept, kept_cards = result.retired
        retired = f" + {kept} retired note{'' if kept == 1 else 's'} kept (tag:retired)" if kept else ""
        click.echo(
            f"Built {project.rel(result.output)}: {result.notes} notes ({per_kind}){retired}, "
            f"{result.cards + kept_cards} Anki cards in the file, {result.size / 1024:.0f} KiB "
            f"in {result.seconds:.2f} s"
        )
        if "update" in result.extra:
            click.echo(_changes_line(result.extra["update"]))
        elif result.extra.get("unchanged"):
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
    from builder.build.status import stale_outputs

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
    from builder.build.pipeline import check_project

    with ProgressBar(False, fmt) as progress:
        loaded = check_project(project, progress)  # + what a build would warn about (removals, renames)
    report(loaded.diagnostics, fmt)
    if loaded.errors:
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
    from builder.build.pipeline import prepare

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
    from builder.build.watch import watch_project

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
    from builder.build.newcard import new_card

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
    from builder.build.scaffold import create_project

    try:
        created = create_project(directory)
    except FileExistsError as exc:
        raise click.ClickException(f"{exc}; choose an empty or new folder") from None
    for path in created:
        click.echo(f"created {path}")
    click.echo(f"Next: edit {directory / 'cards'}, then run: deckbuilder -C {directory} build")


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
    removing retired cards) and decks/CHANGELOG.md when there is one.

    \b
    Examples:
      deckbuilder pack                              # decks/<deck>-class-pack.zip
      deckbuilder pack --kind quote --source time   # only the quotes from the TIME article
      DECKBUILDER_CHROMIUM=none deckbuilder pack    # skip the PDFs
    """
    from builder.build.pack import build_pack

    subset = load_subset(project, kinds, tags, sources)
    result = build_pack(project, subset, output)
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
    from builder.publish.preview import preview_html

    subset = load_subset(project, kinds, tags, sources)
    name = "index.html" if subset.selection.empty else subset.stem + ".html"
    path = output or project.decks_dir / "preview" / name
    size = write_atomic(path, preview_html(subset.deck).encode("utf-8"))
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
    from builder.publish.export import encode, export_text

    subset = load_subset(project, kinds, tags, sources)
    data = encode(fmt, export_text(fmt, subset.deck, subset.guid_deck_id, subset.selection.spec))
    if output is not None and str(output) == "-":
        click.echo(data, nl=False)  # bytes go to the binary stream as they are
        return
    path = output or project.decks_dir / f"{subset.stem}.{fmt}"
    write_atomic(path, data)
    click.echo(f"Wrote {project.rel(path)}: {len(subset.deck.cards)} cards, {fmt}, {len(data) / 1024:.0f} KiB")


def _kinds_option(all_kinds):
    def parse(ctx, param, value):
        if not value:
            return tuple(all_kinds)
        kinds = tuple(dict.fromkeys(k.strip() for k in value.split(",") if k.strip()))
        unknown = [k for k in kinds if k not in all_kinds]
        if unknown or not kinds:
            raise click.BadParameter(
                f"unknown kind {', '.join(map(repr, unknown)) or '(none)'}; choose from {','.join(all_kinds)}"
            )
        return kinds

    return click.option(
        "--kinds",
        callback=parse,
        metavar="KIND,...",
        help=f"Only these kinds, comma-separated (default: {','.join(all_kinds)}).",
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    metavar="PCT",
    help="Exit 1 when any selected kind is handled (covered or excluded) under PCT percent.",
)
@_kinds_option(("quotation", "date", "name", "number"))
@click.pass_obj
def coverage(project: Project, as_json: bool, fail_under, kinds):
    """Report which quotations, dates, names and numbers of each article some card cites.

    A candidate is covered when a card's citation of that article overlaps it (a quotation: when
    a citation holds one of its full sentences); candidates inside a passage listed in
    cards/exclusions.yaml count as handled (excluded). See docs/card-format.md for the rules.

    \b
    Examples:
      deckbuilder coverage
      deckbuilder coverage --kinds quotation,date,name --fail-under 100   # CI
      deckbuilder coverage --json | jq '.totals'
    """
    from builder.checks.coverage import coverage as run_coverage

    loaded = load_project(project)
    if loaded.deck is None:
        report(loaded.diagnostics, "json" if as_json else "text")
        sys.exit(EXIT_ERRORS)
    report(loaded.diagnostics, "text")
    result = run_coverage(loaded.deck, kinds)
    report(result.diagnostics, "text")
    if as_json:
        data = result.to_dict()
        if fail_under is not None:
            data["fail_under"] = {"percent": fail_under, "failed": result.below(fail_under)}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(_coverage_text(result), nl=False)
    if fail_under is not None:
        failed = result.below(fail_under)
        if failed:
            if not as_json:
                click.echo(f"coverage: error: under {fail_under:g}%: {', '.join(failed)}", err=True)
            sys.exit(EXIT_ERRORS)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the warnings as a JSON list.")
@click.option("--strict", is_flag=True, help="Report the warnings as errors and exit 1 if there is any.")
@click.option(
    "--max-answer-words",
    type=click.IntRange(1),
    default=25,
    show_default=True,
    help="Warn about answers longer than this.",
)
@click.option(
    "--max-question-words",
    type=click.IntRange(1),
    default=40,
    show_default=True,
    help="Warn about questions longer than this.",
)
@click.pass_obj
def lint(project: Project, as_json: bool, strict: bool, max_answer_words: int, max_question_words: int):
    """Warn about weak cards: leaked answers, a card's answer shown on another card's front
    (a giveaway on a printed quiz), long questions or answers, repeated questions, dates,
    quotations and roles not in their citations, position holders capitalised mid-sentence,
    cards without tags.

    \b
    Exit status: 1 when the cards have errors, or with --strict when there is any
    warning; 0 otherwise.
    Examples:
      deckbuilder lint
      deckbuilder lint --strict                    # CI
      deckbuilder lint --max-answer-words 15 --json | jq length
    """
    from dataclasses import replace

    from builder.checks.lint import LintOptions
    from builder.checks.lint import lint as run_lint

    loaded = load_project(project)
    if loaded.deck is None:
        report(loaded.diagnostics, "json" if as_json else "text")
        sys.exit(EXIT_ERRORS)
    diags = run_lint(loaded.deck, LintOptions(max_answer_words, max_question_words))
    if strict:
        diags = [replace(d, severity="error") for d in diags]
    report(diags, "json" if as_json else "text")
    if not as_json and not diags:
        click.echo(f"OK: {len(loaded.deck.cards)} cards, no warnings")
    if strict and diags:
        sys.exit(EXIT_ERRORS)


def _coverage_text(result) -> str:
    """Per article and kind: handled/total and percent; totals; then uncovered and excluded items."""

    def cell(c) -> str:
        text = f"{c.handled}/{c.total} {c.percent:5.1f}%"
        return text + (f" ({c.excluded} excl.)" if c.excluded else "")

    kinds = result.kinds
    rows = [["article"] + list(kinds)]
    for s in result.seeds:
        counts = dict(s.counts)
        rows.append([s.alias] + [cell(counts[k]) for k in kinds])
    totals = result.totals()
    rows.append(["total"] + [cell(totals[k]) for k in kinds])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["Coverage (covered + excluded / candidates):"]
    lines += ["  " + "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    files = {s.alias: f"seeds/{s.file}" for s in result.seeds}
    for status, title in (("uncovered", "Uncovered"), ("excluded", "Excluded by cards/exclusions.yaml")):
        items = [c for s in result.seeds for c in s.candidates if c.status == status]
        if items:
            lines.append(f"{title} ({len(items)}):")
            lines += [f'  {files[c.seed]}:{c.line}: {c.kind}: "{c.text}"' for c in items]
    return "\n".join(lines) + "\n"


def main() -> None:
    try:
        cli(prog_name="deckbuilder")
    except BrokenPipeError:
        _closed_pipe()
