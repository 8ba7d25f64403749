"""The class pack: its files, the student guide, reproducible bytes, PDFs read back with pypdf."""

import errno
import io
import re
import shutil
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest

import builder.core.io
from builder.publish.pdf import find_chromium, verify_pdf

from .ankitools import import_apkg, new_collection
from .conftest import SHARING

CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium); .ci/run installs it"
)
PACK = "sharing-test-deck-class-pack"


def _files(zip_path) -> dict:
    with zipfile.ZipFile(zip_path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


@pytest.fixture
def no_chromium(monkeypatch):
    monkeypatch.setenv("DECKBUILDER_CHROMIUM", "none")


@pytest.fixture(scope="module")
def pdf_pack(tmp_path_factory):
    """One pack printed with Chromium, shared by the PDF tests (printing takes a few seconds)."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium); .ci/run installs it")
    from click.testing import CliRunner

    from builder.cli.main import cli

    project = tmp_path_factory.mktemp("pack") / "sharing"
    shutil.copytree(SHARING, project)
    result = CliRunner().invoke(cli, ["-C", str(project), "pack"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return project / "decks" / f"{PACK}.zip"


def test_pack_holds_deck_handout_quiz_and_guide(sharing, run, no_chromium):
    assert run("-C", sharing, "release", "--yes").exit_code == 0
    result = run("-C", sharing, "pack")
    assert result.exit_code == 0, result.output
    names = sorted(_files(sharing / "decks" / f"{PACK}.zip"))
    assert names == [
        f"{PACK}/{n}"
        for n in (
            "CHANGELOG.md",
            "README.txt",
            "handout.html",
            "quiz.html",
            "quizzes/README.txt",  # no quiz file: no kind has the four cards a question needs
            "sharing-test-deck.apkg",
        )
    ]


def test_a_pack_without_any_quiz_question_says_so_and_promises_no_quizzes(sharing, run, no_chromium):
    result = run("-C", sharing, "pack")
    assert result.exit_code == 0 and "no multiple-choice quiz in the pack" in result.output, result.output
    files = _files(sharing / "decks" / f"{PACK}.zip")
    assert "Kahoot" not in files[f"{PACK}/README.txt"].decode()  # the student guide offers no quizzes
    readme = files[f"{PACK}/quizzes/README.txt"].decode()
    assert "no multiple-choice quiz" in readme and "WHERE EACH FILE GOES" not in readme


def test_pack_without_chromium_warns_and_says_so_in_the_guide(project, run, monkeypatch, tmp_path):
    monkeypatch.delenv("DECKBUILDER_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no browser anywhere on PATH
    result = run("-C", project, "pack")
    assert result.exit_code == 0, result.output
    assert "warning: chromium not found (looked on PATH for chromium," in result.output
    guide = _files(project / "decks" / "test-deck-class-pack.zip")["test-deck-class-pack/README.txt"].decode()
    assert "No PDF files: Chromium was not installed" in guide and "File > Print" in guide


def test_pack_with_chromium_none_skips_pdfs_without_a_warning(project, run, monkeypatch):
    assert run("-C", project, "release", "--yes").exit_code == 0
    monkeypatch.setenv("DECKBUILDER_CHROMIUM", "none")
    result = run("-C", project, "pack")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "warning" in line]
    assert not [w for w in warnings if "quiz" not in w], warnings  # (this small deck makes no quiz: said)
    files = _files(project / "decks" / "test-deck-class-pack.zip")
    assert not any(name.endswith(".pdf") for name in files)
    assert (
        "No PDF files: the teacher chose to make this pack without them"
        in files["test-deck-class-pack/README.txt"].decode()
    )


def test_pack_with_a_chromium_path_that_does_not_exist_names_that_path(project, run, monkeypatch):
    monkeypatch.setenv("DECKBUILDER_CHROMIUM", "/nonexistent/chrome")
    result = run("-C", project, "pack")
    assert result.exit_code == 0, result.output
    assert "warning: DECKBUILDER_CHROMIUM=/nonexistent/chrome: this path does not exist" in result.output
    assert "chromium not found" not in result.output


def test_student_guide_covers_every_app_updates_and_retired_cards(sharing, run, no_chromium):
    run("-C", sharing, "pack")
    guide = _files(sharing / "decks" / f"{PACK}.zip")[f"{PACK}/README.txt"].decode()
    for words in (
        "Double-click sharing-test-deck.apkg",
        "AnkiDroid",
        "AnkiMobile",
        "Do NOT delete the old deck",
        "keeps your review history",
        "tag:retired",
        "7 notes, which Anki shows as 8 cards",
    ):
        assert words in guide


def _guide(sharing, run, *args) -> str:
    run("-C", sharing, "pack", *args)
    return _files(sharing / "decks" / f"{PACK}.zip")[f"{PACK}/README.txt"].decode()


def test_student_guide_counts_notes_and_anki_cards_per_kind(sharing, run, no_chromium):
    guide = _guide(sharing, run)
    rows = dict((m[0], (int(m[1]), int(m[2]))) for m in re.findall(r"^  (\w+) +(\d+) +(\d+)$", guide, re.M))
    assert rows["People"] == (1, 2) and rows["Dates"][0] == rows["Dates"][1]  # a person note makes two cards
    assert sum(n for n, _ in rows.values()) == 7 and sum(c for _, c in rows.values()) == 8


def test_student_guide_removes_retired_cards_on_every_app(sharing, run, no_chromium):
    guide = _guide(sharing, run)
    retired = guide[guide.index("HOW TO REMOVE RETIRED CARDS") : guide.index("HOW THE CARDS ARE ORGANISED")]
    for app in ("Browse", "AnkiDroid", "AnkiMobile", "iPhone or iPad"):
        assert app in retired
    assert retired.count("tag:retired") == 3 and "Select All" in retired


def test_student_guide_takes_tag_examples_and_article_labels_from_the_deck(sharing, run, no_chromium):
    guide = _guide(sharing, run)
    assert "source::time" not in guide and "kind::quote and" not in guide  # not this deck's tags
    assert "such as\nkind::date and source::mini" in guide  # its first card's
    articles = guide[guide.index("THE ARTICLES") :]
    assert "not stated" not in guide
    assert "  - Test Gazette · “Lee meets Takaichi in Nara” (tag source::mini)\n" in articles
    assert "  - An article by A. Writer · 2026-01-20 (tag source::other)\n" in articles


def test_pack_includes_the_changelog_when_there_is_one(sharing, run, no_chromium):
    (sharing / "decks").mkdir()
    (sharing / "decks" / "CHANGELOG.md").write_text("# Changelog\n\n## 2\n- fixed a date\n")
    run("-C", sharing, "pack")
    files = _files(sharing / "decks" / f"{PACK}.zip")
    packed = files[f"{PACK}/CHANGELOG.md"]
    assert packed == (sharing / "decks" / "CHANGELOG.md").read_bytes()  # as it is: a pack is not a release
    assert packed == b"# Changelog\n\n## 2\n- fixed a date\n"
    assert b"CHANGELOG.md    what changed" in files[f"{PACK}/README.txt"]


def test_pack_zip_is_byte_identical_twice(sharing, run, no_chromium):
    run("-C", sharing, "pack", "-o", sharing / "a.zip")
    run("-C", sharing, "pack", "-o", sharing / "b.zip")
    assert (sharing / "a.zip").read_bytes() == (sharing / "b.zip").read_bytes()
    with zipfile.ZipFile(sharing / "a.zip") as zf:
        assert {i.date_time for i in zf.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        assert zf.namelist() == sorted(zf.namelist())


def test_deck_in_the_pack_imports_into_anki(sharing, run, no_chromium, tmp_path):
    run("-C", sharing, "pack")
    apkg = tmp_path / "from-pack.apkg"
    apkg.write_bytes(_files(sharing / "decks" / f"{PACK}.zip")[f"{PACK}/sharing-test-deck.apkg"])
    col = new_collection(tmp_path / "anki")
    try:
        import_apkg(col, apkg)
        assert col.note_count() == 7 and col.card_count() == 8
        guide = _files(sharing / "decks" / f"{PACK}.zip")[f"{PACK}/README.txt"].decode()
        assert f"{col.note_count()} notes, which Anki shows as {col.card_count()} cards" in guide
    finally:
        col.close()


def test_pack_carries_the_released_deck_so_edits_arrive(sharing, run, no_chromium, monkeypatch):
    """The .apkg in the pack is the release's; after an edit, `pack` holds a draft stamped newer (and
    says it is one), and `release` re-makes the pack in decks/ from the release."""
    assert run("-C", sharing, "release", "--yes").exit_code == 0
    released = (sharing / "decks" / "sharing-test-deck.apkg").read_bytes()
    assert run("-C", sharing, "pack").exit_code == 0
    assert _files(sharing / "decks" / f"{PACK}.zip")[f"{PACK}/sharing-test-deck.apkg"] == released
    cards = next(p for p in sorted((sharing / "cards").glob("*.yaml")) if p.name != "deck.yaml")
    text = cards.read_text(encoding="utf-8")
    cards.write_text(text.replace("answer:", "answer: (corrected)", 1), encoding="utf-8")
    monkeypatch.setenv("DECKBUILDER_NOW", "1790000000")
    draft = run("-C", sharing, "pack")
    assert "the deck in this pack is a draft (1 corrected" in draft.output
    assert _files(sharing / "decks" / f"{PACK}.zip")[f"{PACK}/sharing-test-deck.apkg"] != released
    assert run("-C", sharing, "status").exit_code == 1  # the pack in decks/ holds a draft
    assert run("-C", sharing, "release", "--yes").exit_code == 0
    packed = _files(sharing / "decks" / f"{PACK}.zip")[f"{PACK}/sharing-test-deck.apkg"]
    assert packed == (sharing / "decks" / "sharing-test-deck.apkg").read_bytes() != released
    assert "1790000000" in (sharing / "cards" / "deck.lock").read_text(encoding="utf-8")
    assert run("-C", sharing, "status").exit_code == 0


def test_subset_pack_has_its_own_name_and_only_its_cards(sharing, run, no_chromium):
    result = run("-C", sharing, "pack", "--source", "other")
    assert result.exit_code == 0, result.output
    stem = "sharing-test-deck--cards-from-other"
    files = _files(sharing / "decks" / f"{stem}-class-pack.zip")
    assert f"{stem}-class-pack/{stem}.apkg" in files
    handout = files[f"{stem}-class-pack/handout.html"].decode()
    assert handout.count('class="entry"') == 2
    assert "same cards as the full deck" in files[f"{stem}-class-pack/README.txt"].decode()


def test_failed_pack_keeps_the_previous_pack_and_leaves_no_temp_file(sharing, run, no_chromium, monkeypatch):
    assert run("-C", sharing, "pack").exit_code == 0
    before = (sharing / "decks" / f"{PACK}.zip").read_bytes()
    (sharing / "cards" / "deck.yaml").write_text(
        (sharing / "cards" / "deck.yaml").read_text().replace("plus cards", "and cards")
    )
    real_replace = builder.core.io.os.replace

    def explode(src, dst):  # the .apkg inside is made; renaming the zip into place fails
        if str(dst).endswith(".zip"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(builder.core.io.os, "replace", explode)
    result = run("-C", sharing, "pack")
    monkeypatch.setattr(builder.core.io.os, "replace", real_replace)
    assert result.exit_code == 1
    assert result.output.startswith(f"decks/{PACK}.zip: error[disk-full]: no space left on the disk")
    assert (sharing / "decks" / f"{PACK}.zip").read_bytes() == before
    assert sorted(p.name for p in (sharing / "decks").iterdir()) == [f"{PACK}.zip"]


def test_handout_escapes_card_text(sharing, run, no_chromium):
    run("-C", sharing, "pack")
    handout = _files(sharing / "decks" / f"{PACK}.zip")[f"{PACK}/handout.html"].decode()
    assert "<script" not in handout and "<img" not in handout
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in handout


def _pdf_text(data: bytes):
    """Text of each page. NFKC because the CJK font maps some glyphs to look-alike code points
    (高 comes back as the Kangxi radical ⾼); the printed page is right, the text layer is lossy."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [unicodedata.normalize("NFKC", page.extract_text()) for page in reader.pages]


