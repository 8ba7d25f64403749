import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli.main import cli

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of tests/data/valid/basic that a test may edit freely."""
    dest = tmp_path / "project"
    shutil.copytree(DATA / "valid" / "basic", dest)
    return dest


@pytest.fixture
def run():
    """Invoke the CLI in-process: run("-C", dir, "build") → click Result."""
    runner = CliRunner()

    def _run(*args):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return _run


@pytest.fixture(autouse=True)
def fixed_build_clock(monkeypatch):
    """Builds stamp changed cards with the current time; tests pin that clock so bytes are reproducible."""
    monkeypatch.setenv("DECKBUILDER_NOW", "1767225600")
