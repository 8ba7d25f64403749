"""The class pack: one zip a teacher can hand to thirty students.

It holds the .apkg, the printable handout and quiz (HTML, and PDF when Chromium is installed),
a plain-words student guide and the deck's changelog. Everything sits in one folder inside the
zip so unzipping never scatters files. The zip's bytes depend only on its contents (sorted
entries, fixed dates; see outputs.py), and it is renamed into place only when complete.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .model import SUBDECK_NAMES, Project
from .outputs import deterministic_zip, write_atomic
from .pipeline import build
from .pdf import OPTED_OUT, PdfError, chromium_choice, html_to_pdf, missing_script_fonts
from .select import Subset
from .sheets import handout_html, quiz_html

CHANGELOG = "CHANGELOG.md"


@dataclass(frozen=True)
class PackResult:
    path: Path
    entries: tuple          # ((name inside the zip, size in bytes), ...)
    size: int
    warnings: tuple
    seconds: float


def pack_path(project: Project, subset: Subset) -> Path:
    return project.decks_dir / f"{subset.stem}-class-pack.zip"


def student_guide(subset: Subset, apkg_name: str, has_pdf: bool, has_changelog: bool, pdf_note: str) -> str:
    deck = subset.deck
    kinds = {}
    for card in deck.cards:
        kinds[SUBDECK_NAMES[card.kind]] = kinds.get(SUBDECK_NAMES[card.kind], 0) + 1
    counts = ", ".join(f"{k} {n}" for k, n in kinds.items())
    printable = ("handout.pdf / handout.html   every card with its answer and the article's own words\n"
                 "  quiz.pdf / quiz.html         the questions only; the answer key starts on a new page"
                 if has_pdf else
                 "handout.html    every card with its answer and the article's own words\n"
                 "  quiz.html       the questions only; the answer key starts on a new page\n"
                 f"  No PDF files: {pdf_note}\n"
                 "  Open the .html files in any web browser and use File > Print to print them\n"
                 "  or to save them as PDF.")
    changelog = "\n  CHANGELOG.md    what changed in each version of the deck" if has_changelog else ""
    subset_note = ("\nThis is part of a larger deck. It uses the same cards as the full deck, so if you\n"
                   "later import the full deck too, the cards you already have are not duplicated.\n"
                   "If you already have the full deck, you have these cards: importing this file\n"
                   "adds nothing but an empty deck, which you can delete.\n"
                   if subset.guid_deck_id != deck.info.id else "")
    return f"""\
{deck.info.name}
{"=" * len(deck.info.name)}

{len(deck.cards)} cards ({counts}).
Every answer cites the exact words of a news article.
{subset_note}
WHAT IS IN THIS FOLDER
  {apkg_name}
                  the deck, for the Anki flashcard app
  {printable}{changelog}
  README.txt      this guide


NO ANKI? Print the handout, or open it in a browser, and test yourself with the quiz.


HOW TO ADD THE DECK TO ANKI

On a computer (Anki for Windows, Mac or Linux, free from apps.ankiweb.net):
  1. Unzip the pack (the .zip file) if you have not yet.
  2. Double-click {apkg_name}.
     (Or, in Anki: File > Import..., then choose the file.)
  3. Click Import. The deck appears in your deck list.

On an Android phone (AnkiDroid, free in the Play Store):
  1. Copy {apkg_name}
     to the phone (for example from your email or Google Drive).
  2. Tap the file and choose AnkiDroid, or open AnkiDroid, tap the three-dot menu,
     choose Import, and pick the file.

On an iPhone or iPad (AnkiMobile, from the App Store):
  1. Save {apkg_name}
     to the Files app (for example from your email or AirDrop).
  2. Tap the file, tap the Share button and choose Anki.
     Or: add it on a computer first and sync through a free AnkiWeb account.


WHEN YOUR TEACHER SHARES AN UPDATED VERSION

Import the new file exactly as above. Do NOT delete the old deck first: deleting a deck
deletes your progress. Anki recognises the cards you already have, updates their text, and
keeps your review history and schedule. New cards are added; nothing is duplicated.


HOW TO REMOVE RETIRED CARDS

When a card is taken out of the deck, the update marks it with the tag "retired" instead of
deleting it (an import can never delete your cards). To remove them:
  1. In Anki, open Browse.
  2. In the search box type:  tag:retired   and press Enter.
  3. Select all the cards (Ctrl+A, or Cmd+A on a Mac) and delete them (Notes > Delete).
  On AnkiDroid, open the card browser, search tag:retired, select all, and delete.


HOW THE CARDS ARE ORGANISED

Cards are in sub-decks by kind (Dates, People, Quotes, Positions, Questions) and carry tags
such as kind::quote and source::time, so you can study one kind or one article at a time.
The back of every card shows the answer and the quoted words, outlet, headline and date of
the article it comes from.
"""


def build_pack(project: Project, subset: Subset, output: Optional[Path] = None) -> PackResult:
    started = time.perf_counter()
    warnings = []
    deck = subset.deck
    folder = f"{subset.stem}-class-pack"
    apkg_name = subset.filename
    # The pack is a release: the deck in it is the one `build` writes (note modification times from
    # cards/deck.lock, so edits arrive on re-import), and the lock and changelog record it.
    built = build(project, selection=subset.selection)
    files = {apkg_name: built.output.read_bytes()}
    handout, quiz = handout_html(deck), quiz_html(deck)
    files["handout.html"] = handout.encode("utf-8")
    files["quiz.html"] = quiz.encode("utf-8")
    chromium, why_not = chromium_choice()
    pdf_note = ""
    if chromium is None and why_not == OPTED_OUT:       # asked for: nothing to warn about
        pdf_note = "the teacher chose to make this pack without them (HTML only)."
    elif chromium is None:
        pdf_note = "Chromium was not installed on the computer that made this pack."
        warnings.append(f"{why_not}: the pack has the handout and quiz as HTML but no PDFs "
                        "(install the 'chromium' package, or set DECKBUILDER_CHROMIUM to a Chrome/Chromium binary, "
                        "or to 'none' to skip PDFs without this warning)")
    else:
        missing = missing_script_fonts(handout)
        if missing:
            warnings.append(f"no {' or '.join(missing)} font installed: the PDFs will show boxes for that text "
                            "(install fonts-noto-cjk); the HTML files are fine on students' devices")
        try:
            files["handout.pdf"] = html_to_pdf(handout, chromium)
            files["quiz.pdf"] = html_to_pdf(quiz, chromium)
        except PdfError as exc:
            files.pop("handout.pdf", None)
            pdf_note = "printing them failed on the computer that made this pack."
            warnings.append(f"no PDFs in the pack: {exc}")
    changelog = project.decks_dir / CHANGELOG
    if changelog.is_file():
        files[CHANGELOG] = changelog.read_bytes()
    files["README.txt"] = student_guide(subset, apkg_name, "handout.pdf" in files, changelog.is_file(),
                                        pdf_note).encode("utf-8")
    data = deterministic_zip({f"{folder}/{name}": content for name, content in files.items()})
    path = output or pack_path(project, subset)
    size = write_atomic(path, data)
    entries = tuple((f"{folder}/{name}", len(files[name])) for name in sorted(files))
    return PackResult(path, entries, size, tuple(warnings), time.perf_counter() - started)
