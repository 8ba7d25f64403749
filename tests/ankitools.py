"""Helpers that drive the real Anki backend (the `anki` package) for tests."""

from __future__ import annotations

from pathlib import Path

from anki.collection import Collection
from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest


def new_collection(folder: Path) -> Collection:
    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / "collection.anki2"))


def import_apkg(col: Collection, apkg: Path, **options):
    """Import with Anki's default options (as a student's desktop would) unless overridden."""
    request = ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions(**options))
    return col.import_anki_package(request)


def notes_by_card_id(col: Collection) -> dict:
    """CardId field → note, for every note of our note types."""
    out = {}
    for nid in col.find_notes("CardId:_*"):
        note = col.get_note(nid)
        out[note["CardId"]] = note
    return out


def study_everything(col: Collection, deck_name: str) -> int:
    """Answer every due card of the deck through the v3 scheduler ("Good"), as a student would; returns answers."""
    from anki.scheduler.v3 import CardAnswer

    col.decks.select(col.decks.id_for_name(deck_name))
    answered = 0
    for _ in range(1000):
        queued = col.sched.get_queued_cards()
        if not queued.cards:
            break
        top = queued.cards[0]
        card = col.get_card(top.card.id)
        card.start_timer()
        col.sched.answer_card(col.sched.build_answer(card=card, states=top.states, rating=CardAnswer.EASY))
        answered += 1
    return answered


def progress(col: Collection) -> dict:
    """Card id → (review count, interval, due, type): what a student must not lose on re-import."""
    return {
        cid: (col.db.scalar("select count() from revlog where cid = ?", cid),)
        + tuple(col.db.first("select ivl, due, type from cards where id = ?", cid))
        for cid in col.find_cards("")
    }
