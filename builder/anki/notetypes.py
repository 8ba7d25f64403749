"""The Anki note types: fields, card templates, CSS and fixed IDs.

Fields are settled once and generously (see ARCHITECTURE.md): Anki will not update students'
notes if a released note type's fields or templates change, so every type carries the same
spare fields (Context, Note, Citation, Sources, CardId, Extra) that later features may fill.
Template HTML and CSS may change freely; a change reaches students on re-import.
"""

from __future__ import annotations

from dataclasses import dataclass

COMMON_FIELDS = ("Context", "Note", "Citation", "Sources", "CardId", "Extra")


@dataclass(frozen=True)
class NoteType:
    kind: str
    id: int  # chosen once (2026-01); never change
    name: str
    fields: tuple  # Anki field names, in order
    keys: tuple  # card YAML key feeding each kind-specific field
    templates: tuple  # ((name, front html, back html), ...)
    css: str

    @property
    def field_names(self) -> tuple:
        return self.fields + COMMON_FIELDS


CSS = """\
.card { --ink:#1d2330; --muted:#5d6575; --accent:#2f5fb3; --rule:#d9dde5; --quote-bg:#f4f6fa;
  font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK KR", "Noto Sans CJK JP",
    "Apple SD Gothic Neo", "Hiragino Sans", sans-serif;
  font-size: 20px; line-height: 1.45; color: var(--ink); background: #fff; text-align: left;
  margin: 0; padding: 0; }
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card {
  --ink:#e6e9ef; --muted:#a3abba; --accent:#8fb3ff; --rule:#3a4150; --quote-bg:#262b36; background:#1e2129; }
.dbk { max-width: 40em; margin: 0 auto; padding: 18px 16px; overflow-wrap: anywhere; }
.kind { font-size: 0.7em; letter-spacing: 0.08em; text-transform: uppercase; color: var(--muted); margin-bottom: 0.4em; }
.q { font-size: 1.1em; font-weight: 600; }
.prompt { color: var(--muted); margin-top: 0.6em; }
.context { color: var(--muted); font-size: 0.85em; margin-top: 0.5em; }
.quotation { margin: 0.2em 0; padding: 0.5em 0.8em; border-left: 4px solid var(--accent); background: var(--quote-bg);
  font-style: italic; }
hr#answer { border: 0; border-top: 1px solid var(--rule); margin: 1em 0; }
.answer { font-size: 1.15em; font-weight: 700; color: var(--accent); }
.note { margin-top: 0.6em; font-size: 0.9em; }
.citation { margin-top: 1.1em; font-size: 0.75em; color: var(--muted); border-top: 1px dashed var(--rule); padding-top: 0.6em; }
.cite { margin: 0 0 0.6em 0; }
.cite q { color: var(--ink); font-style: italic; }
.cite .src { margin-top: 0.15em; }
.cite .outlet { font-weight: 600; }
@media (max-width: 480px) { .card { font-size: 18px; } .dbk { padding: 12px 10px; } }
"""

_CONTEXT = '{{#Context}}<div class="context">{{Context}}</div>{{/Context}}'
_BACK_TAIL = '{{#Note}}<div class="note">{{Note}}</div>{{/Note}}<div class="citation">{{Citation}}</div></div>'


def _front(kind_label: str, body: str) -> str:
    return f'<div class="dbk"><div class="kind">{kind_label}</div>{body}{_CONTEXT}</div>'


def _back(front: str, answer_field: str) -> str:
    # the back repeats the front's content inside its own wrapper so the citation sits under the answer
    inner = front[len('<div class="dbk">') : -len("</div>")]
    return f'<div class="dbk">{inner}<hr id="answer"><div class="answer">{{{{{answer_field}}}}}</div>' + _BACK_TAIL


def _template(name: str, kind_label: str, body: str, answer_field: str) -> tuple:
    front = _front(kind_label, body)
    return (name, front, _back(front, answer_field))


NOTE_TYPES = {
    "qa": NoteType(
        "qa",
        1768176000201,
        "Deckbuilder Q&A",
        ("Question", "Answer"),
        ("question", "answer"),
        (_template("Question → Answer", "Question", '<div class="q">{{Question}}</div>', "Answer"),),
        CSS,
    ),
    "date": NoteType(
        "date",
        1768176000202,
        "Deckbuilder Date",
        ("Question", "Date"),
        ("question", "answer"),
        (_template("Event → Date", "Date", '<div class="q">{{Question}}</div>', "Date"),),
        CSS,
    ),
    "person": NoteType(
        "person",
        1768176000203,
        "Deckbuilder Person",
        ("Name", "Role"),
        ("name", "role"),
        (
            _template("Name → Role", "Person", '<div class="q">Who is {{Name}}?</div>', "Role"),
            _template(
                "Role → Name", "Person", '<div class="prompt">Who is this?</div><div class="q">{{Role}}</div>', "Name"
            ),
        ),
        CSS,
    ),
    "quote": NoteType(
        "quote",
        1768176000204,
        "Deckbuilder Quote",
        ("Quotation", "Speaker"),
        ("quotation", "speaker"),
        (
            _template(
                "Quotation → Speaker",
                "Quote",
                '<blockquote class="quotation">{{Quotation}}</blockquote><div class="prompt">Who said this?</div>',
                "Speaker",
            ),
        ),
        CSS,
    ),
    "position": NoteType(
        "position",
        1768176000205,
        "Deckbuilder Position",
        ("Holder", "Topic", "Position"),
        ("holder", "topic", "position"),
        (
            _template(
                "Holder + Topic → Position",
                "Position",
                '<div class="q">What is the position of {{Holder}} on {{Topic}}?</div>',
                "Position",
            ),
        ),
        CSS,
    ),
}
