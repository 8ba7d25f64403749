"""What students get from the release workflow, checked with the real Anki backend.

Each scenario imports the decks a student would have, in the order they would get them, into one
collection that studied every card and wrote in one note ("own edit"), then checks four things
against the newest release: no duplicate notes, every card's review history kept, every note of
the newest release arrived as released, the student's own edit on a note the release did not
touch kept. The git scenarios run real git in temporary repositories.

`python -m pytest tests/test_release_scenarios.py -s` prints the table of those four figures.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from builder.anki.lock import read_lock
from builder.core.model import Project
from builder.engine.pipeline import build
from builder.engine.release import release, undo_release

from .ankitools import import_apkg, new_collection, notes_by_card_id, progress, study_everything
from .conftest import DATA

DECK = "decks/test-deck.apkg"
OWN = ("position-south-korea-feud", "Note", "My own mnemonic: Seoul stays neutral")
B_OLD, B_NEW = "On what day did Lee meet Takaichi in Nara?", "On what weekday did Lee meet Takaichi in Nara?"
C_OLD = "How many business leaders went with Lee to Beijing?"
NOW = int(time.time())  # releases after the first are made "now", after the students' own edits
T0 = NOW - 86400  # release 1.0: yesterday
TABLE: dict[str, dict] = {}


def git_available() -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")


def git(root: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 or args[0] == "merge", proc.stderr
    return proc.stdout


def fresh(where: Path, with_git: bool = False) -> Path:
    shutil.copytree(DATA / "valid" / "basic", where)
    if with_git:
        git_available()
        git(where, "init", "-q", "-b", "main")
    return where


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def edit(root: Path, old: str, new: str) -> None:
    cards = root / "cards" / "cards.yaml"
    text = cards.read_text(encoding="utf-8")
    assert old in text, old
    cards.write_text(text.replace(old, new), encoding="utf-8")


def publish(root: Path, now: int, major: bool = False):
    result = release(Project(root), now=now, major=major)
    assert result.written, [f"{d.file}:{d.line}: {d.message}" for d in result.plan.blockers]
    return result


class Student:
    """One student's Anki collection: imports, studies, writes in one note."""

    def __init__(self, folder: Path):
        self.col = new_collection(folder)
        self.history: dict = {}

    def take(self, apkg: Path) -> None:
        import_apkg(self.col, apkg)

    def study_and_edit(self, deck: str = "Test deck") -> None:
        study_everything(self.col, deck)
        self.history = progress(self.col)
        notes = notes_by_card_id(self.col)
        if OWN[0] in notes:
            note = notes[OWN[0]]
            note[OWN[1]] = OWN[2]
            self.col.update_note(note)

    def close(self) -> None:
        self.col.close()


def released_notes(apkg: Path, tmp: Path) -> dict[str, str]:
    """GUID → fields of every note in an .apkg, read with sqlite (not with our code)."""
    with zipfile.ZipFile(apkg) as zf:
        (tmp / "released.anki2").write_bytes(zf.read("collection.anki2"))
    conn = sqlite3.connect(tmp / "released.anki2")
    try:
        return dict(conn.execute("SELECT guid, flds FROM notes").fetchall())
    finally:
        conn.close()


