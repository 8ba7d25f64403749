"""The environment's failures (disk full, read-only mount, a folder where a file should be, ...)
said as what they are: the path, what is wrong with it and what to do, never "internal error".

One classifier (`explain`) turns an OSError's errno into that sentence; `EnvironmentProblem` carries
it from wherever it happened (the atomic writer, a preflight check, a read) to the CLI, which
prints it as one diagnostic and exits 1. The CLI's guard also passes any OSError that escaped
through `explain`, so a path the code did not foresee is still reported as the environment's.
"""

from __future__ import annotations

import errno
from pathlib import Path

# errno → (code, what is wrong with the path, what to do)
_BY_ERRNO: dict[int, tuple[str, str, str]] = {
    errno.ENOSPC: ("disk-full", "no space left on the disk", "free some space and run again"),
    errno.EDQUOT: ("disk-full", "your disk quota is used up", "free some space and run again"),
    errno.EROFS: (
        "read-only",
        "on a read-only file system",
        "remount it read-write, or write somewhere else (-o FILE)",
    ),
    errno.EACCES: (
        "permission-denied",
        "permission denied",
        "check who owns it and its folder (ls -l), or write somewhere else (-o FILE)",
    ),
    errno.EPERM: (
        "not-permitted",
        "the system does not allow changing it (immutable or append-only?)",
        "check it with 'lsattr' and clear the flag ('chattr -i'), or write somewhere else (-o FILE)",
    ),
    errno.EISDIR: ("is-a-folder", "is a folder, not a file", "rename or remove that folder, or choose another file"),
    errno.ENOTDIR: ("not-a-folder", "is a file, not a folder", "rename or remove it so the folder can be made"),
    errno.EEXIST: ("not-a-folder", "is a file, not a folder", "rename or remove it so the folder can be made"),
    errno.ENAMETOOLONG: ("name-too-long", "file name too long for its file system", "choose a shorter file name"),
    errno.ELOOP: ("link-loop", "a symbolic link that leads back to itself", "fix or remove the link"),
    errno.ENOENT: ("not-found", "does not exist", "check the path"),
    errno.EIO: ("io-error", "the disk failed to read or write it", "check the disk or network share"),
    errno.EMFILE: ("too-many-files", "too many open files", "raise the limit (ulimit -n) and run again"),
    errno.ENFILE: ("too-many-files", "the system has too many open files", "close some programs and run again"),
    errno.EBUSY: ("busy", "in use by the system (a mount point?)", "choose another path"),
    errno.ETXTBSY: ("busy", "a program that is running", "choose another path"),
    errno.EXDEV: ("io-error", "cannot be moved across file systems", "write it on the same disk"),
    errno.ENXIO: ("not-a-file", "a device or pipe with nothing on the other end", "choose a regular file"),
}


class EnvironmentProblem(OSError):
    """Something about the files or the machine, not the cards and not a bug: exit 1, one line.

    `path` is the file or folder at fault, `message` what is wrong with it, `hint` what to do,
    `code` the diagnostic code. An OSError, so code that already handles OSError still does."""

    def __init__(self, path: str | Path, message: str, hint: str, code: str = "io-error"):
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.message = message
        self.hint = hint
        self.code = code

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    @classmethod
    def from_os_error(cls, exc: OSError, path: str | Path | None = None) -> EnvironmentProblem:
        """The OSError explained for `path` (default: the file the error names). A file in the way
        of a folder (ENOTDIR, EEXIST from mkdir) is named itself, not the path beyond it."""
        if isinstance(exc, EnvironmentProblem):
            return exc
        where = Path(path if path is not None else exc.filename if exc.filename is not None else ".")
        if exc.errno in (errno.ENOTDIR, errno.EEXIST):
            where = blocking_file(where) or where
        code, message, hint = explain(exc)
        return cls(where, message, hint, code)


def explain(exc: OSError) -> tuple[str, str, str]:
    """(code, what is wrong, what to do) for an OSError."""
    known = _BY_ERRNO.get(exc.errno if exc.errno is not None else -1)
    if known is None:
        return "io-error", f"cannot use it: {exc.strerror or type(exc).__name__}", "check the file and its folder"
    return known


def blocking_file(path: Path) -> Path | None:
    """The first part of `path` (from the root down) that exists but is not a folder, if any."""
    for part in reversed([path, *path.parents][1:]):
        try:
            if part.exists() and not part.is_dir():
                return part
        except OSError:
            return None
    return path if path.exists() and not path.is_dir() else None