def _cjk_fonts() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    import subprocess

    return bool(subprocess.run([fc_list, ":lang=ko"], capture_output=True, text=True).stdout.strip())


@needs_chromium
def test_handout_pdf_shows_every_card(pdf_pack):
    pages = _pdf_text(_files(pdf_pack)[f"{PACK}/handout.pdf"])
    assert len(pages) > 0
    numbers = [int(n) for n in re.findall(r"#(\d+)", " ".join(pages))]
    assert sorted(numbers) == list(range(1, 8))


@needs_chromium
@pytest.mark.skipif(
    not _cjk_fonts(), reason="no Korean/Japanese font (apt-get install fonts-noto-cjk); .ci/run installs it"
)
def test_handout_pdf_prints_korean_and_japanese(pdf_pack):
    text = " ".join(_pdf_text(_files(pdf_pack)[f"{PACK}/handout.pdf"]))
    assert "高市早苗" in text and "이재명" in text


@needs_chromium
def test_quiz_pdf_puts_the_answer_key_on_its_own_pages(pdf_pack):
    pages = _pdf_text(_files(pdf_pack)[f"{PACK}/quiz.pdf"])
    key_pages = [i for i, text in enumerate(pages) if "Answer key" in text]
    assert key_pages and key_pages[0] > 0
    assert all("Answer key" not in text for text in pages[: key_pages[0]])
    assert "Who is Daniel Sneider?" in " ".join(pages[: key_pages[0]])
    assert "Lee Jae Myung (" in " ".join(pages[key_pages[0] :])


