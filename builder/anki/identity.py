"""Note and deck identity, fixed once: what students' Anki matches notes and decks by.

A note's GUID hashes (deck id, card id), never its text, so edits update the same note. The
GUID is genanki's `guid_for` (SHA-256, first 8 bytes, Anki's base-91 alphabet), written out here
so that exports need not import genanki; `tests/test_package.py` holds the two equal.
"""

from __future__ import annotations

import hashlib

# Anki's base-91 alphabet for GUIDs (anki/utils.py, genanki.util.BASE91_TABLE)
BASE91 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"


def note_guid(deck_id: int, card_id: str) -> str:
    """The GUID Anki matches notes by on re-import (the .apkg and the TSV export use the same)."""
    number = int.from_bytes(hashlib.sha256(f"{deck_id}__{card_id}".encode()).digest()[:8], "big")
    digits = []
    while number > 0:
        number, digit = divmod(number, len(BASE91))
        digits.append(BASE91[digit])
    return "".join(reversed(digits))


def subdeck_id(deck_id: int, kind: str) -> int:
    """Stable id for '<Deck>::<Kind>': derived from the fixed deck id and the kind, never from names."""
    return int(hashlib.sha256(f"{deck_id}::{kind}".encode()).hexdigest()[:15], 16)
