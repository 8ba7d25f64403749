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


def test_content_hash_is_the_hash_of_json_dumps():
    """content_hash writes the JSON out itself (faster): it must hash the very text json.dumps gives."""
    import random

    from builder.anki.lock import _sha, content_hash
    from builder.anki.render import RenderedNote
    from builder.core.html import Markup

    rng = random.Random(1)
    for _ in range(500):
        fields = tuple(
            Markup("".join(rng.choice('ab"\\\n<é\u2028\x01 ’') for _ in range(rng.randint(0, 12))))
            for _ in range(rng.randint(0, 8))
        )
        tags = tuple("".join(rng.choice("ab:é") for _ in range(rng.randint(1, 5))) for _ in range(rng.randint(0, 4)))
        note = RenderedNote("x", "qa", rng.randint(1, 2**60), fields, tags, "d", 1)
        assert content_hash(note) == _sha([note.notetype_id, list(note.fields), sorted(note.tags)])


def test_card_entry_text_matches_json_dumps():
    import json
    import random

    from builder.anki.lock import CardEntry, _entry_text

    rng = random.Random(3)
    words = ["", "a", 'q"uote', "back\\slash", "é", "line\nbreak", "’", "\u2028"]
    for _ in range(500):
        text = {
            "fields": {rng.choice(words) + str(i): rng.choice(words) for i in range(rng.randint(0, 4))},
            "sources": [rng.choice(words) for _ in range(rng.randint(0, 3))],
            "tags": [rng.choice(words) for _ in range(rng.randint(0, 3))],
        }
        if rng.random() < 0.1:
            text["other"] = [1, {"x": None}]  # not the usual shape: the general walk
        entry = CardEntry(
            rng.choice(words), "abc", rng.randint(0, 2**40), rng.choice(words), text, rng.choice(["", "1.2"])
        )
        expected = json.dumps(entry.to_json(), ensure_ascii=False, sort_keys=True, indent=1).replace("\n", "\n  ")
        assert _entry_text(entry) == expected
