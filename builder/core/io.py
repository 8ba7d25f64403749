"""Writing files the way every deckbuilder output must be written: atomically and reproducibly.

`write_atomic` writes next to the target, fsyncs and renames, so an interrupted command leaves the
previous file (or none), never half of one. `deterministic_zip` gives the same bytes for the same
entries: sorted names, a fixed date, fixed permissions.
"""

from __future__ import annotations

import glob
import io
import os
import tempfile
import zipfile
from pathlib import Path

ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # every zip entry's date: .apkg, class pack


def temp_file_beside(path: Path) -> tuple[int, str]:
    """Open a temp file next to `path`, named `.NAME.PID.RANDOM.tmp`, for a later rename onto it.

    A process killed before its rename (SIGKILL, power loss) cannot remove its temp file; the
    next write to the same target removes every such file whose process is gone, so they never
    pile up in decks/ or cards/.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = stale.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid)):
            stale.unlink(missing_ok=True)
    return tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)


def _process_alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would send CTRL_C_EVENT there: keep the file
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but belongs to someone else
        return True
    return True


def write_atomic(path: Path, data) -> int:
    """Write `data` (bytes, or an iterable of bytes pieces, so a 50 MB lock never becomes one
    string) to a temp file beside `path`, fsync it and rename it onto `path`; returns the size."""
    fd, tmp_name = temp_file_beside(path)
    size = 0
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in [data] if isinstance(data, (bytes, bytearray)) else data:
                size += fh.write(piece)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return size


def deterministic_zip(entries: dict) -> bytes:
    """{name: bytes} → zip bytes; entries sorted by name, each dated ZIP_DATE."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever machine packs it
            zf.writestr(info, entries[name])
    return buffer.getvalue()


def write_staged(outputs: dict[Path, bytes]) -> dict[Path, int]:
    """Write several files as one set: every file goes to its temp file beside its target and is
    fsynced first; only then are all renamed into place. A failure before the renames (a full
    disk, a bad path) removes the temps and changes nothing. A failure during the renames puts
    back the files already replaced (each old file is kept as a hard link until the set is
    complete), so a release never leaves decks/ with some outputs new and some old. Returns
    each target's size."""
    staged: list[tuple[str, Path]] = []
    sizes: dict[Path, int] = {}
    try:
        for path, data in outputs.items():
            fd, tmp_name = temp_file_beside(path)
            staged.append((tmp_name, path))
            with os.fdopen(fd, "wb") as fh:
                sizes[path] = fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp_name, 0o644)
    except BaseException:
        for tmp_name, _ in staged:
            Path(tmp_name).unlink(missing_ok=True)
        raise
    done: list[tuple[Path, str | None]] = []  # (target, hard link to its old file or None)
    try:
        for tmp_name, path in staged:
            old = None
            if path.is_file():
                old = tmp_name[: -len(".tmp")] + ".old.tmp"  # removed like any temp if we die here
                os.link(path, old)
            try:
                os.replace(tmp_name, path)
            except BaseException:
                if old is not None:
                    Path(old).unlink(missing_ok=True)
                raise
            done.append((path, old))
    except BaseException:
        for path, old in reversed(done):
            try:
                if old is not None:
                    os.replace(old, path)
                else:
                    path.unlink(missing_ok=True)
            except OSError:
                pass  # the set is already incomplete; the error below says so
        for tmp_name, _ in staged:
            Path(tmp_name).unlink(missing_ok=True)
        raise
    for _, old in done:
        if old is not None:
            Path(old).unlink(missing_ok=True)
    return sizes
