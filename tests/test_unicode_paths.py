"""Projects in folders with spaces and Korean/Japanese names, and card files with Unicode names, build.

And what the cards say in Korean, Japanese, Chinese, emoji and combining marks reaches Anki as
the author wrote it, normalised to NFC once, on load.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

from click.testing import CliRunner

from builder.cli.main import cli

from .ankitools import import_apkg, new_collection, notes_by_card_id

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent
PLACE = "수업 자료 (이재명) 高市早苗 ✓"


def unicode_project(tmp_path: Path) -> Path:
    root = tmp_path / "my classes" / PLACE
    shutil.copytree(DATA / "valid" / "basic", root)
    return root


def test_project_in_folder_with_spaces_and_korean_name_builds_from_a_subprocess(tmp_path):
    root = unicode_project(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "builder", "-C", str(root), "build"],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 0, proc.stderr
    col = new_collection(tmp_path / "anki")
    try:
        import_apkg(col, root / "decks" / "test-deck.apkg")
        assert len(notes_by_card_id(col)) == 5
    finally:
        col.close()


def test_card_file_with_unicode_name_builds_and_is_named_in_diagnostics(tmp_path):
    root = unicode_project(tmp_path)
    renamed = root / "cards" / "카드 목록 — 日本 🇯🇵.yaml"
    (root / "cards" / "cards.yaml").rename(renamed)
    result = CliRunner().invoke(cli, ["-C", str(root), "build"])
    assert result.exit_code == 0, result.output
    renamed.write_text(
        renamed.read_text(encoding="utf-8").replace("in Nara on Tuesday", "in Kyoto on Tuesday"), encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["-C", str(root), "check"])
    assert result.exit_code == 1
    assert (
        "cards/카드 목록 — 日本 🇯🇵.yaml:9:16: error[citation-not-found]: card 'nara-date': source quote not found"
        in result.stderr
    )


def test_decomposed_card_file_name_as_macos_saves_it_builds(tmp_path):
    root = unicode_project(tmp_path)
    (root / "cards" / "cards.yaml").rename(root / "cards" / unicodedata.normalize("NFD", "카드-é.yaml"))
    result = CliRunner().invoke(cli, ["-C", str(root), "build"])
    assert result.exit_code == 0, result.output


def test_cjk_emoji_and_combining_text_reaches_anki_in_nfc(tmp_path):
    root = unicode_project(tmp_path)
    answer = "이재명, 高市早苗, 习近平 👨\u200d👩\u200d👧 🇰🇷 Cafe\u0301"  # the é is decomposed
    cards = root / "cards" / "cards.yaml"
    cards.write_text(cards.read_text(encoding="utf-8").replace("answer: no ", f"answer: {answer} "), encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(root), "build"])
    assert result.exit_code == 0, result.output
    col = new_collection(tmp_path / "anki")
    try:
        import_apkg(col, root / "decks" / "test-deck.apkg")
        field = notes_by_card_id(col)["beijing-delegation"]["Answer"]
    finally:
        col.close()
    assert field == unicodedata.normalize("NFC", answer)
    assert "Caf\u00e9" in field and "\u200d" in field
