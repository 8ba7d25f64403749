"""The build cache (.deckbuilder-cache/): it only ever saves time, never changes a result."""

import shutil
from pathlib import Path

import pytest

from builder.engine.cache import CACHE_DIR, FileCache

DECK = Path("decks") / "test-deck.apkg"


def outputs(project: Path) -> dict:
    """The files a build or release writes, as bytes."""
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in sorted(project.glob("decks/*")) + [project / "cards" / "deck.lock"]
        if p.is_file()
    }


def edit(project: Path, old: str, new: str) -> None:
    path = project / "cards" / "cards.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def cache_files(project: Path) -> list:
    return [p for p in (project / CACHE_DIR).rglob("*") if p.is_file() and p.name != ".gitignore"]


def test_a_build_fills_the_cache(project, run):
    assert run("-C", project, "build").exit_code == 0
    assert len(list((project / CACHE_DIR / "files").glob("*.json"))) == 1


def test_an_edited_file_is_read_again_not_taken_from_the_cache(project, run):
    assert run("-C", project, "build").exit_code == 0
    edit(project, "answer: Tuesday, January 13", "answer: Tuesday, 13 January")
    assert run("-C", project, "release", "--yes").exit_code == 0
    lock = (project / "cards" / "deck.lock").read_text(encoding="utf-8")
    assert '"answer": "Tuesday, 13 January"' in lock and '"answer": "Tuesday, January 13"' not in lock


def test_an_error_introduced_after_a_cached_build_is_reported(project, run):
    assert run("-C", project, "build").exit_code == 0
    edit(project, "quote: in Nara on Tuesday, January 13", "quote: in Nara on Wednesday, January 13")
    result = run("-C", project, "build")
    assert result.exit_code == 1
    assert "source quote not found in seed 'mini'" in result.output


def test_a_changed_seed_invalidates_cached_citation_checks(project, run):
    assert run("-C", project, "build").exit_code == 0
    article = project / "seeds" / "article.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("January 13", "January 14"), encoding="utf-8")
    result = run("-C", project, "check")
    assert result.exit_code == 1 and "source quote not found" in result.output


def test_deleting_the_cache_changes_no_output_byte(project, run, tmp_path):
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    for p in (project, twin):
        assert run("-C", p, "build").exit_code == 0
        edit(p, "answer: Tuesday, January 13", "answer: Tuesday, 13 January")
    shutil.rmtree(twin / CACHE_DIR)
    for p in (project, twin):
        assert run("-C", p, "release", "--yes").exit_code == 0
    assert outputs(project) == outputs(twin)
    assert len(outputs(project)) >= 3  # deck, changelog and lock


def test_building_without_the_cache_gives_the_same_bytes(project, run, tmp_path, monkeypatch):
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    assert run("-C", project, "build").exit_code == 0
    assert run("-C", project, "build").exit_code == 0  # second build: all from the cache
    monkeypatch.setenv("DECKBUILDER_CACHE", "0")
    assert run("-C", twin, "build").exit_code == 0
    assert not (twin / CACHE_DIR).exists()
    assert outputs(project) == outputs(twin)


@pytest.mark.parametrize(
    "garbage",
    [b"", b"{not json", b'{"key": 1}', b"[]", b"\xff\xfe", b'{"key": "x", "cards": [[1, 2]], "diags": [], "ids": {}}'],
)
def test_a_corrupt_cache_file_is_ignored(project, run, tmp_path, garbage):
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    assert run("-C", project, "build").exit_code == 0
    for path in cache_files(project):
        path.write_bytes(garbage)
    edit(project, "answer: Tuesday, January 13", "answer: Tuesday, 13 January")
    assert run("-C", project, "build").exit_code == 0
    assert run("-C", twin, "build").exit_code == 0
    edit(twin, "answer: Tuesday, January 13", "answer: Tuesday, 13 January")
    assert run("-C", twin, "build").exit_code == 0
    assert outputs(project) == outputs(twin)


def test_a_corrupt_entry_under_the_right_key_is_rebuilt(project, run):
    assert run("-C", project, "build").exit_code == 0
    fresh = run("-C", project, "check").output
    (entry,) = (project / CACHE_DIR / "files").glob("*.json")
    entry.write_text('{"key": "' + entry.stem + '", "cards": "oops", "diags": [], "ids": {}}', encoding="utf-8")
    result = run("-C", project, "check")
    assert result.exit_code == 0 and result.output == fresh
    assert '"oops"' not in entry.read_text(encoding="utf-8")


