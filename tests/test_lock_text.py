"""The lock's text (format 2): one record per line, read back as the same lock."""

from builder.anki.lock import CardEntry, Lock, NoteTypeEntry

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


def test_lock_text_reads_back_as_the_same_lock():
    from dataclasses import replace

    from builder.anki.lock import Release, parse_lock

    lock = replace(
        LOCK,
        notetypes={k: replace(e, mod=1767225600 + e.mod) for k, e in LOCK.notetypes.items()},
        releases=(Release("2.0", 1767225600),),
        outputs={"decks/x.apkg": "ab" * 32},
    )
    back = parse_lock(lock.to_text())
    assert (back.cards, back.notetypes, back.releases, back.outputs, back.label) == (
        lock.cards,
        lock.notetypes,
        lock.releases,
        lock.outputs,
        "2.0",
    )
    assert back.to_text() == lock.to_text()


def test_every_card_is_one_line():
    text = LOCK.to_text()
    assert sum(line.startswith("card ") for line in text.splitlines()) == len(LOCK.cards)


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
