"""Each folder in tests/data/invalid/ is a mistake an author makes; expected.txt is the exact report."""

import shutil
from pathlib import Path

import pytest

from .conftest import DATA

CASES = sorted(p.name for p in (DATA / "invalid").iterdir() if p.is_dir())


def _case_project(tmp_path: Path, case: str) -> Path:
    dest = tmp_path / case
    shutil.copytree(DATA / "valid" / "basic", dest)
    shutil.copytree(DATA / "invalid" / case / "cards", dest / "cards", dirs_exist_ok=True)
    return dest


@pytest.mark.parametrize("case", CASES)
def test_invalid_input_reports_exact_diagnostics(tmp_path, run, case):
    result = run("-C", _case_project(tmp_path, case), "build")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    expected = (DATA / "invalid" / case / "expected.txt").read_text(encoding="utf-8")
    assert result.stderr == expected


@pytest.mark.parametrize("case", CASES)
def test_invalid_input_writes_no_deck(tmp_path, run, case):
    project = _case_project(tmp_path, case)
    run("-C", project, "build")
    assert not (project / "decks").exists()


def test_cases_cover_every_kind_of_mistake():
    wanted = {
        "yaml-syntax",
        "duplicate-key",
        "unknown-key",
        "missing-field",
        "duplicate-id",
        "unknown-seed",
        "citation-not-found",
        "empty-answer",
        "wrong-type",
    }
    assert wanted <= set(CASES)
