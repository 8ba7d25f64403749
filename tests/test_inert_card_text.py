"""No code runs from card text: markup, handlers, javascript: links and template syntax in any field
reach Anki's own renderer as inert text.

One card of every kind has a hostile payload in every field, in its citation and in its seed's
metadata. Each card's front and back, rendered by the real Anki backend, must have exactly the
tag/attribute structure of the same card with plain text (so the payload added no element, no
attribute, no handler), and must show the payload as text.
"""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from builder.core.model import Project
from builder.engine.pipeline import build

from .ankitools import import_apkg, new_collection

DATA = Path(__file__).parent / "data"
PAYLOAD = (
    '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">go</a>'
    "\"'><svg onload=alert(4)> {{Answer}} {{FrontSide}} {{#Note}}n{{/Note}} {{text:Question}} "
    "&lt;b&gt; <!-- <style>*{display:none}</style> <iframe src=//evil.example>"
)
FIELDS = {
    "qa": ("question", "answer"),
    "date": ("question", "answer"),
    "person": ("name", "role"),
    "quote": ("quotation", "speaker", "context"),
    "position": ("holder", "topic", "position"),
}


def write_deck(root: Path, text: str) -> None:
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731 - a YAML double-quoted scalar
    (root / "seeds" / "hostile.txt").write_text(f"The article says {text} and more.\n", encoding="utf-8")
    sources = (root / "seeds" / "sources.yaml").read_text(encoding="utf-8")
    (root / "seeds" / "sources.yaml").write_text(
        sources + f"  hostile:\n    file: hostile.txt\n    outlet: {q(text)}\n    headline: {q(text)}\n"
        f"    authors: {q(text)}\n    date: {q(text)}\n",
        encoding="utf-8",
    )
    cards = ["cards:"]
    for kind, keys in FIELDS.items():
        cards += [f"  - id: inert-{kind}", f"    kind: {kind}"] + [f"    {k}: {q(text)}" for k in keys]
        if "context" not in keys:
            cards.append(f"    context: {q(text)}")
        cards += [f"    note: {q(text)}", "    sources:", "      - seed: hostile", f"        quote: {q(text)}"]
    (root / "cards" / "cards.yaml").write_text("\n".join(cards) + "\n", encoding="utf-8")


class Structure(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(sorted(attrs))))

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.tags.append(("<!--", data))


def parse(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    parser.close()
    return parser


def rendered(tmp_path: Path, name: str, text: str) -> dict:
    root = tmp_path / name
    shutil.copytree(DATA / "valid" / "basic", root)
    write_deck(root, text)
    result = build(Project(root))
    assert result.output is not None, [str(d) for d in result.load.diagnostics]
    col = new_collection(tmp_path / f"anki-{name}")
    try:
        import_apkg(col, result.output)
        out = {}
        for cid in col.find_cards("CardId:inert-*"):
            card = col.get_card(cid)
            out[(card.note()["CardId"], card.ord)] = (card.question(), card.answer())
        return out
    finally:
        col.close()


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("inert")
    return rendered(tmp, "plain", "plain words"), rendered(tmp, "hostile", PAYLOAD)


def test_every_kind_and_template_is_rendered_by_anki(both):
    plain, hostile = both
    assert sorted(plain) == sorted(hostile) == sorted([(f"inert-{k}", 0) for k in FIELDS] + [("inert-person", 1)])


def test_hostile_text_adds_no_element_attribute_or_handler(both):
    plain, hostile = both
    for key, sides in hostile.items():
        for side, html, plain_html in zip(("front", "back"), sides, plain[key], strict=True):
            assert parse(html).tags == parse(plain_html).tags, f"{key} {side}"


def test_hostile_text_is_shown_as_text(both):
    _, hostile = both
    for key, (front, back) in hostile.items():
        for html in (front, back):
            page = parse(html)
            assert {tag for tag, _ in page.tags} <= {"style", "div", "hr", "blockquote", "q", "span"}, key
            assert not [
                a for _, attrs in page.tags for a in attrs if a[0].startswith("on") or "javascript:" in (a[1] or "")
            ], key
        assert PAYLOAD in "".join(parse(back).text), key
