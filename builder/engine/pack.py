"""The class pack: one zip a teacher can hand to thirty students.

It holds the .apkg, the printable handout and quiz (HTML, and PDF when Chromium is installed),
a plain-words student guide and the deck's changelog; for a deck with cards tagged `core`, the
core deck too (the cards to learn first, the full deck's notes: importing both duplicates nothing). Everything sits in one folder inside the
zip so unzipping never scatters files. The zip's bytes depend only on its contents (sorted
entries, fixed dates; see outputs.py), and it is renamed into place only when complete.
"""

from __future__ import annotations

import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

from builder.anki.changes import changelog_path, check_changelog, compare, summary
from builder.anki.migration import major_update_steps
from builder.anki.notetypes import NOTE_TYPES
from builder.core.diagnostics import Diagnostic
from builder.core.io import check_writable, deterministic_zip, write_atomic
from builder.core.model import SUBDECK_NAMES, Project
from builder.core.prompts import is_disagreement, source_parts
from builder.core.typography import typographic
from builder.engine.pipeline import package_bytes, plan
from builder.publish.pdf import OPTED_OUT, PdfError, chromium_choice, html_to_pdf, missing_script_fonts
from builder.publish.quizzes import FORMATS, build_quiz, render_quiz
from builder.publish.select import Selection, Subset, select
from builder.publish.sheets import CORE_TAG, handout_html, is_core, quiz_html

CHANGELOG = "CHANGELOG.md"
QUIZZES = "quizzes"


class PackError(Exception):
    """The deck inside the pack could not be built (an error in the lock, say): nothing was written."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...]):
        super().__init__("the deck could not be built")
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class PackResult:
    path: Path
    entries: tuple  # ((name inside the zip, size in bytes), ...)
    size: int
    warnings: tuple
    seconds: float
    unreleased: str = ""  # what the deck in it has that no release has yet ("" when it is the release)


def pack_path(project: Project, subset: Subset) -> Path:
    return project.decks_dir / f"{subset.stem}-class-pack.zip"


def _counts(deck) -> str:
    """Notes and Anki cards per kind: a person note makes two cards, so the two totals differ."""
    per_kind: dict = {}
    for card in deck.cards:
        notes, cards = per_kind.get(card.kind, (0, 0))
        per_kind[card.kind] = (notes + 1, cards + len(NOTE_TYPES[card.kind].templates))
    total_cards = sum(c for _, c in per_kind.values())
    rows = "\n".join(
        f"  {SUBDECK_NAMES[kind]:<12}{notes:>6}{cards:>7}"
        for kind, (notes, cards) in sorted(per_kind.items(), key=lambda kv: SUBDECK_NAMES[kv[0]])
    )
    return (
        f"{len(deck.cards)} notes, which Anki shows as {total_cards} cards to study\n"
        "(each note is one card, except a person note: it makes two, name → role and role → name).\n"
        f"  {'Kind':<12} notes  cards\n{rows}"
    )


def _wrapped(text: str, indent: str = "", first: str = "") -> str:
    return textwrap.fill(
        text, width=90, initial_indent=first or indent, subsequent_indent=indent, break_on_hyphens=False
    )


def _articles(deck) -> str:
    """Each cited article as the cards name it (its label, then what sources.yaml states of it)
    and, when sources.yaml has one, what it is (its description)."""
    cited = {src.seed for card in deck.cards for src in card.sources}
    entries = []
    for seed in (seed for seed in deck.seeds if seed.alias in cited):
        entries.append(_wrapped(" · ".join(source_parts(seed)) + f" (tag source::{seed.alias})", "    ", "  - "))
        if seed.description.strip():
            entries.append(_wrapped(typographic(seed.description.strip()), "    "))
    return "\n".join(entries)


def core_subset(subset: Subset) -> Subset | None:
    """The core deck offered beside the full deck (cards tagged `core`: the ones a teacher assigns
    first), or None for a subset pack or a deck with no core cards. Same GUIDs as the full deck."""
    if not subset.selection.empty or not any(is_core(c) for c in subset.deck.cards):
        return None
    return select(subset.deck, Selection.of(tags=(CORE_TAG,)))


def core_apkg_bytes(subset: Subset, update, stamp: dict | None = None) -> bytes | None:
    """The core deck's .apkg for the pack of `subset` (None when it offers no core deck): the full
    deck's notes with the same times (`update`), filed under the core deck."""
    core = core_subset(subset)
    if core is None:
        return None
    return package_bytes(subset.deck, update, core.selection, stamp)[1]


