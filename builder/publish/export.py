"""The deck as text for other tools: Anki's TSV import, CSV pairs, JSON, a Markdown study sheet.

- tsv: Anki's own text format with its file headers. Rows use the built-in "Basic" note type,
  because a fresh collection has no deckbuilder note types and Anki's text import cannot create
  them; the GUID column holds the same GUIDs as the .apkg, so whichever of the two a student
  imports second adds no notes (Anki reports them as "conflicting" and skips them).
- csv: question,answer rows with a header, written as UTF-8 *with* a byte-order mark: Excel
  (the most common place teachers open a CSV) shows Korean and Japanese as mojibake without it,
  while Google Sheets, LibreOffice, Quizlet's and Kahoot's importers and Python's "utf-8-sig"
  read it fine. Plain text, not HTML: quiz tools would show `&amp;` literally. A cell that a
  spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a leading ' (OWASP's
  advice; core/spreadsheet.py); the TSV's HTML fields get a character reference instead, which
  Anki shows as the character. The TSV's GUID, deck and tag columns are Anki's and stay as they are.
- json: every card with its fields (plain text), its citations, tags, GUID and the HTML Anki
  fields; a versioned top-level object with a fixed key order.
- md: a study sheet; card text is HTML-escaped (so `<script>` prints as text in any renderer)
  and Markdown's inline markers are backslash-escaped.
"""

from __future__ import annotations

import csv
import html
import io
import json

from builder.anki.identity import note_guid
from builder.anki.notetypes import NOTE_TYPES
from builder.anki.render import citation_groups, citation_html, md_escape, opens_with_quote_mark, render_deck
from builder.core.html import Markup, html_text
from builder.core.model import Card, Deck
from builder.core.prompts import answer_text, disagreements, grouped, ordered_cards, question_text, source_parts
from builder.core.spreadsheet import formula_free_html, safe_cell
from builder.core.typography import typographic
from builder.publish.sheets import articles
from builder.publish.timeline import timeline_svg

FORMATS = ("tsv", "csv", "json", "md")
JSON_FORMAT_VERSION = 1
TSV_NOTETYPE = "Basic"
TSV_COLUMNS = ("GUID", "Deck", "Tags", "Front", "Back")


def _front_html(card) -> Markup:
    context = (
        Markup('<div class="context">{}</div>').format(html_text(typographic(card.get("context"))))
        if card.get("context")
        else ""
    )
    return html_text(question_text(card)) + context


def _back_html(card, deck: Deck) -> Markup:
    note = (
        Markup('<div class="note">{}</div>').format(html_text(typographic(card.get("note"))))
        if card.get("note")
        else ""
    )
    return Markup('<div class="answer"><b>{}</b></div>{}<div class="citation">{}</div>').format(
        html_text(answer_text(card)), note, citation_html(card.sources, deck)
    )


