"""What students do when a deck moves to a new major version (new note types), in one paragraph.

Measured with the real Anki backend (tests/test_migration.py; figures in docs/note-types.md): a
collection that studied a 1.x deck and imports 2.0 with Anki's default options gets none of the
changes (every note is "conflicting": Anki keeps it, unchanged, on the old note type); with
"Merge note types" ticked, every note is updated in place on the new note type, and every card
keeps its review history and schedule; nothing is duplicated either way. But when some notes are
already on the new note types (a first import without the option, or of the core deck), Anki's
merge re-orders their fields by the old note type's order (a card's CardId then holds its citation,
Extra its sources): importing the full deck again with the option ticked, then once more with
"Update notes: Always", puts every field right and keeps the history. An import replaces a note's fields,
so what a student typed into a card is replaced too, unless the edit is newer than the release
(then that note is left as the student has it). Merging changes the collection's schema, so a
student who syncs must then choose a one-way upload.

The same words go to the student guide (README.txt in the class pack), the changelog entry of the
major version and `deckbuilder release --major`, so students read one instruction everywhere.
"""

from __future__ import annotations

MERGE_OPTION = "Merge note types"
UPDATE_NOTES = "\u201cUpdate notes\u201d set to \u201cAlways\u201d"  # Anki's import window: Update notes: If newer / Always / Never


def major_update_steps(version: int) -> str:
    """The paragraph for students moving to major version `version` from an earlier one."""
    return (
        f"Version {version}.0 brings new card types. Import it as usual, but turn on \u201c{MERGE_OPTION}\u201d "
        "in Anki\u2019s import window (on a computer: File > Import, then open \u201cUpdates\u201d; AnkiDroid and "
        "AnkiMobile show the same options when you open the file). Every card is then updated in place and "
        "keeps its review history and schedule; nothing is duplicated. Do this with the full deck before you "
        f"import any other file of version {version}.0 (such as the core deck). If you already imported a file "
        f"of version {version}.0 without it, or the core deck first, import the full deck twice: once with "
        f"\u201c{MERGE_OPTION}\u201d on, then once more with it on and {UPDATE_NOTES} (the first import mixes "
        "up some cards, the second puts them right). The update replaces what you "
        f"typed into a card, unless you edited that card after your teacher made version {version}.0. If you "
        "sync with AnkiWeb, Anki then asks for a one-way sync: choose Upload on the device where you imported."
    )


def schema_change_hint(version: int, deck_file: str = "cards/deck.yaml") -> str:
    """What the author is told when a note type's fields or templates change (lock.schema_diagnostics)."""
    return (
        f"students' Anki updates notes whose note type changed its fields or templates only when they tick "
        f"'{MERGE_OPTION}' on import; with the default options every changed note is skipped.\n"
        f"Undo the change to field or template names and ids (template HTML and CSS may change freely), or, "
        f"on purpose, set `version: {version}` in {deck_file}: the changelog entry and the class pack's "
        f"README.txt then tell students to import version {version}.0 with '{MERGE_OPTION}' ticked, which "
        f"keeps their review history."
    )
