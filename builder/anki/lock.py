"""`cards/deck.lock`: what was released, so re-imports update the right notes and nothing else.

Anki's importer (rslib, `import_export/package/apkg/import/notes.rs`, default "update if newer")
replaces an existing note only when the incoming note's modification time is strictly greater
than the one in the student's collection, and a note type only when its schema (field names +
template names) is equal and its modification time strictly greater. So the lock records, per
card, a hash of everything the student sees and the time that content last changed; per note
type a schema fingerprint (refused to change within a major deck version) and a hash of
templates + CSS with its own modification time; and every release (version, time) and the
outputs the last release wrote (sha256), so `deckbuilder status` can tell a stale file.

Stamps: a card that changed since the release history gets `previous + 1` in a draft and
`max(now, previous + 2)` in a release, so a release is always newer than any draft of it.

Format 2 (written by `deckbuilder release`) is line-oriented: one record per line, sorted, so
that two branches that changed different cards merge cleanly and a conflict is one line per
card (`deckbuilder lock --resolve` merges what git cannot). Format 1 (one JSON document) is
read and converted on the next release, keeping every time as it was.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json
import os
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from builder.anki.migration import schema_change_hint
from builder.anki.notetypes import NOTE_TYPES, NoteType
from builder.anki.render import RETIRED_TAG, RenderedNote, render_retired
from builder.core.diagnostics import Diagnostic
from builder.core.io import write_atomic as write_bytes_atomic
from builder.core.model import Card, Deck, Project

LOCK_FILE = "deck.lock"
LOCK_FORMAT = 2
# the warnings about released cards that are gone (removed, renamed, or replaced by a restored one)
REMOVAL_CODES = ("card-removed", "card-renamed", "rename-undone")
NOW_ENV = "DECKBUILDER_NOW"
EPOCH_2000 = 946684800  # 2000-01-01T00:00:00Z: no deck was released before it
TOMORROW = 86400  # the latest acceptable time: the wall clock (or the build clock) plus a day
CONFLICT_HASH = "conflict"  # a merged card whose two sides differ at the same time: restamped next release
_MARKER = re.compile(r"^(<<<<<<<|\|\|\|\|\|\|\||=======|>>>>>>>)( |$)")


class ClockError(ValueError):
    """$DECKBUILDER_NOW (or `now=`) is not a time deckbuilder can stamp cards with."""


def lock_path(project: Project) -> Path:
    return project.cards_dir / LOCK_FILE


def _utc(seconds: int) -> str:
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def parse_now(text: str) -> int:
    """Seconds since the epoch, or an ISO 8601 date-time (UTC unless it says otherwise).

    Raises ClockError with a message for the user: milliseconds (JavaScript's Date.now()) would
    stamp cards in the year 58887 and keep them there forever, and anything else is refused
    rather than silently replaced by the wall clock."""
    value = text.strip()
    if re.fullmatch(r"[0-9]+", value):
        seconds = int(value)
        if seconds >= 10**11:
            raise ClockError(
                f"{NOW_ENV}={value} looks like milliseconds (as JavaScript's Date.now() gives): "
                f"use seconds since the epoch, e.g. {NOW_ENV}={seconds // 1000}"
            )
        return _in_range(seconds, value)
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ClockError(
            f"{NOW_ENV}={value!r} is neither seconds since the epoch (e.g. 1767225600) nor an ISO 8601 "
            "date-time (e.g. 2026-01-01T00:00:00Z)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return _in_range(int(moment.timestamp()), value)


def _in_range(seconds: int, shown: str) -> int:
    latest = int(time.time()) + TOMORROW
    if not EPOCH_2000 <= seconds <= latest:
        raise ClockError(
            f"{NOW_ENV}={shown} is {_utc(seconds) if 0 <= seconds < 2**37 else 'out of any range'}: "
            f"stamps must lie between 2000-01-01 and tomorrow ({_utc(latest)}), or students' Anki would "
            "keep them forever"
        )
    return seconds


def now_seconds(now: int | None = None) -> int:
    """The build clock: `now` if given, else $DECKBUILDER_NOW (for tests and reproducible CI), else
    the time. Raises ClockError for a $DECKBUILDER_NOW that is not a valid time."""
    if now is not None:
        return int(now)
    env = os.environ.get(NOW_ENV, "").strip()
    return parse_now(env) if env else int(time.time())


def clock_diagnostics(now: int | None = None) -> tuple[int, list[Diagnostic]]:
    """now_seconds as (clock, diagnostics): a bad $DECKBUILDER_NOW is an error like any other."""
    try:
        return now_seconds(now), []
    except ClockError as exc:
        return 0, [
            Diagnostic(
                NOW_ENV,
                0,
                0,
                "error",
                str(exc),
                code="now-invalid",
                hint=f"unset {NOW_ENV} to use the computer's clock",
            )
        ]


# --- fingerprints --------------------------------------------------------------------------


def _sha(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def content_hash(note: RenderedNote) -> str:
    """Everything a student sees of a note: note type, rendered fields (citations included) and tags."""
    return fields_hash(note.notetype_id, list(note.fields), note.tags)


def fields_hash(notetype_id: int, fields: list[str], tags: Iterable[str]) -> str:
    """content_hash from a note's parts (also as read back from an .apkg).

    The text hashed is exactly _sha's json.dumps of [notetype id, fields, sorted tags], written
    out with the json module's own C string encoder (3x faster, every note of every build; a
    lock's hashes must not change)."""
    enc = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses for a str
    text = f"[{int(notetype_id)}, [{', '.join(map(enc, fields))}], [{', '.join(map(enc, sorted(tags)))}]]"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


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


def card_source(card: Card) -> dict:
    """The author's text of a card, kept in the lock so `diff` can show what changed word by word."""
    return {
        "fields": dict(card.fields),
        "tags": list(card.tags),
        "sources": [f"{s.seed}: {s.quote}" for s in card.sources],
    }


def version_key(label: str) -> tuple[int, int]:
    """'1.10' → (1, 10), for ordering release labels; anything else sorts first."""
    major, _, minor = label.partition(".")
    try:
        return int(major), int(minor or 0)
    except ValueError:
        return (-1, -1)


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


@dataclass(frozen=True, order=True)
class Release:
    """One release: its label ("1.2") and when it was made. Two branches may each make a 1.2;
    after a merge the history holds both, and the next release is 1.3."""

    version: str
    time: int = 0

    @property
    def key(self) -> tuple:
        return (*version_key(self.version), self.time)


@dataclass(frozen=True)
class Lock:
    deck_id: int
    version: int
    cards: dict  # card id → CardEntry
    notetypes: dict  # kind → NoteTypeEntry
    release: int = 0  # updates released within this major version: 0, 1, 2… (shown as 1.0, 1.1…)
    releases: tuple = ()  # Release records, oldest first (format 1 locks: the last one only)
    outputs: dict | None = None  # project-relative path → sha256 the last release wrote; None: not recorded
    format: int = LOCK_FORMAT  # the format it was read in

    @property
    def label(self) -> str:
        return f"{self.version}.{self.release}"

    @property
    def released_at(self) -> int:
        """When the last release was made (0 if unknown)."""
        return max((r.time for r in self.releases if r.version == self.label), default=0)

    def to_text(self) -> str:
        return self._text

    @cached_property
    def _text(self) -> str:  # computed once: `build --check` compares it
        return "".join(self.chunks())

    def chunks(self) -> Iterator[str]:
        """The lock's text in format 2, one line per record, so that a 50 MB lock is written or
        compared without ever being one string."""
        yield from _HEADER
        yield f"format {LOCK_FORMAT}\n"
        yield "deck " + _line({"id": self.deck_id, "version": self.version})
        for rel in sorted(set(self.releases), key=lambda r: r.key):
            yield f"release {rel.version} " + _line({"time": rel.time})
        for kind, e in sorted(self.notetypes.items()):
            yield f"notetype {kind} " + _line({"schema": e.schema, "hash": e.hash, "mod": e.mod})
        for cid in sorted(self.cards):
            yield f"card {cid} " + _line(self.cards[cid].to_json())
        for path, sha in sorted((self.outputs or {}).items()):
            yield f"output {path} " + _line({"sha256": sha})

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

    @property
    def newest(self) -> int:
        """The latest time anywhere in this lock: cards, note types, releases."""
        return max(
            [e.mod for e in self.cards.values()]
            + [e.mod for e in self.notetypes.values()]
            + [r.time for r in self.releases]
            + [0]
        )


_HEADER = (
    "# deckbuilder release history: what each release gave students. Written by 'deckbuilder release';\n",
    "# one record per line, sorted. After a git merge conflict here run 'deckbuilder lock --resolve'.\n",
)


def _line(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"


# --- reading -------------------------------------------------------------------------------


class LockError(ValueError):
    """A lock that cannot be used, with the line (1-based) and card it is about."""

    def __init__(
        self, message: str, line: int = 1, card: str | None = None, code: str = "lock-unreadable", hint: str = ""
    ):
        super().__init__(message)
        self.line, self.card, self.code, self.hint = line, card, code, hint


def conflict_line(text: str) -> int:
    """The first line (1-based) with a git conflict marker, or 0."""
    for number, line in enumerate(text.split("\n"), 1):  # not splitlines: U+2028 is text here
        if _MARKER.match(line):
            return number
    return 0


def conflict_sides(text: str) -> tuple[str, str]:
    """The two sides of a file with git conflict markers: (ours, theirs); the merge base of a
    diff3-style conflict (between ||||||| and =======) is left out."""
    ours: list[str] = []
    theirs: list[str] = []
    state = "both"
    for line in re.findall(r"[^\n]*\n|[^\n]+$", text):
        mark = _MARKER.match(line)
        if mark:
            state = {"<<<<<<<": "ours", "|||||||": "base", "=======": "theirs", ">>>>>>>": "both"}[mark.group(1)]
            continue
        if state in ("both", "ours"):
            ours.append(line)
        if state in ("both", "theirs"):
            theirs.append(line)
    return "".join(ours), "".join(theirs)


def parse_lock(text: str, latest: int | None = None) -> Lock:
    """A lock of either format. Raises LockError (a ValueError) with a readable message and the
    line: conflict markers, a damaged record, a time outside [2000, `latest`] (default: the wall
    clock plus a day)."""
    marker = conflict_line(text)
    if marker:
        raise LockError(
            "git merge conflict markers in the release history",
            marker,
            code="lock-conflict",
            hint="run 'deckbuilder lock --resolve': it keeps the releases of both sides and the newer time "
            "of every card (so both classes get the next release), then 'git add cards/deck.lock'",
        )
    lock = _parse_v1(text) if text.lstrip().startswith("{") else _parse_v2(text)
    _check_times(lock, text, int(time.time()) + TOMORROW if latest is None else latest)
    return lock


def _parse_v2(text: str) -> Lock:
    deck: dict | None = None
    cards: dict[str, CardEntry] = {}
    notetypes: dict[str, NoteTypeEntry] = {}
    releases: list[Release] = []
    outputs: dict[str, str] = {}
    seen_format = False
    for number, line in enumerate(text.split("\n"), 1):  # not splitlines: U+2028 may be in card text
        if not line.strip() or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        try:
            if word == "format":
                if rest.strip() != str(LOCK_FORMAT):
                    raise LockError(
                        f"lock format {rest.strip()!r} is newer than this deckbuilder understands",
                        number,
                        hint="upgrade deckbuilder",
                    )
                seen_format = True
                continue
            if word == "deck":
                data = json.loads(rest)
                deck = {"id": int(data["id"]), "version": int(data["version"])}
                continue
            key, _, payload = rest.partition(" ")
            data = json.loads(payload)
            if word == "release":
                releases.append(Release(key, int(data["time"])))
            elif word == "notetype":
                notetypes[key] = NoteTypeEntry(str(data["schema"]), str(data["hash"]), int(data["mod"]))
            elif word == "card":
                cards[key] = CardEntry(
                    kind=str(data["kind"]),
                    hash=str(data["hash"]),
                    mod=int(data["mod"]),
                    file=str(data.get("file", "")),
                    text=dict(data.get("text", {})),
                    retired_in=str(data.get("retired_in", "")),
                )
            elif word == "output":
                outputs[key] = str(data["sha256"])
            else:
                raise LockError(f"unknown record {word!r}", number)
        except LockError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise LockError(
                f"damaged record ({type(exc).__name__}: {exc})", number, card=key if word == "card" else None
            ) from None
    if not seen_format or deck is None:
        raise LockError("not a deckbuilder lock file (no 'format' or 'deck' line)")
    version = deck["version"]
    minors = [version_key(r.version)[1] for r in releases if version_key(r.version)[0] == version]
    releases.sort(key=lambda r: r.key)
    return Lock(deck["id"], version, cards, notetypes, max(minors, default=0), tuple(releases), outputs, 2)


def _parse_v1(text: str) -> Lock:
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
        version, release = int(data["deck"]["version"]), int(data["deck"].get("release", 0))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LockError(f"not a deckbuilder lock file ({type(exc).__name__}: {exc})") from None
    # format 1 kept no release times: the last release is as late as its latest stamp
    newest = max([e.mod for e in cards.values()] + [e.mod for e in notetypes.values()] + [0])
    releases = (Release(f"{version}.{release}", newest),)
    return Lock(int(data["deck"]["id"]), version, cards, notetypes, release, releases, None, 1)


def _check_times(lock: Lock, text: str, latest: int) -> None:
    bad = [(cid, e.mod) for cid, e in sorted(lock.cards.items()) if not EPOCH_2000 <= e.mod <= latest]
    bad += [
        (f"note type {kind}", e.mod) for kind, e in sorted(lock.notetypes.items()) if not EPOCH_2000 <= e.mod <= latest
    ]
    bad += [(f"release {r.version}", r.time) for r in lock.releases if not EPOCH_2000 <= r.time <= latest]
    if not bad:
        return
    what, mod = bad[0]
    is_card = what in lock.cards
    shown = _utc(mod) if 0 <= mod < 2**37 else "out of any range"
    raise LockError(
        f"time {mod} ({shown}) is outside 2000-01-01 .. tomorrow ({_utc(latest)})"
        + (f"; {len(bad) - 1} more such times" if len(bad) > 1 else ""),
        _line_of(text, what, lock.format),
        card=what if is_card else None,
        code="lock-time",
        hint="a time in the future makes a card overwrite students' own edits on every import and is kept "
        "forever; restore cards/deck.lock from git (git log -p cards/deck.lock) or set the time of the "
        "release that last changed it",
    )


def _line_of(text: str, what: str, fmt: int) -> int:
    """The line of a card's (or "note type K"'s, "release V"'s) time in the lock text."""
    if what.startswith("note type "):
        prefix, key = f"notetype {what[10:]} ", what[10:]
    elif what.startswith("release "):
        prefix, key = f"release {what[8:]} ", ""
    else:
        prefix, key = f"card {what} ", what
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        if fmt == 2 and line.startswith(prefix):
            return number
    current = None
    for number, line in enumerate(lines, 1):  # format 1: the "mod" line inside the card's object
        match = re.match(r'^  "([^"]+)": \{', line)
        if match:
            current = match.group(1)
        elif key and current == key and line.lstrip().startswith('"mod":'):
            return number
    return 1


def read_lock(project: Project, latest: int | None = None) -> tuple[Lock | None, list[Diagnostic]]:
    path = lock_path(project)
    if not path.is_file():
        if path.exists() or path.is_symlink():  # a FIFO would block the read; a folder cannot be replaced
            return None, [
                Diagnostic(
                    project.rel_link(path),
                    0,
                    0,
                    "error",
                    "the lock file is not a regular file (a FIFO, folder, device or broken link)",
                    code="lock-unreadable",
                    hint="remove it and restore the lock from version control (git checkout cards/deck.lock)",
                )
            ]
        return None, []
    try:
        return parse_lock(path.read_text(encoding="utf-8"), latest), []
    except LockError as exc:
        return None, [lock_diagnostic(project.rel(path), exc)]
    except (ValueError, UnicodeDecodeError) as exc:
        return None, [lock_diagnostic(project.rel(path), LockError(f"cannot read the lock file: {exc}"))]


def lock_diagnostic(file: str, exc: LockError) -> Diagnostic:
    return Diagnostic(
        file,
        exc.line,
        1,
        "error",
        str(exc)
        if exc.code != "lock-unreadable" or str(exc).startswith("cannot")
        else f"cannot read the lock file: {exc}",
        card=exc.card,
        code=exc.code,
        hint=exc.hint
        or "restore it from version control (git log -p cards/deck.lock shows every release of it); "
        "if it is lost, 'deckbuilder release' recovers it from git history and decks/",
    )


def write_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Write `text` (a str, or an iterable of str pieces) as UTF-8 with LF line ends, so that a
    crash leaves either the old or the new file, never half of one."""
    pieces = [text] if isinstance(text, str) else text
    write_bytes_atomic(path, (piece.encode("utf-8") for piece in pieces))


# --- merging -------------------------------------------------------------------------------


def merge_locks(a: Lock, b: Lock) -> Lock:
    """Both sides' history in one lock: every release of either, and per card and note type the
    side with the newer time. Two sides that differ at the same time get CONFLICT_HASH, so the
    next release restamps that card above both. Raises ValueError for different decks."""
    if a.deck_id != b.deck_id:
        raise ValueError(f"the two locks are of different decks (ids {a.deck_id} and {b.deck_id})")
    cards = dict(a.cards)
    for cid, theirs in b.cards.items():
        ours = cards.get(cid)
        cards[cid] = theirs if ours is None else _newer(ours, theirs)
    notetypes = dict(a.notetypes)
    for kind, theirs_nt in b.notetypes.items():
        ours_nt = notetypes.get(kind)
        if ours_nt is None or theirs_nt.mod > ours_nt.mod:
            notetypes[kind] = theirs_nt
        elif theirs_nt.mod == ours_nt.mod and theirs_nt != ours_nt:
            notetypes[kind] = replace(ours_nt, hash=CONFLICT_HASH)
    version = max(a.version, b.version)
    releases = tuple(sorted(set(a.releases) | set(b.releases), key=lambda r: r.key))
    minors = [version_key(r.version)[1] for r in releases if version_key(r.version)[0] == version]
    outputs = {k: v for k, v in (a.outputs or {}).items() if (b.outputs or {}).get(k) == v}
    return Lock(a.deck_id, version, cards, notetypes, max(minors, default=0), releases, outputs, LOCK_FORMAT)


def _newer(ours: CardEntry, theirs: CardEntry) -> CardEntry:
    if theirs.mod > ours.mod:
        return theirs if theirs.text or not ours.text else replace(theirs, text=ours.text, file=ours.file)
    if theirs.mod < ours.mod or (theirs.hash == ours.hash and theirs.retired_in == ours.retired_in):
        return ours if ours.text or not theirs.text else replace(ours, text=theirs.text, file=theirs.file)
    return replace(ours, hash=CONFLICT_HASH)


def resolve_text(text: str) -> Lock:
    """A lock with git conflict markers → the merge of its two sides (merge_locks)."""
    ours, theirs = conflict_sides(text)
    return merge_locks(parse_lock(ours), parse_lock(theirs))


# --- the update ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LockUpdate:
    previous: Lock | None  # the release history before this build (None before a first release)
    lock: Lock  # the new lock: what a release of this build records
    notes: tuple  # RenderedNotes with their mod times, retired notes included
    notetype_mods: dict  # kind → mod time for package.write_apkg
    added: tuple  # card ids
    changed: tuple
    retired: tuple  # newly retired this build
    diagnostics: tuple
    restored: tuple = ()  # retired earlier, back in the cards now: same note, updated in place
    draft: bool = False  # stamped as a draft (previous + 1): a later release is always newer
    merged: bool = False  # the history holds another branch's (or a reverted) release: a new release

    @property
    def changed_anything(self) -> bool:
        """Whether releasing this build would give students anything new."""
        if self.previous is None or self.merged:
            return True
        return bool(
            self.added
            or self.changed
            or self.retired
            or self.restored
            or self.lock.notetypes != self.previous.notetypes
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
        "was released but is in no card file now (no card has this id any more)",
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
    found = [
        removal_diagnostic(cid, prev, added_cards, deck.info.file, restored)
        for cid, prev in sorted(old.cards.items())
        if not prev.retired and cid not in ids
    ]
    return _grouped_removals(found)


MAX_REMOVALS_LISTED = 5  # more plain removals from one file than this are one warning listing them


def _grouped_removals(diags: list[Diagnostic]) -> list[Diagnostic]:
    """Plain removals one per card, unless a file lost more than MAX_REMOVALS_LISTED cards (a
    deck cut down for a new version): then one warning for that file names them all, so the
    hint is said once and the renames and errors are not lost among hundreds of lines."""
    by_file: dict[str, list[Diagnostic]] = {}
    for d in diags:
        if d.code == "card-removed":
            by_file.setdefault(d.file, []).append(d)
    out = [d for d in diags if d.code != "card-removed" or len(by_file[d.file]) <= MAX_REMOVALS_LISTED]
    for file, removed in sorted(by_file.items()):
        if len(removed) > MAX_REMOVALS_LISTED:
            ids = ", ".join(d.card or "" for d in removed)
            out.append(
                Diagnostic(
                    file,
                    1,
                    1,
                    "warning",
                    f"{len(removed)} released cards are no longer in any card file: {ids}",
                    code="card-removed",
                    hint=f"their notes stay in the deck tagged '{RETIRED_TAG}' so students can find and delete "
                    "them; to keep one, put its card back with the same id (an id is never reused)",
                )
            )
    return sorted(out, key=Diagnostic.sort_key)


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
    diags = kind_change_diagnostics(old, deck)
    if deck.info.version > old.version:
        return diags
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


def kind_change_diagnostics(old: Lock, deck: Deck) -> list[Diagnostic]:
    """A released card may not change its kind: its note would need another note type, and Anki
    never moves a note to another note type on import (it skips the note as "conflicting"), so
    students would keep the old card for good while the teacher sees the new one."""
    diags = []
    for card in deck.cards:
        prev = old.cards.get(card.id)
        if prev is None or prev.retired or prev.kind == card.kind:
            continue
        line, col = card.at("kind")
        diags.append(
            Diagnostic(
                card.file,
                line,
                col,
                "error",
                f"was released as a '{prev.kind}' card; its kind cannot change to '{card.kind}'",
                card=card.id,
                code="kind-changed",
                hint=f"students' Anki cannot turn a '{prev.kind}' note into a '{card.kind}' note: it would skip "
                f"the update and keep the old card. Put back `kind: {prev.kind}`, or give this card a new id "
                f"(the released '{card.id}' is then retired for students to delete)",
            )
        )
    return diags


def shipped_retired(entry: CardEntry, version: int) -> bool:
    """A retired note is shipped until the next major version, whose students re-import fresh
    anyway: a student who deleted retired notes would otherwise get them back with every import."""
    return entry.retired and entry.retired_in.split(".")[0] == str(version)


def update_lock(
    old: Lock | None,
    deck: Deck,
    notes: Iterable[RenderedNote],
    now: int | None = None,
    *,
    draft: bool = False,
    release: int | None = None,
    floor: int = 0,
    floors: dict | None = None,
    merged: bool = False,
    hashes: dict | None = None,
) -> LockUpdate:
    """Compare the freshly rendered notes with the release history `old`; give every note and
    note type its mod time. A card whose content changed gets `previous + 1` in a `draft` and
    `max(now, previous + 2)` in a release (`previous`: its time in the history, or `floor`, the
    newest time the history knows, for a new card), so a release is newer than every draft and
    every earlier release. `release` is this build's number within its major version (default:
    the next one). `floors` (card id or "notetype:KIND" → time) raises a changed card's stamp
    above what another branch gave it. `merged`: `old` merges releases the lock did not know
    (another branch's, a reverted one): even with no card to restamp, a release of it is a new one.
    `hashes`: card id → content_hash of its note, where already known (the build cache keeps them)."""
    clock = now_seconds(now)
    above = floors or {}
    old_cards = old.cards if old else {}
    by_id = {c.id: c for c in deck.cards}
    new_cards: dict[str, CardEntry] = {}
    out_notes: list[RenderedNote] = []
    added: list[str] = []
    changed: list[str] = []
    retired: list[str] = []
    restored: list[str] = []
    same_major = old is not None and old.version == deck.info.version
    if release is None:
        release = old.release + 1 if old is not None and same_major else 0
    label = f"{deck.info.version}.{release}"
    base = max(floor, old.newest if old else 0, EPOCH_2000)

    def bump(previous: int) -> int:
        return max(previous, EPOCH_2000) + 1 if draft else max(clock, max(previous, EPOCH_2000) + 2)

    for note in notes:
        card = by_id[note.card_id]
        h = hashes.get(note.card_id) if hashes else None
        if h is None:
            h = content_hash(note)
        prev = old_cards.get(note.card_id)
        if prev is not None and not prev.retired and prev.hash == h and prev.kind == note.kind:
            mod = prev.mod
        else:
            # a restored card: newer than its retired note; any card: newer than other branches' copies
            mod = bump(max(prev.mod if prev else base, above.get(note.card_id, 0)))
            (added if prev is None else restored if prev.retired else changed).append(note.card_id)
        entry = CardEntry(note.kind, h, mod, card.file, card_source(card))
        # an unchanged card keeps the history's very entry: one copy of its text in memory, not two
        new_cards[note.card_id] = prev if prev is not None and prev == entry else entry
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
            entry = replace(prev, retired_in=label, mod=bump(max(prev.mod, above.get(cid, 0))))
            retired.append(cid)
        new_cards[cid] = entry
        if shipped_retired(entry, deck.info.version):
            out_notes.append(retired_note(cid, entry, deck))

    notetypes = {}
    for kind, nt in sorted(NOTE_TYPES.items()):
        prev_nt = old.notetypes.get(kind) if old else None
        schema, look = schema_fingerprint(nt), look_hash(nt)
        if prev_nt is not None and prev_nt.hash == look and prev_nt.schema == schema:
            notetypes[kind] = prev_nt
        else:
            earlier = max(prev_nt.mod if prev_nt else base, above.get(f"notetype:{kind}", 0))
            notetypes[kind] = NoteTypeEntry(schema, look, bump(earlier))
    nothing = (
        old is not None
        and same_major
        and not merged
        and not (added or changed or retired or restored or notetypes != old.notetypes)
    )
    releases = old.releases if old else ()
    if nothing and old is not None:
        release, releases = old.release, old.releases
    else:
        releases = releases + (Release(label, clock),)
    lock = Lock(deck.info.id, deck.info.version, new_cards, notetypes, release, releases, None)
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
        draft,
        merged,
    )
