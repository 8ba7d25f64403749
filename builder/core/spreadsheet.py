"""Cells that a spreadsheet will not run: the one neutralising function for every export that may
be opened in Excel, LibreOffice Calc or Google Sheets (CSV today; the quiz exports call it too).

A cell starting with `=`, `+`, `-` or `@` is a formula to a spreadsheet (`=HYPERLINK(...)` opens a
link, `@SUM(1+1)*cmd|' /C calc'!A0` ran a program in old Excel with DDE), and one starting with a
tab or carriage return can hide such a start. As OWASP's CSV-injection guidance recommends, such a
cell gets a leading single quote, which spreadsheets show as text and do not display; the
full-width forms (`＝＋－＠`, which some Asian-locale spreadsheets also evaluate) are treated the
same. The CSV writer quotes cells with separators, quotes or line breaks, so no cell can start a
new one. The cost: a card whose answer is "-3" reads "'-3" in a tool that does not hide the quote.
"""

from __future__ import annotations

FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def safe_cell(text: str) -> str:
    """`text` as a spreadsheet cell that is shown, never evaluated."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


def formula_free_html(html: str) -> str:
    """The same for a cell holding HTML (the TSV for Anki): the first character becomes its
    character reference, which Anki renders as the character itself and a spreadsheet as text."""
    return f"&#{ord(html[0])};{html[1:]}" if html[:1] in FORMULA_STARTS else html
