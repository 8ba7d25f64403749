"""Writing files the way every deckbuilder output must be written: atomically and reproducibly.

`write_atomic` writes next to the target, fsyncs and renames, so an interrupted command leaves the
previous file (or none), never half of one; it replaces only regular files (see target_of).
`check_writable` finds, before anything is written, what would make a write fail. `deterministic_zip` gives the same bytes for the same
entries: sorted names, a fixed date, fixed permissions.
"""

from __future__ import annotations

import errno
import glob
import io
import os
import stat
import struct
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from builder.core.errors import EnvironmentProblem, blocking_file

ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # every zip entry's date: .apkg, class pack
TEMP_NAME_BYTES = 40  # of the target's name in a temp file's name: any legal target name fits
WRITTEN: list[Path] = []  # every file this process replaced, in order: what an interrupted command says it wrote

_KINDS = {
    stat.S_IFDIR: ("a folder", "is-a-folder", "rename or remove that folder, or choose another file"),
    stat.S_IFIFO: ("a named pipe (FIFO)", "not-a-file", "use '-o -' to write to standard output, or name a file"),
    stat.S_IFCHR: ("a device", "not-a-file", "use '-o -' to write to standard output, or name a file"),
    stat.S_IFBLK: ("a device", "not-a-file", "use '-o -' to write to standard output, or name a file"),
    stat.S_IFSOCK: ("a socket", "not-a-file", "use '-o -' to write to standard output, or name a file"),
}


def target_of(path: Path) -> Path:
    """The file a write to `path` replaces: `path` itself, or the regular file a symlink there points
    to (the link stays a link). Raises EnvironmentProblem for a folder, device, FIFO or socket, a
    dangling link or a link loop: deckbuilder replaces only regular files, the ones it writes."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise EnvironmentProblem.from_os_error(exc, path) from None
    target = path
    if stat.S_ISLNK(st.st_mode):
        try:
            st = os.stat(path)  # the kernel follows it (also /proc/self/fd/N, which realpath cannot)
        except FileNotFoundError:
            raise EnvironmentProblem(
                path,
                "is a symbolic link to a file that does not exist",
                "remove the link, or create its target",
                "dangling-link",
            ) from None
        except OSError as exc:
            raise EnvironmentProblem.from_os_error(exc, path) from None
        if stat.S_ISREG(st.st_mode):
            target = Path(os.path.realpath(path))
    kind = _KINDS.get(stat.S_IFMT(st.st_mode))
    if kind is not None:
        what, code, hint = kind
        via = " (through a symbolic link)" if stat.S_ISLNK(os.lstat(path).st_mode) else ""
        raise EnvironmentProblem(path, f"is {what}{via}, not a regular file", hint, code)
    return target


def check_writable(path: Path, within: Path | None = None, size: int = 0) -> None:
    """Raise EnvironmentProblem unless `path` can be written now, before anything is written:
    a regular file or nothing there (a link only to a regular file, and inside `within` when
    given: outputs the user did not name stay in the project), its folder creatable and writable
    (probed with a real temp file), the target not immutable, its name short enough, and `size`
    bytes free on the disk."""
    target = target_of(path)
    if within is not None:
        root = Path(os.path.realpath(within))
        if not Path(os.path.realpath(target)).is_relative_to(root):
            link = _first_link(path, Path(within)) or path
            raise EnvironmentProblem(
                link,
                f"is a symbolic link to {os.path.realpath(link)}, outside the project",
                "remove the link, or name the file you mean with -o",
                "link-outside-project",
            )
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        blocker = blocking_file(target) or folder
        raise EnvironmentProblem(
            blocker, "is a file, not a folder", "rename or remove it so the folder can be made", "not-a-folder"
        )
    try:
        name_max = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        name_max = 255
    if len(os.fsencode(target.name)) > name_max:
        raise EnvironmentProblem(
            path,
            f"file name too long for its file system (over {name_max} bytes)",
            "choose a shorter file name",
            "name-too-long",
        )
    try:
        fd, probe = tempfile.mkstemp(prefix=".deckbuilder-probe.", suffix=".tmp", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:  # named as the folder the file goes in, even if it is yet to be made
        raise EnvironmentProblem.from_os_error(exc, target.parent) from None
    if target.exists() and _unchangeable(target):
        raise EnvironmentProblem(
            path,
            "is immutable or append-only, so it cannot be replaced",
            "clear the flag ('chattr -i' / 'chflags nouchg'), or write somewhere else (-o FILE)",
            "not-permitted",
        )
    if size:
        free = _free_bytes(folder)
        if free is not None and free < size:
            raise EnvironmentProblem(
                folder,
                f"no space left on the disk: {size // 1024 + 1} KiB needed, {free // 1024} KiB free",
                "free some space and run again",
                "disk-full",
            )


def _first_link(path: Path, root: Path) -> Path | None:
    """The first symbolic link on the way from `root` down to `path` (a folder or the file itself)."""
    try:
        parts = Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).parts
    except ValueError:
        return None
    here = Path(os.path.abspath(root))
    for part in parts:
        here = here / part
        if here.is_symlink():
            return here
    return None


def _unchangeable(path: Path) -> bool:
    """True when `path` has the immutable or append-only flag (chattr +i / +a on Linux, chflags
    uchg/uappnd on BSD and macOS): a rename onto it fails even for root."""
    flags = getattr(os.stat(path), "st_flags", 0)
    bsd = getattr(stat, "UF_IMMUTABLE", 0) | getattr(stat, "SF_IMMUTABLE", 0) | getattr(stat, "UF_APPEND", 0)
    if flags & (bsd | getattr(stat, "SF_APPEND", 0)):
        return True
    if not sys.platform.startswith("linux"):
        return False
    import fcntl
    import struct

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        got = fcntl.ioctl(fd, _FS_IOC_GETFLAGS, struct.pack("l", 0))
    except OSError:  # the file system has no such flags
        return False
    finally:
        os.close(fd)
    return bool(struct.unpack("i", got[:4])[0] & (_FS_IMMUTABLE_FL | _FS_APPEND_FL))


_FS_IOC_GETFLAGS = 0x80086601 if struct.calcsize("P") == 8 else 0x80046601  # _IOR('f', 1, long)
_FS_IMMUTABLE_FL, _FS_APPEND_FL = 0x10, 0x20


def _free_bytes(folder: Path) -> int | None:
    try:
        st = os.statvfs(folder)
    except (OSError, AttributeError):
        return None
    blocks = st.f_bfree if hasattr(os, "geteuid") and os.geteuid() == 0 else st.f_bavail  # root may use the reserve
    return blocks * st.f_frsize


def _short(name: str) -> str:
    while len(os.fsencode(name)) > TEMP_NAME_BYTES:
        name = name[:-1]
    return name


def temp_file_beside(path: Path) -> tuple[int, str]:
    """Open a temp file next to `path`, named `.NAME.PID.RANDOM.tmp` (NAME cut to 40 bytes, so a
    target of the longest legal name still has a legal temp name), for a later rename onto it.

    A process killed before its rename (SIGKILL, power loss) cannot remove its temp file; the
    next write to the same target removes every such file whose process is gone, so they never
    pile up in decks/ or cards/.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    short = _short(path.name)
    for stale in path.parent.glob(f".{glob.escape(short)}.*.tmp"):
        pid = stale.name[len(short) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid)):
            stale.unlink(missing_ok=True)
    return tempfile.mkstemp(prefix=f".{short}.{os.getpid()}.", suffix=".tmp", dir=path.parent)


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


