"""File names for decks and everything made from them, safe on Windows, macOS and Linux.

A deck named in any script keeps its letters: "이재명 외교 덱" is `이재명-외교-덱.apkg`, "日本語デッキ"
`日本語デッキ.apkg`, "Café Deck" `café-deck.apkg`. Every letter, digit and combining mark stays
(after NFKC, so full-width and compatibility forms become their plain letters); anything else
(spaces, punctuation, the characters Windows forbids: < > : " / \\ | ? *) becomes one '-'. The
name is cut at a character boundary to MAX_STEM_BYTES of UTF-8, so a subset's or a pack's longer
name stays under the 255 bytes a file name may have on every common file system.
"""

from __future__ import annotations

import unicodedata

# Windows refuses these names as files, with any extension ("con.apkg" too).
WINDOWS_DEVICE_NAMES = {"con", "prn", "aux", "nul", *(f"{p}{i}" for p in ("com", "lpt") for i in range(1, 10))}
MAX_STEM_BYTES = 120  # a deck's part of any file name; subsets add <= 70 bytes, packs 15, temp files 20


def slug(text: str, max_bytes: int = MAX_STEM_BYTES) -> str:
    """Lower-case letters, digits and marks of `text` in any script, joined by single '-'."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKC", text).lower():
        if unicodedata.category(ch)[0] in "LNM":
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    name = "".join(out).strip("-")
    while len(name.encode("utf-8")) > max_bytes:
        name = name[:-1]
    return name.rstrip("-")


def deck_filename(name: str) -> str:
    """`<slug>.apkg`, never a Windows device name, never empty."""
    stem = slug(name)
    if stem in WINDOWS_DEVICE_NAMES:
        stem += "-deck"
    return (stem or "deck") + ".apkg"
