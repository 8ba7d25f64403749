"""The environment's failures (full disk, read-only mount, immutable files, folders and FIFOs in the
way, long names, link loops) are one error naming the path and what to do, exit 1, never
"internal error" (exit 3); a release checks every file it will write before writing the first."""

import errno
import os
import shutil
import subprocess
import sys

import pytest

import builder.core.io
from builder.core.errors import EnvironmentProblem, explain

from .conftest import DATA

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_root = pytest.mark.skipif(
    not ROOT or not sys.platform.startswith("linux"), reason="mounts and chattr need root on Linux"
)


@pytest.fixture
def mounts():
    """mount(path, size) a tmpfs there; every mount is undone after the test."""
    done = []

    def mount(path, size="1m"):
        path.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)
        done.append(path)
        return path

    yield mount
    for path in reversed(done):
        subprocess.run(["umount", "-l", str(path)], check=False)


@pytest.fixture
def immutable():
    """immutable(path): chattr +i, undone after the test; skips where the file system has no such flag."""
    done = []

    def make(path):
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("chattr +i is not supported on this file system")
        done.append(path)

    yield make
    for path in done:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def released(project, run, monkeypatch):
    """A project with release 1.0 made, then one card edited: `release --yes` would make 1.1."""
    assert run("-C", project, "release", "--yes").exit_code == 0
    cards = project / "cards" / "cards.yaml"
    cards.write_text(cards.read_text().replace("answer: Tuesday, January 13", "answer: Tuesday, Jan. 13"))
    monkeypatch.setenv("DECKBUILDER_NOW", "1767325600")  # a day later
    return project


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@needs_root
def test_full_disk_is_one_error_naming_decks_and_changes_nothing(project, run, mounts):
    decks = mounts(project / "decks", "64k")
    (decks / "filler").write_bytes(b"\0" * 60 * 1024)
    result = run("-C", project, "build")
    assert result.exit_code == 1
    assert result.output.startswith("decks/: error[disk-full]: no space left on the disk")
    assert "hint: free some space and run again; nothing was changed" in result.output
    assert sorted(p.name for p in decks.iterdir()) == ["filler"]
    assert not (project / "cards" / "deck.lock").exists()


@needs_root
def test_disk_filling_up_while_writing_names_the_file_and_leaves_no_temp_file(project, run, mounts, monkeypatch):
    decks = mounts(project / "decks", "64k")
    monkeypatch.setattr(builder.core.io, "_free_bytes", lambda folder: None)  # the check cannot see it coming
    (decks / "filler").write_bytes(b"\0" * 60 * 1024)
    result = run("-C", project, "build")
    assert result.exit_code == 1
    assert result.output.startswith("decks/test-deck.apkg: error[disk-full]: no space left on the disk")
    assert sorted(p.name for p in decks.iterdir()) == ["filler"]


@needs_root
def test_read_only_mount_is_an_error_naming_the_folder(tmp_path, run, mounts):
    mnt = mounts(tmp_path / "ro", "4m")
    shutil.copytree(DATA / "valid" / "basic", mnt / "p")
    subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
    result = run("-C", mnt / "p", "build")
    assert result.exit_code == 1
    assert result.output.startswith("decks: error[read-only]: on a read-only file system")
    assert "remount it read-write, or write somewhere else (-o FILE); nothing was changed" in result.output


@needs_root
def test_immutable_deck_is_refused_before_the_lock_is_written(project, run, immutable, monkeypatch):
    released(project, run, monkeypatch)
    lock = (project / "cards" / "deck.lock").read_bytes()
    immutable(project / "decks" / "test-deck.apkg")
    result = run("-C", project, "release", "--yes")
    assert result.exit_code == 1
    assert "decks/test-deck.apkg: error[not-permitted]: is immutable or append-only" in result.output
    assert (project / "cards" / "deck.lock").read_bytes() == lock


@needs_root
def test_immutable_lock_leaves_deck_and_changelog_unchanged(project, run, immutable, monkeypatch):
    released(project, run, monkeypatch)
    before = snapshot(project / "decks")
    immutable(project / "cards" / "deck.lock")
    result = run("-C", project, "release", "--yes")
    assert result.exit_code == 1
    assert "cards/deck.lock: error[not-permitted]: is immutable or append-only" in result.output
    assert "nothing was changed" in result.output
    assert snapshot(project / "decks") == before


