"""Outputs never replace what is not deckbuilder's: a device, FIFO, socket or folder at the output
path is refused; through a symlink only the regular file it points to is written (the link
stays), and a default output linked out of the project is refused; `-o -` is standard output on
every command that takes -o; temp names fit beside a target of any legal name."""

import os
import socket
import stat
import zipfile

import pytest

from builder.core.io import temp_file_beside

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.mark.timeout(20)
def test_output_onto_a_fifo_is_refused_and_the_fifo_stays(project, run, tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    result = run("-C", project, "export", "--format", "json", "-o", fifo)
    assert result.exit_code == 1
    assert result.output.startswith(f"{fifo}: error[not-a-file]: is a named pipe (FIFO), not a regular file")
    assert "hint: use '-o -' to write to standard output" in result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.skipif(not ROOT, reason="mknod needs root")
def test_output_onto_a_copy_of_dev_null_is_refused_and_the_device_stays(project, run, tmp_path):
    device = tmp_path / "null-copy"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    result = run("-C", project, "export", "--format", "json", "-o", device)
    assert result.exit_code == 1
    assert result.output.startswith(f"{device}: error[not-a-file]: is a device, not a regular file")
    assert stat.S_ISCHR(device.lstat().st_mode)


def test_output_onto_a_socket_is_refused(project, run, tmp_path):
    path = tmp_path / "s.apkg"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        result = run("-C", project, "build", "-o", path)
    assert result.exit_code == 1
    assert result.output.startswith(f"{path}: error[not-a-file]: is a socket, not a regular file")


def test_output_through_a_symlink_writes_its_target_and_keeps_the_link(project, run, tmp_path):
    target = tmp_path / "real.apkg"
    target.write_bytes(b"old")
    link = tmp_path / "link.apkg"
    link.symlink_to(target)
    assert run("-C", project, "build", "-o", link).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert zipfile.is_zipfile(target)


def test_default_output_linked_out_of_the_project_is_refused(project, run, tmp_path):
    outside = tmp_path / "outside.apkg"
    outside.write_bytes(b"not ours")
    (project / "decks").mkdir()
    (project / "decks" / "test-deck.apkg").symlink_to(outside)
    result = run("-C", project, "build")
    assert result.exit_code == 1
    assert result.output.startswith(
        f"decks/test-deck.apkg: error[link-outside-project]: is a symbolic link to {outside}, outside the project"
    )
    assert outside.read_bytes() == b"not ours"
    assert not (project / "cards" / "deck.lock").exists()  # refused before the release wrote anything


def test_dangling_output_link_is_refused(project, run, tmp_path):
    link = tmp_path / "gone.apkg"
    link.symlink_to(tmp_path / "missing" / "x.apkg")
    result = run("-C", project, "build", "-o", link)
    assert result.exit_code == 1
    assert "error[dangling-link]: is a symbolic link to a file that does not exist" in result.output


@pytest.mark.parametrize(
    "args, magic",
    [
        (["build"], b"PK\x03\x04"),
        (["pack"], b"PK\x03\x04"),
        (["preview"], b"<!DOCTYPE html>"),
        (["export", "--format", "json"], b"{"),
    ],
)
def test_dash_output_is_standard_output(project, run, tmp_path, monkeypatch, args, magic):
    monkeypatch.setenv("DECKBUILDER_CHROMIUM", "none")
    monkeypatch.chdir(tmp_path)
    result = run("-C", project, *args, "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(magic)
    assert not (tmp_path / "-").exists()


def test_dev_stdout_is_standard_output_not_a_file_to_replace(project, run):
    result = run("-C", project, "export", "--format", "json", "-o", "/dev/stdout")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"{")
    assert os.path.islink("/dev/stdout") or not os.path.isfile("/dev/stdout")


def test_temp_file_fits_beside_the_longest_legal_name(tmp_path):
    fd, name = temp_file_beside(tmp_path / ("x" * 255))
    os.close(fd)
    assert len(os.path.basename(name).encode()) <= 255


def test_decks_folder_linked_out_of_the_project_is_refused(project, run, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "decks").symlink_to(elsewhere)
    result = run("-C", project, "build")
    assert result.exit_code == 1
    assert result.output.startswith(f"decks/: error[link-outside-project]: is a symbolic link to {elsewhere}")
    assert list(elsewhere.iterdir()) == []
