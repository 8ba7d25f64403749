"""Checking card files in worker processes gives exactly what one process gives."""

import sys
from pathlib import Path

import pytest

from builder.core.model import Project
from builder.engine.parallel import worker_count
from builder.engine.pipeline import load_project

REPO = Path(__file__).parent.parent


@pytest.fixture
def corpus(tmp_path):
    """A generated project of 30 card files, three of them broken in different ways."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    generate(tmp_path, 3000, 5, seed=11)
    files = sorted((tmp_path / "cards").glob("cards_*.yaml"))
    files[3].write_text(files[3].read_text(encoding="utf-8").replace("kind: qa", "kind: qaa", 2), encoding="utf-8")
    files[7].write_text(files[7].read_text(encoding="utf-8") + "  - id: [broken\n", encoding="utf-8")
    text = files[20].read_text(encoding="utf-8")
    files[20].write_text(text.replace("quote: ", "quote: not in the article ", 3), encoding="utf-8")
    files[25].write_text(
        files[25].read_text(encoding="utf-8")
        + "\n"
        + "\n".join(files[2].read_text(encoding="utf-8").splitlines()[1:12])
        + "\n",
        encoding="utf-8",
    )  # duplicate id
    return tmp_path


def loaded(project: Path, monkeypatch, jobs: str):
    monkeypatch.setenv("DECKBUILDER_CACHE", "0")
    monkeypatch.setenv("DECKBUILDER_JOBS", jobs)
    result = load_project(Project(project))
    return result.diagnostics, result.files


def test_workers_report_the_same_diagnostics_as_one_process(corpus, monkeypatch):
    monkeypatch.setenv("DECKBUILDER_JOBS", "2")
    assert worker_count(30) == 2  # this machine can fork workers
    serial = loaded(corpus, monkeypatch, "1")
    parallel = loaded(corpus, monkeypatch, "2")
    assert parallel == serial
    codes = {d.code for d in serial[0]}
    assert {"unknown-kind", "yaml-syntax", "citation-not-found", "duplicate-id"} <= codes


def test_workers_give_the_same_deck_as_one_process(corpus, monkeypatch, tmp_path):
    for path in (corpus / "cards").glob("cards_*.yaml"):  # undo the damage: a deck that builds
        path.unlink()
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    generate(corpus, 3000, 5, seed=11)
    monkeypatch.setenv("DECKBUILDER_CACHE", "0")
    monkeypatch.setenv("DECKBUILDER_JOBS", "1")
    serial = load_project(Project(corpus)).deck
    monkeypatch.setenv("DECKBUILDER_JOBS", "2")
    parallel = load_project(Project(corpus)).deck
    assert serial is not None and parallel == serial and len(serial.cards) == 3000
