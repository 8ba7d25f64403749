"""Blackboard's question upload file: one tab-delimited line per question, no header.

`MC<TAB>question<TAB>answer<TAB>correct|incorrect ...` (Tests, Surveys and Pools > Upload
Questions). Blackboard shows the text as HTML, so it is escaped; tabs and line breaks would end
a field or a question, so they become spaces; and since Blackboard suggests editing the file in
Excel, a field starting with = + - @ gets an apostrophe. The format has no feedback field, so
the citation is not in it. No byte-order mark: it would become part of the first line's "MC".
"""

from __future__ import annotations

from builder.core.diagnostics import Diagnostic
from builder.core.model import Deck
from builder.publish.quizzes.fitting import html_text, no_formula, one_line
from builder.publish.quizzes.questions import QuizSet


def field(text: str) -> str:
    return no_formula(html_text(one_line(text)))


def to_blackboard(quiz: QuizSet, deck: Deck) -> tuple[bytes, list[Diagnostic]]:
    lines = []
    for q in quiz.questions:
        prompt = f"{q.stem} — {q.context}" if q.context else q.stem
        row = ["MC", field(prompt)]
        for i, option in enumerate(q.options):
            row += [field(option), "correct" if i == q.correct else "incorrect"]
        lines.append("\t".join(row))
    return ("\n".join(lines) + "\n").encode("utf-8"), []
