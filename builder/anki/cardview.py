"""Fill the Anki card templates ourselves, so pages show cards exactly as Anki would.

Only the template syntax our note types use is supported: `{{Field}}`, `{{#Field}}…{{/Field}}`,
`{{^Field}}…{{/Field}}` and `{{FrontSide}}`. Field values are the already-escaped HTML from
`render.render_deck`; they are inserted once and never scanned again, so a card whose text
contains `{{Answer}}` shows those braces instead of leaking its answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.anki.notetypes import NOTE_TYPES
from builder.anki.render import RenderedNote
from builder.core.html import Markup, render_page

_TAG = re.compile(r"{{\s*([#^/]?)\s*([^{}]+?)\s*}}")
_BLANK = re.compile(r"^(?:\s|<br\s*/?>|<div>|</div>|&nbsp;)*$", re.IGNORECASE)


class TemplateError(ValueError):
    pass


def field_is_empty(value: str) -> bool:
    """Anki's rule: whitespace and empty line breaks do not count as content."""
    return bool(_BLANK.match(value))


def _parse(template: str):
    """Template → nested list of str | ("field", name) | ("section", name, inverted, children)."""
    root: list = []
    stack: list[tuple[str | None, bool, list]] = [(None, False, root)]
    pos = 0
    for m in _TAG.finditer(template):
        stack[-1][2].append(template[pos : m.start()])
        pos = m.end()
        sigil, name = m.group(1), m.group(2)
        if sigil in ("#", "^"):
            children: list = []
            stack[-1][2].append(("section", name, sigil == "^", children))
            stack.append((name, sigil == "^", children))
        elif sigil == "/":
            if stack[-1][0] != name:
                raise TemplateError(f"'{{{{/{name}}}}}' closes a section that was not opened")
            stack.pop()
        else:
            stack[-1][2].append(("field", name))
    if len(stack) != 1:
        raise TemplateError(f"section '{stack[-1][0]}' is not closed")
    stack[-1][2].append(template[pos:])
    return root


def _fill(nodes, fields: dict) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node[0] == "field":
            if node[1] not in fields:
                raise TemplateError(f"unknown field '{node[1]}'")
            out.append(fields[node[1]])
        else:
            _, name, inverted, children = node
            if name not in fields:
                raise TemplateError(f"unknown field '{name}'")
            if field_is_empty(fields[name]) == inverted:
                out.append(_fill(children, fields))
    return "".join(out)


def fill_template(template: str, fields: dict) -> str:
    """Substitute `fields` (name → HTML) into an Anki template, in one pass."""
    return _fill(_parse(template), fields)


@dataclass(frozen=True)
class CardView:
    note: RenderedNote
    template: str  # the card template's name, e.g. "Name → Role"
    front: Markup  # HTML, as Anki shows the question
    back: Markup  # HTML, as Anki shows the answer
    css: str


def anki_page(view: CardView, back: bool = True, night: bool = False) -> str:
    """One card side as a page, the way Anki's reviewer shows it: the note type's CSS, the side's
    HTML in a body with Anki's card classes (plus `nightMode night_mode` in night mode). For
    screenshots and browser tests of the card design."""
    return render_page(
        "card.html",
        title=f"{view.note.card_id}: {view.template}",
        css=Markup(view.css),
        classes="card card1" + (" nightMode night_mode" if night else ""),
        side=view.back if back else view.front,
    )


def card_views(note: RenderedNote) -> tuple:
    """Every Anki card a note makes (a person note makes two), front and back filled."""
    nt = NOTE_TYPES[note.kind]
    fields = dict(zip(nt.field_names, note.fields, strict=True))
    views = []
    for template in nt.templates:
        front = fill_template(template.front, fields)
        back = fill_template(template.back, {**fields, "FrontSide": front})
        # our templates filled with escaped fields: HTML that is safe to place in a page as it is
        views.append(CardView(note, template.name, Markup(front), Markup(back), nt.css))
    return tuple(views)
