"""Fixtures for the class-sharing features: a project with cards that try to break pages and exports."""
import shutil
from pathlib import Path

import pytest

from builder.core.model import Project
from builder.build.pipeline import load_project

SHARING = Path(__file__).parent / "data" / "valid" / "sharing"


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
