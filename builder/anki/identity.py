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


NEW_POSITIONS = 1_000_000  # positions 0..999,999 for live cards; retired notes come after all of them


def new_card_position(deck_id: int, card_id: str, template_ord: int, retired: bool = False) -> int:
    """A card's place in Anki's new-card queue ("New #…"): a fixed pseudo-random number from the
    deck id, the card id and the card's template, so a day of new cards mixes kinds and topics.

    It depends on nothing else, so a card keeps its place in every release and a card added later
    lands at its own place among the ones a student has not studied yet (Anki keeps the position
    of an imported new card; studied cards are never moved). The two cards of a person note get
    different places. Retired notes, shipped only so students can find and delete them, come last.
    """
    digest = hashlib.sha256(f"{deck_id}::{card_id}::{template_ord}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % NEW_POSITIONS + (NEW_POSITIONS if retired else 0)