@needs_chromium
def test_handout_pdf_prints_each_quotation_mark_once_in_the_articles_characters(pdf_pack):
    text = " ".join(_pdf_text(_files(pdf_pack)[f"{PACK}/handout.pdf"]))
    assert "“We are starting a new 60 years,” Lee said" in text  # the card types "We ... years,"
    assert "““" not in text and "””" not in text


@needs_chromium
def test_pdf_carries_no_print_date(pdf_pack):
    data = _files(pdf_pack)[f"{PACK}/handout.pdf"]
    assert re.findall(rb"/CreationDate \(D:(\d{14})", data) == [b"20260101000000"]


@needs_chromium
def test_guide_lists_the_pdfs_when_chromium_printed_them(pdf_pack):
    files = _files(pdf_pack)
    assert f"{PACK}/quiz.pdf" in files
    assert "handout.pdf / handout.html" in files[f"{PACK}/README.txt"].decode()


def fake_chromium(tmp_path, body: str) -> str:
    path = tmp_path / "fake-chromium"
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)
    return str(path)


def test_chromium_output_that_is_not_a_pdf_is_left_out_of_the_pack(project, run, monkeypatch, tmp_path):
    writes_html = 'for a; do case "$a" in --print-to-pdf=*) echo "<html>x</html>" > "${a#--print-to-pdf=}";; esac; done'
    monkeypatch.setenv("DECKBUILDER_CHROMIUM", fake_chromium(tmp_path, writes_html))
    result = run("-C", project, "pack")
    assert result.exit_code == 0, result.output
    assert "warning: no PDFs in the pack: fake-chromium wrote a file that is not a usable PDF" in result.output
    with zipfile.ZipFile(project / "decks" / "test-deck-class-pack.zip") as zf:
        names = zf.namelist()
        guide = zf.read("test-deck-class-pack/README.txt").decode()
    assert not [n for n in names if n.endswith(".pdf")]
    assert "No PDF files: printing them failed" in guide


