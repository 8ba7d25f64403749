"""Figures for the student view of a deck (issue 15), measured with the real Anki backend.

Imports the released 1.x package (`--before`, default: decks/<deck>.apkg at git revision
`--before-rev`) and a fresh build of the project (`--project`, default: this repository) into new
collections, and prints, for each: duplicate-flagged notes (Anki's own check, `Note.fields_check`),
card sides saying "not stated", fronts naming an article by an internal label ("the student
article"), card sides with straight quotes, and the kinds among the first 20 new cards the
scheduler hands out for the deck. Then the migration table: a collection that studied the 1.x
deck (one day of every new card) and edited a few notes imports the new build with and without
"Merge note types".

    python scripts/student_view_figures.py [--project DIR] [--before FILE | --before-rev REV]
"""

from __future__ import annotations

import argparse
import collections
import html
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import anki.collection  # noqa: E402, F401  (anki.notes imports cleanly only after it)
from anki.notes import NoteFieldsCheckResult  # noqa: E402

import builder  # noqa: E402
from builder.publish.naming import deck_filename  # noqa: E402
from tests.ankitools import import_apkg, new_collection, progress, study_everything  # noqa: E402

INTERNAL_LABELS = re.compile(r"\b(student|preview) article\b", re.IGNORECASE)


def _text(side: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<style>.*?</style>", "", side)))


def _deck_names(col) -> list[str]:
    return [d.name for d in col.decks.all_names_and_ids() if d.name != "Default"]


def look(apkg: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        col = new_collection(Path(tmp))
        try:
            import_apkg(col, apkg)
            flagged = collections.Counter()
            not_stated = straight = internal = 0
            for nid in col.find_notes(""):
                note = col.get_note(nid)
                if note.fields_check() == NoteFieldsCheckResult.DUPLICATE:
                    flagged[note.note_type()["name"]] += 1
                for card in note.cards():
                    q, a = card.question(), card.answer()
                    not_stated += ("not stated" in q) + ("not stated" in a)
                    straight += any("'" in _text(s) or '"' in _text(s) for s in (q, a))
                    internal += bool(INTERNAL_LABELS.search(_text(q)))
            top = min(_deck_names(col), key=len)
            col.decks.select(col.decks.id_for_name(top))
            first = [
                col.get_card(c.card.id).note_type()["name"] for c in col.sched.get_queued_cards(fetch_limit=20).cards
            ]
            return {
                "notes": col.note_count(),
                "cards": col.card_count(),
                "duplicate-flagged notes": sum(flagged.values()),
                "card sides saying 'not stated'": not_stated,
                "fronts naming 'the student/preview article'": internal,
                "cards with straight quotes": straight,
                "kinds among the first 20 new cards": f"{len(set(first))} ({', '.join(f'{k} {n}' for k, n in collections.Counter(first).most_common())})",
            }
        finally:
            col.close()


def _edit(col, nid, text: str, mod: int | None = None) -> None:
    note = col.get_note(nid)
    note["Extra"] = text
    col.update_note(note)
    if mod is not None:  # edited before the release was built
        col.db.execute("update notes set mod = ? where id = ?", mod, nid)


def migrate(v1: Path, v2: Path, released: int, mode: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        col = new_collection(Path(tmp))
        try:
            import_apkg(col, v1)
            answered = sum(study_everything(col, name) for name in _deck_names(col))
            nids = sorted(col.find_notes(""))
            before_release, after_release = nids[:3], nids[3:6]
            for nid in before_release:
                _edit(col, nid, "mine (before the release)", released - 30)
            for nid in after_release:
                _edit(col, nid, "mine (after the release)")
            before = progress(col)
            studied = {cid for cid, p in before.items() if p[0]}
            if mode == "default":
                log = import_apkg(col, v2).log
            elif mode == "merge":
                log = import_apkg(col, v2, merge_notetypes=True).log
            else:
                import_apkg(col, v2)
                log = import_apkg(col, v2, merge_notetypes=True).log
            after = progress(col)
            card_ids = collections.Counter(col.get_note(n)["CardId"] for n in col.find_notes(""))
            kept = lambda group: sum(col.get_note(n)["Extra"].startswith("mine") for n in group)  # noqa: E731
            flagged = sum(col.get_note(n).fields_check() == NoteFieldsCheckResult.DUPLICATE for n in col.find_notes(""))
            return {
                "import": {
                    "default": "default options",
                    "merge": "Merge note types",
                    "repair": "default, then again with Merge note types",
                }[mode],
                "new": len(log.new),
                "updated": len(log.updated),
                "conflicting": len(log.conflicting),
                "not updated (edited after release)": len(log.duplicate),
                "second copies": sum(n - 1 for n in card_ids.values()),
                "studied cards with history kept": f"{sum(after.get(c) == before[c] for c in studied)}/{len(studied)} ({answered} answers)",
                "own edits kept (before / after release)": f"{kept(before_release)}/3 / {kept(after_release)}/3",
                "duplicate-flagged after": flagged,
                "note types": ", ".join(sorted({col.get_note(n).note_type()["name"] for n in col.find_notes("")})),
            }
        finally:
            col.close()


def _table(rows: list[dict]) -> str:
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(str(r[k]) for k in keys) + " |" for r in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--before", type=Path, help="the 1.x package students have")
    parser.add_argument("--before-rev", default="f08334f", help="git revision whose decks/ holds it (release 1.1)")
    args = parser.parse_args()
    loaded = builder.load(args.project)
    if loaded.deck is None:
        print("the project has errors; run deckbuilder check", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        v1 = args.before
        if v1 is None:
            v1 = Path(tmp) / "before.apkg"
            name = f"decks/{deck_filename(loaded.deck.info.name)}"
            v1.write_bytes(
                subprocess.run(
                    ["git", "-C", str(args.project), "show", f"{args.before_rev}:{name}"],
                    capture_output=True,
                    check=True,
                ).stdout
            )
        released = int(time.time()) - 60  # built after 1.x, before the 'after release' edits
        os.environ["DECKBUILDER_CACHE"] = "0"
        v2 = Path(tmp) / "after.apkg"
        result = builder.build(args.project, v2, now=released)
        if result.output is None:
            print("the build failed", file=sys.stderr)
            return 1
        before, after = look(v1), look(v2)
        print(f"## The deck as a student sees it ({v1.name} = 1.x, then this build)\n")
        print("| figure | before | after |\n|---|---|---|")
        for key in before:
            print(f"| {key} | {before[key]} | {after[key]} |")
        print("\n## Migration: a collection that studied 1.x imports this build\n")
        print(_table([migrate(v1, v2, released, mode) for mode in ("default", "merge", "repair")]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
