"""Commands that review the content: coverage, lint."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

import builder
from builder.cli.app import cli
from builder.cli.report import EXIT_ERRORS, report
from builder.core.model import Project

if TYPE_CHECKING:
    from builder.checks.coverage import Candidate, CoverageReport, KindCount


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
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the articles with their candidates highlighted by status to this page.",
)
@click.pass_obj
def coverage(project: Project, as_json: bool, fail_under, kinds, html_path: Path | None):
    """Report which quotations, dates, names and numbers of each article some card cites.

    One candidate per fact, with every line that mentions it. A candidate is covered when a
    card's citation of that article overlaps a mention (a quotation: when a citation holds one
    of its full sentences), drafted when only draft cards do; candidates inside a passage listed
    in cards/exclusions.yaml count as handled (excluded). Numbers and dates that differ between
    articles on the same point are listed as possible disagreements. See docs/card-format.md
    for the rules; 'deckbuilder new --from-coverage' drafts a card for each uncovered one.

    \b
    Examples:
      deckbuilder coverage
      deckbuilder coverage --kinds quotation,date,name --fail-under 100   # CI
      deckbuilder coverage --json | jq '.candidates[] | select(.status == "uncovered")'
      deckbuilder coverage --html coverage.html   # the articles, candidates highlighted
      deckbuilder new --from-coverage --seed time  # then: draft cards for what is uncovered
    """
    from builder.checks.coverage import coverage as run_coverage

    loaded = builder.load(project)
    if loaded.deck is None:
        report(loaded.diagnostics, "json" if as_json else "text")
        sys.exit(EXIT_ERRORS)
    report(loaded.diagnostics, "text")
    result = run_coverage(loaded.deck, kinds)
    report(result.diagnostics, "text")
    if html_path is not None:
        from builder.core.io import write_atomic
        from builder.publish.coverage_page import coverage_html

        write_atomic(html_path, coverage_html(loaded.deck, result).encode("utf-8"))
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
    help="Warn about answers longer than this (default: cards/lint.yaml's max-answer-words, else 25).",
)
@click.option(
    "--max-question-words",
    type=click.IntRange(1),
    help="Warn about questions longer than this (default: cards/lint.yaml's max-question-words, else 40).",
)
@click.pass_obj
def lint(project: Project, as_json: bool, strict: bool, max_answer_words: int | None, max_question_words: int | None):
    """Warn about cards a quiz would give away or a student would stumble on: twins (two cards
    teaching the same thing from the same sentence), a card's answer in its own question, on
    another card's front or in the deck's description, relative dates with nothing to count
    from, positions held by an article, long questions or answers, repeated questions, position
    holders capitalised mid-sentence, cards without tags. Each warning shows its code
    (warning[lint-twin]); silence one for a card with `allow: {lint-twin: "why"}`, or for the
    project in cards/lint.yaml (docs/card-format.md#lint-deckbuilder-lint).

    \b
    Exit status: 1 when the cards have errors, or with --strict when there is any
    warning; 0 otherwise.
    Examples:
      deckbuilder lint
      deckbuilder lint --strict                    # CI
      deckbuilder lint --json | jq 'map(.code) | group_by(.) | map({(.[0]): length}) | add'
      deckbuilder lint --max-answer-words 15 --json | jq length
    """
    from dataclasses import replace

    from builder.checks.lint import lint as run_lint
    from builder.checks.lint import options_for

    loaded = builder.load(project)
    if loaded.deck is None:
        report(loaded.diagnostics, "json" if as_json else "text")
        sys.exit(EXIT_ERRORS)
    diags = run_lint(loaded.deck, options_for(loaded.deck, max_answer_words, max_question_words))
    if strict:
        diags = [replace(d, severity="error") for d in diags]
    report(diags, "json" if as_json else "text")
    if not as_json and not diags:
        click.echo(f"OK: {len(loaded.deck.cards)} cards, no warnings")
    if strict and diags:
        sys.exit(EXIT_ERRORS)


def _coverage_text(result: CoverageReport) -> str:
    """Per article and kind: handled/total and percent; totals; then every candidate by status
    (covered ones with the cards that cover them), each with all its lines; possible disagreements."""

    def cell(c: KindCount) -> str:
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
    lines.append(f"Candidates: {len(result.candidates())} facts, {result.occurrences()} mentions")

    def where(c: Candidate) -> str:
        more = sorted(set(c.lines) - {c.line})
        return f"{files[c.seed]}:{c.line}" + (f" (also line {', '.join(map(str, more))})" if more else "")

    titles = (
        ("uncovered", "Uncovered"),
        ("drafted", "Drafted (only draft cards cover them)"),
        ("excluded", "Excluded by cards/exclusions.yaml"),
        ("covered", "Covered"),
    )
    for status, title in titles:
        items = result.candidates(status)
        if items:
            lines.append(f"{title} ({len(items)}):")
            for c in items:
                by = f"  <- {', '.join(c.cards)}" if c.cards and status in ("covered", "drafted") else ""
                note = f"  [{c.note}]" if c.note else ""
                lines.append(f'  {where(c)}: {c.kind}: "{c.text}"{by}{note}')
    if result.disagreements:
        lines.append(f"Possible disagreements between articles ({len(result.disagreements)}):")
        for d in result.disagreements:
            a, b = d.first, d.second
            lines.append(
                f'  {d.kind}: "{a.text}" ({files[a.seed]}:{a.line}) vs "{b.text}" ({files[b.seed]}:{b.line})'
                f"; both sentences say: {', '.join(d.shared)}"
            )
    return "\n".join(lines) + "\n"
