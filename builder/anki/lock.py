"""`cards/deck.lock`: what was released, so re-imports update the right notes and nothing else.

Anki's importer (rslib, `import_export/package/apkg/import/notes.rs`, default "update if newer")
replaces an existing note only when the incoming note's modification time is strictly greater
than the one in the student's collection, and a note type only when its schema (field names +
template names) is equal and its modification time strictly greater. So the lock records, per
card, a hash of everything the student sees and the time that content last changed: a changed
card gets max(now, previous + 1), an unchanged card keeps its time (and the build stays
byte-identical), a card that disappeared stays in the deck tagged `retired`. Per note type it
records a schema fingerprint (refused to change within a major deck version) and a hash of
templates + CSS with its own modification time.

The lock is JSON with sorted keys, written atomically (temp file, fsync, rename).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import time
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from builder.anki.migration import schema_change_hint
from builder.anki.notetypes import NOTE_TYPES, NoteType
from builder.anki.render import RETIRED_TAG, RenderedNote, render_retired
from builder.core.diagnostics import Diagnostic
from builder.core.io import write_atomic as write_bytes_atomic
from builder.core.model import Deck, Project

LOCK_FILE = "deck.lock"
LOCK_FORMAT = 1
# the warnings about released cards that are gone (removed, renamed, or replaced by a restored one)
REMOVAL_CODES = ("card-removed", "card-renamed", "rename-undone")
NOW_ENV = "DECKBUILDER_NOW"


def lock_path(project: Project) -> Path:
    return project.cards_dir / LOCK_FILE


def now_seconds(now: int | None = None) -> int:
    """The build clock: `now` if given, else $DECKBUILDER_NOW (for tests and reproducible CI), else the time."""
    if now is not None:
        return int(now)
    env = os.environ.get(NOW_ENV, "").strip()
    return int(env) if env.isdigit() else int(time.time())


# --- fingerprints --------------------------------------------------------------------------


def _sha(data) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def content_hash(note: RenderedNote) -> str:
    """Everything a student sees of a note: note type, rendered fields (citations included) and tags."""
    return _sha([note.notetype_id, list(note.fields), sorted(note.tags)])


def schema_fingerprint(nt: NoteType) -> str:
    """What Anki compares before updating a note type (`equal_schema`): its fields and templates in
    order, matched by id when both sides have ids, by name otherwise; plus the note type's id,
    which notes are matched to."""
    return _sha([nt.id, [[f.id, f.name] for f in nt.fields], [[t.id, t.name] for t in nt.templates]])


def look_hash(nt: NoteType) -> str:
    """Template HTML, CSS, name and the editor's field settings: changes here reach students when
    the note type's mod time grows."""
    return _sha(
        [
            nt.name,
            [[t.name, t.front, t.back, t.browser_front, t.browser_back] for t in nt.templates],
            nt.css,
            [[f.description, f.collapsed] for f in nt.fields],
        ]
    )


def card_source(card) -> dict:
    """The author's text of a card, kept in the lock so `diff` can show what changed word by word."""
    return {
        "fields": dict(card.fields),
        "tags": list(card.tags),
        "sources": [f"{s.seed}: {s.quote}" for s in card.sources],
    }


# --- data ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardEntry:
    kind: str
    hash: str
    mod: int
    file: str
    text: dict  # card_source(): fields, tags, sources
    retired_in: str = ""  # the release ("1.3") that retired it; empty while the card is in the deck

    @property
    def retired(self) -> bool:
        return bool(self.retired_in)

    def to_json(self) -> dict:
        data = {"kind": self.kind, "hash": self.hash, "mod": self.mod, "file": self.file, "text": self.text}
        return dict(data, retired_in=self.retired_in) if self.retired_in else data


@dataclass(frozen=True)
class NoteTypeEntry:
    schema: str
    hash: str
    mod: int


