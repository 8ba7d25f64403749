"""Card text in the articles' typography: curly apostrophes and quotation marks.

Every shipped article prints ’ “ ” (and ‘ for inner quotations); authors type ' and ". A front
that says "Takaichi's" above a citation that says "Takaichi’s" looks like two different words, so
every text a student reads (Anki fields, pages, exports) goes through `typographic` once. The
citation check compares texts after mapping curly marks back to straight ones, so nothing else
changes.
"""

from __future__ import annotations

_OPENERS = frozenset(" \t\n([{<“‘«—–-/")


def typographic(text: str) -> str:
    """Straight quotes as the articles print them: ' → ’ (or ‘ opening a quotation), " → “ or ”.

    A mark opens when it starts the text or follows a space or an opening bracket/dash; an
    apostrophe before a digit ('90s) is always ’. Text without straight quotes is returned as it is."""
    if "'" not in text and '"' not in text:
        return text
    out = []
    for i, ch in enumerate(text):
        opening = i == 0 or text[i - 1] in _OPENERS
        if ch == "'":
            nxt = text[i + 1] if i + 1 < len(text) else ""
            out.append("‘" if opening and nxt and not nxt.isdigit() and not nxt.isspace() else "’")
        elif ch == '"':
            out.append("“" if opening else "”")
        else:
            out.append(ch)
    return "".join(out)
