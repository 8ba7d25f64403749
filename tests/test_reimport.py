"""A class re-imports an updated deck: the real Anki backend must show edits, keep progress, add no duplicates.

Scenario (built once per module): version 1 of tests/data/valid/basic is imported into a fresh
collection and every card is studied through the scheduler; the student writes in one note. The
teacher then fixes a typo, deletes two cards and adds ten; version 2 is imported on top.
"""

import shutil
import time

import pytest

from builder.anki.lock import REMOVAL_CODES, RETIRED_TAG, read_lock
from builder.core.model import Project

from .ankitools import import_apkg, new_collection, notes_by_card_id, progress, study_everything
from .conftest import DATA, release

T1 = 1767300000  # version 1's build clock; version 2 is built "now", after the student's edit
DELETED = ("quote-new-60-years", "beijing-delegation")
ADDED = tuple(f"extra-{i}" for i in range(1, 11))
STUDENT_NOTE = "My own mnemonic: Seoul stays neutral"


def edit_v2(project):
    cards = project / "cards" / "cards.yaml"
    head, *blocks = cards.read_text().split("\n  - id: ")
    kept = [b for b in blocks if b.split("\n", 1)[0].strip() not in DELETED]
    text = "\n  - id: ".join([head] + kept)
    text = text.replace(
        "On what day did Lee meet Takaichi in Nara?", "On what day did Lee Jae Myung meet Takaichi in Nara?"
    )
    for cid in ADDED:
        text += (
            f"\n  - id: {cid}\n    kind: qa\n    question: Extra question {cid}?\n    answer: Neutral\n"
            f"    sources:\n      - seed: mini\n        quote: South Korea wants to stay out of the fight\n"
        )
    cards.write_text(text)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    root = tmp_path_factory.mktemp("reimport")
    project = root / "project"
    shutil.copytree(DATA / "valid" / "basic", project)
    v1 = release(Project(project), now=T1)
    v1_copy = root / "v1.apkg"
    shutil.copy(v1.output, v1_copy)
    col = new_collection(root / "anki")
    import_apkg(col, v1_copy)
    answered = study_everything(col, "Test deck")
    studied = progress(col)
    ids_v1 = {cid: note.id for cid, note in notes_by_card_id(col).items()}
    note = notes_by_card_id(col)["position-south-korea-feud"]
    note["Note"] = STUDENT_NOTE
    col.update_note(note)
    edit_v2(project)
    T2 = int(time.time()) + 60  # later than the student's edit, as in real life
    v2 = release(Project(project), now=T2)
    log = import_apkg(col, v2.output).log
    yield {
        "col": col,
        "log": log,
        "studied": studied,
        "answered": answered,
        "ids_v1": ids_v1,
        "v2": v2,
        "project": project,
        "T2": T2,
    }
    col.close()


def test_study_gave_every_card_history(scenario):
    assert scenario["answered"] == len(scenario["studied"]) == 6
    assert all(reviews >= 1 and ivl > 0 for reviews, ivl, _, _ in scenario["studied"].values())


def test_reimport_creates_no_duplicates(scenario):
    col = scenario["col"]
    distinct = 5 + len(ADDED)  # 3 kept + 2 retired (still present, tagged) + 10 new
    assert col.note_count() == distinct == len(notes_by_card_id(col))
    assert not scenario["log"].conflicting


def test_edit_arrives_after_reimport(scenario):
    note = notes_by_card_id(scenario["col"])["nara-date"]
    assert note["Question"] == "On what day did Lee Jae Myung meet Takaichi in Nara?"
    assert [n.fields[0] for n in scenario["log"].updated if "Lee Jae Myung meet" in n.fields[0]]


def test_text_change_keeps_note_identity(scenario):
    assert notes_by_card_id(scenario["col"])["nara-date"].id == scenario["ids_v1"]["nara-date"]


def test_review_history_survives_reimport(scenario):
    after = progress(scenario["col"])
    for cid, before in scenario["studied"].items():
        assert after[cid] == before, cid


def test_new_cards_arrive_as_new(scenario):
    col = scenario["col"]
    notes = notes_by_card_id(col)
    assert set(ADDED) <= set(notes)
    assert len(scenario["log"].new) == len(ADDED)
    assert all(col.get_card(c).type == 0 for cid in ADDED for c in notes[cid].card_ids())


def test_students_own_edit_survives_on_unchanged_note(scenario):
    note = notes_by_card_id(scenario["col"])["position-south-korea-feud"]
    assert note["Note"] == STUDENT_NOTE


def test_removed_cards_are_found_by_one_search(scenario):
    col = scenario["col"]
    found = {col.get_note(nid)["CardId"] for nid in col.find_notes(f"tag:{RETIRED_TAG}")}
    assert found == set(DELETED)
    for cid in DELETED:
        assert "retired" in notes_by_card_id(col)[cid].fields[0]


def test_student_can_delete_retired_cards_in_one_search(scenario):
    col = scenario["col"]
    before = col.note_count()
    col.remove_notes(col.find_notes(f"tag:{RETIRED_TAG}"))
    assert col.note_count() == before - len(DELETED)
    assert not set(DELETED) & set(notes_by_card_id(col))
    assert set(ADDED) | {"nara-date", "person-sneider", "position-south-korea-feud"} == set(notes_by_card_id(col))


def test_build_reports_removed_cards(scenario):
    diags = scenario["v2"].load.diagnostics
    retired = sorted(d.card for d in diags if d.code in REMOVAL_CODES)
    assert retired == sorted(DELETED)
    assert all(d.severity == "warning" for d in diags if d.code in REMOVAL_CODES)


def test_lock_records_changed_cards_with_newer_time_and_keeps_the_rest(scenario):
    lock, _ = read_lock(Project(scenario["project"]))
    T2 = scenario["T2"]
    assert lock.cards["nara-date"].mod == T2
    assert lock.cards["person-sneider"].mod == T1
    assert lock.cards["quote-new-60-years"].retired and lock.cards["quote-new-60-years"].mod == T2
    assert all(lock.cards[cid].mod == T2 for cid in ADDED)
