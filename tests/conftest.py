import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli.main import cli
from builder.core.model import Project
from builder.engine.pipeline import load_project

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent
SHARING = DATA / "valid" / "sharing"  # the basic deck plus hostile.yaml: cards that try to break pages and exports


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


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch) -> Path:
    """Each test gets a build cache of its own (never the user's ~/.cache/deckbuilder)."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("DECKBUILDER_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def sharing(tmp_path) -> Path:
    """A copy of tests/data/valid/sharing: the basic deck plus hostile.yaml (7 cards)."""
    dest = tmp_path / "sharing"
    shutil.copytree(SHARING, dest)
    return dest


@pytest.fixture
def sharing_deck(sharing):
    loaded = load_project(Project(sharing))
    assert loaded.deck is not None, loaded.diagnostics
    return loaded.deck


def release(where, now=None, major=False):
    """A release (`deckbuilder release --yes`) that must succeed: the tests' way to publish."""
    from builder.engine.release import release as release_project

    result = release_project(where if isinstance(where, Project) else Project(Path(where)), now=now, major=major)
    assert result.written, [f"{d.file}:{d.line}: {d.message}" for d in result.plan.blockers]
    return result
