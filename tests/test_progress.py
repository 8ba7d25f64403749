"""The progress bar of long builds: on a terminal only, never with --quiet, JSON or in CI logs."""

import io
import sys

import pytest

from builder.cli.report import ProgressBar


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


@pytest.fixture
def terminal(monkeypatch):
    """Call it in the test body: pytest's capture re-sets sys.stderr after fixtures run."""
    monkeypatch.delenv("CI", raising=False)

    def patch():
        fake = FakeTerminal()
        monkeypatch.setattr(sys, "stderr", fake)
        return fake

    return patch


def feed(bar: ProgressBar, total: int) -> None:
    with bar:
        for done in range(1, total + 1):
            bar(done, total)


def test_a_long_build_on_a_terminal_shows_a_bar(terminal):
    tty = terminal()
    feed(ProgressBar(), 30)
    assert "Checking card files" in tty.getvalue() and "30/30" in tty.getvalue()


@pytest.mark.parametrize("options", [{"quiet": True}, {"fmt": "json"}], ids=["quiet", "json"])
def test_quiet_and_json_builds_show_no_bar(terminal, options):
    tty = terminal()
    feed(ProgressBar(**options), 30)
    assert tty.getvalue() == ""


def test_ci_logs_get_no_bar(terminal, monkeypatch):
    tty = terminal()
    monkeypatch.setenv("CI", "1")
    feed(ProgressBar(), 30)
    assert tty.getvalue() == ""


def test_a_short_build_shows_no_bar(terminal):
    tty = terminal()
    feed(ProgressBar(), ProgressBar.PROGRESS_MIN_FILES - 1)
    assert tty.getvalue() == ""


def test_no_bar_when_stderr_is_not_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    plain = io.StringIO()
    monkeypatch.setattr(sys, "stderr", plain)
    feed(ProgressBar(), 30)
    assert plain.getvalue() == ""
