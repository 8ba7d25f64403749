"""The preview page as a file: where it goes, that it is reproducible and self-contained."""

import re


def test_preview_is_byte_identical_twice(sharing, run):
    run("-C", sharing, "preview")
    first = (sharing / "decks" / "preview" / "index.html").read_bytes()
    run("-C", sharing, "preview")
    assert (sharing / "decks" / "preview" / "index.html").read_bytes() == first


def test_subset_preview_gets_its_own_file(sharing, run):
    result = run("-C", sharing, "preview", "--tag", "beijing-summit")
    assert result.exit_code == 0, result.output
    page = (sharing / "decks" / "preview" / "sharing-test-deck--cards-tagged-beijing-summit.html").read_text()
    assert page.count('<article class="entry"') == 2
    assert not (sharing / "decks" / "preview" / "index.html").exists()


def test_preview_fetches_nothing_and_allows_only_its_own_script(sharing, run):
    run("-C", sharing, "preview")
    page = (sharing / "decks" / "preview" / "index.html").read_text()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "script-src 'sha256-" in page and page.count("<script>") == 1
