"""Quiz games a class plays live: Kahoot (its .xlsx template), Blooket and Gimkit (their CSV
templates) and Quizlet (its paste format: term, tab, definition).

Each file is laid out exactly as the platform's own template, title rows included, because the
importers read cells by position. None of these formats has room for feedback, so the citation
is not in them (the LMS formats carry it). Text is one line, tag-shaped `<` is defused (some of
these platforms render HTML), and a cell starting with = + - @ gets an apostrophe so a
spreadsheet shows it as text; in the .xlsx every cell is typed as text as well.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

from builder.core.diagnostics import Diagnostic
from builder.core.io import deterministic_zip
from builder.core.model import Deck
from builder.publish.quizzes.fitting import Fitter, no_formula, no_tags, one_line
from builder.publish.quizzes.questions import QuizSet

KAHOOT_QUESTION_MAX = 120
KAHOOT_ANSWER_MAX = 75
KAHOOT_TIMES = (5, 10, 20, 30, 60, 90, 120, 240)
BLOOKET_TIME_MAX = 300
KAHOOT_HEADER = (
    "",
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
)
KAHOOT_HEADER_ROW = 8  # the template's title and instructions fill rows 2-6; questions start on row 9
BLOOKET_TITLE = ("Blooket\nImport Template", "", "", "", "", "", "", "")
BLOOKET_HEADER = (
    "Question #",
    "Question Text",
    "Answer 1",
    "Answer 2",
    "Answer 3\n(Optional)",
    "Answer 4\n(Optional)",
    "Time Limit (sec)\n(Max: 300 seconds)",
    "Correct Answer(s)\n(Only include Answer #)",
)
GIMKIT_TITLE = ("Gimkit Spreadsheet Import Template", "", "", "", "")
GIMKIT_HEADER = (
    "Question",
    "Correct Answer",
    "Incorrect Answer 1",
    "Incorrect Answer 2 (Optional)",
    "Incorrect Answer 3 (Optional)",
)
XLSX_DATE = datetime.datetime(2026, 1, 1)  # the workbook's created/modified stamp: same bytes for the same deck


def cell(text: str) -> str:
    """A text cell of a game platform: one line, no tag, no formula."""
    return no_formula(no_tags(one_line(text)))


def seconds(prompt: str, options: tuple[str, ...], allowed: tuple[int, ...] = KAHOOT_TIMES) -> int:
    """Time to read the question and its options (about 3 words a second) plus 10 s to answer,
    rounded up to a time the platform offers."""
    words = len(prompt.split()) + sum(len(o.split()) for o in options)
    need = 10 + words / 3
    return next((t for t in allowed if t >= need), allowed[-1])


def kahoot_rows(quiz: QuizSet) -> tuple[list[tuple[str, list[str], int, int]], list[Diagnostic]]:
    """(question, [4 answers], time limit, correct answer number) per question, within Kahoot's limits."""
    fitter = Fitter("Kahoot")
    rows = []
    for q in quiz.questions:
        prompt = fitter.prompt(q, KAHOOT_QUESTION_MAX)
        answers = [fitter.fit(q, f"answer {i + 1}", o, KAHOOT_ANSWER_MAX) for i, o in enumerate(q.options)]
        rows.append((prompt, answers, seconds(prompt, tuple(answers)), q.correct + 1))
    return rows, fitter.warnings


def to_kahoot(quiz: QuizSet, deck: Deck) -> tuple[bytes, list[Diagnostic]]:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    rows, warnings = kahoot_rows(quiz)
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"

    def put(row: int, col: int, value: str | int) -> None:
        target = ws.cell(row=row, column=col)
        if isinstance(value, str):
            target.value = value
            target.data_type = "s"  # text, even when it starts with '=' (openpyxl would make it a formula)
            if value.startswith(("'", *"=+-@")):
                target.quotePrefix = True  # and it stays text when the teacher edits it in Excel
        else:
            target.value = value

    put(2, 2, "Quiz template")
    put(3, 2, cell(f"{deck.info.name}: {len(rows)} questions made by deckbuilder from the deck's cards."))
    put(4, 2, "Questions have a limit of 120 characters and answers 75; longer card text was shortened.")
    put(5, 2, "Every answer is cited in the deck; see the class pack's handout for the articles' words.")
    put(6, 2, "Import: in Kahoot, create a kahoot, Add question > Import spreadsheet, and choose this file.")
    for col, title in enumerate(KAHOOT_HEADER, start=1):
        put(KAHOOT_HEADER_ROW, col, title)
    for n, (prompt, answers, time, correct) in enumerate(rows, start=1):
        r = KAHOOT_HEADER_ROW + n
        put(r, 1, n)
        put(r, 2, cell(prompt))
        for i, answer in enumerate(answers):
            put(r, 3 + i, cell(answer))
        put(r, 7, time)
        put(r, 8, correct)
    wb.properties.creator = "deckbuilder"
    wb.properties.lastModifiedBy = "deckbuilder"
    wb.properties.created = XLSX_DATE
    wb.properties.modified = XLSX_DATE
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # not wb.save(): that stamps the modified time with the clock
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:  # re-zipped with fixed entry dates
        entries = {name: archive.read(name) for name in archive.namelist()}
    return deterministic_zip(entries), warnings


def _csv(rows: list[tuple]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8-sig")  # BOM: Excel, where teachers open the file, reads UTF-8 then


def to_blooket(quiz: QuizSet, deck: Deck) -> tuple[bytes, list[Diagnostic]]:
    rows: list[tuple] = [BLOOKET_TITLE, BLOOKET_HEADER]
    for n, q in enumerate(quiz.questions, start=1):
        prompt = Fitter("Blooket").prompt(q)
        rows.append(
            (
                n,
                cell(prompt),
                *(cell(o) for o in q.options),
                min(seconds(prompt, q.options), BLOOKET_TIME_MAX),
                q.correct + 1,
            )
        )
    return _csv(rows), []


def to_gimkit(quiz: QuizSet, deck: Deck) -> tuple[bytes, list[Diagnostic]]:
    rows: list[tuple] = [GIMKIT_TITLE, GIMKIT_HEADER]
    for q in quiz.questions:
        rows.append((cell(Fitter("Gimkit").prompt(q)), cell(q.answer), *(cell(d) for d in q.distractors)))
    return _csv(rows), []


def to_quizlet(quiz: QuizSet, deck: Deck) -> tuple[bytes, list[Diagnostic]]:
    """Quizlet's import box reads "term<TAB>definition", one per line; it makes its own tests from
    the set, so only the question and its answer are given."""
    lines = [f"{cell(Fitter('Quizlet').prompt(q))}\t{cell(q.answer)}" for q in quiz.questions]
    return ("\n".join(lines) + "\n").encode("utf-8"), []
