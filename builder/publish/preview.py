"""One self-contained HTML page that shows every card as Anki would, with search and filters.

For students without Anki and for teachers checking a deck before sharing it. The page works
from file:// with no server and no network: CSS and script are inline, nothing is fetched.
Cards are the note types' own templates filled by cardview.py with the build's escaped fields,
under the note types' own CSS. The script only shows and hides cards (it reads textContent and
data attributes and sets `hidden`); it never builds HTML, and a Content-Security-Policy allows
only that one script (by hash), so even a mistake in escaping could not run card text.
"""

from __future__ import annotations

import base64
import hashlib

from builder.anki.cardview import card_views
from builder.anki.render import escape, render_deck
from builder.core.model import KINDS, SUBDECK_NAMES, Deck

PAGE_CSS = """\
body { margin: 0; background: #eef1f6; color: #1d2330;
  font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK KR", "Noto Sans CJK JP", sans-serif; }
header { position: sticky; top: 0; z-index: 1; background: #1d2330; color: #fff; padding: 10px 16px; }
header h1 { font-size: 18px; margin: 0 0 8px; }
.controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.controls input[type=search] { flex: 1 1 16em; font-size: 15px; padding: 6px 8px; border-radius: 4px; border: 0; }
.controls select { font-size: 14px; padding: 5px; border-radius: 4px; max-width: 16em; }
.controls label { font-size: 14px; }
#count { font-size: 14px; opacity: .85; }
main { max-width: 1100px; margin: 0 auto; padding: 12px; }
.entry { background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.15); margin: 0 0 14px; overflow: hidden; }
.entry > .meta { font-size: 12px; color: #5d6575; padding: 6px 12px; border-bottom: 1px solid #e3e6ec; }
.entry > .meta .tag { display: inline-block; background: #eef1f6; border-radius: 3px; padding: 0 5px; margin: 0 3px 0 0; }
.sides { display: grid; grid-template-columns: 1fr 1fr; }
.side { min-width: 0; border-right: 1px solid #e3e6ec; }
.side:last-child { border-right: 0; }
.side > .label { font-size: 11px; text-transform: uppercase; letter-spacing: .08em; color: #5d6575; padding: 6px 12px 0; }
body.hide-backs .side.back .card { visibility: hidden; }
@media (max-width: 720px) { .sides { grid-template-columns: 1fr; } .side { border-right: 0; border-bottom: 1px solid #e3e6ec; } }
#empty { text-align: center; color: #5d6575; padding: 2em; }
"""

# Filters: OR within nothing (one value each), AND across the box and the three menus.
PAGE_JS = """\
(function () {
  "use strict";
  var entries = Array.prototype.slice.call(document.querySelectorAll("article.entry"));
  var box = document.getElementById("search");
  var kind = document.getElementById("kind");
  var source = document.getElementById("source");
  var tag = document.getElementById("tag");
  var backs = document.getElementById("hide-backs");
  var count = document.getElementById("count");
  var empty = document.getElementById("empty");
  var texts = entries.map(function (e) { return e.textContent.toLowerCase(); });
  function words(s) { return s ? s.split(" ") : []; }
  function update() {
    var terms = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    entries.forEach(function (e, i) {
      var ok = terms.every(function (t) { return texts[i].indexOf(t) !== -1; })
        && (!kind.value || e.dataset.kind === kind.value)
        && (!source.value || words(e.dataset.sources).indexOf(source.value) !== -1)
        && (!tag.value || words(e.dataset.tags).indexOf(tag.value) !== -1);
      e.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + entries.length + " cards";
    empty.hidden = shown !== 0;
  }
  [box, kind, source, tag].forEach(function (el) { el.addEventListener("input", update); el.addEventListener("change", update); });
  backs.addEventListener("change", function () { document.body.classList.toggle("hide-backs", backs.checked); });
  update();
})();
"""


def _options(values, labels=None) -> str:
    labels = labels or {}
    return "".join(f'<option value="{escape(v)}">{escape(labels.get(v, v))}</option>' for v in values)


def _entry(view, aliases: list, number: int) -> str:
    note = view.note
    tags = " ".join(f'<span class="tag">{escape(t)}</span>' for t in note.tags)
    return (
        f'<article class="entry" id="card-{number}" data-kind="{escape(note.kind)}" '
        f'data-sources="{escape(" ".join(aliases))}" data-tags="{escape(" ".join(note.tags))}" '
        f'data-card-id="{escape(note.card_id)}">'
        f'<div class="meta">#{number} · {escape(SUBDECK_NAMES[note.kind])} · {escape(view.template)} · '
        f"<code>{escape(note.card_id)}</code> · {tags}</div>"
        '<div class="sides">'
        f'<div class="side front"><div class="label">Front</div><div class="card">{view.front}</div></div>'
        f'<div class="side back"><div class="label">Back</div><div class="card">{view.back}</div></div>'
        "</div></article>"
    )


def preview_html(deck: Deck) -> str:
    notes = render_deck(deck)
    views = [v for note in notes for v in card_views(note)]
    note_css = "".join(dict.fromkeys(v.css for v in views))
    kinds = [k for k in KINDS if any(n.kind == k for n in notes)]
    used_seeds = {s.seed for c in deck.cards for s in c.sources}
    seeds = [s for s in deck.seeds if s.alias in used_seeds]
    seed_labels = {s.alias: (s.outlet if s.outlet.lower() != "unknown" else s.alias) + f" ({s.alias})" for s in seeds}
    tags = sorted({t for n in notes for t in n.tags}, key=str.lower)
    script_hash = base64.b64encode(hashlib.sha256(PAGE_JS.encode()).digest()).decode()
    csp = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{script_hash}'"
    aliases = {c.id: list(dict.fromkeys(s.seed for s in c.sources)) for c in deck.cards}
    entries = "\n".join(_entry(v, aliases[v.note.card_id], i + 1) for i, v in enumerate(views))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        f"<title>{escape(deck.info.name)} — preview</title>"
        f"<style>\n{PAGE_CSS}{note_css}</style></head>\n<body>\n"
        f'<header><h1>{escape(deck.info.name)}</h1><div class="controls">'
        '<input type="search" id="search" placeholder="Search cards…" aria-label="Search cards">'
        f'<select id="kind" aria-label="Kind"><option value="">All kinds</option>'
        f"{_options(kinds, SUBDECK_NAMES)}</select>"
        f'<select id="source" aria-label="Article"><option value="">All articles</option>'
        f"{_options([s.alias for s in seeds], seed_labels)}</select>"
        f'<select id="tag" aria-label="Tag"><option value="">All tags</option>{_options(tags)}</select>'
        '<label><input type="checkbox" id="hide-backs"> Hide answers</label>'
        f'<span id="count">{len(views)} of {len(views)} cards</span></div></header>\n'
        f'<main>\n{entries}\n<p id="empty" hidden>No card matches.</p>\n</main>\n'
        f"<script>{PAGE_JS}</script>\n</body></html>\n"
    )
