"""File names keep the deck's own letters in any script, and stay legal on every common file system."""

import pytest

from builder.publish.naming import MAX_STEM_BYTES, deck_filename, slug


@pytest.mark.parametrize(
    ("name", "filename"),
    [
        ("이재명 외교 덱", "이재명-외교-덱.apkg"),
        ("日本語デッキ", "日本語デッキ.apkg"),
        ("李在明与习近平：北京会谈", "李在明与习近平-北京会谈.apkg"),
        ("Café Élysée", "café-élysée.apkg"),
        (
            "Lee Jae Myung between Beijing and Nara (January 2026)",
            "lee-jae-myung-between-beijing-and-nara-january-2026.apkg",
        ),
        ("ＦＵＬＬ　ＷＩＤＴＨ ﾃﾞｯｷ", "full-width-デッキ.apkg"),  # NFKC: plain letters
        ('a/b\\c:d*e?f"g<h>i|j', "a-b-c-d-e-f-g-h-i-j.apkg"),
        ("???", "deck.apkg"),
    ],
)
def test_deck_file_name_keeps_letters_of_any_script(name, filename):
    assert deck_filename(name) == filename


def test_a_long_name_in_korean_is_cut_by_bytes_at_a_character_boundary():
    stem = slug("외교" * 200)
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES
    assert stem == "외교" * (MAX_STEM_BYTES // 6)  # 3 bytes a syllable, never half of one


def test_a_korean_deck_builds_to_its_korean_file_name(project, run):
    deck_yaml = project / "cards" / "deck.yaml"
    deck_yaml.write_text(
        deck_yaml.read_text(encoding="utf-8").replace("name: Test deck", "name: 이재명 외교 덱"), encoding="utf-8"
    )
    result = run("-C", project, "build")
    assert result.exit_code == 0, result.output
    assert (project / "decks" / "이재명-외교-덱.apkg").is_file()
