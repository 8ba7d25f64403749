"""The release history that git operations cannot silently undo.

`cards/deck.lock` says what the last release gave students, but a lock can be reverted, checked
out from an old commit, deleted, never committed, or resolved by one side of a merge. Then the
next release would stamp cards with times older than what students hold, and Anki would keep the
old text. So before a release (and for `status`) every other record of a release is gathered:

- every version of cards/deck.lock in git: in the history of the checkout (`HEAD`) and on every
  other branch or ref (`--all`);
- the released deck in decks/ (its notes' GUIDs, content and times, and the release label that
  deckbuilder stamps into the collection).

A record whose releases the lock does not know ("unknown") is a release that was reverted, lost
in a merge, or whose lock was deleted. If it is in the checkout's history (or in decks/), it is
merged into what the release compares with, card by card, the newer time winning: the release
then re-sends every card that differs from what any student holds, stamped above it. A release
found only on another branch raises the times of the cards this release changes (so they are
newer there too) and the version number, and is reported. Nothing here writes anything.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from builder.anki.identity import note_guid
from builder.anki.lock import (
    CardEntry,
    Lock,
    LockError,
    NoteTypeEntry,
    Release,
    _sha,
    fields_hash,
    lock_path,
    merge_locks,
    parse_lock,
    version_key,
)
from builder.anki.notetypes import NOTE_TYPES
from builder.core.model import Project

STAMP_KEY = "deckbuilder"  # the collection conf key package.py writes: {"release": "1.2"} / {"draft": "1.1"}
_RETIRED_IN = re.compile(r"\[retired in version ([0-9]+\.[0-9]+)\]")


@dataclass(frozen=True)
class Sighting:
    """One record of a release found outside the working lock."""

    where: str  # "git commit 1a2b3c4 (main, 2026-12-01)" or "decks/x.apkg"
    lock: Lock
    in_checkout: bool  # in HEAD's history or in decks/: its cards are merged into the comparison


@dataclass(frozen=True)
class History:
    working: Lock | None  # cards/deck.lock as it is on disk
    previous: Lock | None  # what the next release compares with (working + unknown releases of this checkout)
    floors: dict = field(default_factory=dict)  # card id / "notetype:KIND" → newest time anywhere
    newest: int = 0  # the newest time in any record
    labels: tuple = ()  # every release label seen anywhere
    unknown: tuple = ()  # Sightings of releases the working lock does not know
    notes: tuple = ()  # what the history says, for the plan and `status` (one line each)

    @property
    def merged(self) -> bool:
        """Whether the comparison holds releases the working lock does not (it differs from it)."""
        w, p = self.working, self.previous
        return w is not None and p is not None and (w.cards != p.cards or w.notetypes != p.notetypes)

    def next_release(self, version: int, extra_labels: tuple = (), pending: str = "") -> int:
        """The minor number of the next release of major `version`: above every one seen anywhere
        (but `pending`, an interrupted release being finished)."""
        labels = [v for v in self.labels + extra_labels if v != pending]
        minors = [version_key(v)[1] for v in labels if version_key(v)[0] == version]
        return max(minors) + 1 if minors else 0


def knows(working: Lock | None, other: Lock) -> bool:
    """Whether `working` already includes every release of `other`. Format 1 locks kept no
    release times: a label is known if the working lock has it or a later one."""
    if working is None:
        return False
    if working.deck_id != other.deck_id:
        return True  # another deck's lock (a copied project): not this deck's history
    exact = set(working.releases)
    labels = {r.version for r in working.releases}
    latest = max((version_key(r.version) for r in working.releases), default=(-1, -1))
    for rel in other.releases:
        if rel in exact:
            continue
        loose = working.format == 1 or other.format == 1
        if loose and (rel.version in labels or version_key(rel.version) < latest):
            continue
        return False
    return True


def gather(
    project: Project, working: Lock | None, latest: int | None = None, outputs: bool = True, skip: str = ""
) -> History:
    """Every record of a release (see the module doc), merged as the next release needs it.
    `outputs`: also read the released deck in decks/ (a release and `status` do; a draft does
    not); `skip`: the label of an interrupted release whose deck in decks/ is not a record."""
    sightings = git_locks(project, latest)
    if outputs:
        deck_id = working.deck_id if working else None
        apkg = released_apkgs(project, deck_id, latest)
        sightings += [s for s in apkg if not (skip and any(r.version == skip for r in s.lock.releases))]
    previous = working
    floors: dict[str, int] = {}
    unknown = []
    notes = []
    for sight in sightings:
        if working is not None and sight.lock.deck_id != working.deck_id:
            continue
        for cid, entry in sight.lock.cards.items():
            floors[cid] = max(floors.get(cid, 0), entry.mod)
        for kind, nt in sight.lock.notetypes.items():
            floors[f"notetype:{kind}"] = max(floors.get(f"notetype:{kind}", 0), nt.mod)
        if knows(working, sight.lock):
            continue
        unknown.append(sight)
        if sight.in_checkout:
            previous = sight.lock if previous is None else merge_locks(previous, sight.lock)
    labels = {r.version for s in sightings for r in s.lock.releases} | (
        {r.version for r in working.releases} if working else set()
    )
    newest = max([s.lock.newest for s in sightings] + [working.newest if working else 0])
    notes += _explain(project, working, unknown)
    return History(
        working, previous, floors, newest, tuple(sorted(labels, key=version_key)), tuple(unknown), tuple(notes)
    )


def _explain(project: Project, working: Lock | None, unknown: list[Sighting]) -> list[str]:
    """One line per unknown release, naming the cause as well as it can be told."""
    lines = []
    lock = project.rel(lock_path(project))
    for sight in unknown:
        label = max(sight.lock.releases, key=lambda r: r.key).version if sight.lock.releases else "?"
        if working is None and sight.in_checkout:
            lines.append(
                f"{lock} is missing: release {label} found in {sight.where}; the next release continues from it"
            )
        elif sight.where.startswith("decks/"):
            lines.append(
                f"{lock} is older than release {label} found in {sight.where}: the next release continues "
                f"from {label} and re-sends every card that differs from it"
            )
        elif sight.in_checkout:
            lines.append(
                f"release {label} ({sight.where}) is not in {lock}: it was reverted or lost in a merge; "
                f"release again to send the current text to students who have {label}"
            )
        else:
            lines.append(
                f"release {label} on another branch ({sight.where}) is not in this checkout: the next release "
                "is numbered and stamped above it, but merge it first so its cards are not lost"
            )
    return lines


# --- git -----------------------------------------------------------------------------------


def in_git(root: Path) -> bool:
    """Whether `root` is inside a git work tree (a .git folder or file here or above): without
    one, no git process is started (`check` on thousands of fuzzed projects stays fast)."""
    here = root.resolve()
    return any((folder / ".git").exists() for folder in (here, *here.parents))


def _git(project: Project, *args: str, stdin: bytes | None = None) -> bytes | None:
    if not in_git(project.root):
        return None
    try:
        proc = subprocess.run(
            ["git", "-C", str(project.root), *args], input=stdin, capture_output=True, check=False, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def _lock_blobs(project: Project, revs: list[str]) -> list[tuple[str, str]]:
    """(blob id, "commit 1a2b3c4 (refs, date)") of every version of the lock reachable from `revs`."""
    rel = lock_path(project).relative_to(project.root).as_posix()
    out = _git(
        project,
        "log",
        *revs,
        "--no-renames",
        "--full-history",  # a merge resolved by taking one side's lock still shows the other side's
        "--raw",
        "--no-abbrev",
        "--format=%x01%H %cs %S",
        "--",
        rel,
    )
    if not out:
        return []
    blobs: dict[str, str] = {}
    commit = ""
    for line in out.decode("utf-8", "replace").splitlines():
        if line.startswith("\x01"):
            short, _, rest = line[1:].partition(" ")
            day, _, ref = rest.partition(" ")
            commit = f"git commit {short[:7]} ({ref + ', ' if ref else ''}{day})"
        elif line.startswith(":"):
            new_blob = line.split()[3]
            if set(new_blob) != {"0"}:
                blobs.setdefault(new_blob, commit)  # newest first: the first commit that has it
    return list(blobs.items())


def _read_blobs(project: Project, blobs: list[str]) -> dict[str, str]:
    if not blobs:
        return {}
    out = _git(project, "cat-file", "--batch", stdin=("\n".join(blobs) + "\n").encode())
    texts: dict[str, str] = {}
    pos = 0
    while out and pos < len(out):
        end = out.index(b"\n", pos)
        header = out[pos:end].decode().split()
        pos = end + 1
        if len(header) < 3 or header[1] != "blob":
            continue
        size = int(header[2])
        texts[header[0]] = out[pos : pos + size].decode("utf-8", "replace")
        pos += size + 1
    return texts


def git_locks(project: Project, latest: int | None = None) -> list[Sighting]:
    """Every version of cards/deck.lock in git: HEAD's history first, then other refs'."""
    ancestors = _lock_blobs(project, ["HEAD"])
    others = _lock_blobs(project, ["--all", "--not", "HEAD"]) if ancestors is not None else []
    seen = {blob for blob, _ in ancestors}
    others = [(blob, where) for blob, where in others if blob not in seen]
    texts = _read_blobs(project, [b for b, _ in ancestors + others])
    found = []
    for group, in_checkout in ((ancestors, True), (others, False)):
        for blob, where in group:
            text = texts.get(blob)
            if text is None:
                continue
            try:
                lock = parse_lock(text, latest)
            except LockError:
                continue  # a conflicted or damaged lock committed by mistake: its sides are in its parents
            found.append(Sighting(where, lock, in_checkout))
    return found


# --- the released deck in decks/ ------------------------------------------------------------


@dataclass(frozen=True)
class ApkgNote:
    kind: str  # "" for a note type this deckbuilder does not have (an older major version's)
    hash: str  # lock.content_hash of the note as it is in the package
    mod: int
    retired_in: str
    card_id: str  # from the CardId field ("" when the note type is unknown)


@dataclass(frozen=True)
class ApkgState:
    """What an .apkg gives students: each note by GUID (its content hash and time), the note
    types, and the release or draft deckbuilder stamped it as."""

    notes: dict  # GUID → ApkgNote
    notetypes: dict  # kind → NoteTypeEntry (schema and look hashed as lock.py hashes them)
    stamp: dict  # {"release": "1.2"} / {"draft": "1.1"} / {} (made before stamps)
    deck_id: int | None

    @property
    def cards(self) -> dict:
        """card id → CardEntry (text empty) for the notes whose CardId could be read."""
        return {
            n.card_id: CardEntry(n.kind, n.hash, n.mod, "", {}, n.retired_in)
            for n in self.notes.values()
            if n.card_id and n.kind
        }


def read_apkg(path: Path) -> ApkgState | None:
    """Read an .apkg with zipfile and sqlite (as Anki would see it); None if it is not one."""
    try:
        with zipfile.ZipFile(path) as zf, tempfile.TemporaryDirectory(prefix="deckbuilder-read-") as tmp:
            name = next((n for n in ("collection.anki21", "collection.anki2") if n in zf.namelist()), None)
            if name is None:
                return None
            db = Path(tmp) / "c.db"
            db.write_bytes(zf.read(name))
            conn = sqlite3.connect(db)
            try:
                conf_json, models_json, decks_json = conn.execute("SELECT conf, models, decks FROM col").fetchone()
                rows = conn.execute("SELECT guid, mid, mod, flds, tags FROM notes").fetchall()
            finally:
                conn.close()
    except (OSError, zipfile.BadZipFile, sqlite3.Error, TypeError, ValueError, KeyError):
        return None
    by_id = {nt.id: (kind, nt) for kind, nt in NOTE_TYPES.items()}
    notes: dict[str, ApkgNote] = {}
    for guid, mid, mod, flds, tags in rows:
        kind, nt = by_id.get(mid, ("", None))
        fields = flds.split("\x1f")
        names = list(nt.field_names) if nt is not None else []
        card_id = fields[names.index("CardId")] if "CardId" in names and len(fields) == len(names) else ""
        tag_list = tags.split()
        retired = _RETIRED_IN.search(fields[0]) if "retired" in tag_list else None
        notes[guid] = ApkgNote(
            kind, fields_hash(mid, fields, tag_list), int(mod), retired.group(1) if retired else "", card_id
        )
    try:
        models = json.loads(models_json)
        notetypes = {by_id[int(m["id"])][0]: _notetype_entry(m) for m in models.values() if int(m["id"]) in by_id}
        stamp = json.loads(conf_json).get(STAMP_KEY, {})
        parents = [int(d["id"]) for d in json.loads(decks_json).values() if "::" not in d.get("name", "::")]
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    deck_id = next((d for d in parents if d != 1), None)
    return ApkgState(notes, notetypes, stamp if isinstance(stamp, dict) else {}, deck_id)


def _notetype_entry(model: dict) -> NoteTypeEntry:
    """A note type as an .apkg holds it, hashed as lock.schema_fingerprint and lock.look_hash hash
    a NoteType, so a release read back from decks/ compares equal to the lock that made it."""
    fields, templates = model["flds"], model["tmpls"]
    schema = _sha(
        [int(model["id"]), [[f.get("id"), f["name"]] for f in fields], [[t.get("id"), t["name"]] for t in templates]]
    )
    look = _sha(
        [
            model["name"],
            [[t["name"], t["qfmt"], t["afmt"], t.get("bqfmt", ""), t.get("bafmt", "")] for t in templates],
            model["css"],
            [[f.get("description", ""), f.get("collapsed", False)] for f in fields],
        ]
    )
    return NoteTypeEntry(schema, look, int(model["mod"]))


def apkg_lock(state: ApkgState) -> Lock | None:
    """An .apkg stamped as a release, as a lock (without the cards' source text): what those
    students hold. None for drafts and unstamped decks."""
    label = str(state.stamp.get("release", ""))
    if not label or state.deck_id is None:
        return None
    major = version_key(label)[0]
    cards = state.cards
    notetypes = dict(state.notetypes)
    when = max([e.mod for e in cards.values()] + [0])
    # format 1: like a format 1 lock it knows the release's label, not when it was made
    return Lock(state.deck_id, major, cards, notetypes, version_key(label)[1], (Release(label, when),), None, 1)


def released_apkgs(project: Project, deck_id: int | None, latest: int | None = None) -> list[Sighting]:
    """The full deck's .apkg in decks/, when it is stamped as a release."""
    found = []
    for path in sorted(project.decks_dir.glob("*.apkg")) if project.decks_dir.is_dir() else []:
        if "--" in path.stem:
            continue  # an assignment subset: the full deck has the same notes
        state = read_apkg(path)
        if state is None or (deck_id is not None and state.deck_id != deck_id):
            continue
        lock = apkg_lock(state)
        if lock is not None:
            found.append(Sighting(project.rel(path), lock, True))
    return found


def guid_index(lock: Lock) -> dict[str, str]:
    """Note GUID → card id for every card the lock knows."""
    return {note_guid(lock.deck_id, cid): cid for cid in lock.cards}