def test_chromium_that_hangs_is_given_up_after_the_timeout_with_its_helpers(project, run, monkeypatch, tmp_path):
    marker = tmp_path / "helper.pid"
    monkeypatch.setenv("DECKBUILDER_CHROMIUM", fake_chromium(tmp_path, f"sleep 60 &\necho $! > {marker}\nwait"))
    monkeypatch.setenv("DECKBUILDER_PDF_TIMEOUT", "0.5")
    result = run("-C", project, "pack")
    assert result.exit_code == 0, result.output
    assert "fake-chromium did not finish printing within 0.5 s (set DECKBUILDER_PDF_TIMEOUT" in result.output
    helper = Path(f"/proc/{marker.read_text().strip()}/stat")
    for _ in range(500):  # the browser's own children end too (a zombie has ended: state Z)
        if not helper.exists() or helper.read_text().rsplit(")", 1)[1].split()[0] == "Z":
            break
        time.sleep(0.01)
    else:
        pytest.fail("Chromium's helper process outlived the time-out")


def test_pdf_check_refuses_what_is_not_a_pdf_with_pages():
    assert verify_pdf(b"<html></html>").startswith("it starts with")
    assert verify_pdf(b"%PDF-1.4\n1 0 obj<</Type/Pages/Count 0>>endobj\n%%EOF\n") == "it has no pages"
    assert verify_pdf(b"%PDF-1.4\n1 0 obj<</Type /Page>>endobj\n") == "it is cut short: no %%EOF at its end"
    assert verify_pdf(b"%PDF-1.4\n1 0 obj<</Type /Page>>endobj\n%%EOF\n") == ""