def verdict(student: Student, newest: Path, tmp: Path, name: str, own: tuple = OWN) -> dict:
    """The four figures, asserted and kept for the table."""
    col = student.col
    rows = col.db.all("SELECT guid, flds FROM notes")
    guids = [g for g, _ in rows]
    ids = [note["CardId"] for note in notes_by_card_id(col).values()]
    duplicates = (len(guids) - len(set(guids))) + (len(col.find_notes("CardId:_*")) - len(set(ids)))
    duplicates += sum(1 for m in col.models.all() if m["name"].endswith("+"))
    now_progress = progress(col)
    kept = sum(
        1 for cid, before in student.history.items() if cid in now_progress and now_progress[cid][0] >= before[0]
    )
    released = released_notes(newest, tmp)
    have = dict(rows)
    own_guid = next((g for g, f in rows if own[0] in f.split("\x1f")), None)
    arrived = sum(1 for g, f in released.items() if g == own_guid or have.get(g) == f)
    mine = notes_by_card_id(col).get(own[0])
    figures = {
        "duplicates": duplicates,
        "history kept": f"{kept}/{len(student.history)}",
        "edits arrived": f"{arrived}/{len(released)}",
        "own edits kept": "yes" if mine is not None and mine[own[1]] == own[2] else "no",
    }
    TABLE[name] = figures
    assert duplicates == 0, figures
    assert kept == len(student.history) > 0, figures
    assert arrived == len(released), figures
    assert figures["own edits kept"] == "yes", figures
    return figures


@pytest.fixture(scope="module", autouse=True)
def print_table():
    yield
    if TABLE:
        print("\n| scenario | duplicates | history kept | edits arrived | own edits kept |\n|---|---|---|---|---|")
        for name, f in TABLE.items():
            print(
                f"| {name} | {f['duplicates']} | {f['history kept']} | {f['edits arrived']} | {f['own edits kept']} |"
            )


# --- scenarios -------------------------------------------------------------------------------


def test_draft_then_release(tmp_path):
    root = fresh(tmp_path / "p")
    publish(root, T0)
    student = Student(tmp_path / "anki")
    student.take(root / DECK)
    student.study_and_edit()
    edit(root, B_OLD, "On which day did Lee meet Takaichi in Nara?")
    draft = build(Project(root), now=NOW)
    first = (root / DECK).read_bytes()
    assert build(Project(root), now=NOW + 5).output is not None and (root / DECK).read_bytes() == first  # same bytes
    assert not (root / "decks" / "CHANGELOG.md").read_text().count("## Version 1.1")
    assert "1 changed" in draft.draft and "since release 1.0" in draft.draft
    student.take(root / DECK)  # the draft reached a student
    edit(root, "On which day did Lee meet Takaichi in Nara?", B_NEW)
    result = publish(root, NOW + 60)
    assert result.plan.label == "1.1"
    student.take(root / DECK)
    assert notes_by_card_id(student.col)["nara-date"]["Question"] == B_NEW
    verdict(student, root / DECK, tmp_path, "draft then release")
    student.close()


def test_init_build_delete_examples_release(tmp_path, run):
    root = tmp_path / "class"
    assert run("init", root).exit_code == 0
    assert run("-C", root, "build").exit_code == 0
    assert not (root / "cards" / "deck.lock").exists() and not (root / "decks" / "CHANGELOG.md").exists()
    student = Student(tmp_path / "anki")
    student.take(next((root / "decks").glob("*.apkg")))  # a draft handed out early
    student.study_and_edit("Example deck")
    example = notes_by_card_id(student.col)["bridge-vote-count"]
    example["Note"] = "my note on an example card"
    student.col.update_note(example)
    refused = run("-C", root, "release", "--yes")
    assert refused.exit_code == 1 and "error[example-card]" not in refused.output
    assert "warning[example-card]" in refused.output and "rm cards/examples.yaml" in refused.output
    assert "warning[example-deck]" in refused.output  # the description init wrote
    (root / "cards" / "examples.yaml").unlink()
    deck_yaml = root / "cards" / "deck.yaml"
    deck_yaml.write_text(
        deck_yaml.read_text(encoding="utf-8").replace(
            "Example deck. Replace this with what your class studies.", "The Riverton bridge vote, for civics."
        ),
        encoding="utf-8",
    )
    (root / "cards" / "mine.yaml").write_text(
        "cards:\n  - id: council-vote\n    kind: qa\n    question: How did the Riverton council vote on the bridge?\n"
        "    answer: 7-2\n    sources:\n      - seed: example\n        quote: voted 7-2\n",
        encoding="utf-8",
    )
    result = run("-C", root, "release", "--yes")
    assert result.exit_code == 0, result.output
    log = (root / "decks" / "CHANGELOG.md").read_text()
    assert "## Version 1.0" in log and "Retired" not in log and "bridge-vote" not in log
    lock, _ = read_lock(Project(root))
    assert set(lock.cards) == {"council-vote"}
    apkg = next((root / "decks").glob("*.apkg"))
    student.take(apkg)
    own = ("bridge-vote-count", "Note", "my note on an example card")
    figures = verdict(student, apkg, tmp_path, "init, build (draft), delete examples, release", own)
    assert figures["edits arrived"] == "1/1"
    student.close()


