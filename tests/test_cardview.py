"""The small mustache used to show cards as Anki does: substitution, sections, FrontSide, one pass."""

import pytest

from builder.anki.cardview import TemplateError, card_views, field_is_empty, fill_template
from builder.anki.render import render_deck


def test_field_is_substituted_verbatim():
    assert fill_template("<b>{{Q}}</b>", {"Q": "a &amp; b"}) == "<b>a &amp; b</b>"


def test_section_shows_only_when_field_has_content():
    tmpl = "{{#C}}<i>{{C}}</i>{{/C}}|"
    assert fill_template(tmpl, {"C": "x"}) == "<i>x</i>|"
    assert fill_template(tmpl, {"C": ""}) == "|"
    assert fill_template(tmpl, {"C": " <br> "}) == "|"


def test_inverted_section_shows_when_field_is_empty():
    assert fill_template("{{^C}}none{{/C}}", {"C": ""}) == "none"
    assert fill_template("{{^C}}none{{/C}}", {"C": "x"}) == ""


def test_frontside_is_a_field_like_any_other():
    assert fill_template("{{FrontSide}}<hr>{{A}}", {"FrontSide": "Q?", "A": "yes"}) == "Q?<hr>yes"


def test_field_values_are_not_scanned_again():
    assert fill_template("{{Q}}", {"Q": "{{A}}", "A": "secret"}) == "{{A}}"


def test_unknown_field_and_unclosed_section_are_errors():
    with pytest.raises(TemplateError):
        fill_template("{{Nope}}", {})
    with pytest.raises(TemplateError):
        fill_template("{{#A}}x", {"A": "1"})
    with pytest.raises(TemplateError):
        fill_template("{{#A}}x{{/B}}", {"A": "1", "B": ""})


def test_blank_detection_follows_anki():
    assert field_is_empty("") and field_is_empty("  <br/>&nbsp;") and not field_is_empty("0")


def test_person_note_makes_two_views_with_the_answer_on_the_back(sharing_deck):
    note = next(n for n in render_deck(sharing_deck) if n.card_id == "person-sneider")
    views = card_views(note)
    assert [v.template for v in views] == ["Name → Role", "Role → Name"]
    assert "Who is Daniel Sneider?" in views[0].front and "Stanford" not in views[0].front
    assert "East Asia policy expert" in views[0].back and 'class="citation"' in views[0].back


def test_views_match_what_anki_renders(sharing, sharing_deck, tmp_path):
    """Our filled templates give the same HTML as Anki's own renderer, card by card."""
    from builder.core.model import Project
    from builder.engine.pipeline import build

    from .ankitools import import_apkg, new_collection

    out = build(Project(sharing), tmp_path / "d.apkg").output
    col = new_collection(tmp_path / "anki")
    try:
        import_apkg(col, out)
        ours = {(v.note.card_id, v.template): v for n in render_deck(sharing_deck) for v in card_views(n)}
        assert len(ours) == col.card_count()
        for cid in col.find_cards(""):
            card = col.get_card(cid)
            view = ours[(card.note()["CardId"], card.template()["name"])]
            assert view.front in card.question()
            assert view.back in card.answer()
    finally:
        col.close()
