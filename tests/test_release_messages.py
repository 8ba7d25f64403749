"""What a teacher reads around a release: `check` warns about removals and renames before a
build, restored cards are called restored, the changelog names cards as students see them,
and the build summary counts the retired notes the .apkg carries."""

import hashlib
import sqlite3
import zipfile

from builder.anki.lock import REMOVAL_CODES, lock_path, read_lock
from builder.core.model import Project

CARDS = "cards/cards.yaml"


def _edit(project, old, new):
    cards = project / CARDS
    text = cards.read_text()
    assert old in text
    cards.write_text(text.replace(old, new))


def _delete_nara_date(project):
    cards = project / CARDS
    head, *blocks = cards.read_text().split("\n  - id: ")
    cards.write_text("\n  - id: ".join([head] + [b for b in blocks if not b.startswith("nara-date\n")]))


def _digests(project):
    return {
        p.relative_to(project).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(project.rglob("*"))
        if p.is_file() and ".deckbuilder-cache" not in p.parts
    }


def _latest_entry(project) -> str:
    return (project / "decks" / "CHANGELOG.md").read_text().rsplit("\n## ", 1)[1]


def test_check_warns_about_a_rename_at_the_new_id_before_any_release(project, run):
    assert run("-C", project, "release", "--yes").exit_code == 0
    _edit(project, "id: nara-date", "id: nara-meeting-day")
    before = _digests(project)
    result = run("-C", project, "check")
    assert result.exit_code == 0, result.output
    assert (
        "cards/cards.yaml:3:5: warning[card-renamed]: card 'nara-meeting-day': looks like a rename of released card "
        "'nara-date' (100% similar)"
    ) in result.output
    assert "put back `id: nara-date`" in result.output
    assert "card 'nara-date': card 'nara-date'" not in result.output
    assert _digests(project) == before  # check wrote nothing: lock and decks as they were


def test_check_warns_about_a_removed_card_once_at_its_file(project, run):
    assert run("-C", project, "release", "--yes").exit_code == 0
    _delete_nara_date(project)
    result = run("-C", project, "check")
    assert result.exit_code == 0, result.output
    assert (
        "cards/cards.yaml:1:1: warning[card-removed]: card 'nara-date': was released but is in no card file now"
        in result.output
    )
    assert result.output.count("nara-date'") == 1
    assert "1 warning in 1 file" in result.output


def test_check_before_the_first_release_has_no_removal_warnings(project, run):
    result = run("-C", project, "check")
    assert result.exit_code == 0
    assert "warning" not in result.output and not lock_path(Project(project)).exists()


def test_putting_a_renamed_id_back_restores_the_card(project, run):
    assert run("-C", project, "release", "--yes").exit_code == 0  # 1.0
    _edit(project, "id: nara-date", "id: nara-meeting-day")
    assert run("-C", project, "release", "--yes").exit_code == 0  # 1.1: the rename was released
    _edit(project, "id: nara-meeting-day", "id: nara-date")  # the hint followed
    result = run("-C", project, "release", "--yes")  # 1.2
    assert result.exit_code == 0, result.output
    assert "restored    1  nara-date" in result.output and "retired     1  nara-meeting-day" in result.output
    entry = _latest_entry(project)
    assert entry.startswith("Version 1.2 ")
    assert "**New cards**" not in entry
    restored, retired = entry.split("**Restored cards**")[1].split("**Retired cards**")
    assert "`CardId:nara-date`" in restored and "keep their review history" in restored
    assert "`CardId:nara-meeting-day`" in retired
    lock, _ = read_lock(Project(project))
    assert not lock.cards["nara-date"].retired and lock.cards["nara-meeting-day"].retired_in == "1.2"


def test_changelog_lists_cards_by_their_front_and_card_id_search(project, run):
    assert run("-C", project, "release", "--yes").exit_code == 0
    entry = _latest_entry(project)
    assert "- Who is Daniel Sneider? (search: `CardId:person-sneider`)" in entry
    assert (
        "- What is the position of South Korea on the China-Japan feud? (search: `CardId:position-south-korea-feud`)"
    ) in entry
    assert "\n- Daniel Sneider\n" not in entry


def _apkg_counts(path, tmp_path):
    with zipfile.ZipFile(path) as zf:
        (tmp_path / "c.anki2").write_bytes(zf.read("collection.anki2"))
    conn = sqlite3.connect(tmp_path / "c.anki2")
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("notes", "cards"))
    finally:
        conn.close()


def test_build_summary_counts_the_retired_notes_in_the_file(project, run, tmp_path):
    assert run("-C", project, "release", "--yes").exit_code == 0
    _delete_nara_date(project)
    result = run("-C", project, "build")
    assert result.exit_code == 0, result.output
    line = (
        "Built decks/test-deck.apkg: 4 notes (1 person, 1 position, 1 qa, 1 quote) + 1 retired note kept "
        "(tag:retired), 6 Anki cards in the file"
    )
    assert line in result.output
    assert _apkg_counts(project / "decks" / "test-deck.apkg", tmp_path) == (5, 6)
    draft = "Draft: 0 changed, 0 added, 1 retired since release 1.0 (would be 1.1)"
    assert draft in result.output
    again = run("-C", project, "build")  # unchanged: the summary comes from the build memo
    assert line in again.output and draft in again.output


