"""The build cache (outside the project, entries authenticated): it only ever saves time, never changes a result."""

import shutil
from pathlib import Path

import pytest

from builder.engine.cache import FileCache, Store

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


def cache_dir(project: Path) -> Path:
    store = Store.open(project)
    assert store is not None
    return store.dir


def cache_files(project: Path) -> list:
    return [p for p in cache_dir(project).rglob("*") if p.is_file()]


def test_a_build_fills_the_cache(project, run):
    assert run("-C", project, "build").exit_code == 0
    assert len(list((cache_dir(project) / "files").glob("*.json"))) == 1


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
    shutil.rmtree(cache_dir(twin))
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
    monkeypatch.delenv("DECKBUILDER_CACHE")
    assert not cache_dir(twin).exists()
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


def test_a_malformed_entry_with_a_sound_signature_is_rebuilt(project, run):
    assert run("-C", project, "build").exit_code == 0
    fresh = run("-C", project, "check").output
    (entry,) = (cache_dir(project) / "files").glob("*.json")
    store = Store.open(project)
    assert store is not None
    store.write(f"files/{entry.name}", '{"key": "' + entry.stem + '", "cards": "oops", "diags": [], "ids": {}}')
    result = run("-C", project, "check")
    assert result.exit_code == 0 and result.output == fresh
    assert '"oops"' not in entry.read_text(encoding="utf-8")


def test_a_deck_changed_on_disk_is_written_again(project, run):
    assert run("-C", project, "build").exit_code == 0
    good = (project / DECK).read_bytes()
    (project / DECK).write_bytes(b"tampered")
    assert run("-C", project, "build").exit_code == 0
    assert (project / DECK).read_bytes() == good


def test_the_cache_is_kept_outside_the_project(project, run, private_cache):
    assert run("-C", project, "build").exit_code == 0
    assert cache_dir(project).is_relative_to(private_cache) and cache_files(project)
    assert sorted(p.name for p in project.iterdir()) == ["cards", "decks", "seeds"]


def test_each_project_has_its_own_cache_folder(project, tmp_path):
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    assert cache_dir(project) != cache_dir(twin)


FORGED = "January 9 (FORGED)"


def forge(text: str) -> str:
    """A cache entry's text with another answer and a quotation the article does not have."""
    assert "Tuesday, January 13" in text
    return text.replace("Tuesday, January 13", FORGED).replace("in Nara on Tuesday", "in Nara on a day nobody cites")


def assert_not_forged(project: Path, run) -> None:
    result = run("-C", project, "check")
    assert result.exit_code == 0 and FORGED not in result.output
    assert run("-C", project, "build").exit_code == 0
    for data in outputs(project).values():
        assert FORGED.encode() not in data and b"a day nobody cites" not in data


def test_a_forged_entry_in_the_cache_is_not_trusted(project, run):
    assert run("-C", project, "build").exit_code == 0
    (project / "decks" / "test-deck.apkg").unlink()  # so the next build cannot reuse it
    for path in (cache_dir(project) / "files").glob("*.json"):
        path.write_bytes(forge(path.read_text(encoding="utf-8")).encode())  # edited in place, signature kept
    assert_not_forged(project, run)


def test_an_entry_signed_by_another_machine_is_not_trusted(project, run, tmp_path, monkeypatch, private_cache):
    assert run("-C", project, "build").exit_code == 0
    (entry,) = (cache_dir(project) / "files").glob("*.json")
    forged = forge(entry.read_bytes().partition(b"\n")[2].decode())
    mine = cache_dir(project)
    monkeypatch.setenv("DECKBUILDER_CACHE_DIR", str(tmp_path / "elsewhere"))  # another user's secret
    other = Store.open(project)
    assert other is not None
    other.write(f"files/{entry.name}", forged)
    shutil.copy(other.dir / "files" / entry.name, mine / "files" / entry.name)
    monkeypatch.setenv("DECKBUILDER_CACHE_DIR", str(private_cache))
    (project / "decks" / "test-deck.apkg").unlink()
    assert_not_forged(project, run)


def test_a_cache_folder_shipped_inside_the_project_is_ignored(project, run, tmp_path):
    assert run("-C", project, "build").exit_code == 0
    (entry,) = (cache_dir(project) / "files").glob("*.json")
    shipped = project / ".deckbuilder-cache" / "files"  # where deckbuilder kept its cache before
    shipped.mkdir(parents=True)
    (shipped / entry.name).write_text(forge(entry.read_bytes().partition(b"\n")[2].decode()), encoding="utf-8")
    shutil.rmtree(cache_dir(project))
    assert_not_forged(project, run)


def test_cache_keys_differ_for_other_bytes_paths_and_seeds(tmp_path):
    a, b = FileCache(tmp_path, "seeds-1"), FileCache(tmp_path, "seeds-2")
    assert a.key("cards/x.yaml", b"1") != a.key("cards/x.yaml", b"2")
    assert a.key("cards/x.yaml", b"1") != a.key("cards/y.yaml", b"1")
    assert a.key("cards/x.yaml", b"1") != b.key("cards/x.yaml", b"1")


def test_an_edited_file_keeps_one_entry(project, run):
    assert run("-C", project, "build").exit_code == 0
    (before,) = (cache_dir(project) / "files").glob("*.json")
    text = before.read_bytes()
    edit(project, "answer: Tuesday, January 13", "answer: Tuesday, 13 January")
    assert run("-C", project, "build").exit_code == 0
    (after,) = (cache_dir(project) / "files").glob("*.json")
    assert after.read_bytes() != text


def test_entries_of_removed_files_are_pruned(project, run):
    cards = project / "cards" / "cards.yaml"
    (project / "cards" / "more.yaml").write_text(cards.read_text(encoding="utf-8").replace("id: ", "id: more-"))
    assert run("-C", project, "build").exit_code == 0
    assert len(list((cache_dir(project) / "files").glob("*.json"))) == 2
    (project / "cards" / "more.yaml").unlink()
    assert run("-C", project, "build").exit_code == 0
    assert len(list((cache_dir(project) / "files").glob("*.json"))) == 1


def rendered_ids(monkeypatch) -> list:
    """The ids of the cards the build renders from now on."""
    from builder.engine import pipeline

    seen = []
    real = pipeline.render_card

    def spy(card, deck, mod):
        seen.append(card.id)
        return real(card, deck, mod)

    monkeypatch.setattr(pipeline, "render_card", spy)
    return seen


def test_an_edit_renders_only_the_edited_card(project, run, monkeypatch):
    assert run("-C", project, "build").exit_code == 0
    seen = rendered_ids(monkeypatch)
    edit(project, "answer: Tuesday, January 13", "answer: Tuesday, 13 January")
    assert run("-C", project, "build").exit_code == 0
    assert seen == ["nara-date"]


def test_an_edited_article_renders_only_the_cards_citing_it(project, run, monkeypatch):
    assert run("-C", project, "build").exit_code == 0
    seen = rendered_ids(monkeypatch)
    article = project / "seeds" / "other.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nA sentence no card cites.\n", encoding="utf-8")
    assert run("-C", project, "build").exit_code == 0
    assert seen == ["beijing-delegation"]


def test_cards_checked_by_check_are_rendered_by_the_next_build(project, run, tmp_path, monkeypatch):
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    assert run("-C", project, "check").exit_code == 0
    assert run("-C", project, "build").exit_code == 0
    monkeypatch.setenv("DECKBUILDER_CACHE", "0")
    assert run("-C", twin, "build").exit_code == 0
    assert outputs(project) == outputs(twin)


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