def _kinds_line(deck) -> str:
    counts: dict[str, int] = {}
    for card in deck.cards:
        counts[SUBDECK_NAMES[card.kind]] = counts.get(SUBDECK_NAMES[card.kind], 0) + 1
    return ", ".join(f"{n} {name.lower()}" for name, n in counts.items())


def _which_deck(subset: Subset, core: Subset, apkg_name: str) -> str:
    full, small = subset.deck, core.deck
    disagree = sum(1 for c in small.cards if is_disagreement(c))

    def about(text: str) -> str:
        return textwrap.fill(text, width=90, initial_indent=" " * 6, subsequent_indent=" " * 6)

    core_text = about(
        f"the core deck: the {len(small.cards)} cards to learn first ({_kinds_line(small)}; {disagree} on "
        "where the articles disagree). Your teacher chose them to cover every date, person, quotation "
        "and disagreement that matters."
    )
    full_text = about(f"the full deck: all {len(full.cards)} cards ({_kinds_line(full)}).")
    version = full.info.version
    upgrading = (
        f"\nIf you studied version {version - 1} of this deck, import the full deck first, as the section\n"
        f"'IF YOU HAVE VERSION {version - 1} OF THIS DECK' below says; the core deck can come after it."
        if version >= 2
        else ""
    )
    return f"""
WHICH DECK?

  {core.filename}
{core_text}
  {apkg_name}
{full_text}

Start with the core deck. Its cards are the full deck's cards: when you import the full
deck later, Anki adds only the cards you do not have yet and keeps your progress on the
others (the core cards then show up in both decks' lists; that is fine).{upgrading}
"""


def _major_update(deck) -> str:
    """The steps for students who have an earlier major version (a deck at version 2 or later)."""
    version = deck.info.version
    if version < 2:
        return ""
    return f"""

IF YOU HAVE VERSION {version - 1} OF THIS DECK

{_wrapped(major_update_steps(version))}
"""


def student_guide(
    subset: Subset,
    apkg_name: str,
    has_pdf: bool,
    has_changelog: bool,
    pdf_note: str,
    has_quizzes: bool = False,
    core: Subset | None = None,
) -> str:
    deck = subset.deck
    first = deck.cards[0] if deck.cards else None
    alias = first.sources[0].seed if first and first.sources else "..."
    tag_examples = f"kind::{first.kind if first else '...'} and source::{alias}"
    printable = (
        "handout.pdf / handout.html   every card with its answer and the article's own words\n"
        "  quiz.pdf / quiz.html         the questions only; the answer key starts on a new page"
        if has_pdf
        else "handout.html    every card with its answer and the article's own words\n"
        "  quiz.html       the questions only; the answer key starts on a new page\n"
        f"  No PDF files: {pdf_note}\n"
        "  Open the .html files in any web browser and use File > Print to print them\n"
        "  or to save them as PDF."
    )
    changelog = "\n  CHANGELOG.md    what changed in each version of the deck" if has_changelog else ""
    if has_quizzes:
        changelog += (
            "\n  quizzes/        the same questions as multiple-choice quizzes for Kahoot, Blooket, Gimkit,"
            "\n                  Quizlet, Moodle, Canvas and Blackboard (quizzes/README.txt: which is which)"
        )
    core_entry = (
        f"  {core.filename}\n                  the core deck: the {len(core.deck.cards)} cards to learn first\n"
        if core
        else ""
    )
    which = _which_deck(subset, core, apkg_name) if core else ""
    subset_note = (
        "\nThis is part of a larger deck. It uses the same cards as the full deck, so if you\n"
        "later import the full deck too, the cards you already have are not duplicated.\n"
        "If you already have the full deck, you have these cards: importing this file\n"
        "adds nothing but an empty deck, which you can delete.\n"
        if subset.guid_deck_id != deck.info.id
        else ""
    )
    return f"""\
{deck.info.name}
{"=" * len(deck.info.name)}

{_counts(deck)}

Every answer cites the exact words of a news article.
{subset_note}
WHAT IS IN THIS FOLDER
{core_entry}  {apkg_name}
                  the {"full " if core else ""}deck, for the Anki flashcard app
  {printable}{changelog}
  README.txt      this guide
{which}

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
{_major_update(deck)}

HOW TO REMOVE RETIRED CARDS

When a card is taken out of the deck, the update marks it with the tag "retired" instead of
deleting it (an import can never delete your cards). To remove them:
  1. In Anki, open Browse.
  2. In the search box type:  tag:retired   and press Enter.
  3. Select all the cards (Ctrl+A, or Cmd+A on a Mac) and delete them (Notes > Delete).
  On AnkiDroid, open the card browser, search tag:retired, select all, and delete.
  On an iPhone or iPad (AnkiMobile): on the deck list tap Browse, type  tag:retired  in
  the search box, tap Select and then Select All, and delete the selected cards.


HOW THE CARDS ARE ORGANISED

All cards are in one deck, and each day's new cards mix kinds and articles. Tags such as
{tag_examples} let you study one kind or one article at a time (in Browse,
search tag:kind::date; or Tools > Create Filtered Deck with that search).
The back of every card shows the answer and the article's own words, with the article's name
and, where known, its headline, authors and date. Write your own notes into a card's "Extra"
field (Browse, or Edit while reviewing): the back shows them as "My notes" until your teacher
corrects that card (an update replaces the whole card).


THE ARTICLES

Cards and citations name each article the same way:
{_articles(deck)}
"""


