"""`deckbuilder diff`, decks/CHANGELOG.md and `deckbuilder build --check`."""

import json
import shutil
import subprocess

import pytest


def _edit(project, old, new):
    cards = project / "cards" / "cards.yaml"
    text = cards.read_text()
    assert old in text
    cards.write_text(text.replace(old, new))


@pytest.fixture
def released(project, run):
    """The basic project after one release build, with a typo fix, a renamed id and a deletion pending."""
    assert run("-C", project, "release", "--yes").exit_code == 0
    _edit(project, "answer: Tuesday, January 13", "answer: Tuesday, 13 January")
    _edit(project, "id: beijing-delegation", "id: beijing-business-delegation")
    return project


def test_diff_lists_added_changed_and_retired_cards(released, run):
    result = run("-C", released, "diff")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Version 1.1: 1 new card, 1 corrected date, 1 retired card",
        "  + beijing-business-delegation (qa): How many business leaders went with Lee to Beijing?",
        "  ~ nara-date (date): On what day did Lee meet Takaichi in Nara?",
        "      answer: Tuesday, {+13+} January [-13-]",
        "  - beijing-delegation (qa): How many business leaders went with Lee to Beijing?",
    ]


def test_diff_markdown_reads_as_a_note_to_the_class(released, run):
    text = run("-C", released, "diff", "--format", "markdown").stdout
    assert text.startswith("## Version 1.1 (2026-01-01)\n\n1 new card, 1 corrected date, 1 retired card.\n")
    assert "  - answer: Tuesday, **13** January ~~13~~" in text
    assert "search `tag:retired`" in text


def test_diff_json_gives_the_word_runs(released, run):
    data = json.loads(run("-C", released, "diff", "--format", "json").stdout)
    (changed,) = data["changed"]
    assert changed["id"] == "nara-date"
    assert changed["fields"][0]["words"] == [["=", "Tuesday,"], ["+", "13"], ["=", "January"], ["-", "13"]]
    assert [c["id"] for c in data["retired"]] == ["beijing-delegation"]


def test_diff_escapes_card_text_in_markdown(released, run):
    _edit(released, "answer: Tuesday, 13 January", "answer: <b>Tuesday</b>")
    text = run("-C", released, "diff", "--format", "markdown").stdout
    assert "<b>" not in text and "&lt;b&gt;Tuesday&lt;/b&gt;" in text


def test_diff_since_a_git_revision(project, run):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git = lambda *a: subprocess.run(["git", "-C", str(project), *a], check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "empty")
    assert run("-C", project, "release", "--yes").exit_code == 0
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "v1")
    _edit(project, "answer: Tuesday, January 13", "answer: Tuesday, 13 January")
    assert run("-C", project, "release", "--yes").exit_code == 0
    result = run("-C", project, "diff", "--since", "HEAD")
    assert result.stdout.splitlines()[0] == "Version 1.1: 1 corrected date"
    assert run("-C", project, "diff").stdout.splitlines() == ["Version 1.1: no changes"]
    bad = run("-C", project, "diff", "--since", "HEAD~1")
    assert bad.exit_code == 2 and "neither a lock file nor a git revision" in bad.output


def test_diff_since_a_lock_file(released, run, tmp_path):
    old = tmp_path / "old.lock"
    shutil.copy(released / "cards" / "deck.lock", old)
    assert run("-C", released, "release", "--yes").exit_code == 0
    assert run("-C", released, "diff", "--since", old).stdout.startswith("Version 1.1: 1 new card")


def test_build_appends_changelog_once_per_change(released, run):
    log = released / "decks" / "CHANGELOG.md"
    first = log.read_text()
    assert first.startswith("# Changes to this deck\n\n## Version 1.0 (2026-01-01)\n\n5 new cards.")
    assert run("-C", released, "release", "--yes").exit_code == 0
    second = log.read_text()
    assert second.startswith(first) and second.count("## Version") == 2
    assert "## Version 1.1 (2026-01-01)" in second
    assert run("-C", released, "release", "--yes").exit_code == 0
    assert log.read_text() == second


