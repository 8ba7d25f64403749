"""Making card text fit a platform: its length limits (shortened with a warning, never cut
silently) and what it would interpret (spreadsheet formulas, HTML tags, line breaks in a row).

Each platform module calls these on every cell it writes; a shortened text becomes a located
warning naming the card, the platform and the limit, so the teacher can shorten the card instead.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from builder.core.diagnostics import Diagnostic
from builder.core.spreadsheet import safe_cell
from builder.publish.quizzes.questions import Question

_PAREN = re.compile(r"\s*\([^()]*\)")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: unchanged when it fits, else without its remarks in
    parentheses, else cut at a word boundary with "…" (and a closing ” if a quotation was open)."""
    if len(text) <= limit:
        return text
    plain = " ".join(_PAREN.sub("", text).split())
    if plain and len(plain) <= limit:
        return plain
    base = plain or text
    room = limit - 1
    while room > 0:
        cut = base[:room]
        if " " in cut.strip() and not base[room : room + 1].isspace():
            cut = cut[: cut.rstrip().rfind(" ")]
        cut = cut.rstrip(" ,;:.-–—")
        tail = "…”" if cut.count("“") > cut.count("”") else "…"
        if cut and len(cut) + len(tail) <= limit:
            return cut + tail
        room -= 1
    return text[:limit]  # a limit shorter than any word: nothing better to do (never reached for 75+)


def one_line(text: str) -> str:
    """Tabs and line breaks as spaces: delimited files and one-line formats have no room for them."""
    return " ".join(text.split())


def no_formula(text: str) -> str:
    """A leading apostrophe before = + - @: spreadsheets then show the text instead of running it
    (the OWASP advice for CSV injection; the apostrophe is the spreadsheet's own 'this is text').
    The one rule every spreadsheet-bound export shares: core/spreadsheet.safe_cell."""
    return safe_cell(text)


def no_tags(text: str) -> str:
    """`<` followed by a letter, `/`, `!` or `?` gets a space after it, so a platform that reads its
    text as HTML shows "< script>" instead of running or swallowing a tag."""
    return _TAG_START.sub("< ", text)


def html_text(text: str) -> str:
    """Plain text as HTML: escaped, line breaks as <br>."""
    return html.escape(text, quote=False).replace("\n", "<br>")


_QUESTION_KEY = {"person": "name", "quote": "quotation", "position": "topic"}


@dataclass
class Fitter:
    """Shortens text to a platform's limits and records a warning for each text it shortened."""

    platform: str
    warnings: list[Diagnostic] = field(default_factory=list)

    def _warn(self, question: Question, what: str, was: str, now: str, limit: int) -> None:
        card = question.card
        line, col = card.at(_QUESTION_KEY.get(card.kind, "question") if what == "question" else "id")
        self.warnings.append(
            Diagnostic(
                card.file,
                line,
                col,
                "warning",
                f"{self.platform} {what} shortened to {limit} characters (was {len(was)})",
                card=card.id,
                hint=f"it now reads: {now}",
                code="quiz-shortened",
            )
        )

    def fit(self, question: Question, what: str, text: str, limit: int) -> str:
        out = shorten(text, limit)
        if out != text:
            self._warn(question, what, text, out, limit)
        return out

    def prompt(self, question: Question, limit: int | None = None) -> str:
        """The question with its context after a dash; the stem alone when only that fits (which
        is reported as a shortening too)."""
        full = f"{question.stem} — {question.context}" if question.context else question.stem
        if limit is None or len(full) <= limit:
            return full
        if len(question.stem) <= limit:
            self._warn(question, "question", full, question.stem + "  (its context left out)", limit)
            return question.stem
        return self.fit(question, "question", full, limit)