# --- the core set: cards tagged `core`, offered beside the full deck ---


@pytest.fixture
def with_core(sharing):
    cards = sharing / "cards" / "cards.yaml"
    text = cards.read_text(encoding="utf-8")
    for card_id in ("nara-date", "quote-new-60-years"):
        head, rest = text.split(f"  - id: {card_id}\n", 1)
        before, tags, after = rest.partition("    tags: [")
        text = head + f"  - id: {card_id}\n" + before + tags + "core, " + after
    cards.write_text(text, encoding="utf-8")
    return sharing


CORE_APKG = "sharing-test-deck--cards-tagged-core.apkg"


def test_pack_offers_the_core_deck_beside_the_full_deck(with_core, run, no_chromium, tmp_path):
    assert run("-C", with_core, "pack").exit_code == 0
    files = _files(with_core / "decks" / f"{PACK}.zip")
    assert f"{PACK}/{CORE_APKG}" in files and f"{PACK}/sharing-test-deck.apkg" in files
    core = tmp_path / "core.apkg"
    core.write_bytes(files[f"{PACK}/{CORE_APKG}"])
    full = tmp_path / "full.apkg"
    full.write_bytes(files[f"{PACK}/sharing-test-deck.apkg"])
    col = new_collection(tmp_path / "anki")
    try:
        import_apkg(col, core)
        assert col.note_count() == 2
        assert col.decks.id_for_name("Sharing test deck — Core cards") is not None
        log = import_apkg(col, full).log  # the full deck later: only the rest arrives
        assert col.note_count() == 7 and len(log.new) == 5
    finally:
        col.close()


def test_the_student_guide_says_what_is_in_each_deck(with_core, run, no_chromium):
    guide = _guide(with_core, run)
    which = guide[guide.index("WHICH DECK?") :]
    assert f"{CORE_APKG}\n      the core deck: the 2 cards to learn first (1 dates, 1 quotes; 0 on" in which
    assert "sharing-test-deck.apkg\n      the full deck: all 7 cards" in which
    assert "Start with the core deck." in which


def test_a_deck_without_core_cards_packs_one_deck(sharing, run, no_chromium):
    assert run("-C", sharing, "pack").exit_code == 0
    names = _files(sharing / "decks" / f"{PACK}.zip")
    assert not any("tagged-core" in n for n in names)
    assert "WHICH DECK?" not in _guide(sharing, run)


def test_the_handout_marks_the_core_cards(with_core, run, no_chromium):
    run("-C", with_core, "pack")
    handout = _files(with_core / "decks" / f"{PACK}.zip")[f"{PACK}/handout.html"].decode()
    assert handout.count('<span class="badge">core</span>') == 2


def test_the_guide_of_a_version_2_deck_sends_upgrading_students_to_the_full_deck_first(with_core, run, no_chromium):
    """A 1.x student who imports the core deck before the full one gets cards mixed up by Anki's
    note-type merge (tests/test_migration.py): the guide's 'which deck' advice says so."""
    deck_yaml = with_core / "cards" / "deck.yaml"
    text = deck_yaml.read_text(encoding="utf-8")
    deck_yaml.write_text(text.replace("version: 1", "version: 2") if "version: 1" in text else text + "  version: 2\n")
    which = _guide(with_core, run)
    which = which[which.index("WHICH DECK?") :]
    assert "If you studied version 1 of this deck, import the full deck first" in which