def test_build_check_passes_when_up_to_date(project, run):
    assert run("-C", project, "release", "--yes").exit_code == 0
    result = run("-C", project, "build", "--check")
    assert result.exit_code == 0, result.output
    assert "Up to date" in result.output


def test_build_check_passes_with_unreleased_edits_and_writes_nothing(released, run):
    before = {p: p.read_bytes() for p in (released / "decks").iterdir()}
    lock = (released / "cards" / "deck.lock").read_bytes()
    result = run("-C", released, "build", "--check")
    assert result.exit_code == 0, result.output
    assert {p: p.read_bytes() for p in (released / "decks").iterdir()} == before
    assert (released / "cards" / "deck.lock").read_bytes() == lock


def test_build_check_fails_when_a_draft_replaced_the_released_deck(released, run):
    assert run("-C", released, "build").exit_code == 0
    result = run("-C", released, "build", "--check")
    assert result.exit_code == 1
    assert "decks/test-deck.apkg: error: draft: a draft built after release 1.0: not released" in result.output


def test_build_check_before_the_first_release_passes(project, run):
    assert run("-C", project, "build").exit_code == 0
    result = run("-C", project, "build", "--check")
    assert result.exit_code == 0 and "(none yet)" in result.output


def test_a_change_only_in_how_cards_show_says_so(project, run):
    """A new headline in seeds/sources.yaml changes every citation of that article but no card's
    words: the diff and the class's changelog still list those cards, and say what changed."""
    from builder.anki.changes import RENDERING_ONLY

    assert run("-C", project, "release", "--yes").exit_code == 0
    sources = project / "seeds" / "sources.yaml"
    text = sources.read_text()
    sources.write_text(text.replace("headline: ", "headline: Updated - ", 1))
    result = run("-C", project, "diff")
    assert result.exit_code == 0, result.output
    changed = [line for line in result.stdout.splitlines() if line.startswith("  ~ ")]
    assert changed and result.stdout.count(RENDERING_ONLY) == len(changed)
    assert run("-C", project, "release", "--yes").exit_code == 0
    entry = (project / "decks" / "CHANGELOG.md").read_text().split("## Version 1.1")[1]
    assert "**Same words, shown differently**" in entry and "nothing to relearn" in entry
    listed = entry.split("**Same words, shown differently**")[1].split("\n\n")[1].splitlines()
    assert len(listed) == len(changed) and all("(search: `CardId:" in line for line in listed)


def test_changelog_puts_new_answers_first_and_apart_from_rewording(project, run):
    """Students relearn a card whose answer changed; a reworded question needs nothing. The
    class's changelog keeps them apart, and lists a card's answer before its other fields."""
    assert run("-C", project, "release", "--yes").exit_code == 0
    _edit(project, "answer: Tuesday, January 13", "answer: Tuesday, 13 January")
    _edit(
        project,
        "question: On what day did Lee meet Takaichi in Nara?",
        "question: On what day did Lee meet Takaichi in the city of Nara?",
    )
    _edit(
        project,
        "question: How many business leaders went with Lee to Beijing?",
        "question: How many business leaders travelled with Lee to Beijing?",
    )
    assert run("-C", project, "release", "--yes").exit_code == 0
    entry = (project / "decks" / "CHANGELOG.md").read_text().split("## Version 1.1")[1]
    relearn, reworded = entry.split("**New answers**")[1].split("**Corrected wording**")
    assert "CardId:nara-date" in relearn and "CardId:beijing-delegation" not in relearn
    assert relearn.index("  - answer: Tuesday, **13** January ~~13~~") < relearn.index("  - question:")
    assert "CardId:beijing-delegation" in reworded and "~~went~~ **travelled**" in reworded
