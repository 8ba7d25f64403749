"""The `deckbuilder` command group: the -C option, --version, and the one place where an unexpected
exception becomes a one-line message (exit 3) instead of a traceback."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from builder.cli.report import EXIT_BROKEN_PIPE, EXIT_INTERNAL
from builder.core.model import Project


class DeckbuilderGroup(click.Group):
    """Turns any unexpected exception into a short message and exit 3 instead of a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            closed_pipe()
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


def closed_pipe():
    """The reader went away (`deckbuilder coverage | head`): stop quietly, as Unix tools do.

    stdout is pointed at /dev/null so the interpreter's final flush cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (CliRunner): nothing to flush
        pass
    sys.exit(EXIT_BROKEN_PIPE)


@click.group(cls=DeckbuilderGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-C",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    help="Run as if started in DIR (a project with cards/, seeds/ and decks/).",
    metavar="DIR",
)
@click.version_option(package_name="deckbuilder", prog_name="deckbuilder")  # read from metadata only when asked
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