def test_build_summary_without_retired_notes_says_nothing_about_them(project, run):
    result = run("-C", project, "build")
    assert "5 notes (1 date, 1 person, 1 position, 1 qa, 1 quote), 6 Anki cards in the file" in result.output
    assert "retired" not in result.output.split("\n")[0]


def test_build_to_another_file_counts_a_removal_not_yet_released(project, run, tmp_path):
    """`build -o` writes no release, but its file already carries the note of a card removed since
    the last one: the summary counts what is in that file, twice in a row (the second from the memo)."""
    assert run("-C", project, "release", "--yes").exit_code == 0
    _delete_nara_date(project)
    out = tmp_path / "preview.apkg"
    for _ in range(2):
        result = run("-C", project, "build", "-o", out)
        assert result.exit_code == 0, result.output
        assert "+ 1 retired note kept (tag:retired), 6 Anki cards in the file" in result.output
    assert _apkg_counts(out, tmp_path) == (5, 6)


def test_check_reports_exactly_the_removals_a_build_would(project, run):
    """`check` finds removed and renamed cards without rendering; its warnings must be the build's."""
    from builder.core.model import Project
    from builder.engine.pipeline import check_project, prepare

    assert run("-C", project, "release", "--yes").exit_code == 0
    _edit(project, "id: nara-date", "id: nara-meeting-day")
    _edit(project, "id: beijing-delegation", "id: delegation-size-changed")
    checked = [d for d in check_project(Project(project)).diagnostics if d.code in REMOVAL_CODES]
    _, update = prepare(Project(project))
    assert len(checked) == 2
    assert sorted(checked, key=lambda d: d.card) == sorted(update.diagnostics, key=lambda d: d.card)
    assert run("-C", project, "release", "--yes").exit_code == 0  # the renames are released
    _edit(project, "id: nara-meeting-day", "id: nara-date")  # one is undone: a restore
    checked = [d for d in check_project(Project(project)).diagnostics if d.code in REMOVAL_CODES]
    _, update = prepare(Project(project))
    assert [d.message for d in checked] == [
        "replaced by restored card 'nara-date' (100% similar): nothing to do; its note stays in the deck "
        "tagged 'retired'"
    ]
    assert checked == list(update.diagnostics)


def test_undoing_a_released_rename_does_not_ask_to_put_the_renamed_id_back(project, run):
    assert run("-C", project, "release", "--yes").exit_code == 0  # 1.0
    _edit(project, "id: nara-date", "id: nara-meeting-day")
    assert run("-C", project, "release", "--yes").exit_code == 0  # 1.1: the rename was released
    _edit(project, "id: nara-meeting-day", "id: nara-date")  # undone: nara-date is restored
    for command in ("check", "build"):
        result = run("-C", project, command)
        assert result.exit_code == 0, result.output
        assert (
            "cards/cards.yaml:3:5: warning[rename-undone]: card 'nara-meeting-day': replaced by restored card 'nara-date' "
            "(100% similar): nothing to do; its note stays in the deck tagged 'retired'\n"
        ) in result.stderr
        assert "put it back" not in result.output and "put back" not in result.output
        assert "1 warning in 1 file" in result.stderr


def test_a_released_cards_kind_cannot_change(project, run):
    """Anki skips a note whose note type differs from the one in the collection: a kind change
    would never reach students, so it is an error at the card's kind, with both ways out."""
    assert run("-C", project, "release", "--yes").exit_code == 0
    cards = project / "cards" / "cards.yaml"
    text = cards.read_text(encoding="utf-8")
    start = text.index("- id: nara-date")
    card = text[start:]
    assert "kind: date" in card.split("- id:", 2)[1]
    cards.write_text(text[:start] + card.replace("kind: date", "kind: qa", 1), encoding="utf-8")
    result = run("-C", project, "check")
    assert result.exit_code == 1
    assert "error[kind-changed]: card 'nara-date': was released as a 'date' card; its kind cannot change to 'qa'" in (
        result.stderr
    )


def test_many_removals_from_one_file_are_one_warning_naming_them(project, run):
    """A deck cut down for a new version loses dozens of cards: one warning per file lists them,
    instead of a warning and a hint per card burying the renames and errors."""
    assert run("-C", project, "release", "--yes").exit_code == 0
    cards = project / "cards" / "cards.yaml"
    text = cards.read_text(encoding="utf-8")
    extra = "".join(
        f"  - id: extra-{i}\n    kind: qa\n    question: Extra question {i}?\n    answer: Nara\n"
        "    sources:\n      - seed: mini\n        quote: Nara\n    tags: [extra]\n"
        for i in range(7)
    )
    cards.write_text(text + extra, encoding="utf-8")
    assert run("-C", project, "release", "--yes").exit_code == 0
    cards.write_text(text, encoding="utf-8")
    result = run("-C", project, "check")
    removed = [line for line in result.stderr.splitlines() if "warning[card-removed]" in line]
    assert removed == [
        "cards/cards.yaml:1:1: warning[card-removed]: 7 released cards are no longer in any card file: "
        + ", ".join(f"extra-{i}" for i in range(7))
    ]
