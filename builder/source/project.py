"""Which files make up a project: the card files in cards/, the articles in seeds/, the special files."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from builder.core.diagnostics import Diagnostic
from builder.core.model import Project
from builder.source.load import decode_utf8

DECK_FILE = "deck.yaml"
SOURCES_FILE = "sources.yaml"
EXCLUSIONS_FILE = "exclusions.yaml"
LINT_FILE = "lint.yaml"  # project-wide lint settings (silenced codes with reasons, limits)
SPECIAL_CARD_FILES = {DECK_FILE, EXCLUSIONS_FILE, LINT_FILE}
SEED_SUFFIXES = {".txt", ".md"}


def card_files(project: Project) -> list[Path]:
    if not project.cards_dir.is_dir():
        return []
    return sorted(
        p
        for p in project.cards_dir.iterdir()
        if p.suffix in (".yaml", ".yml") and p.name not in SPECIAL_CARD_FILES and p.is_file()
    )


def read_seed_texts(project: Project) -> tuple[dict[str, str | None], list[Diagnostic]]:
    """Every article file directly in seeds/, NFC-normalised (the form citations are checked in);
    a file that is not UTF-8 maps to None, with an error at its first bad byte (read with
    replacement characters it would only fail, misleadingly, the citations that quote it).

    A link that leads outside the project is not read: a project from someone else must not pull
    ~/.ssh or /etc into a deck, a coverage report or an error hint."""
    texts: dict[str, str | None] = {}
    diags: list[Diagnostic] = []
    if project.seeds_dir.is_dir():
        root = project.root.resolve()
        for p in sorted(project.seeds_dir.iterdir()):
            if p.suffix in SEED_SUFFIXES and p.is_file() and p.resolve().is_relative_to(root):
                text, bad = decode_utf8(p.read_bytes(), project.rel(p))
                if text is None:
                    diags += [bad] if bad is not None else []
                    texts[p.name] = None
                    continue
                text = text.replace("\r\n", "\n").replace("\r", "\n")  # as read_text() did
                texts[p.name] = unicodedata.normalize("NFC", text)
    return texts, diags
