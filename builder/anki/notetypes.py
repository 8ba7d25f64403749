"""The Anki note types (version 2): fields, card templates, CSS and the ids Anki matches them by.

Designed once, because every field or template change is a schema change that students' Anki
cannot apply as an update (see docs/note-types.md):
- the first field of every note type is what the card asks, unique in a deck (Anki's duplicate
  check and the Browser's sort column use it): Question, Name, Quotation;
- fields a student may use come next (Context, Note, and Extra, shown on the back as "My notes"),
  the fields the deck fills in for itself last and collapsed in the editor;
- every field and template has a pinned id. Anki (23.10+) matches fields and templates by id when
  both sides have one and by name otherwise; the 1.x note types had no ids, so every 1.x field and
  template name is kept, and "Merge note types" on import turns a student's 1.x notes into these
  without losing a review (tests/test_migration.py);
- new note type ids and names (1.x: ...201-205, "Deckbuilder Q&A", ...), so a 1.x note type in a
  student's collection is merged into these instead of these into it (which would keep the 1.x
  field order).
Template HTML and CSS live in builder/templates/anki/ and may change in any release; a change
reaches students on import.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.core.html import asset


@dataclass(frozen=True)
class Field:
    name: str
    id: int  # pinned: Anki matches fields by it; never change or reuse one
    description: str = ""  # shown in Anki's editor
    collapsed: bool = False  # folded away in the editor: filled in by the deck, not for editing


@dataclass(frozen=True)
class Template:
    name: str
    id: int  # pinned: Anki matches card templates by it, and a card's history lives on its template
    front: str  # Anki template HTML, from builder/templates/anki/<stem>-front.html
    back: str  # from <stem>-back.html
    browser_front: str  # what the Browser's Question column shows
    browser_back: str  # what the Browser's Answer column shows


@dataclass(frozen=True)
class NoteType:
    kind: str
    id: int  # chosen once (2026-01); never change
    name: str
    fields: tuple[Field, ...]
    templates: tuple[Template, ...]
    css: str  # builder/templates/anki/card.css

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


_FILLED_IN = "Filled in by the deck; an update replaces what you type here."


def _common(nt_id: int) -> tuple[Field, ...]:
    """The fields after the kind's own ones, the same in every note type. Ids: note type id * 100 + n."""
    return (
        Field("Context", nt_id * 100 + 11, "Shown on the front under the question."),
        Field("Note", nt_id * 100 + 12, "Your teacher's note, shown on the back."),
        Field("Extra", nt_id * 100 + 13, "My notes: your own notes, shown on the back when filled."),
        Field(
            "Paraphrased",
            nt_id * 100 + 14,
            "'paraphrased' when the card's words are not the article's. " + _FILLED_IN,
            True,
        ),
        Field("Citation", nt_id * 100 + 15, "The article's own words. " + _FILLED_IN, True),
        Field("Sources", nt_id * 100 + 16, "The articles this card cites. " + _FILLED_IN, True),
        Field(
            "CardId", nt_id * 100 + 17, "The card's id in the teacher's files (search CardId:...). " + _FILLED_IN, True
        ),
    )


def _note_type(kind: str, nt_id: int, name: str, own: tuple, templates: tuple) -> NoteType:
    fields = tuple(Field(n, nt_id * 100 + i, d) for i, (n, d) in enumerate(own, 1))
    tmpls = tuple(
        Template(
            t_name, nt_id * 100 + 51 + i, asset(f"anki/{stem}-front.html"), asset(f"anki/{stem}-back.html"), bq, ba
        )
        for i, (t_name, stem, bq, ba) in enumerate(templates)
    )
    return NoteType(kind, nt_id, name, fields + _common(nt_id), tmpls, asset("anki/card.css"))


NOTE_TYPES: dict[str, NoteType] = {
    "qa": _note_type(
        "qa",
        1768176000301,
        "Deckbuilder Q&A v2",
        (("Question", "What the card asks."), ("Answer", "")),
        (("Question → Answer", "qa", "{{Question}}", "{{Answer}}"),),
    ),
    "date": _note_type(
        "date",
        1768176000302,
        "Deckbuilder Date v2",
        (("Question", "What the card asks."), ("Date", "")),
        (("Event → Date", "date", "{{Question}}", "{{Date}}"),),
    ),
    "person": _note_type(
        "person",
        1768176000303,
        "Deckbuilder Person v2",
        (("Name", ""), ("Role", "")),
        (
            ("Name → Role", "person-name-role", "Who is {{Name}}?", "{{Role}}"),
            ("Role → Name", "person-role-name", "Who is this? {{Role}}", "{{Name}}"),
        ),
    ),
    "quote": _note_type(
        "quote",
        1768176000304,
        "Deckbuilder Quote v2",
        (("Quotation", "In the article's own characters."), ("Speaker", "")),
        (("Quotation → Speaker", "quote", "{{Quotation}}", "{{Speaker}}"),),
    ),
    "position": _note_type(
        "position",
        1768176000305,
        "Deckbuilder Position v2",
        (
            ("Question", "What the card asks, made from Holder and Topic."),
            ("Position", ""),
            ("Holder", "Who holds the position (the card shows Question)."),
            ("Topic", "What the position is about (the card shows Question)."),
        ),
        (("Holder + Topic → Position", "position", "{{Question}}", "{{Position}}"),),
    ),
}
