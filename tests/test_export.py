"""Exports: TSV checked with Anki's own text import, CSV round-trips, JSON and Markdown content."""

import csv
import io
import json

from anki.collection import ImportCsvRequest

from builder.anki.identity import note_guid
from builder.core.model import Project
from builder.engine.pipeline import build

from .ankitools import import_apkg, new_collection


def _export(run, project, fmt, *extra):
    out = project / "decks" / f"out.{fmt}"
    result = run("-C", project, "export", "--format", fmt, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return out


def _import_tsv(col, path):
    metadata = col.get_csv_metadata(str(path), None)
    return col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log


def test_tsv_headers_are_the_ones_anki_reads(sharing, run):
    text = _export(run, sharing, "tsv").read_text(encoding="utf-8")
    assert text.splitlines()[:6] == [
        "#separator:tab",
        "#html:true",
        "#notetype:Basic",
        "#guid column:1",
        "#deck column:2",
        "#tags column:3",
    ]


def test_tsv_imports_every_card_with_the_apkg_guids(sharing, sharing_deck, run, tmp_path):
    path = _export(run, sharing, "tsv")
    col = new_collection(tmp_path / "anki")
    try:
        log = _import_tsv(col, path)
        assert len(log.new) == 7 and col.note_count() == 7  # includes the GUID that starts with '#'
        guids = {col.get_note(n).guid for n in col.find_notes("")}
        assert guids == {note_guid(1700000000002, c.id) for c in sharing_deck.cards}
        hostile = col.get_note(col.find_notes("tag:hostile")[0])
        assert "&lt;script&gt;" in hostile["Front"] and "<script>" not in hostile["Front"]
        assert "Sharing test deck" in {d.name for d in col.decks.all_names_and_ids()}
    finally:
        col.close()


def test_apkg_after_tsv_adds_no_notes(sharing, run, tmp_path):
    path = _export(run, sharing, "tsv")
    apkg = build(Project(sharing), tmp_path / "d.apkg").output
    col = new_collection(tmp_path / "anki")
    try:
        _import_tsv(col, path)
        log = import_apkg(col, apkg).log
        assert col.note_count() == 7 and not log.new
    finally:
        col.close()


def test_tsv_after_apkg_adds_no_notes(sharing, run, tmp_path):
    path = _export(run, sharing, "tsv")
    apkg = build(Project(sharing), tmp_path / "d.apkg").output
    col = new_collection(tmp_path / "anki")
    try:
        import_apkg(col, apkg)
        log = _import_tsv(col, path)
        assert col.note_count() == 7 and not log.new
    finally:
        col.close()


def test_csv_round_trips_commas_quotes_newlines_korean_japanese(sharing, run):
    raw = _export(run, sharing, "csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 correctly
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["question", "answer"] and len(rows) == 8
    answers = dict(rows[1:])
    hostile = next(q for q in answers if "onerror" in q)
    # the text as on the cards: the articles' curly quotes (core/typography.py), markup left as text
    assert hostile.startswith("Does <script>window.__pwned = 1</script> or <img src=x onerror=”window.__pwned = 2”>")
    assert answers[hostile] == "No, “it” is shown, as text,\non two lines: 이재명 and 高市早苗"
    assert answers["Who said this? “We are starting a new 60 years.”"] == "Lee Jae Myung (이재명)"


def test_json_has_every_card_with_fields_citations_tags(sharing, sharing_deck, run):
    data = json.loads(_export(run, sharing, "json").read_text(encoding="utf-8"))
    assert list(data) == ["format", "version", "deck", "sources", "cards"]
    assert data["format"] == "deckbuilder-cards" and data["version"] == 1
    assert [c["id"] for c in data["cards"]] == [c.id for c in sharing_deck.cards]
    card = next(c for c in data["cards"] if c["id"] == "beijing-delegation")
    assert card["fields"]["answer"] == "no" and card["fields"]["context"] == "1:30"
    assert [x["seed"] for x in card["citations"]] == ["other", "mini"]
    assert card["citations"][1]["quote"] == "高市早苗" and card["citations"][1]["outlet"] == "Test Gazette"
    assert card["tags"] == ["kind::qa", "source::other", "source::mini", "beijing-summit"]
    assert card["guid"] == note_guid(1700000000002, "beijing-delegation")


def test_json_of_a_subset_names_its_filter_and_keeps_full_guids(sharing, run):
    data = json.loads(_export(run, sharing, "json", "--kind", "qa").read_text(encoding="utf-8"))
    assert data["deck"]["filter"] == "kind=qa" and data["deck"]["guid_deck_id"] == 1700000000002
    assert data["deck"]["id"] != 1700000000002 and len(data["cards"]) == 2


def test_export_is_byte_identical_twice(sharing, run):
    first = _export(run, sharing, "json").read_bytes()
    assert _export(run, sharing, "json").read_bytes() == first


def test_markdown_escapes_html_and_markdown(sharing, run):
    text = _export(run, sharing, "md").read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;window.\\_\\_pwned = 1&lt;/script&gt;" in text
    assert "\\*not bold\\* \\_not italic\\_ \\[not a link\\](x) \\`not code\\` \\| not a table" in text
    assert text.count("   - Answer: ") == 7 and "## The articles" in text


def test_export_to_stdout(sharing, run):
    result = run("-C", sharing, "export", "--format", "csv", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbfquestion,answer\r\n")
    assert not (sharing / "decks").exists()


def test_export_default_file_name_follows_the_deck(sharing, run):
    result = run("-C", sharing, "export", "--format", "md", "--source", "other")
    assert result.exit_code == 0, result.output
    assert (sharing / "decks" / "sharing-test-deck--cards-from-other.md").is_file()