@dataclass(frozen=True)
class Lock:
    deck_id: int
    version: int
    cards: dict  # card id → CardEntry
    notetypes: dict  # kind → NoteTypeEntry
    release: int = 0  # updates released within this major version: 0, 1, 2… (shown as 1.0, 1.1…)

    @property
    def label(self) -> str:
        return f"{self.version}.{self.release}"

    def to_text(self) -> str:
        return self._text

    @cached_property
    def _text(self) -> str:  # computed once: `build --check` compares it
        return "".join(self.chunks())

    def chunks(self):
        """The lock's text (JSON, sorted keys, one-space indent) in pieces, one per card, so that
        a 50 MB lock is written or compared without ever being one string."""
        yield '{\n "cards": '
        if self.cards:
            sep = "{\n  "
            for cid in sorted(self.cards):
                yield sep + _encode_str(cid) + ": " + _indented(self.cards[cid].to_json(), 2)
                sep = ",\n  "
            yield "\n }"
        else:
            yield "{}"
        deck = {"id": self.deck_id, "version": self.version, "release": self.release}
        notetypes = {k: {"schema": e.schema, "hash": e.hash, "mod": e.mod} for k, e in self.notetypes.items()}
        yield (
            ',\n "deck": '
            + _indented(deck, 1)
            + ',\n "format": '
            + str(LOCK_FORMAT)
            + ',\n "notetypes": '
            + _indented(notetypes, 1)
            + "\n}\n"
        )

    def same_as_file(self, path: Path) -> bool:
        """Whether `path` holds exactly this lock's text, read piece by piece (stops at the first difference)."""
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                for chunk in self.chunks():
                    if fh.read(len(chunk)) != chunk:
                        return False
                return fh.read(1) == ""
        except (OSError, ValueError):
            return False

    @property
    def live(self) -> dict:
        return {cid: e for cid, e in self.cards.items() if not e.retired}


_encode_str = json.encoder.encode_basestring  # the C encoder that json.dumps(ensure_ascii=False) uses


def _indented(obj, level: int) -> str:
    """Exactly json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=1) for str keys and
    str/int/bool/None/list/dict values. With an indent, json.dumps falls back to its pure-Python
    encoder (1.3 s for a 100k-card lock); this inlines the leaves and takes a third of that."""
    kind = type(obj)
    if kind is str:
        return _encode_str(obj)
    if kind is dict or kind is list or kind is tuple:
        if not obj:
            return "{}" if kind is dict else "[]"
        pad = _PADS[level + 1] if level + 1 < len(_PADS) else "\n" + " " * (level + 1)
        end = _PADS[level] if level < len(_PADS) else "\n" + " " * level
        parts = []
        items = sorted(obj.items()) if kind is dict else obj
        for item in items:
            value = item[1] if kind is dict else item
            vkind = type(value)
            text = _encode_str(value) if vkind is str else str(value) if vkind is int else _indented(value, level + 1)
            parts.append(_encode_str(item[0]) + ": " + text if kind is dict else text)
        return ("{" if kind is dict else "[") + pad + ("," + pad).join(parts) + end + ("}" if kind is dict else "]")
    return json.dumps(obj)


_PADS = tuple("\n" + " " * n for n in range(16))