def quiz_files(subset: Subset) -> tuple[dict[str, bytes], list[str]]:
    """The quizzes/ folder: every quiz format, and a README saying where each goes, how many
    questions it has, which cards were left out and why, and which texts were shortened."""
    quiz = build_quiz(subset.deck, subset.whole)
    files: dict[str, bytes] = {}
    shortened: list[str] = []
    for fmt, (suffix, what, _) in FORMATS.items() if quiz.questions else ():
        made = render_quiz(fmt, quiz, subset.deck, subset.whole, subset.selection.spec)
        files[f"{QUIZZES}/{subset.stem}{suffix}"] = made.data
        shortened += [
            f"  {what}: {d.card}: {d.message}\n      now: {(d.hint or '').removeprefix('it now reads: ')}"
            for d in made.warnings
        ]
    guide = [
        f"{subset.deck.info.name}: multiple-choice quizzes",
        "",
        f"{len(quiz.questions)} questions, one per card, four options each; the three wrong options are",
        "other answers of the same kind in the deck. Cards on which the articles disagree are asked",
        'as "Which article says ...?". The LMS files (GIFT, Moodle XML, QTI) show each answer\'s',
        "citation as feedback.",
        "",
        "WHERE EACH FILE GOES",
    ]
    if not quiz.questions:  # say so instead of an empty list of files
        guide = [
            f"{subset.deck.info.name}: no multiple-choice quiz",
            "",
            "No card could be asked with four options: a question needs three wrong options, taken from",
            "other cards of its kind or pinned on the card with distractors: [...]. Why, card by card:",
        ]
    for suffix, what, where in FORMATS.values() if quiz.questions else ():
        guide.append(f"  {subset.stem}{suffix}")
        guide.append(f"      {what}. {where}.")
    left = quiz.left_out
    guide += ["", f"CARDS LEFT OUT ({len(left)})"] + [f"  {x.card.id}: {x.reason}" for x in left]
    guide += ["", f"TEXTS SHORTENED TO A PLATFORM'S LIMITS ({len(shortened)})"] + shortened
    files[f"{QUIZZES}/README.txt"] = ("\n".join(guide) + "\n").encode("utf-8")
    notes = (
        [f"{len(shortened)} quiz texts shortened to fit Kahoot's limits (listed in quizzes/README.txt)"]
        if shortened
        else []
    )
    if not quiz.questions:
        notes.append(
            "no multiple-choice quiz in the pack: no card has three wrong options of its kind "
            "(quizzes/README.txt says why, card by card; pin them with distractors: [...])"
        )
    return files, notes


