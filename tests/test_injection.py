"""Every string deckbuilder ships is inert where it lands: the deck description in a student's Anki
(desktop's deck overview inserts it as HTML), and every cell of the spreadsheet-bound CSV (and
the TSV's HTML fields) is shown by a spreadsheet, never run as a formula."""

from __future__ import annotations

import ast
import csv
import html
import importlib.util
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from anki.collection import ImportCsvRequest

from builder.anki.notetypes import NOTE_TYPES
from builder.core.model import Project
from builder.core.spreadsheet import FORMULA_STARTS, formula_free_html, safe_cell
from builder.engine.pipeline import build

from .ankitools import import_apkg, new_collection

PAYLOAD = "<img src=x onerror=alert(1)> & <script>alert(2)</script>\nsecond line"
DANGEROUS = ["=", "+", "-", "@", "\t", "\r"]


class Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def elements(markup: str) -> Elements:
    parser = Elements()
    parser.feed(markup)
    parser.close()
    return parser


@pytest.fixture
def imported_deck(project, tmp_path):
    """The deck whose description is PAYLOAD, as the real Anki backend stores it after import."""
    deck_yaml = project / "cards" / "deck.yaml"
    deck_yaml.write_text(deck_yaml.read_text().replace("A small deck for tests.", json.dumps(PAYLOAD)))
    result = build(Project(project))
    assert result.output is not None, result.load.diagnostics
    col = new_collection(tmp_path / "anki")
    try:
        import_apkg(col, result.output)
        yield col.decks.by_name("Test deck")
    finally:
        col.close()


def test_deck_description_is_stored_in_anki_as_escaped_text(imported_deck):
    assert not imported_deck.get("md", False)  # HTML, not Markdown (which would let raw HTML through)
    parsed = elements(imported_deck["desc"])
    assert parsed.tags == ["br"]  # the line break, and no element from the payload
    assert "".join(parsed.text) == PAYLOAD.replace("\n", "")


def _aqt_overview_desc():
    """Anki desktop's own `Overview._desc` (aqt/overview.py), taken from its source without
    importing aqt (which needs Qt): the function that turns a deck's description into the
    overview's HTML."""
    spec = importlib.util.find_spec("aqt")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("aqt (Anki desktop) is not installed: pip install --no-deps aqt==<anki version>")
    source = (Path(next(iter(spec.submodule_search_locations))) / "overview.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    overview = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Overview")
    desc = next(n for n in overview.body if isinstance(n, ast.FunctionDef) and n.name == "_desc")
    namespace: dict = {"Any": object, "tr": None}
    exec(compile(ast.Module(body=[desc], type_ignores=[]), "aqt/overview.py", "exec"), namespace)
    return namespace["_desc"]


def test_deck_description_renders_as_text_in_anki_desktops_overview(imported_deck):
    desc = _aqt_overview_desc()

    class Overview:  # what _desc uses of self: the collection's Markdown renderer, for md decks
        mw = None

    markup = desc(Overview(), imported_deck)
    parsed = elements(markup)
    assert parsed.tags == ["div", "br"]
    assert "".join(parsed.text) == PAYLOAD.replace("\n", "")


def test_note_type_templates_show_only_escaped_fields():
    """Tags, deck names and the like reach no template: only the fields render.py escapes do."""
    for nt in NOTE_TYPES.values():
        field_refs = set()
        for t in nt.templates:
            markup = t.front + t.back + t.browser_front + t.browser_back
            field_refs |= {ref.split(":")[-1] for ref in re.findall(r"{{[#^/]?([^}]+)}}", markup)}
        assert field_refs <= set(nt.field_names) | {"FrontSide"}, nt.name


def _cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for cell in row]


def _formula_project(project, start: str) -> Path:
    text = json.dumps(f'{start}HYPERLINK("http://x","y")')
    (project / "cards" / "formula.yaml").write_text(
        "cards:\n  - id: formula\n    kind: qa\n"
        f"    question: {text}\n    answer: {text}\n"
        '    sources:\n      - seed: mini\n        quote: "高市早苗"\n',
        encoding="utf-8",
    )
    return project


@pytest.mark.parametrize("start", DANGEROUS, ids=["equals", "plus", "minus", "at", "tab", "cr"])
def test_csv_cell_starting_with_a_formula_character_gets_a_quote(project, run, start):
    result = run("-C", _formula_project(project, start), "export", "--format", "csv", "-o", "-")
    assert result.exit_code == 0, result.output
    cells = _cells(result.stdout_bytes)
    live = [c for c in cells if c[:1] in FORMULA_STARTS]
    assert live == []
    assert f"'{start}HYPERLINK" in {c[: len(start) + 10] for c in cells} or start in "\t\r"


def test_tsv_field_starting_with_a_formula_character_shows_it_in_anki(project, run, tmp_path):
    result = run("-C", _formula_project(project, "="), "export", "--format", "tsv", "-o", tmp_path / "x.tsv")
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in (tmp_path / "x.tsv").read_text().splitlines() if not line.startswith("#")]
    assert not any(cell.startswith("=") for row in rows for cell in row[3:])
    col = new_collection(tmp_path / "anki")
    try:
        metadata = col.get_csv_metadata(str(tmp_path / "x.tsv"), None)
        col.import_csv(ImportCsvRequest(path=str(tmp_path / "x.tsv"), metadata=metadata))
        note = col.get_note(col.find_notes('"Front:*HYPERLINK*"')[0])
        assert html.unescape(note["Front"]).startswith("=HYPERLINK(")
    finally:
        col.close()


def test_ordinary_cells_are_left_as_they_are():
    assert [safe_cell(t) for t in ("Tuesday", "3 + 4", "", "'quoted")] == ["Tuesday", "3 + 4", "", "'quoted"]
    assert formula_free_html("<b>=x</b>") == "<b>=x</b>"