def test_rename_built_as_a_draft_then_undone(tmp_path, run):
    root = fresh(tmp_path / "p")
    publish(root, T0)
    student = Student(tmp_path / "anki")
    student.take(root / DECK)
    student.study_and_edit()
    edit(root, "id: nara-date", "id: nara-meeting-day")
    drafted = run("-C", root, "build")
    assert "looks like a rename of released card 'nara-date'" in drafted.output
    assert "Draft: 0 changed, 1 added, 1 retired since release 1.0" in drafted.output
    assert run("-C", root, "release", "--dry-run").output.count("looks renamed: nara-date -> nara-meeting-day") == 1
    edit(root, "id: nara-meeting-day", "id: nara-date")  # undone before any release
    edit(root, C_OLD, "How many business leaders went with Lee to Beijing in January?")
    result = publish(root, NOW + 60)
    assert (result.update.added, result.update.retired, result.update.changed) == ((), (), ("beijing-delegation",))
    student.take(root / DECK)
    verdict(student, root / DECK, tmp_path, "rename built as a draft, then undone")
    student.close()


def test_a_released_mistake_is_undone_before_it_is_shared(tmp_path, run):
    root = fresh(tmp_path / "p")
    publish(root, T0)
    before = {p: p.read_bytes() for p in [root / DECK, root / "cards" / "deck.lock", root / "decks" / "CHANGELOG.md"]}
    student = Student(tmp_path / "anki")
    student.take(root / DECK)
    student.study_and_edit()
    edit(root, "id: nara-date", "id: nara-meeting-day")
    publish(root, NOW + 30)  # 1.1 with the rename: a mistake, not shared
    assert run("-C", root, "status").output.count("can be undone") == 1
    undone = run("-C", root, "release", "--undo")
    assert undone.exit_code == 0 and "Undid release 1.1" in undone.output
    assert {p: p.read_bytes() for p in before} == before
    assert run("-C", root, "release", "--undo").exit_code == 1  # only once
    edit(root, "id: nara-meeting-day", "id: nara-date")
    edit(root, C_OLD, "How many business leaders went with Lee to Beijing in January?")
    result = publish(root, NOW + 60)
    assert result.plan.label == "1.1" and result.update.retired == ()
    student.take(root / DECK)
    verdict(student, root / DECK, tmp_path, "release undone (release --undo), then released again")
    student.close()


def test_undo_is_refused_once_the_release_is_committed(tmp_path):
    root = fresh(tmp_path / "p", with_git=True)
    publish(root, T0)
    commit(root, "1.0")
    from builder.engine.release import ReleaseError

    with pytest.raises(ReleaseError, match="it is committed"):
        undo_release(Project(root))


def test_status_offers_no_undo_once_the_release_is_committed(tmp_path, run):
    root = fresh(tmp_path / "p", with_git=True)
    publish(root, T0)
    assert "can be undone" in run("-C", root, "status").output
    commit(root, "1.0")
    assert "can be undone" not in run("-C", root, "status").output  # release --undo would refuse