def _tsv_field(value: str) -> str:
    """Quote like CSV when needed. A field starting with '#' is quoted too: Anki's reader skips
    lines that start with '#' as comments, and a GUID may start with '#'."""
    if value.startswith("#") or any(ch in value for ch in '\t"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def to_tsv(deck: Deck, guid_deck_id: int) -> str:
    lines = [
        "#separator:tab",
        "#html:true",
        f"#notetype:{TSV_NOTETYPE}",
        "#guid column:1",
        "#deck column:2",
        "#tags column:3",
        "#columns:" + "\t".join(TSV_COLUMNS),
    ]
    notes = {n.card_id: n for n in render_deck(deck)}
    for card in deck.cards:
        note = notes[card.id]
        row = [
            note_guid(guid_deck_id, card.id),
            note.deck,
            " ".join(note.tags),
            formula_free_html(str(_front_html(card))),  # plain str from here: the TSV's own quoting is not HTML
            formula_free_html(str(_back_html(card, deck))),
        ]
        lines.append("\t".join(_tsv_field(v) for v in row))
    return "\n".join(lines) + "\n"


def to_csv(deck: Deck) -> str:
    """Question,answer rows in sheet order; the BOM is added when the text is encoded (see encode)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["question", "answer"])
    for card in ordered_cards(deck):
        writer.writerow([safe_cell(question_text(card)), safe_cell(answer_text(card))])
    return buffer.getvalue()


def to_json(deck: Deck, guid_deck_id: int, selection_spec: str = "") -> str:
    notes = {n.card_id: n for n in render_deck(deck)}
    cards = []
    for card in deck.cards:
        note = notes[card.id]
        cards.append(
            {
                "id": card.id,
                "kind": card.kind,
                "guid": note_guid(guid_deck_id, card.id),
                "question": question_text(card),
                "answer": answer_text(card),
                "fields": {key: value for key, value in card.fields},
                "citations": [
                    {
                        "seed": s.seed,
                        "quote": s.quote,
                        "label": deck.seed(s.seed).name,
                        "outlet": deck.seed(s.seed).outlet,
                        "headline": deck.seed(s.seed).headline,
                        "authors": deck.seed(s.seed).authors,
                        "date": deck.seed(s.seed).date,
                    }
                    for s in card.sources
                ],
                "tags": list(note.tags),
                "anki": {
                    "notetype": NOTE_TYPES[card.kind].name,
                    "deck": note.deck,
                    "fields": dict(zip(NOTE_TYPES[card.kind].field_names, note.fields, strict=True)),
                },
                "file": card.file,
                "line": card.line,
            }
        )
    data = {
        "format": "deckbuilder-cards",
        "version": JSON_FORMAT_VERSION,
        "deck": {
            "name": deck.info.name,
            "id": deck.info.id,
            "description": deck.info.description,
            "version": deck.info.version,
            "guid_deck_id": guid_deck_id,
            "filter": selection_spec or None,
        },
        "sources": [
            {
                "alias": s.alias,
                "label": s.name,
                "description": s.description,
                "file": s.file,
                "outlet": s.outlet,
                "headline": s.headline,
                "authors": s.authors,
                "date": s.date,
                "notes": s.notes,
            }
            for s in deck.seeds
        ],
        "cards": cards,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _md_card(card: Card, deck: Deck, n: int) -> list[str]:
    lines = [f"{n}. **{md_escape(question_text(card))}**"]
    if card.get("context"):
        lines.append(f"   *{md_escape(typographic(card.get('context')))}*")
    lines.append(f"   - Answer: **{md_escape(answer_text(card))}**")
    if card.get("note"):
        lines.append(f"   - Note: {md_escape(typographic(card.get('note')))}")
    for seed, quotes in citation_groups(card.sources, deck):  # one line per article, as on the cards
        words = " · ".join(md_escape(q) if opens_with_quote_mark(q) else f"“{md_escape(q)}”" for q in quotes)
        lines.append(f"   - {words} — {md_escape(source_parts(seed)[0])}")  # the articles are explained at the top
    return lines + [""]


def to_markdown(deck: Deck) -> str:
    """The study sheet: the articles explained once, the timeline (an inline SVG, which Markdown
    viewers that allow HTML show as a picture), the cards by kind and article, the disagreements."""
    lines = [f"# {md_escape(deck.info.name)}", "", md_escape(deck.info.description), "", "## The articles", ""]
    for article in articles(deck):
        about = " · ".join(x for x in (article["description"], str(article["facts"])) if x)
        lines.append(f"- **{md_escape(article['name'])}**" + (f": {md_escape(html.unescape(about))}" if about else ""))
    lines.append("")
    picture = timeline_svg(deck)
    if picture:
        lines += ["## Timeline", "", str(picture), ""]
    n = 0
    for _, heading, by_seed in grouped(deck):
        lines += [f"## {md_escape(heading)}", ""]
        for seed, cards in by_seed:
            lines += [f"### {md_escape(source_parts(seed)[0])}", ""]
            for card in cards:
                n += 1
                lines += _md_card(card, deck, n)
    found = disagreements(deck)
    if found:
        lines += ["## Where the reports disagree", ""]
        for card in found:
            n += 1
            lines += _md_card(card, deck, n)
    return "\n".join(lines) + "\n"


def export_text(fmt: str, deck: Deck, guid_deck_id: int, selection_spec: str = "") -> str:
    if fmt == "tsv":
        return to_tsv(deck, guid_deck_id)
    if fmt == "csv":
        return to_csv(deck)
    if fmt == "json":
        return to_json(deck, guid_deck_id, selection_spec)
    if fmt == "md":
        return to_markdown(deck)
    raise ValueError(f"unknown export format {fmt!r}")


def encode(fmt: str, text: str) -> bytes:
    return text.encode("utf-8-sig" if fmt == "csv" else "utf-8")
