"""`deckbuilder release`, `status`, `lock --resolve` and the time checks, through the CLI."""

from __future__ import annotations

import shutil
import time

import pytest

from builder.anki.lock import LOCK_FORMAT, parse_lock, read_lock
from builder.core.model import Project

from .conftest import REPO, release

FORMAT_1_LOCK = REPO / "tests" / "data" / "lock-format-1" / "deck-1.1.lock"  # release 1.1, format 1


def _edit(project, old, new):
    cards = project / "cards" / "cards.yaml"
    text = cards.read_text()
    assert old in text
    cards.write_text(text.replace(old, new))


# --- release ---------------------------------------------------------------------------------


def test_release_dry_run_prints_the_plan_and_writes_nothing(project, run):
    result = run("-C", project, "release", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Release 1.0 of 'Test deck' (first release):" in result.output
    assert "added       5" in result.output and "Dry run: nothing was written" in result.output
    assert not (project / "cards" / "deck.lock").exists() and not (project / "decks").exists()


def test_release_without_a_terminal_needs_yes(project, run):
    result = run("-C", project, "release")
    assert result.exit_code == 2 and "add --yes" in result.output
    assert not (project / "cards" / "deck.lock").exists()


def test_release_yes_writes_deck_lock_and_changelog(project, run):
    result = run("-C", project, "release", "--yes")
    assert result.exit_code == 0, result.output
    assert "Released 1.0" in result.output
    lock, _ = read_lock(Project(project))
    assert lock.format == LOCK_FORMAT and lock.label == "1.0"
    assert set(lock.outputs) == {"decks/test-deck.apkg"}
    assert (project / "decks" / "CHANGELOG.md").read_text().count("## Version 1.0") == 1


def test_release_refuses_on_an_error_and_writes_nothing(project, run):
    _edit(project, "quote: in Nara on Tuesday, January 13", "quote: in Nara on Friday")
    result = run("-C", project, "release", "--yes")
    assert result.exit_code == 1 and "Release refused: nothing was written" in result.output
    assert not (project / "cards" / "deck.lock").exists()


def test_the_blocking_codes_are_one_constant():
    from builder.core.diagnostics import CODES
    from builder.engine.release import RELEASE_BLOCKING_CODES

    assert {"draft-card", "example-card", "example-deck"} == RELEASE_BLOCKING_CODES
    assert set(CODES) >= RELEASE_BLOCKING_CODES


def test_a_raised_version_needs_major(project, run):
    release(project)
    deck_yaml = project / "cards" / "deck.yaml"
    deck_yaml.write_text(deck_yaml.read_text().replace("version: 1", "version: 2"))
    refused = run("-C", project, "release", "--yes")
    assert refused.exit_code == 1 and "error[release-major]" in refused.output and "--major" in refused.output
    done = run("-C", project, "release", "--yes", "--major")
    assert done.exit_code == 0 and "Released 2.0" in done.output


def test_release_rewrites_every_class_file_in_decks_as_one_set(sharing, run, monkeypatch):
    monkeypatch.setenv("DECKBUILDER_CHROMIUM", "none")
    assert run("-C", sharing, "release", "--yes").exit_code == 0
    assert run("-C", sharing, "pack").exit_code == 0
    assert run("-C", sharing, "preview").exit_code == 0
    assert run("-C", sharing, "export", "--format", "md").exit_code == 0
    cards = next(p for p in sorted((sharing / "cards").glob("*.yaml")) if p.name != "deck.yaml")
    cards.write_text(cards.read_text().replace("answer:", "answer: (corrected)", 1))
    status = run("-C", sharing, "status")
    assert status.exit_code == 0 and "Unreleased edits: 1 corrected" in status.output  # still release 1.0's files
    assert "unchecked  decks/sharing-test-deck.md: made after release 1.0" in status.output
    result = run("-C", sharing, "release", "--yes")
    assert result.exit_code == 0, result.output
    lock, _ = read_lock(Project(sharing))
    assert set(lock.outputs) == {
        "decks/sharing-test-deck.apkg",
        "decks/sharing-test-deck-class-pack.zip",
        "decks/preview/index.html",
        "decks/preview/coverage.html",
        "decks/sharing-test-deck.md",
    }
    assert "(corrected)" in (sharing / "decks" / "sharing-test-deck.md").read_text()
    after = run("-C", sharing, "status")
    assert after.exit_code == 0 and after.output.count("  ok  ") == 5, after.output


@pytest.mark.parametrize("fmt", ["kahoot", "blooket", "gift", "qti"])
def test_release_re_makes_a_quiz_export_in_decks(tmp_path, run, fmt):
    project = tmp_path / "quiz"
    shutil.copytree(REPO / "tests" / "data" / "valid" / "quiz", project)
    assert run("-C", project, "release", "--yes").exit_code == 0
    assert run("-C", project, "export", "--format", fmt).exit_code == 0
    quiz = next(p for p in (project / "decks").iterdir() if f".{fmt}." in p.name)
    assert f"decks/{quiz.name}" in run("-C", project, "status").output  # listed, whatever its suffix
    cards = next(p for p in sorted((project / "cards").glob("*.yaml")) if p.name not in ("deck.yaml", "deck.lock"))
    cards.write_text(cards.read_text().replace("question: ", "question: (corrected) ", 1))
    result = run("-C", project, "release", "--yes")
    assert result.exit_code == 0 and f"decks/{quiz.name}" in result.output, result.output
    again = tmp_path / f"again{quiz.suffix}"
    assert run("-C", project, "export", "--format", fmt, "-o", again).exit_code == 0
    assert quiz.read_bytes() == again.read_bytes()  # the quiz of release 1.1, in its own format
    after = run("-C", project, "status")
    assert after.exit_code == 0 and f"ok  decks/{quiz.name}: release 1.1" in after.output, after.output


def test_a_failed_write_leaves_every_file_of_the_set_as_it_was(sharing, run, monkeypatch):
    import builder.core.io as io

    monkeypatch.setenv("DECKBUILDER_CHROMIUM", "none")
    assert run("-C", sharing, "release", "--yes").exit_code == 0
    assert run("-C", sharing, "preview").exit_code == 0
    files = [sharing / "decks" / "sharing-test-deck.apkg", sharing / "decks" / "preview" / "index.html"]
    files += [sharing / "cards" / "deck.lock", sharing / "decks" / "CHANGELOG.md"]
    before = {p: p.read_bytes() for p in files}
    cards = next(p for p in sorted((sharing / "cards").glob("*.yaml")) if p.name != "deck.yaml")
    cards.write_text(cards.read_text().replace("answer:", "answer: (corrected)", 1))
    real = io.os.replace

    def full_disk(src, dst):
        if str(dst).endswith("index.html"):
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(io.os, "replace", full_disk)
    with pytest.raises(OSError):
        release(sharing)
    monkeypatch.setattr(io.os, "replace", real)
    assert {p: p.read_bytes() for p in files} == before
    assert not [p for p in sharing.rglob("*.tmp")]


# --- status and stale outputs ----------------------------------------------------------------


def test_status_before_any_release(project, run):
    result = run("-C", project, "status")
    assert result.exit_code == 0 and "Last release: none yet" in result.output


def test_status_reports_the_release_and_unreleased_edits(project, run):
    release(project, now=1767225600)
    _edit(project, "answer: Tuesday, January 13", "answer: Tuesday, 13 January")
    result = run("-C", project, "status")
    assert result.exit_code == 0, result.output
    assert "Last release: 1.0 (2026-01-01), recorded in cards/deck.lock (format 2)" in result.output
    assert "Unreleased edits: 1 corrected date (the next release: 1.1)" in result.output
    assert "ok  decks/test-deck.apkg: release 1.0" in result.output


def test_status_fails_on_a_draft_deck_and_a_stale_pack(project, run, monkeypatch):
    monkeypatch.setenv("DECKBUILDER_CHROMIUM", "none")
    release(project)
    assert run("-C", project, "pack").exit_code == 0
    _edit(project, "answer: Tuesday, January 13", "answer: Tuesday, 13 January")
    assert run("-C", project, "build").exit_code == 0
    (project / "decks" / "CHANGELOG.md").write_text((project / "decks" / "CHANGELOG.md").read_text() + "\nmore\n")
    result = run("-C", project, "status")
    assert result.exit_code == 1
    assert "draft  decks/test-deck.apkg: a draft built after release 1.0: not released" in result.output
    assert "stale  decks/test-deck-class-pack.zip: its CHANGELOG.md is not decks/CHANGELOG.md" in result.output
    check = run("-C", project, "build", "--check")
    assert check.exit_code == 1 and "Up to date" not in check.output


def test_status_with_a_draft_of_unreleased_edits_says_release_publishes_them(project, run):
    release(project)
    _edit(project, "answer: Tuesday, January 13", "answer: Tuesday, 13 January")
    assert run("-C", project, "build").exit_code == 0  # decks/ now holds a draft
    result = run("-C", project, "status")
    assert result.exit_code == 1
    assert "Not released: run 'deckbuilder release' to publish the unreleased edits as 1.1" in result.output
    assert "Stale:" not in result.output  # nothing is stale: the draft is what the edits make


def test_a_preview_made_after_the_release_from_its_cards_is_current(project, run):
    release(project)
    assert run("-C", project, "preview").exit_code == 0
    result = run("-C", project, "status")
    assert result.exit_code == 0 and "ok  decks/preview/index.html: release 1.0 (made since" in result.output
    (project / "decks" / "preview" / "index.html").write_text("<p>old</p>")
    assert "stale  decks/preview/index.html" in run("-C", project, "status").output


def test_status_reports_a_missing_and_a_modified_output(project, run):
    release(project)
    assert run("-C", project, "export", "--format", "tsv").exit_code == 0
    assert run("-C", project, "export", "--format", "csv").exit_code == 0
    release(project)  # nothing new: re-makes and records decks/ files from release 1.0
    (project / "decks" / "test-deck.tsv").unlink()
    (project / "decks" / "test-deck.csv").write_text("edited by hand\n")
    result = run("-C", project, "status", "--format", "json")
    assert result.exit_code == 1
    import json

    states = {o["path"]: o["state"] for o in json.loads(result.output)["outputs"]}
    assert states == {"decks/test-deck.apkg": "ok", "decks/test-deck.csv": "stale", "decks/test-deck.tsv": "missing"}


def test_shipped_project_status_is_release_1_1_with_unreleased_edits(run):
    """The repository as committed: release 1.1's files in decks/, the 2.0 content unreleased."""
    result = run("-C", REPO, "status")
    lock, _ = read_lock(Project(REPO))
    assert result.exit_code == 0, result.output
    assert f"Last release: {lock.label}" in result.output


# --- the lock ----------------------------------------------------------------------------------


def test_the_shipped_format_1_lock_converts_to_format_2_keeping_every_time():
    """The shipped deck's lock as release 1.1 left it (format 1) read and written in format 2: every
    card's and note type's hash and time, the retirements and the release label survive as they were."""
    text = FORMAT_1_LOCK.read_text(encoding="utf-8")
    old = parse_lock(text)
    assert old.format == 1 and old.label == "1.1"
    new = parse_lock(old.to_text())
    assert new.format == 2 and new.label == old.label and [r.version for r in new.releases] == ["1.1"]
    assert new.cards == old.cards and new.notetypes == old.notetypes


def _as_format_1(lock) -> str:
    """A lock as deckbuilder wrote it before format 2 (one JSON document)."""
    import json

    data = {
        "format": 1,
        "deck": {"id": lock.deck_id, "version": lock.version, "release": lock.release},
        "cards": {cid: e.to_json() for cid, e in lock.cards.items()},
        "notetypes": {k: {"schema": e.schema, "hash": e.hash, "mod": e.mod} for k, e in lock.notetypes.items()},
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def test_a_release_from_a_format_1_lock_restamps_only_what_changed(project, run):
    release(project, now=1767225600)
    _edit(project, "answer: Tuesday, January 13", "answer: Tuesday, 13 January")
    release(project, now=1767300000)  # 1.1
    lock_file = project / "cards" / "deck.lock"
    before, _ = read_lock(Project(project))
    lock_file.write_text(_as_format_1(before))  # as the shipped repository has it
    assert run("-C", project, "status").exit_code == 0
    _edit(project, "Wants to stay out of the fight.", "Wants to stay out of the feud.")
    result = release(project, now=1767400000)
    after, _ = read_lock(Project(project))
    assert after.format == 2 and result.plan.label == "1.2" and [r.version for r in after.releases] == ["1.1", "1.2"]
    assert result.update.changed == ("position-south-korea-feud",)
    assert {cid: e.mod for cid, e in after.cards.items() if cid != "position-south-korea-feud"} == {
        cid: e.mod for cid, e in before.cards.items() if cid != "position-south-korea-feud"
    }
    assert after.notetypes == before.notetypes


def test_lock_conflict_markers_are_an_error_at_their_line(project, run):
    release(project)
    lock = project / "cards" / "deck.lock"
    lines = lock.read_text().split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("card nara-date "))
    lines[at : at + 1] = ["<<<<<<< HEAD", lines[at], "=======", lines[at].replace('"mod": ', '"mod": 1'), ">>>>>>> t2"]
    lock.write_text("\n".join(lines))
    result = run("-C", project, "build")
    assert result.exit_code == 1
    assert f"cards/deck.lock:{at + 1}:1: error[lock-conflict]: git merge conflict markers" in result.output
    assert "deckbuilder lock --resolve" in result.output


def test_lock_resolve_merges_the_two_sides_of_a_conflict(project, run):
    release(project, now=1767225600)
    lock = project / "cards" / "deck.lock"
    text = lock.read_text()
    ours = parse_lock(text)
    line = next(x for x in text.split("\n") if x.startswith("card nara-date "))
    newer = line.replace(f'"mod": {ours.cards["nara-date"].mod}', '"mod": 1767229200').replace(
        '"hash": "', '"hash": "t'
    )
    lock.write_text(text.replace(line, f"<<<<<<< HEAD\n{line}\n=======\n{newer}\n>>>>>>> t2"))
    result = run("-C", project, "lock", "--resolve")
    assert result.exit_code == 0, result.output
    merged, diags = read_lock(Project(project))
    assert not diags and merged.cards["nara-date"].mod == 1767229200
    assert run("-C", project, "lock", "--resolve").exit_code == 1  # nothing left to resolve


def test_lock_time_in_the_far_future_is_an_error_naming_card_and_line(project, run):
    release(project)
    lock = project / "cards" / "deck.lock"
    text = lock.read_text()
    mod = parse_lock(text).cards["person-sneider"].mod
    lines = text.split("\n")
    at = next(i for i, x in enumerate(lines) if x.startswith("card person-sneider "))
    lines[at] = lines[at].replace(f'"mod": {mod}', '"mod": 4102444800')
    lock.write_text("\n".join(lines))
    result = run("-C", project, "build")
    assert result.exit_code == 1
    assert (
        f"cards/deck.lock:{at + 1}:1: error[lock-time]: card 'person-sneider': time 4102444800 (2100-01-01"
        in result.output
    )


def test_a_format_1_lock_time_before_2000_names_its_line(project, run):
    lock = project / "cards" / "deck.lock"
    shutil.copy(FORMAT_1_LOCK, lock)
    text = lock.read_text()
    first = next(i for i, x in enumerate(text.split("\n")) if x.strip().startswith('"mod":'))
    lines = text.split("\n")
    lines[first] = '   "mod": 5,'
    lock.write_text("\n".join(lines))
    with pytest.raises(ValueError, match="outside 2000-01-01") as info:
        parse_lock(lock.read_text())
    assert info.value.line == first + 1


# --- DECKBUILDER_NOW ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, message",
    [
        ("1767225600000", "looks like milliseconds (as JavaScript's Date.now() gives): use seconds"),
        ("12345678901234567890", "looks like milliseconds"),
        ("yesterday", "is neither seconds since the epoch"),
        ("4102444800", "2100-01-01 00:00 UTC: stamps must lie between 2000-01-01 and tomorrow"),
        ("1999-12-31T23:00:00Z", "1999-12-31 23:00 UTC"),
    ],
)
def test_bad_deckbuilder_now_is_a_clear_error(project, run, monkeypatch, value, message):
    monkeypatch.setenv("DECKBUILDER_NOW", value)
    result = run("-C", project, "build")
    assert result.exit_code == 1
    assert "DECKBUILDER_NOW: error[now-invalid]:" in result.output and message in result.output
    assert "Traceback" not in result.output and not (project / "decks").exists()


