"""Ctrl-C (SIGINT to the whole process group, as a terminal sends it) and SIGTERM end a command with
one line and exit 130 / 143: no traceback from any process (forked workers included), no temp
file left, no process left behind, and a message that says truthfully what was written."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .bigproject import write_project
from .conftest import DATA, REPO

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to see the workers"),
    pytest.mark.timeout(60),
]


def start(project: Path, *args: str, **env: str) -> subprocess.Popen:
    """`python -m builder -C project ARGS` in its own process group (like a terminal's job)."""
    environ = dict(os.environ, PYTHONPATH=str(REPO), DECKBUILDER_NOW="1767225600", **env)
    environ.pop("DECKBUILDER_DEBUG", None)
    return subprocess.Popen(
        [sys.executable, "-m", "builder", "-C", str(project), *args],
        env=environ,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def wait_for(condition, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"never saw {what}")
        time.sleep(0.005)


def finish(proc: subprocess.Popen) -> tuple[int, str]:
    _, stderr = proc.communicate(timeout=30)
    return proc.returncode, stderr.decode("utf-8", "replace")


def group_is_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture
def big(tmp_path) -> Path:
    """4,000 cards in 40 files: checking them takes two workers long enough to be interrupted."""
    return write_project(tmp_path / "big", 4000)


def interrupted_build(big: Path, sig: int) -> tuple[int, str]:
    proc = start(big, "build", DECKBUILDER_JOBS="2", DECKBUILDER_CACHE="0")
    wait_for(lambda: len(children(proc.pid)) >= 2, "two workers")
    os.killpg(proc.pid, sig)
    code, stderr = finish(proc)
    wait_for(lambda: group_is_gone(proc.pid), "every process of the group gone", 5)
    return code, stderr


def test_ctrl_c_to_the_group_during_a_build_with_workers_prints_one_line(big):
    code, stderr = interrupted_build(big, signal.SIGINT)
    assert (code, stderr) == (130, "deckbuilder: interrupted; nothing was changed\n")
    assert not (big / "decks").exists() and not (big / "cards" / "deck.lock").exists()
    assert list(big.rglob("*.tmp")) == []


def test_sigterm_to_the_group_during_a_build_with_workers_prints_one_line(big):
    code, stderr = interrupted_build(big, signal.SIGTERM)
    assert (code, stderr) == (143, "deckbuilder: terminated; nothing was changed\n")
    assert list(big.rglob("*.tmp")) == []


def test_ctrl_c_while_pack_prints_writes_nothing_and_ends_chromium(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(DATA / "valid" / "basic", project)
    marker = tmp_path / "printing"
    chromium = tmp_path / "slow-chromium"
    chromium.write_text(f"#!/bin/sh\nsleep 30 &\necho $! > {marker}.tmp && mv {marker}.tmp {marker}\nwait\n")
    chromium.chmod(0o755)
    proc = start(project, "pack", DECKBUILDER_CHROMIUM=str(chromium))
    wait_for(marker.exists, "Chromium printing")
    os.killpg(proc.pid, signal.SIGINT)
    code, stderr = finish(proc)
    assert code == 130
    assert stderr == "deckbuilder: interrupted; nothing was changed\n"  # the PDFs come before the release
    assert not (project / "decks").exists() and not (project / "cards" / "deck.lock").exists()
    assert list(tmp_path.rglob("*.tmp")) == []
    helper = Path(f"/proc/{int(marker.read_text())}/stat")
    wait_for(lambda: not helper.exists() or " Z " in helper.read_text(), "Chromium's helper process ended", 5)
