"""Writing files the way every deckbuilder output must be written: atomically and reproducibly.

`write_atomic` writes next to the target, fsyncs and renames, so an interrupted command leaves the
previous file (or none), never half of one. `deterministic_zip` gives the same bytes for the same
entries: sorted names, a fixed date, fixed permissions.
"""
from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

ZIP_DATE = (2026, 1, 1, 0, 0, 0)      # every zip entry's date: .apkg, class pack


def write_atomic(path: Path, data: bytes) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return len(data)


def deterministic_zip(entries: dict) -> bytes:
    """{name: bytes} → zip bytes; entries sorted by name, each dated ZIP_DATE."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3          # unix, whatever machine packs it
            zf.writestr(info, entries[name])
    return buffer.getvalue()