def write_atomic(path: Path, data: bytes | bytearray | Iterable[bytes]) -> int:
    """Write `data` (bytes, or an iterable of bytes pieces, so a 50 MB lock never becomes one
    string) to a temp file beside `path`, fsync it and rename it onto `path`; returns the size.

    Only a regular file is ever replaced: through a symlink, the file it points to (the link
    stays); a folder, device, FIFO or socket is refused. Failures are EnvironmentProblems that
    name `path` (never the temp file), and the temp file is gone whatever happened."""
    target = target_of(path)
    try:
        fd, tmp_name = temp_file_beside(target)
    except OSError as exc:
        raise EnvironmentProblem.from_os_error(
            exc, exc.filename if exc.errno in (errno.EEXIST, errno.ENOTDIR) else path
        ) from None
    size = 0
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in [data] if isinstance(data, (bytes, bytearray)) else data:
                size += fh.write(piece)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise EnvironmentProblem.from_os_error(exc, path) from None
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    WRITTEN.append(Path(path))
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
    try:
        return _write_staged(outputs)
    except EnvironmentProblem:
        raise
    except OSError as exc:  # named as the output it was for, never its temp file
        where = next((p for p in outputs if exc.filename and str(exc.filename).startswith(str(p.parent))), None)
        raise EnvironmentProblem.from_os_error(exc, where) from None


def _write_staged(outputs: dict[Path, bytes]) -> dict[Path, int]:
    staged: list[tuple[str, Path]] = []
    sizes: dict[Path, int] = {}
    targets = {path: target_of(path) for path in outputs}  # only regular files are replaced (links kept)
    try:
        for path, data in outputs.items():
            fd, tmp_name = temp_file_beside(targets[path])
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
        for tmp_name, named in staged:
            path = targets[named]
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
    WRITTEN.extend(outputs)
    return sizes