def test_decks_being_a_file_is_an_error_naming_it(project, run):
    (project / "decks").write_text("not a folder\n")
    result = run("-C", project, "build")
    assert result.exit_code == 1
    assert result.output.startswith("decks: error[not-a-folder]: is a file, not a folder")


def test_deck_path_being_a_folder_is_an_error_naming_it(project, run):
    (project / "decks" / "test-deck.apkg").mkdir(parents=True)
    result = run("-C", project, "build")
    assert result.exit_code == 1
    assert result.output.startswith("decks/test-deck.apkg/: error[is-a-folder]: is a folder, not a regular file")
    assert not (project / "cards" / "deck.lock").exists()


def test_longest_legal_output_name_is_written(project, run, tmp_path):
    out = tmp_path / ("d" * (255 - len(".apkg")) + ".apkg")  # the temp file beside it must fit too
    result = run("-C", project, "build", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"


def test_output_name_too_long_for_the_file_system_is_an_error(project, run, tmp_path):
    out = tmp_path / ("d" * 300 + ".apkg")
    result = run("-C", project, "build", "-o", out)
    assert result.exit_code == 1
    assert "error[name-too-long]: file name too long for its file system" in result.output


def test_seeds_as_a_symlink_loop_is_an_error_naming_seeds(project, run):
    shutil.rmtree(project / "seeds")
    (project / "seeds").symlink_to(project / "seeds")
    result = run("-C", project, "build")
    assert result.exit_code == 1
    assert result.output.startswith("seeds/: error[link-loop]: seeds/ is a symbolic link that leads back to itself")


@pytest.mark.timeout(20)
def test_fifo_at_the_lock_is_an_error_and_nothing_is_written(project, run):
    os.mkfifo(project / "cards" / "deck.lock")
    result = run("-C", project, "build")
    assert result.exit_code == 1
    assert result.output.startswith("cards/deck.lock: error[lock-unreadable]: the lock file is not a regular file")
    assert not (project / "decks").exists()


def test_unforeseen_os_error_is_exit_1_naming_the_file(project, run, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error", str(project / "decks" / "test-deck.apkg"))

    monkeypatch.setattr(builder.core.io, "deterministic_zip", broken)
    monkeypatch.setattr("builder.anki.package.deterministic_zip", broken)
    result = run("-C", project, "build")
    assert result.exit_code == 1
    assert result.output.startswith("decks/test-deck.apkg: error[io-error]: the disk failed to read or write it")
    assert "internal error" not in result.output


def test_every_errno_is_explained_with_what_to_do():
    unexplained = [
        errno.errorcode[code] for code in sorted(errno.errorcode) if not all(explain(OSError(code, os.strerror(code))))
    ]
    assert unexplained == []


def test_environment_problem_names_the_file_in_the_way_of_a_folder(tmp_path):
    (tmp_path / "decks").write_text("")
    exc = OSError(errno.ENOTDIR, "Not a directory", str(tmp_path / "decks" / "x.apkg"))
    assert EnvironmentProblem.from_os_error(exc).path == str(tmp_path / "decks")


@needs_root
def test_release_on_a_full_disk_writes_none_of_its_files(project, run, mounts, monkeypatch):
    released(project, run, monkeypatch)
    lock = (project / "cards" / "deck.lock").read_bytes()
    shutil.move(project / "decks", project / "decks-old")
    decks = mounts(project / "decks", "128k")
    for p in (project / "decks-old").iterdir():
        shutil.copy(p, decks / p.name)
    before = snapshot(decks)
    st = os.statvfs(decks)
    (decks / "filler").write_bytes(b"\0" * (st.f_bavail * st.f_frsize - 4096))  # room for one page
    monkeypatch.setattr(builder.core.io, "_free_bytes", lambda folder: None)  # fail while staging, not before
    result = run("-C", project, "release", "--yes")
    assert result.exit_code == 1
    assert "error[disk-full]: no space left on the disk" in result.output
    assert "nothing was changed" in result.output
    assert {k: v for k, v in snapshot(decks).items() if k != "filler"} == before
    assert (project / "cards" / "deck.lock").read_bytes() == lock