def test_a_deck_changed_on_disk_is_written_again(project, run):
    assert run("-C", project, "build").exit_code == 0
    good = (project / DECK).read_bytes()
    (project / DECK).write_bytes(b"tampered")
    assert run("-C", project, "build").exit_code == 0
    assert (project / DECK).read_bytes() == good


def test_the_cache_ignores_itself_in_git(project, run):
    assert run("-C", project, "build").exit_code == 0
    assert (project / CACHE_DIR / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert not (project / ".gitignore").exists()


def test_cache_keys_differ_for_other_bytes_paths_and_seeds(tmp_path):
    a, b = FileCache(tmp_path, "seeds-1"), FileCache(tmp_path, "seeds-2")
    assert a.key("cards/x.yaml", b"1") != a.key("cards/x.yaml", b"2")
    assert a.key("cards/x.yaml", b"1") != a.key("cards/y.yaml", b"1")
    assert a.key("cards/x.yaml", b"1") != b.key("cards/x.yaml", b"1")


def test_entries_of_edited_files_are_pruned(project, run):
    assert run("-C", project, "build").exit_code == 0
    (before,) = (project / CACHE_DIR / "files").glob("*.json")
    edit(project, "answer: Tuesday, January 13", "answer: Tuesday, 13 January")
    assert run("-C", project, "build").exit_code == 0
    (after,) = (project / CACHE_DIR / "files").glob("*.json")
    assert before.name != after.name


def test_ids_repeated_across_files_point_at_the_first_file(project, run):
    cards = (project / "cards" / "cards.yaml").read_text(encoding="utf-8")
    body = cards.split("cards:\n", 1)[1]
    (project / "cards" / "more.yaml").write_text("cards:\n" + body + "\n" + body, encoding="utf-8")
    result = run("-C", project, "check")
    dups = [line for line in result.output.splitlines() if "duplicate card id 'nara-date'" in line]
    assert len(dups) == 2 and all(line.startswith("cards/more.yaml:") for line in dups)
    hints = result.output.split("duplicate card id 'nara-date'")[1:]
    assert all(
        h.split("\n")[1].strip() == "hint: first used at cards/cards.yaml:3; every card needs its own id" for h in hints
    )


def _without_time(output: str) -> str:
    import re

    return re.sub(r" in \d+\.\d\d s", " in _ s", output)


def test_an_unchanged_project_is_not_built_again(project, run, monkeypatch):
    from builder.engine import pipeline

    assert run("-C", project, "build").exit_code == 0
    monkeypatch.setattr(pipeline, "_build", lambda *a: pytest.fail("built although nothing changed"))
    result = run("-C", project, "build")
    assert result.exit_code == 0
    assert "Draft: no release yet (5 cards would be release 1.0)" in result.output


def test_an_edit_after_an_unchanged_build_is_built(project, run):
    assert run("-C", project, "release", "--yes").exit_code == 0
    assert run("-C", project, "build").exit_code == 0
    assert run("-C", project, "build").exit_code == 0
    edit(project, "answer: Tuesday, January 13", "answer: Tuesday, 13 January")
    result = run("-C", project, "build")
    assert "Draft: 1 changed, 0 added, 0 retired since release 1.0" in result.output
    assert '"answer": "Tuesday, 13 January"' not in (project / "cards" / "deck.lock").read_text(encoding="utf-8")


def test_a_reused_build_reports_what_a_real_one_reports(project, run, tmp_path, monkeypatch):
    (project / "seeds" / "unlisted.txt").write_text("An article nobody cites.\n", encoding="utf-8")  # a warning
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    for p in (project, twin):
        assert run("-C", p, "build").exit_code == 0  # first build: records what it gave
    reused = run("-C", project, "build")
    monkeypatch.setenv("DECKBUILDER_CACHE", "0")
    real = run("-C", twin, "build")
    assert "seeds/unlisted.txt is not listed" in real.output
    assert _without_time(reused.output) == _without_time(real.output)
    assert outputs(project) == outputs(twin)


def test_a_retirement_warning_is_repeated_by_a_reused_draft_until_released(project, run):
    assert run("-C", project, "release", "--yes").exit_code == 0
    text = (project / "cards" / "cards.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: person-sneider")
    end = text.index("  - id:", start + 5)
    (project / "cards" / "cards.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    assert "was released but is in no card file now" in run("-C", project, "build").output
    again = run("-C", project, "build")  # from the build memo: still a draft, still not released
    assert "was released but is in no card file now" in again.output and "1 retired since release 1.0" in again.output
    assert "was removed" not in run("-C", project, "release", "--yes").output.split("Released")[1]