def test_revert_of_a_release_then_release(tmp_path, run):
    root = fresh(tmp_path / "p", with_git=True)
    publish(root, T0)
    commit(root, "1.0")
    student = Student(tmp_path / "anki")
    student.take(root / DECK)
    student.study_and_edit()
    edit(root, B_OLD, B_NEW)
    publish(root, NOW + 30)
    commit(root, "1.1")
    student.take(root / DECK)
    assert notes_by_card_id(student.col)["nara-date"]["Question"] == B_NEW
    git(root, "revert", "--no-edit", "HEAD")
    status = run("-C", root, "status")
    assert status.exit_code == 1 and "release 1.1" in status.output and "reverted" in status.output
    assert "1 corrected date" in run("-C", root, "diff").output  # what a release would re-send
    result = publish(root, NOW + 60)
    assert result.plan.label == "1.2" and result.update.changed == ("nara-date",)
    student.take(root / DECK)
    assert notes_by_card_id(student.col)["nara-date"]["Question"] == B_OLD  # the reverted text arrived
    verdict(student, root / DECK, tmp_path, "git revert of a release, then release")
    assert run("-C", root, "status").exit_code == 0
    student.close()


@pytest.mark.parametrize("how", ["deleted in git", "never committed"])
def test_lock_deleted_then_release(tmp_path, run, how):
    root = fresh(tmp_path / "p", with_git=how == "deleted in git")
    publish(root, T0)
    if how == "deleted in git":
        commit(root, "1.0")
    student = Student(tmp_path / "anki")
    student.take(root / DECK)
    student.study_and_edit()
    edit(root, B_OLD, B_NEW)
    publish(root, NOW + 30)
    if how == "deleted in git":
        commit(root, "1.1")
    student.take(root / DECK)
    (root / "cards" / "deck.lock").unlink()
    if how == "deleted in git":
        commit(root, "lost the lock")
    status = run("-C", root, "status")
    assert status.exit_code == 1 and "deck.lock is" in status.output
    edit(root, C_OLD, "How many business leaders went with Lee to Beijing in January?")
    result = publish(root, NOW + 60)
    assert result.plan.label == "1.2"
    assert (result.update.added, result.update.changed) == ((), ("beijing-delegation",))  # nothing restamped
    log = (root / "decks" / "CHANGELOG.md").read_text()
    assert log.count("## Version 1.0") == 1 and "## Version 1.2" in log
    student.take(root / DECK)
    verdict(student, root / DECK, tmp_path, f"lock {how}, then release")
    student.close()


# --- two teachers, two branches ---------------------------------------------------------------

AHEAD = 3600  # the second teacher's clock is an hour ahead


@pytest.fixture(scope="module")
def two_branches(tmp_path_factory):
    """Two teachers' clones each released 1.1 after a shared 1.0: class A has main's, class B
    t2's (made on a computer whose clock is an hour ahead). t2 is fetched into the first
    teacher's repository, not merged yet; each test copies this."""
    git_available()
    base = tmp_path_factory.mktemp("branches")
    root = fresh(base / "repo", with_git=True)
    publish(root, T0)
    commit(root, "1.0")
    a, b = Student(base / "class-a"), Student(base / "class-b")
    for student in (a, b):
        student.take(root / DECK)
        student.study_and_edit()
    git(base, "clone", "-q", str(root), str(base / "repo2"))
    other = base / "repo2"
    git(other, "checkout", "-q", "-b", "t2")
    edit(other, C_OLD, "How many business leaders went with Lee to Beijing, by count?")
    assert publish(other, NOW + AHEAD).plan.label == "1.1"
    commit(other, "t2: 1.1")
    b.take(other / DECK)
    edit(root, B_OLD, B_NEW)
    assert publish(root, NOW + 30).plan.label == "1.1"
    commit(root, "main: 1.1")
    a.take(root / DECK)
    git(root, "fetch", "-q", str(other), "t2:t2")
    histories = {"a": a.history, "b": b.history}
    a.close()
    b.close()
    return base, histories


