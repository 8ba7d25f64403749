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
    output_option,
    plural,
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
@output_option("the deck here ('-' for standard output) instead of decks/<deck-name>.apkg.")
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 if a file in decks/ is stale or missing relative to the last release (for CI).",
)
@selection_options
@click.pass_obj
def build(project: Project, fmt: str, quiet: bool, output, check_only: bool, kinds=(), tags=(), sources=()):
    """Check every card and write a draft of the Anki package to decks/.

    A draft never writes cards/deck.lock or decks/CHANGELOG.md and never bumps the version:
    'deckbuilder release' publishes. Cards changed since the last release are stamped just
    above it, so a later release still reaches anyone who imported the draft. Nothing is
    written if any card has an error: the previous deck stays as it was.

    \b
    Examples:
      deckbuilder build
      deckbuilder build --format json       # diagnostics for editors and CI
      deckbuilder build -o /tmp/test.apkg
      deckbuilder build -o - > test.apkg     # standard output
      deckbuilder build --kind quote --source time   # subset: decks/<deck>--quotes-from-time.apkg
      deckbuilder build --check             # CI: fail if decks/ is stale relative to the last release
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
        if result.draft:
            click.echo(result.draft)


def _check_release(project: Project, fmt: str):
    """`build --check`: exit 1 when a file in decks/ is stale or missing relative to the last
    release (unreleased edits in cards/ are fine: they are the next release's)."""
    status = builder.status(project)
    report(list(status.problems) or [d for d in status.load.diagnostics if d.severity == "error"], fmt)
    bad = [o for o in status.outputs if o.state in ("stale", "missing", "draft")]
    for o in bad:
        click.echo(f"{o.path}: error: {o.state}: {o.detail}", err=True)
    for line in status.warnings:
        click.echo(f"deckbuilder: error: {line}", err=True)
    if status.stale:
        click.echo(
            "  hint: run 'deckbuilder status' for the details, 'deckbuilder release' to re-make decks/", err=True
        )
        sys.exit(EXIT_ERRORS)
    if fmt == "text":
        label = status.lock.label if status.lock else "none yet"
        click.echo(f"Up to date: every file in decks/ is from the last release ({label})")


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
            f"OK: {plural(len(loaded.deck.cards), 'card')} in {plural(loaded.files, 'file')}, "
            f"{plural(sum(len(c.sources) for c in loaded.deck.cards), 'citation')} verified against "
            f"{plural(len(loaded.deck.seeds), 'article')}"
        )