def test_deckbuilder_now_takes_an_iso_date_time(project, monkeypatch):
    monkeypatch.setenv("DECKBUILDER_NOW", "2026-01-01T01:00:00+01:00")
    release(project)
    lock, _ = read_lock(Project(project))
    assert lock.released_at == 1767225600 and {e.mod for e in lock.cards.values()} == {1767225600}


def test_a_time_within_the_next_day_is_accepted(project, monkeypatch):
    monkeypatch.setenv("DECKBUILDER_NOW", str(int(time.time()) + 3600))  # a clock an hour ahead
    assert release(project).plan.label == "1.0"


def test_a_released_deck_reads_back_as_its_lock(project):
    """decks/ is a record of the release: its notes and note types hash as the lock says."""
    from builder.anki.history import read_apkg

    release(project)
    lock, _ = read_lock(Project(project))
    state = read_apkg(project / "decks" / "test-deck.apkg")
    assert state.stamp == {"release": "1.0"} and state.deck_id == lock.deck_id
    assert {cid: (e.hash, e.mod) for cid, e in state.cards.items()} == {
        cid: (e.hash, e.mod) for cid, e in lock.cards.items()
    }
    assert state.notetypes == {k: e for k, e in lock.notetypes.items() if k in state.notetypes}


def test_the_git_merge_driver_writes_the_merge_into_ours(project, run, tmp_path):
    from dataclasses import replace

    from builder.anki.lock import Release

    release(project, now=1767225600)
    ours_lock, _ = read_lock(Project(project))
    entry = ours_lock.cards["nara-date"]
    theirs_lock = replace(
        ours_lock,
        cards=dict(ours_lock.cards, **{"nara-date": replace(entry, hash="t" + entry.hash[1:], mod=1767229200)}),
        releases=ours_lock.releases + (Release("1.1", 1767229200),),
    )
    base, ours, theirs = tmp_path / "O", tmp_path / "A", tmp_path / "B"
    base.write_text(ours_lock.to_text())
    ours.write_text(ours_lock.to_text())
    theirs.write_text(theirs_lock.to_text())
    result = run("-C", project, "lock", base, ours, theirs)
    assert result.exit_code == 0, result.output
    merged = parse_lock(ours.read_text())
    assert merged.cards["nara-date"].mod == 1767229200 and merged.label == "1.1"