def parse_lock(text: str) -> Lock:
    """Raises ValueError with a readable message when the text is not a lock."""
    try:
        data = json.loads(text)
        cards = {
            cid: CardEntry(
                kind=e["kind"],
                hash=e["hash"],
                mod=int(e["mod"]),
                file=e.get("file", ""),
                text=e.get("text", {}),
                retired_in=str(e.get("retired_in", "")),
            )
            for cid, e in data["cards"].items()
        }
        notetypes = {k: NoteTypeEntry(e["schema"], e["hash"], int(e["mod"])) for k, e in data["notetypes"].items()}
        return Lock(
            int(data["deck"]["id"]), int(data["deck"]["version"]), cards, notetypes, int(data["deck"].get("release", 0))
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a deckbuilder lock file ({type(exc).__name__}: {exc})") from None


def read_lock(project: Project) -> tuple[Lock | None, list[Diagnostic]]:
    path = lock_path(project)
    if not path.is_file():
        return None, []
    try:
        return parse_lock(path.read_text(encoding="utf-8")), []
    except (ValueError, UnicodeDecodeError) as exc:
        return None, [
            Diagnostic(
                project.rel(path),
                1,
                1,
                "error",
                f"cannot read the lock file: {exc}",
                code="lock-unreadable",
                hint="restore it from version control (git checkout cards/deck.lock); "
                "deleting it makes every card look new and changed to students' Anki",
            )
        ]


def write_atomic(path: Path, text) -> None:
    """Write `text` (a str, or an iterable of str pieces) as UTF-8 with LF line ends, so that a
    crash leaves either the old or the new file, never half of one."""
    pieces = [text] if isinstance(text, str) else text
    write_bytes_atomic(path, (piece.encode("utf-8") for piece in pieces))


# --- the update ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LockUpdate:
    previous: Lock | None  # the lock before this build (None for a first release)
    lock: Lock  # the new lock
    notes: tuple  # RenderedNotes with their mod times, retired notes included
    notetype_mods: dict  # kind → mod time for package.write_apkg
    added: tuple  # card ids
    changed: tuple
    retired: tuple  # newly retired this build
    diagnostics: tuple
    restored: tuple = ()  # retired earlier, back in the cards now: same note, updated in place

    @property
    def changed_anything(self) -> bool:
        return (
            self.previous is None
            or self.lock.release != self.previous.release
            or self.lock.version != self.previous.version
        )


def retired_note(card_id: str, entry: CardEntry, deck: Deck) -> RenderedNote:
    """The note of a card that left the deck: same GUID and note type, a notice on its front, tagged `retired`."""
    return render_retired(card_id, entry.kind, entry.text.get("fields", {}), entry.retired_in, deck, entry.mod)


def _rename_match(entry: CardEntry, added_cards) -> tuple:
    """(card, similarity) of the added card most like a removed one, or (None, 0.0) under 60%."""
    # both sides in key order: a lock read back from disk has its fields sorted, a card has them as written
    old_text = " ".join(v for _, v in sorted(entry.text.get("fields", {}).items()))
    best, score = None, 0.0
    for card in added_cards:
        if card.kind != entry.kind:
            continue
        ratio = difflib.SequenceMatcher(None, old_text, " ".join(v for _, v in sorted(card.fields))).ratio()
        if ratio > score:
            best, score = card, ratio
    return (best, score) if best is not None and score >= 0.6 else (None, 0.0)


def removal_diagnostic(
    card_id: str, entry: CardEntry, added_cards, fallback_file: str, restored=frozenset()
) -> Diagnostic:
    """The warning for a released card that is gone. A suspected rename is reported at the new
    card's `id` line (where the author fixes it); a plain removal at the file the card was in.
    `added_cards` includes the cards being restored (ids in `restored`): when the gone card is most
    like one of those, a rename was undone, and putting its id back would duplicate the card."""
    card, score = _rename_match(entry, added_cards)
    if card is not None and card.id in restored:
        line, col = card.at("id")
        return Diagnostic(
            card.file,
            line,
            col,
            "warning",
            f"replaced by restored card '{card.id}' ({score:.0%} similar): nothing to do; "
            f"its note stays in the deck tagged '{RETIRED_TAG}'",
            card=card_id,
            code="rename-undone",
        )
    if card is not None:
        line, col = card.at("id")
        return Diagnostic(
            card.file,
            line,
            col,
            "warning",
            f"looks like a rename of released card '{card_id}' ({score:.0%} similar)",
            card=card.id,
            code="card-renamed",
            hint=f"a new id is a new note, so students lose its review history and keep the old "
            f"note tagged '{RETIRED_TAG}'; put back `id: {card_id}` to keep it",
        )
    return Diagnostic(
        entry.file or fallback_file,
        1,
        1,
        "warning",
        "was removed since the last build (no card file has this id any more)",
        card=card_id,
        code="card-removed",
        hint=f"its note stays in the deck tagged '{RETIRED_TAG}' so students can find and delete it; "
        f"if you only meant to edit it, put it back with `id: {card_id}` (an id is never reused)",
    )


def removal_diagnostics(old: Lock | None, deck: Deck) -> list[Diagnostic]:
    """The warnings for cards released before and gone now, from ids alone: `build` (update_lock)
    and `check` (without rendering or hashing: at 100k cards a full lock update costs seconds)."""
    if old is None:
        return []
    ids = {card.id for card in deck.cards}
    added_cards = [card for card in deck.cards if card.id not in old.cards or old.cards[card.id].retired]
    restored = {card.id for card in added_cards if card.id in old.cards}
    return [
        removal_diagnostic(cid, prev, added_cards, deck.info.file, restored)
        for cid, prev in sorted(old.cards.items())
        if not prev.retired and cid not in ids
    ]


def schema_diagnostics(old: Lock | None, deck: Deck) -> list[Diagnostic]:
    """Refuse a released note type's schema change unless the deck's major version goes up."""
    if old is None:
        return []
    file = deck.info.file
    if deck.info.id != old.deck_id:
        return [
            Diagnostic(
                file,
                1,
                1,
                "error",
                f"deck id {deck.info.id} differs from the released deck id {old.deck_id} recorded in cards/{LOCK_FILE}",
                code="deck-id-changed",
                hint=f"put back `id: {old.deck_id}`: every note's identity derives from it, so a new id "
                f"would give every student a second copy of every card",
            )
        ]
    if deck.info.version < old.version:
        return [
            Diagnostic(
                file,
                1,
                1,
                "error",
                f"deck version {deck.info.version} is lower than the released "
                f"version {old.version} recorded in cards/{LOCK_FILE}",
                code="version-lowered",
                hint=f"set `version: {old.version}` (or higher) in {file}",
            )
        ]
    if deck.info.version > old.version:
        return []
    diags = []
    for kind, entry in sorted(old.notetypes.items()):
        nt = NOTE_TYPES.get(kind)
        if nt is None or schema_fingerprint(nt) == entry.schema:
            continue
        diags.append(
            Diagnostic(
                file,
                1,
                1,
                "error",
                f"note type '{nt.name}' changed its fields or card templates since version {old.version} was released",
                code="notetype-changed",
                hint=schema_change_hint(old.version + 1, file),
            )
        )
    return diags


def shipped_retired(entry: CardEntry, version: int) -> bool:
    """A retired note is shipped until the next major version, whose students re-import fresh
    anyway: a student who deleted retired notes would otherwise get them back with every import."""
    return entry.retired and entry.retired_in.split(".")[0] == str(version)


def update_lock(old: Lock | None, deck: Deck, notes, now: int | None = None) -> LockUpdate:
    """Compare the freshly rendered notes with the lock; give every note and note type its mod time."""
    clock = now_seconds(now)
    old_cards = old.cards if old else {}
    by_id = {c.id: c for c in deck.cards}
    new_cards: dict[str, CardEntry] = {}
    out_notes: list[RenderedNote] = []
    added: list[str] = []
    changed: list[str] = []
    retired: list[str] = []
    restored: list[str] = []
    same_major = old is not None and old.version == deck.info.version
    release = old.release + 1 if old is not None and same_major else 0  # this build's release, if it changes anything

    def bump(previous: int) -> int:
        return max(clock, previous + 1)

    for note in notes:
        card = by_id[note.card_id]
        h = content_hash(note)
        prev = old_cards.get(note.card_id)
        if prev is not None and not prev.retired and prev.hash == h and prev.kind == note.kind:
            mod = prev.mod
        else:
            mod = bump(prev.mod if prev else 0)  # a restored card: newer than its retired note
            (added if prev is None else restored if prev.retired else changed).append(note.card_id)
        new_cards[note.card_id] = CardEntry(note.kind, h, mod, card.file, card_source(card))
        out_notes.append(
            note
            if note.mod == mod
            else RenderedNote(  # dataclasses.replace: 5 µs a note
                note.card_id, note.kind, note.notetype_id, note.fields, note.tags, note.deck, mod
            )
        )

    for cid, prev in sorted(old_cards.items()):
        if cid in new_cards:
            continue
        if prev.retired:
            entry = prev
        else:
            entry = replace(prev, retired_in=f"{deck.info.version}.{release}", mod=bump(prev.mod))
            retired.append(cid)
        new_cards[cid] = entry
        if shipped_retired(entry, deck.info.version):
            out_notes.append(retired_note(cid, entry, deck))

    notetypes = {}
    for kind, nt in sorted(NOTE_TYPES.items()):
        prev = old.notetypes.get(kind) if old else None
        schema, look = schema_fingerprint(nt), look_hash(nt)
        if prev is not None and prev.hash == look and prev.schema == schema:
            notetypes[kind] = prev
        else:
            notetypes[kind] = NoteTypeEntry(schema, look, bump(prev.mod if prev else 0))
    if old is not None and same_major and not (added or changed or retired or restored or notetypes != old.notetypes):
        release = old.release
    lock = Lock(deck.info.id, deck.info.version, new_cards, notetypes, release)
    return LockUpdate(
        old,
        lock,
        tuple(out_notes),
        {k: e.mod for k, e in notetypes.items()},
        tuple(added),
        tuple(changed),
        tuple(retired),
        tuple(removal_diagnostics(old, deck)),
        tuple(restored),
    )