@cli.command()
@click.option(
    "--since",
    metavar="REF|FILE",
    help="Compare with this git revision's cards/deck.lock, or a lock file (default: the last release).",
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
    """Show the cards added, changed (word by word) and retired since the last release or a git revision.

    \b
    Examples:
      deckbuilder diff                          # what the next release will change
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
    writes nothing: the last good deck stays. Every rebuild is a draft: the lock and
    decks/CHANGELOG.md are only written by 'deckbuilder release' (run it when you are ready to
    share the deck). Stop with Ctrl-C.

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
        if result.draft:
            click.echo(f"  {result.draft}")

    click.echo(f"Watching {project.rel(project.cards_dir)}/ and {project.rel(project.seeds_dir)}/ (Ctrl-C to stop)")
    watch_project(project, show)


def _plan_lines(project: Project, plan) -> list[str]:
    """The release plan as the teacher reads it before saying yes."""
    update, deck = plan.update, plan.load.deck
    previous = update.previous
    since = f"since release {previous.label}" if previous else "first release"
    head = f"Release {plan.label} of '{deck.info.name}' ({since}{', a new major version' if plan.major else ''}):"
    if not plan.new:
        head = f"No changes since release {plan.label}: re-making its files in decks/ from it:"
    lines = [head]
    changes = plan.changes
    if changes is not None:
        for title, items in (
            ("added", changes.added),
            ("changed", changes.changed),
            ("retired", changes.retired),
            ("restored", changes.restored),
        ):
            shown = ", ".join(c.id for c in items[:8]) + (f", ... ({len(items) - 8} more)" if len(items) > 8 else "")
            lines.append(f"  {title:<9}{len(items):>4}{'  ' + shown if items else ''}")
        if changes.restyled:
            lines.append(f"  new layout for {', '.join(changes.restyled)}")
    for old, new, score in plan.renames:
        lines.append(
            f"  looks renamed: {old} -> {new} ({score:.0%} similar): students lose its history; "
            f"put back `id: {old}` to keep it"
        )
    lines.append("  writes: " + ", ".join(plan.outputs))
    lines += [f"  note: {note}" for note in plan.notes]
    return lines


@cli.command()
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation (scripts, CI).")
@click.option("--dry-run", is_flag=True, help="Print the plan; write nothing.")
@click.option("--major", is_flag=True, help="A new major version (cards/deck.yaml `version` raised): a schema change.")
@click.option("--undo", is_flag=True, help="Undo the last release, if it was not committed or changed since.")
@click.pass_obj
def release(project: Project, yes: bool, dry_run: bool, major: bool, undo: bool):
    """Publish the deck to students: the deck, cards/deck.lock, the changelog and every class file.

    Refuses on any error and on blocking warnings (draft cards, init's example cards). Prints
    the plan (added, changed, retired, renamed-looking, restored cards; the new version) and asks
    before writing on a terminal. Everything it writes (decks/<deck>.apkg, cards/deck.lock,
    decks/CHANGELOG.md and the class pack, preview, exports and quizzes that exist in decks/) is written
    as one set: all or nothing. With nothing changed, it re-makes stale files from the last release.

    \b
    Examples:
      deckbuilder release                # show the plan, ask, publish
      deckbuilder release --dry-run      # the plan only
      deckbuilder release --yes          # scripts and CI: no question
      deckbuilder release --major --yes  # after raising `version` in cards/deck.yaml
      deckbuilder release --undo         # take back a release not yet committed or shared
    """
    if undo:
        from builder.engine.release import ReleaseError

        try:
            label = builder.undo_release(project)
        except ReleaseError as exc:
            click.echo(f"deckbuilder: error: {exc}", err=True)
            sys.exit(EXIT_ERRORS)
        click.echo(f"Undid release {label}: the lock, the changelog and decks/ are as they were before it")
        return
    with ProgressBar(False, "text") as progress:
        plan = builder.release(project, major=major, dry_run=True, progress=progress).plan
    if not plan.ok:
        report(plan.blockers or plan.load.errors, "text")
        click.echo("Release refused: nothing was written; fix the problems above", err=True)
        sys.exit(EXIT_ERRORS)
    # the plan lists every retired card: the warnings say what else to look at (renames, lint)
    warnings = [d for d in plan.load.diagnostics if d.severity == "warning" and d.code != "card-removed"]
    report(warnings, "text")
    for line in _plan_lines(project, plan):
        click.echo(line)
    if dry_run:
        click.echo("Dry run: nothing was written")
        return
    if not yes:
        if not sys.stdin.isatty():
            click.echo("deckbuilder: error: not a terminal, so no one can confirm: add --yes to release", err=True)
            sys.exit(2)
        if not click.confirm(f"Publish release {plan.label}?", default=False):
            click.echo("Nothing was written")
            sys.exit(EXIT_ERRORS)
    result = builder.release(project, major=major)
    if not result.written:  # the cards changed between the plan and now
        report(result.plan.blockers, "text")
        click.echo("Release refused: nothing was written", err=True)
        sys.exit(EXIT_ERRORS)
    click.echo(
        f"Released {result.plan.label}: " + ", ".join(f"{p} ({n / 1024:.0f} KiB)" for p, n in result.written.items())
    )
    click.echo("Commit it: git add cards decks && git commit -m 'Release " + result.plan.label + "'")


@cli.command()
@format_option
@click.pass_obj
def status(project: Project, fmt: str):
    """Show the last release, what changed since, and which files in decks/ are stale or missing.

    Exit status: 0 when every file in decks/ is from the last release (unreleased edits in
    cards/ are fine), 1 when something is stale or missing or the history needs a release.

    \b
    Examples:
      deckbuilder status
      deckbuilder status --format json   # for CI and tools
    """
    from builder.anki.changes import summary

    st = builder.status(project)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "release": st.lock.label if st.lock else None,
                    "released_at": st.lock.released_at if st.lock else None,
                    "unreleased": summary(st.since) if st.since else None,
                    "outputs": [{"path": o.path, "state": o.state, "detail": o.detail} for o in st.outputs],
                    "problems": [d.to_dict() for d in st.problems],
                    "history": list(st.warnings) + list(st.info),
                    "stale": st.stale,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        sys.exit(EXIT_ERRORS if st.stale else 0)
    report(list(st.problems), "text")
    if st.lock is None:
        click.echo("Last release: none yet (no cards/deck.lock): nothing is permanent until 'deckbuilder release'")
    else:
        import time as _time

        when = _time.strftime("%Y-%m-%d", _time.gmtime(st.lock.released_at)) if st.lock.released_at else "date unknown"
        click.echo(f"Last release: {st.lock.label} ({when}), recorded in cards/deck.lock (format {st.lock.format})")
    if st.load.deck is None:
        click.echo("Unreleased edits: unknown (the cards have errors: see 'deckbuilder check')")
    elif st.since is not None:
        click.echo(f"Unreleased edits: {summary(st.since)} (the next release: {st.since.version})")
    elif st.lock is not None:
        click.echo("Unreleased edits: none")
    if st.outputs:
        click.echo("Files in decks/:")
        width = max(len(o.state) for o in st.outputs)
        for o in st.outputs:
            click.echo(f"  {o.state:<{width}}  {o.path}: {o.detail}")
    for line in st.warnings:
        click.echo(f"History: {line}")
    for line in st.info:
        click.echo(f"History (other branches): {line}")
    if st.undo:
        click.echo(f"Release {st.undo} can be undone with 'deckbuilder release --undo' until it is committed")
    if st.stale and st.since is not None:  # a draft or a file of the edits: the edits are not released yet
        click.echo(
            f"Not released: run 'deckbuilder release' to publish the unreleased edits as {st.since.version}; "
            "it re-makes every file in decks/"
        )
        sys.exit(EXIT_ERRORS)
    if st.stale:
        click.echo("Stale: run 'deckbuilder release' (it re-makes decks/ from the last release when nothing changed)")
        sys.exit(EXIT_ERRORS)


@cli.command("lock")
@click.option(
    "--resolve", is_flag=True, help="Merge a conflicted cards/deck.lock: both sides' releases, newer time per card."
)
@click.argument("merge_files", nargs=3, required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def lock_command(project: Project, resolve: bool, merge_files):
    """Resolve a git merge conflict in cards/deck.lock (the release history).

    Keeps every release of both sides and, per card, the side with the newer time (a card that
    differs at the same time is restamped by the next release), so the next release reaches
    both classes. Then 'git add cards/deck.lock' and release. As a git merge driver it takes the
    three files git gives (base, ours, theirs) and writes the merge into ours.

    \b
    Examples:
      deckbuilder lock --resolve
      git config merge.deckbuilder-lock.driver "deckbuilder lock %O %A %B"
      echo "cards/deck.lock merge=deckbuilder-lock" >> .gitattributes
    """
    from builder.engine.lockmerge import LockMergeError, merge_driver, resolve_lock

    try:
        if merge_files:
            merge_driver(*merge_files)
            return
        if not resolve:
            raise click.UsageError("say --resolve (or give the three files of a git merge driver)")
        where = resolve_lock(project)
    except LockMergeError as exc:
        click.echo(f"deckbuilder: error: {exc}", err=True)
        sys.exit(EXIT_ERRORS)
    click.echo(f"Resolved {project.rel(where)}: both sides' releases kept; now 'git add cards/deck.lock' and release")
