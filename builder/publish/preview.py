"""One self-contained HTML page that shows every card as Anki would, with search and filters.

For students without Anki and for teachers checking a deck before sharing it. The page works
from file:// with no server and no network: CSS and script are inline, nothing is fetched.
Cards are the note types' own templates filled by cardview.py with the build's escaped fields,
under the note types' own CSS. The script only shows and hides cards (it reads textContent and
data attributes and sets `hidden`); it never builds HTML, and a Content-Security-Policy allows
only that one script (by hash), so even a mistake in escaping could not run card text.

The page is `templates/preview.html` (autoescaped) with `preview.css` and `preview.js` inlined.
"""

from __future__ import annotations

import base64
import hashlib

from builder.anki.cardview import card_views
from builder.anki.render import render_deck
from builder.core.html import Markup, asset, render_page
from builder.core.model import KINDS, SUBDECK_NAMES, Deck
from builder.core.prompts import capitalised
from builder.publish.timeline import timeline_svg


def preview_html(deck: Deck) -> str:
    notes = render_deck(deck)
    views = [v for note in notes for v in card_views(note)]
    note_css = "".join(dict.fromkeys(v.css for v in views))
    kinds = [k for k in KINDS if any(n.kind == k for n in notes)]
    used_seeds = {s.seed for c in deck.cards for s in c.sources}
    seeds = [s for s in deck.seeds if s.alias in used_seeds]
    page_js = asset("preview.js")
    script_hash = base64.b64encode(hashlib.sha256(page_js.encode()).digest()).decode()
    aliases = {c.id: list(dict.fromkeys(s.seed for s in c.sources)) for c in deck.cards}
    entries = [
        {
            "number": i + 1,
            "kind": v.note.kind,
            "sources": aliases[v.note.card_id],
            "tags": v.note.tags,
            "card_id": v.note.card_id,
            "subdeck": SUBDECK_NAMES[v.note.kind],
            "template": v.template,
            "front": v.front,
            "back": v.back,
        }
        for i, v in enumerate(views)
    ]
    return render_page(
        "preview.html",
        csp=Markup(f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{script_hash}'"),
        deck_name=deck.info.name,
        page_css=Markup(asset("preview.css")),
        note_css=Markup(note_css),
        page_js=Markup(page_js),
        kinds=[(k, SUBDECK_NAMES[k]) for k in kinds],
        sources=[(s.alias, capitalised(s.name)) for s in seeds],
        tags=sorted({t for n in notes for t in n.tags}, key=str.lower),
        entries=entries,
        timeline=timeline_svg(deck),
    )