def _copy(two_branches, tmp_path):
    base, histories = two_branches
    shutil.copytree(base, tmp_path / "w")
    w = tmp_path / "w"
    students = {}
    for name in ("a", "b"):
        s = Student(w / f"class-{name}")
        s.history = histories[name]
        students[name] = s
    return w / "repo", students


@pytest.mark.parametrize("side", ["ours", "theirs", "lock --resolve"])
def test_two_branches_merged_with_the_lock_resolved_by_either_side(two_branches, tmp_path, run, side):
    root, students = _copy(two_branches, tmp_path)
    git(root, "merge", "-q", "--no-edit", "t2")
    assert "cards/deck.lock" in git(root, "diff", "--name-only", "--diff-filter=U")
    pick = "theirs" if side == "theirs" else "ours"
    for path in ("decks/test-deck.apkg", "decks/CHANGELOG.md") + (
        () if side == "lock --resolve" else ("cards/deck.lock",)
    ):
        git(root, "checkout", f"--{pick}", path)
    if side == "lock --resolve":
        resolved = run("-C", root, "lock", "--resolve")
        assert resolved.exit_code == 0, resolved.output
    commit(root, f"merge t2 ({side})")
    assert run("-C", root, "status").exit_code == 1  # the other side's release needs a release
    edit(
        root,
        "How many business leaders went with Lee to Beijing, by count?",
        "How many business leaders joined Lee in Beijing?",
    )
    result = publish(root, NOW + 60)  # the first teacher's clock: an hour behind t2's release
    assert result.plan.label == "1.2"
    lock, _ = read_lock(Project(root))
    assert lock.cards["beijing-delegation"].mod > NOW + AHEAD  # newer than what class B holds
    assert {r.version for r in lock.releases} == {"1.0", "1.1", "1.2"} and len(lock.releases) == 4
    for name, student in students.items():
        student.take(root / DECK)
        notes = notes_by_card_id(student.col)
        assert notes["nara-date"]["Question"] == B_NEW
        assert notes["beijing-delegation"]["Question"] == "How many business leaders joined Lee in Beijing?"
        verdict(student, root / DECK, tmp_path, f"two branches merged, lock by {side}, class {name.upper()}")
        student.close()


def test_changelog_conflict_is_refused_then_released(two_branches, tmp_path, run):
    root, students = _copy(two_branches, tmp_path)
    git(root, "merge", "-q", "--no-edit", "t2")
    git(root, "checkout", "--ours", "decks/test-deck.apkg", "cards/deck.lock")
    log = root / "decks" / "CHANGELOG.md"
    assert "<<<<<<<" in log.read_text()
    marker = (
        log.read_text()
        .split("\n")
        .index(next(line for line in log.read_text().split("\n") if line.startswith("<<<<<<<")))
        + 1
    )
    refused = run("-C", root, "release", "--yes")
    assert refused.exit_code == 1 and f"decks/CHANGELOG.md:{marker}:1: error[changelog-conflict]" in refused.output
    assert run("-C", root, "pack").exit_code == 1
    assert run("-C", root, "status").exit_code == 1
    text = log.read_text()
    head, rest = text.split("<<<<<<<", 1)
    ours, rest = rest.split("\n", 1)[1].split("=======\n", 1)
    theirs, tail = rest.split(">>>>>>>", 1)
    log.write_text(head + ours + theirs + tail.split("\n", 1)[1])  # both entries kept, markers gone
    commit(root, "merge t2, both changelog entries kept")
    result = publish(root, NOW + 60)
    assert result.plan.label == "1.2"
    text = log.read_text()
    assert "**Beijing, by count?**" in text and "**weekday**" in text  # both branches' 1.1 entries kept
    assert text.count("## Version 1.2") == 1 and text.index("## Version 1.2") > text.index("**weekday**")
    for name, student in students.items():
        student.take(root / DECK)
        verdict(student, root / DECK, tmp_path, f"changelog conflict, class {name.upper()}")
        student.close()
