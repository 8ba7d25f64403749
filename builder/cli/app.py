"""The `deckbuilder` command group: the -C option, --version, and the one place where exceptions
become messages: the environment's failures (disk full, read-only, a folder in the way) are one
diagnostic and exit 1, Ctrl-C and SIGTERM one line and exit 130/143, each saying truthfully which
files were written; only an unexpected exception is "internal error" (exit 3), without a traceback."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click

from builder.cli.report import EXIT_BROKEN_PIPE, EXIT_ERRORS, EXIT_INTERNAL, format_diagnostic
from builder.core import io
from builder.core.diagnostics import Diagnostic
from builder.core.errors import EnvironmentProblem
from builder.core.model import Project

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports it
EXIT_TERMINATED = 143  # 128 + SIGTERM


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread like Ctrl-C so every `finally` (temp files) runs."""


def _terminate(signum, frame):
    raise Terminated()


def install_signal_handlers() -> None:
    """SIGTERM ends a command like Ctrl-C does (cleanly, one line, exit 143) instead of killing
    it where it stands; forked workers put the default action back (engine/parallel.py)."""
    signal.signal(signal.SIGTERM, _terminate)


class DeckbuilderGroup(click.Group):
    """Turns any unexpected exception into a short message and exit 3 instead of a traceback."""

    def invoke(self, ctx):
        written_before = len(io.WRITTEN)
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            closed_pipe()
        except KeyboardInterrupt as exc:
            what = "terminated" if isinstance(exc, Terminated) else "interrupted"
            click.echo(f"deckbuilder: {what}; {_written(ctx.obj, written_before)}", err=True)
            ctx.exit(EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED)
        except OSError as exc:  # the environment's, not ours: say which file and what to do
            problem = EnvironmentProblem.from_os_error(exc)
            hint = f"{problem.hint}; {_written(ctx.obj, written_before)}"
            where = _shown(ctx.obj, problem.path)
            click.echo(
                format_diagnostic(Diagnostic(where, 0, 0, "error", problem.message, hint=hint, code=problem.code)),
                err=True,
            )
            ctx.exit(EXIT_ERRORS)
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


def _shown(project: Project | None, path: str) -> str:
    """`path` relative to the project when it is inside it (links not followed: the link is named)."""
    if project is None:
        return path
    full = os.path.abspath(path)
    root = os.path.abspath(project.root)
    if full == root:
        return "."
    if full.startswith(root + os.sep):
        return Path(full[len(root) + 1 :]).as_posix() + ("/" if os.path.isdir(full) else "")
    return path


def _written(project: Project | None, since: int) -> str:
    """What an interrupted or failed command had written (each file complete: writes are atomic);
    a temp file of its own that is gone again (`build -o -`) changed nothing."""
    done = list(dict.fromkeys(_shown(project, str(p)) for p in io.WRITTEN[since:] if os.path.lexists(p)))
    if not done:
        return "nothing was changed"
    return f"already written (each complete): {', '.join(done)}; nothing else was changed"


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
