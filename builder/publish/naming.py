"""File names for decks and everything made from them, safe on Windows, macOS and Linux."""

from __future__ import annotations

import re
import unicodedata

# Windows refuses these names as files, with any extension ("con.apkg" too).
WINDOWS_DEVICE_NAMES = {"con", "prn", "aux", "nul", *(f"{p}{i}" for p in ("com", "lpt") for i in range(1, 10))}


def deck_filename(name: str) -> str:
    """A file name that is safe on Windows, macOS and Linux."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-").lower()[:80].strip("-")
    if slug in WINDOWS_DEVICE_NAMES:
        slug += "-deck"
    return (slug or "deck") + ".apkg"
