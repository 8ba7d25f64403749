"""A build killed with SIGKILL at any moment leaves decks/ and the lock in a state a rerun finishes.

State A is a released deck (1,500 generated cards); state B is what the next build makes after
60 answers were corrected and 50 cards added. Builds are deterministic (DECKBUILDER_NOW is
fixed), so "the previous complete deck or the new complete one" is checked byte for byte.

The build writes, in order: the .apkg (temp file, fsync, rename), decks/CHANGELOG.md, then
cards/deck.lock. So a kill can only leave (deck, changelog, lock) = AAA, BAA, BBA or BBB, and a
rerun must always arrive at exactly BBB, with no temp file left in decks/ or cards/.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from builder.anki.lock import parse_lock

from .ankitools import import_apkg, new_collection, notes_by_card_id
from .bigproject import write_project

REPO = Path(__file__).parent.parent
CARDS, ADDED = 1500, 50
EDITED = frozenset(range(0, CARDS, 25))  # 60 corrected answers
KILLS = 30
DECK = "decks/generated-deck.apkg"
LOG = "decks/CHANGELOG.md"
LOCK = "cards/deck.lock"
T1, T2 = 1767225600, 1767312000


@dataclass(frozen=True)
class State:
    deck: bytes
    log: str
    lock: str


def read_state(root: Path) -> State:
    return State(
        (root / DECK).read_bytes(), (root / LOG).read_text(encoding="utf-8"), (root / LOCK).read_text(encoding="utf-8")
    )


def build_command(root: Path) -> list[str]:
    return [sys.executable, "-m", "builder", "-C", str(root), "release", "--yes"]


def build_env(now: int) -> dict:
    return dict(os.environ, DECKBUILDER_NOW=str(now), PYTHONPATH=str(REPO))


def build(root: Path, now: int) -> float:
    started = time.perf_counter()
    proc = subprocess.run(build_command(root), env=build_env(now), cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return time.perf_counter() - started


def temp_files(root: Path) -> list[str]:
    return sorted(
        str(p.relative_to(root))
        for folder in ("decks", "cards")
        for p in (root / folder).iterdir()
        if p.name.endswith(".tmp")
    )


@dataclass
class Scenario:
    start: Path  # B's card files with A's outputs: where every killed build begins
    a: State
    b: State
    build_seconds: float


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Scenario:
    base = tmp_path_factory.mktemp("crash")
    released = write_project(base / "released", CARDS)
    build(released, T1)
    start = base / "start"
    shutil.copytree(released, start)
    write_project(start, CARDS + ADDED, edited=EDITED)
    finished = base / "finished"
    shutil.copytree(start, finished)
    seconds = build(finished, T2)
    a, b = read_state(released), read_state(finished)
    assert a.deck != b.deck and a.lock != b.lock and a.log != b.log
    return Scenario(start, a, b, seconds)


def test_both_states_import_into_anki(scenario, tmp_path):
    """A and B are the only decks a killed build may leave; both import with the real backend."""
    for name, state, count in (("a", scenario.a, CARDS), ("b", scenario.b, CARDS + ADDED)):
        apkg = tmp_path / f"{name}.apkg"
        apkg.write_bytes(state.deck)
        col = new_collection(tmp_path / f"col-{name}")
        try:
            import_apkg(col, apkg)
            notes = notes_by_card_id(col)
            assert len(notes) == count
            assert notes["card-0"]["Answer"].count("(corrected)") == (name == "b")
        finally:
            col.close()


def apkg_notes(data: bytes, tmp_path: Path) -> int:
    """The .apkg is a zip whose collection opens with SQLite; returns its note count."""
    zpath = tmp_path / "check.apkg"
    zpath.write_bytes(data)
    with zipfile.ZipFile(zpath) as zf:
        assert zf.testzip() is None
        (tmp_path / "collection.anki2").write_bytes(zf.read("collection.anki2"))
    conn = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        return conn.execute("select count() from notes").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.slow  # dozens of real builds killed mid-write: run by .ci/run with the other slow tests
def test_build_killed_at_random_points_leaves_old_or_new_deck_and_a_rerun_finishes(scenario, tmp_path):
    rng = random.Random(20260105)
    a, b = scenario.a, scenario.b
    outcomes: dict[str, int] = {}
    allowed = {
        (a.deck, a.log, a.lock): "AAA (killed before the deck's rename)",
        (b.deck, a.log, a.lock): "BAA (killed after the deck's rename)",
        (b.deck, b.log, a.lock): "BBA (killed after the changelog's rename)",
        (b.deck, b.log, b.lock): "BBB (complete)",
    }
    for kill in range(KILLS):
        run = tmp_path / "run"
        shutil.rmtree(run, ignore_errors=True)
        shutil.copytree(scenario.start, run)
        deck_inode = (run / DECK).stat().st_ino
        proc = subprocess.Popen(
            build_command(run), env=build_env(T2), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        if kill % 2 == 0:  # anywhere in the build
            share = rng.uniform(0, 1.1)
            time.sleep(share * scenario.build_seconds)
        else:  # within 30 ms after the deck's rename, where the other writes happen
            share = rng.uniform(0, 0.03)
            while (run / DECK).stat().st_ino == deck_inode and proc.poll() is None:
                time.sleep(0.0002)
            time.sleep(share)
        proc.send_signal(signal.SIGKILL)
        _, stderr = proc.communicate()
        assert proc.returncode in (0, -signal.SIGKILL), stderr

        state = read_state(run)
        parse_lock(state.lock)
        what = allowed.get((state.deck, state.log, state.lock))
        assert what, f"kill {kill} ({share:.3f}) left an inconsistent deck/changelog/lock"
        outcomes[what] = outcomes.get(what, 0) + 1
        assert sorted(p.name for p in (run / "decks").iterdir() if not p.name.endswith(".tmp")) == [
            "CHANGELOG.md",
            "generated-deck.apkg",
        ]
        assert apkg_notes(state.deck, tmp_path) in (CARDS, CARDS + ADDED)
        if kill < 3:  # and the real importer takes what was left
            col = new_collection(tmp_path / f"anki-{kill}")
            try:
                import_apkg(col, run / DECK)
                assert len(notes_by_card_id(col)) in (CARDS, CARDS + ADDED)
            finally:
                col.close()
        if what.startswith("BBB") and not temp_files(run):
            continue
        build(run, T2)  # the rerun finishes the release and sweeps the dead temp files
        assert read_state(run) == b, f"kill {kill}: the rerun after {what} did not give the new release"
        assert temp_files(run) == []
    print(f"\n{KILLS} kills, build {scenario.build_seconds:.2f} s: {outcomes}")
    assert len(outcomes) >= 2, outcomes  # the kills really interrupted builds


def test_killed_build_temp_file_is_removed_by_the_next_write(tmp_path):
    """A temp file of a dead process (its PID in the name) goes; a live process's one stays."""
    from builder.core.io import write_atomic

    target = tmp_path / "decks" / "x.apkg"
    target.parent.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = target.parent / f".x.apkg.{dead.pid}.abcd.tmp"
    live = target.parent / f".x.apkg.{os.getpid()}.efgh.tmp"
    other = target.parent / ".y.apkg.1.ijkl.tmp"
    for p in (stale, live, other):
        p.write_bytes(b"half a deck")
    write_atomic(target, b"deck")
    assert sorted(p.name for p in target.parent.iterdir()) == sorted([live.name, other.name, "x.apkg"])


@pytest.mark.parametrize("dies_at", ["CHANGELOG.md", "deck.lock"])
def test_release_interrupted_at_each_rename_is_rolled_back_and_finished_by_the_rerun(
    scenario, tmp_path, monkeypatch, dies_at
):
    """Interrupt (deterministically) the rename of the changelog or the lock, after the deck's:
    the set is put back as it was (release A), and the rerun gives exactly the new release, with
    the changelog entry once."""
    import builder.core.io as io
    from builder.core.model import Project
    from builder.engine.release import release

    run = tmp_path / "run"
    shutil.copytree(scenario.start, run)
    real = io.os.replace

    def dies(src, dst):
        if Path(dst).name == dies_at:
            raise KeyboardInterrupt
        real(src, dst)

    monkeypatch.setattr(io.os, "replace", dies)
    with pytest.raises(KeyboardInterrupt):
        release(Project(run), now=T2)
    monkeypatch.setattr(io.os, "replace", real)
    assert read_state(run) == read_state(scenario.start) and temp_files(run) == []
    assert release(Project(run), now=T2).written
    assert read_state(run) == scenario.b
    assert scenario.b.log.count("## Version 1.1") == 1
