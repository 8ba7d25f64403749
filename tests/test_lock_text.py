"""The lock's hand-rolled serialiser writes exactly what json.dumps(indent=1, sort_keys) would."""

import json

from builder.anki.lock import LOCK_FORMAT, CardEntry, Lock, NoteTypeEntry


def reference(lock: Lock) -> str:
    data = {
        "format": LOCK_FORMAT,
        "deck": {"id": lock.deck_id, "version": lock.version, "release": lock.release},
        "cards": {cid: e.to_json() for cid, e in lock.cards.items()},
        "notetypes": {k: {"schema": e.schema, "hash": e.hash, "mod": e.mod} for k, e in lock.notetypes.items()},
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


LOCK = Lock(
    1768176000101,
    2,
    {
        "z-card": CardEntry(
            "qa",
            "abc",
            1767225601,
            "cards/a.yaml",
            {
                "fields": {"question": '이재명 "quoted" \\ back\nslash', "answer": "高市早苗 😀"},
                "tags": [],
                "sources": ["wapo: e\u0301 \u2028 line"],
            },
        ),
        "a-card": CardEntry(
            "date", "def", 1767225600, "cards/b.yaml", {"fields": {}, "tags": ["x"], "sources": []}, retired_in="1.3"
        ),
    },
    {"qa": NoteTypeEntry("s1", "h1", 5), "date": NoteTypeEntry("s2", "h2", 6)},
    release=4,
)


def test_lock_text_matches_json_dumps():
    assert LOCK.to_text() == reference(LOCK)


def test_empty_lock_text_matches_json_dumps():
    empty = Lock(1, 1, {}, {}, 0)
    assert empty.to_text() == reference(empty)


def test_lock_is_the_same_as_its_own_file_only(tmp_path):
    path = tmp_path / "deck.lock"
    path.write_text(LOCK.to_text(), encoding="utf-8", newline="\n")
    assert LOCK.same_as_file(path)
    path.write_text(LOCK.to_text() + " ", encoding="utf-8", newline="\n")
    assert not LOCK.same_as_file(path)
    path.write_text(LOCK.to_text().replace("abc", "abd"), encoding="utf-8", newline="\n")
    assert not LOCK.same_as_file(path)
    assert not LOCK.same_as_file(tmp_path / "missing.lock")
