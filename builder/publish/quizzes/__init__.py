"""Multiple-choice quizzes from the deck, for the tools a class uses without Anki.

`questions` knows cards (honest wrong options, disagreement cards, left-out cards); each other
module knows one family of file formats: `games` (Kahoot, Blooket, Gimkit, Quizlet), `moodle`
(GIFT, Moodle XML), `canvas` (QTI 1.2) and `blackboard`. `export_quiz` picks one by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.core.diagnostics import Diagnostic
from builder.core.model import Deck
from builder.publish.quizzes.questions import LeftOut, Question, QuizSet, build_quiz

__all__ = ["FORMATS", "LeftOut", "Question", "QuizExport", "QuizSet", "build_quiz", "export_quiz", "render_quiz"]

# name → (file suffix, what it is for, where to upload it)
FORMATS = {
    "kahoot": (".kahoot.xlsx", "Kahoot spreadsheet", "Kahoot: create a kahoot, Add question > Import spreadsheet"),
    "blooket": (".blooket.csv", "Blooket CSV", "Blooket: Create a set > Spreadsheet Import (CSV)"),
    "gimkit": (".gimkit.csv", "Gimkit CSV", "Gimkit: New kit > Import from spreadsheet (CSV)"),
    "quizlet": (".quizlet.txt", "Quizlet import text", "Quizlet: Create a set > Import, paste the file's text"),
    "gift": (".gift.txt", "Moodle GIFT", "Moodle: Question bank > Import > GIFT format"),
    "moodle": (".moodle.xml", "Moodle XML", "Moodle: Question bank > Import > Moodle XML format"),
    "qti": (".qti.zip", "QTI 1.2 package", "Canvas: Settings > Import course content > QTI .zip file"),
    "blackboard": (".blackboard.txt", "Blackboard test file", "Blackboard: Tests > Upload Questions"),
}


@dataclass(frozen=True)
class QuizExport:
    fmt: str
    data: bytes
    quiz: QuizSet
    warnings: tuple[Diagnostic, ...]  # texts shortened to the platform's limits


def render_quiz(fmt: str, quiz: QuizSet, deck: Deck, pool: Deck, spec: str = "") -> QuizExport:
    """`quiz` (asked of `deck`'s cards, options from `pool`) as the file of format `fmt`."""
    from builder.publish.quizzes import blackboard, canvas, games, moodle

    if fmt == "kahoot":
        data, warnings = games.to_kahoot(quiz, deck)
    elif fmt == "blooket":
        data, warnings = games.to_blooket(quiz, deck)
    elif fmt == "gimkit":
        data, warnings = games.to_gimkit(quiz, deck)
    elif fmt == "quizlet":
        data, warnings = games.to_quizlet(quiz, deck)
    elif fmt == "gift":
        data, warnings = moodle.to_gift(quiz, deck, pool)
    elif fmt == "moodle":
        data, warnings = moodle.to_moodle_xml(quiz, deck, pool)
    elif fmt == "qti":
        data, warnings = canvas.to_qti(quiz, deck, spec)
    elif fmt == "blackboard":
        data, warnings = blackboard.to_blackboard(quiz, deck)
    else:
        raise ValueError(f"unknown quiz format {fmt!r}")
    return QuizExport(fmt, data, quiz, tuple(warnings))


def export_quiz(fmt: str, deck: Deck, pool: Deck | None = None, spec: str = "") -> QuizExport:
    """Build the questions for `deck` (options drawn from `pool`, default `deck`) and write `fmt`."""
    pool = pool or deck
    return render_quiz(fmt, build_quiz(deck, pool), deck, pool, spec)
