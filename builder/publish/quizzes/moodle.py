"""Moodle's two import formats: GIFT (plain text) and Moodle XML (multichoice questions).

Both put the questions in categories by kind and by article (`$course$/top/<deck>/Quotes/TIME`),
name each question by its card id, and give the citation as general feedback (shown after the
student answers). Text is HTML (`[html]` in GIFT, `format="html"` in XML), escaped, so card text
like `<script>` shows as written; GIFT's own characters `~ = # { } :` and `\\` are backslashed, as
Moodle's own GIFT export does, and line breaks become `\\n`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from builder.core.diagnostics import Diagnostic
from builder.core.model import SUBDECK_NAMES, Deck
from builder.publish.quizzes.fitting import html_text
from builder.publish.quizzes.questions import Question, QuizSet, article_option

_GIFT_SPECIAL = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n"}
_GIFT_TABLE = str.maketrans({**_GIFT_SPECIAL, "\r": ""})


def gift_escape(text: str) -> str:
    """Backslash GIFT's reserved characters; a line break becomes `\\n` (the question stays on one line)."""
    return text.translate(_GIFT_TABLE)


def _html(text: str) -> str:
    """Escaped HTML whose first character cannot read as a GIFT format marker (`[html]`) or an answer
    weight (`%50%`): those are written as character references."""
    out = html_text(text)
    if out[:1] in "[%":
        out = f"&#{ord(out[0])};" + out[1:]
    return out


def category_path(question: Question, deck: Deck) -> list[str]:
    """Deck, kind ("Quotes") and the card's first article, as Moodle category names."""
    seed = deck.seed(question.card.sources[0].seed)
    article = article_option(seed, deck) if seed else question.card.sources[0].seed
    return [deck.info.name, SUBDECK_NAMES[question.card.kind], article]


def _category_name(name: str) -> str:
    """One level of a Moodle category path: '/' is its separator, so a '/' in a name is doubled."""
    return " ".join(name.replace("\\", " ").split()).replace("/", "//")


def _feedback_html(question: Question) -> str:
    return html_text(question.feedback)


def to_gift(quiz: QuizSet, deck: Deck, pool: Deck) -> tuple[bytes, list[Diagnostic]]:
    """One block per question, blank lines between; a `$CATEGORY:` block before each new category."""
    blocks = [
        f"// {deck.info.name}: {len(quiz.questions)} multiple-choice questions made by deckbuilder.\n"
        "// Moodle: Question bank > Import > GIFT format, then choose this file."
    ]
    current: list[str] = []
    for q in quiz.questions:
        path = category_path(q, pool)
        if path != current:
            blocks.append("$CATEGORY: $course$/top/" + "/".join(_category_name(p) for p in path))
            current = path
        lines = [f"::{gift_escape(q.card.id)}::[html]{gift_escape(_html(_prompt(q)))} {{"]
        for i, option in enumerate(q.options):
            lines.append(f"\t{'=' if i == q.correct else '~'}{gift_escape(_html(option))}")
        lines.append(f"\t####{gift_escape(_feedback_html(q))}")
        lines.append("}")
        blocks.append("\n".join(lines))
    return ("\n\n".join(blocks) + "\n").encode("utf-8"), []


def _prompt(q: Question) -> str:
    return f"{q.stem}\n{q.context}" if q.context else q.stem


def _text(parent: ET.Element, tag: str, text: str, html: bool = True) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    ET.SubElement(element, "text").text = text
    return element


def to_moodle_xml(quiz: QuizSet, deck: Deck, pool: Deck) -> tuple[bytes, list[Diagnostic]]:
    root = ET.Element("quiz")
    current: list[str] = []
    for q in quiz.questions:
        path = category_path(q, pool)
        if path != current:
            category = ET.SubElement(root, "question", {"type": "category"})
            inner = ET.SubElement(category, "category")
            ET.SubElement(inner, "text").text = "$course$/top/" + "/".join(_category_name(p) for p in path)
            current = path
        item = ET.SubElement(root, "question", {"type": "multichoice"})
        name = ET.SubElement(item, "name")
        ET.SubElement(name, "text").text = q.card.id
        _text(item, "questiontext", html_text(_prompt(q)))
        _text(item, "generalfeedback", _feedback_html(q))
        for tag, value in (
            ("defaultgrade", "1"),
            ("penalty", "0.3333333"),
            ("hidden", "0"),
            ("idnumber", q.card.id),
            ("single", "true"),
            ("shuffleanswers", "false"),  # the order is already spread evenly and the same for every export
            ("answernumbering", "abc"),
        ):
            ET.SubElement(item, tag).text = value
        for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            _text(item, tag, "")
        for i, option in enumerate(q.options):
            answer = ET.SubElement(item, "answer", {"fraction": "100" if i == q.correct else "0", "format": "html"})
            ET.SubElement(answer, "text").text = html_text(option)
            _text(answer, "feedback", "")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8"), []