def pack_bytes(
    subset: Subset, apkg: bytes, changelog: bytes | None, core_apkg: bytes | None = None
) -> tuple[bytes, tuple, list[str]]:
    """The class pack zip's bytes for a deck or subset whose .apkg is `apkg`, with the changelog
    (if any) and, for a full deck with cards tagged `core`, the core deck's .apkg `core_apkg`
    (core_apkg_bytes): (zip bytes, ((name, size), ...), warnings)."""
    warnings = []
    deck = subset.deck
    folder = f"{subset.stem}-class-pack"
    apkg_name = subset.filename
    files = {apkg_name: apkg}
    core = core_subset(subset)
    if core is not None and core_apkg is not None:  # the core deck beside the full one: same notes
        files[core.filename] = core_apkg
    else:
        core = None
    handout, quiz = handout_html(deck), quiz_html(deck)
    files["handout.html"] = handout.encode("utf-8")
    files["quiz.html"] = quiz.encode("utf-8")
    chromium, why_not = chromium_choice()
    pdf_note = ""
    if chromium is None and why_not == OPTED_OUT:  # asked for: nothing to warn about
        pdf_note = "the teacher chose to make this pack without them (HTML only)."
    elif chromium is None:
        pdf_note = "Chromium was not installed on the computer that made this pack."
        warnings.append(
            f"{why_not}: the pack has the handout and quiz as HTML but no PDFs "
            "(install the 'chromium' package, or set DECKBUILDER_CHROMIUM to a Chrome/Chromium binary, "
            "or to 'none' to skip PDFs without this warning)"
        )
    else:
        missing = missing_script_fonts(handout)
        if missing:
            warnings.append(
                f"no {' or '.join(missing)} font installed: the PDFs will show boxes for that text "
                "(install fonts-noto-cjk); the HTML files are fine on students' devices"
            )
        try:
            files["handout.pdf"] = html_to_pdf(handout, chromium)
            files["quiz.pdf"] = html_to_pdf(quiz, chromium)
        except PdfError as exc:
            files.pop("handout.pdf", None)
            pdf_note = "printing them failed on the computer that made this pack."
            warnings.append(f"no PDFs in the pack: {exc}")
    quizzes, notes = quiz_files(subset)
    files.update(quizzes)
    warnings += notes
    if changelog is not None:
        files[CHANGELOG] = changelog
    files["README.txt"] = student_guide(
        subset, apkg_name, "handout.pdf" in files, changelog is not None, pdf_note, len(quizzes) > 1, core
    ).encode("utf-8")
    data = deterministic_zip({f"{folder}/{name}": content for name, content in files.items()})
    entries = tuple((f"{folder}/{name}", len(files[name])) for name in sorted(files))
    return data, entries, warnings


def build_pack(project: Project, subset: Subset, output: Path | None = None) -> PackResult:
    """Write a class pack of the cards as they are now. The deck in it is a draft build (the last
    release's deck when nothing changed since): `unreleased` says what a release would add, and
    `deckbuilder release` re-makes the pack in decks/ from the release itself."""
    started = time.perf_counter()
    path = output or pack_path(project, subset)
    check_writable(path, project.root if output is None else None)  # before printing, not after
    loaded, update, _ = plan(project)
    problems = tuple(d for d in loaded.diagnostics if d.severity == "error") + tuple(check_changelog(project))
    if update is None or loaded.deck is None or problems:
        raise PackError(problems or loaded.diagnostics)
    _, apkg = package_bytes(loaded.deck, update, subset.selection)
    changelog = changelog_path(project)
    data, entries, warnings = pack_bytes(
        subset, apkg, changelog.read_bytes() if changelog.is_file() else None, core_apkg_bytes(subset, update)
    )
    size = write_atomic(path, data)
    unreleased = summary(compare(update.previous, update.lock)) if update.changed_anything else ""
    return PackResult(path, entries, size, tuple(warnings), time.perf_counter() - started, unreleased)
