"""The build cache: what a card file gave last time, keyed by hashes of everything it depends on.

A rebuild re-reads only the card files whose bytes changed. An entry's key hashes the file's
path and bytes, the seeds (sources.yaml and every article), deck.yaml and the builder's own
source code, so an entry can only be found by exactly the inputs that produced it; a stale entry
is never used, merely left to be pruned. Entries are JSON (no pickle: nothing in the cache can
run code), written atomically; an unreadable or malformed entry is ignored and rebuilt.

Where it lives, and why it cannot be forged by sharing a folder: not in the project (a folder or
zip passed between teachers would carry entries whose verdicts the next machine would trust) but
in the user's cache directory (platformdirs: `~/.cache/deckbuilder` on Linux,
`~/Library/Caches/deckbuilder` on macOS, `%LOCALAPPDATA%\\deckbuilder\\Cache` on Windows;
`$DECKBUILDER_CACHE_DIR` instead when set), one folder per project keyed by a hash of its absolute
path. Every entry also carries an HMAC-SHA256 under a random per-user secret kept there
(`secret.key`, mode 0600): an entry this user's deckbuilder did not write for exactly that name
(copied from elsewhere, edited by hand, moved under another key) fails the check and is rebuilt
as if it were missing. Deleting the folder at any time is safe (the output bytes are the same
without it); `DECKBUILDER_CACHE=0` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from pathlib import Path

from builder.core.diagnostics import Diagnostic
from builder.core.model import Card, Source

CACHE_ENV = "DECKBUILDER_CACHE"  # "0": neither read nor write the cache
# the one folder deckbuilder keeps in a project: a release's undo journal (engine/release.py); the
# build cache is not there (a project travels between machines; its verdicts must not)
CACHE_DIR = ".deckbuilder-cache"
CACHE_DIR_ENV = "DECKBUILDER_CACHE_DIR"  # where the cache lives (default: the user's cache directory)
CODE_SUFFIXES = {".py", ".html", ".css", ".js", ".j2", ".svg"}  # what a build's output depends on
FORMAT = 2
SECRET_FILE = "secret.key"
_CODE_HASH = None
# a card file's (cards, diagnostics, id positions or None if unlocated, renders or None): what
# checking it gives, and what an entry holds. renders: per card, in order, (card key, note fields,
# tags, content hash) as render.render_card and lock.content_hash give them (see RenderKey)
FileResult = tuple


def cache_root() -> Path:
    """The folder holding every project's cache (created on first write)."""
    configured = os.environ.get(CACHE_DIR_ENV, "").strip()
    if configured:
        return Path(configured)
    import platformdirs  # ~5 ms: imported when a cache is opened, never by other commands

    return Path(platformdirs.user_cache_dir("deckbuilder", appauthor=False))


class Store:
    """One project's folder in the cache, whose files are authenticated with the user's secret."""

    def __init__(self, folder: Path, secret: bytes):
        self.dir, self._secret = folder, secret

    @classmethod
    def open(cls, project_root: Path) -> Store | None:
        """The store of the project at `project_root`, or None: cache turned off, or no secret
        could be read or made (then nothing is cached, nothing is trusted)."""
        if os.environ.get(CACHE_ENV, "1") == "0":
            return None
        root = cache_root()
        secret = _secret(root)
        if secret is None:
            return None
        where = hashlib.sha256(str(project_root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:32]
        return cls(root / "projects" / where, secret)

    def _mac(self, name: str, text: bytes) -> bytes:
        return hmac.new(self._secret, name.encode() + b"\0" + text, hashlib.sha256).hexdigest().encode()

    def read(self, name: str) -> str | None:
        """The text last written under `name` by this user's deckbuilder, or None (missing,
        unreadable, or not authentic: forged, edited or copied from another machine)."""
        try:
            data = (self.dir / name).read_bytes()
        except OSError:
            return None
        mac, _, text = data.partition(b"\n")
        if not hmac.compare_digest(mac, self._mac(name, text)):
            return None
        try:
            return text.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def write(self, name: str, text: str) -> None:
        data = text.encode("utf-8")
        _write(self.dir, name, self._mac(name, data) + b"\n" + data)

    def names(self, folder: str) -> list[str]:
        try:
            return [p.name for p in (self.dir / folder).iterdir()]
        except OSError:
            return []

    def remove(self, name: str) -> None:
        with contextlib.suppress(OSError):
            (self.dir / name).unlink(missing_ok=True)


def _secret(root: Path) -> bytes | None:
    """The per-user secret that authenticates cache entries, made on first use (mode 0600)."""
    path = root / SECRET_FILE
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except OSError:
        pass
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".secret.", dir=root)  # mkstemp: mode 0600
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_hex(32).encode())
            os.link(tmp, path)  # fails if another process made it meanwhile: then use theirs
        except FileExistsError:
            pass
        finally:
            Path(tmp).unlink(missing_ok=True)
        data = path.read_bytes()
        return data if len(data) >= 32 else None
    except OSError:
        return None


def code_hash() -> str:
    """The builder's own source (code and templates): a changed validator must not reuse old verdicts."""
    global _CODE_HASH
    if _CODE_HASH is None:
        h = hashlib.sha256(f"format {FORMAT}".encode())
        package = Path(__file__).resolve().parent.parent
        for path in sorted(package.rglob("*")):
            if path.suffix in CODE_SUFFIXES and path.is_file():
                h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
        _CODE_HASH = h.hexdigest()
    return _CODE_HASH


def digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


class FileCache:
    """Per card file, what load + validate + verify (and, for a build, rendering) gave: one entry
    per file path, holding the key of the inputs it was made from. A hit needs the same key; on a
    miss the entry still offers its renders by card key, so an edited file re-renders only the
    cards whose own inputs changed."""

    def __init__(self, store: Store, context: str):
        self.store = store
        self.context = context
        self.used: set[str] = set()

    def key(self, rel: str, data: bytes) -> str:
        return digest(self.context.encode(), rel.encode(), data)

    @staticmethod
    def name(rel: str) -> str:
        return f"files/{hashlib.sha256(rel.encode()).hexdigest()[:32]}.json"

    def get(self, rel: str, key: str, renders: bool = True) -> tuple[FileResult | None, dict]:
        """(the entry's result if it was made for `key`, else None and its renders by card key);
        without `renders`, no rendered fields are read (see decode_entry)."""
        name = self.name(rel)
        self.used.add(name)
        text = self.store.read(name)
        return (None, {}) if text is None else decode_entry(key, text, renders)

    def put(self, rel: str, key: str, cards, diags, id_at, renders=None) -> None:
        self.put_text(rel, encode_entry(key, cards, diags, id_at, renders))

    def put_text(self, rel: str, text: str) -> None:
        name = self.name(rel)
        self.used.add(name)
        self.store.write(name, text)

    def prune(self) -> None:
        """Forget entries of files this run did not read (deleted or renamed)."""
        for name in self.store.names("files"):
            if f"files/{name}" not in self.used:
                self.store.remove(f"files/{name}")


def encode_entry(key: str, cards, diags, id_at, renders=None) -> str:
    """A card file's result as the JSON text of a cache entry (orjson: 5x the json module here)."""
    import orjson

    return orjson.dumps(
        {
            "key": key,
            "cards": [_card_json(c) for c in cards],
            "diags": [d.to_dict() for d in diags],
            "ids": id_at,
            # the rendered rows as a JSON text inside the entry: a check reads the entry without them
            "renders": None if renders is None else orjson.dumps(renders).decode(),
        }
    ).decode()


def decode_entry(key: str, text: str, renders: bool = True) -> tuple[FileResult | None, dict]:
    """encode_entry's text → (its result if made for `key`, else None; if not, its renders by card
    key, for the cards that did not change). Without `renders` (a check) the rendered fields are
    left undecoded: they are the larger part of an entry. A malformed entry gives (None, {})."""
    import orjson

    try:
        entry = orjson.loads(text)
        raw = entry["renders"] if renders else None  # a JSON text of its own (see encode_entry)
        if entry["key"] != key:
            return None, {} if raw is None else {r[0]: (r[1], r[2], r[3]) for r in orjson.loads(raw)}
        rows = None if raw is None else [tuple(r) for r in orjson.loads(raw)]
        result = (
            tuple(_card(c) for c in entry["cards"]),
            [Diagnostic(**d) for d in entry["diags"]],
            None if entry["ids"] is None else {cid: tuple(pos) for cid, pos in entry["ids"].items()},
            rows,
        )
        if rows is not None and len(rows) != len(result[0]):
            return None, {}
        return result, {}
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None, {}  # corrupt or from another format: rebuild it


def _card_json(card: Card) -> list:
    return [
        card.id,
        card.kind,
        [list(f) for f in card.fields],
        [[s.seed, s.quote, s.line, s.col] for s in card.sources],
        list(card.tags),
        card.file,
        card.line,
        card.col,
        [list(k) for k in card.keys],
        card.draft,
        card.paraphrase,
        [list(a) for a in card.allow],
        list(card.distractors),
        card.quiz,
    ]


def _card(data: list) -> Card:
    cid, kind, fields, sources, tags, file, line, col, keys, draft, paraphrase, allow, distractors, quiz = data
    return Card(
        id=cid,
        kind=kind,
        fields=tuple(tuple(f) for f in fields),
        sources=tuple(Source(*s) for s in sources),
        tags=tuple(tags),
        file=file,
        line=line,
        col=col,
        keys=tuple(tuple(k) for k in keys),
        draft=bool(draft),
        paraphrase=bool(paraphrase),
        allow=tuple(tuple(a) for a in allow),
        distractors=tuple(distractors),
        quiz=bool(quiz),
    )


def _write(folder: Path, name: str, data: bytes) -> None:
    """Atomic, and silent on failure: a cache that cannot be written only costs time."""
    target = folder / name
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


class OutputMemo:
    """The last package written to each output path, and the hash of what it was made from: a
    rebuild whose notes are the same as last time keeps the file (it would be byte-identical)."""

    NAME = "outputs.json"

    def __init__(self, store: Store):
        self.store = store

    def _read(self) -> dict:
        try:
            data = json.loads(self.store.read(self.NAME) or "{}")
            return data if isinstance(data, dict) else {}
        except ValueError:
            return {}

    def unchanged(self, output: Path, key: str) -> bool:
        """True when `output` holds exactly the bytes written last time for `key`."""
        entry = self._read().get(str(output.resolve()))
        if not isinstance(entry, dict) or entry.get("key") != key:
            return False
        try:
            return hashlib.sha256(output.read_bytes()).hexdigest() == entry.get("sha256")
        except OSError:
            return False

    def record(self, output: Path, key: str, written: bytes | None = None) -> None:
        """Remember that `output` holds the package made for `key` (`written`: its bytes, if at hand)."""
        try:
            sha = hashlib.sha256(output.read_bytes() if written is None else written).hexdigest()
        except OSError:
            return
        data = self._read()
        data[str(output.resolve())] = {"key": key, "sha256": sha}
        self.store.write(self.NAME, json.dumps(data, sort_keys=True, indent=1))


def notes_key(deck_info, notes, lock, guid_deck_id, notetype_mods) -> str:
    """Hash of everything a package is made from, plus the builder's code. A live note's fields
    and tags are represented by the content hash its lock entry already holds (computed from that
    very note by update_lock); only retired notes are hashed here."""
    live = {cid: entry.hash for cid, entry in lock.cards.items() if not entry.retired}
    plain = [
        [deck_info.name, deck_info.id, deck_info.description, deck_info.version],
        guid_deck_id,
        notetype_mods,
        [(n.card_id, n.kind, n.notetype_id, n.deck, n.mod, live.get(n.card_id) or [n.fields, n.tags]) for n in notes],
    ]
    return digest(code_hash().encode(), json.dumps(plain, ensure_ascii=False).encode())


class BuildMemo:
    """The last successful build of a project as a whole: a digest of every input file (cards/,
    seeds/, the lock) and the summary of what it gave. A build whose inputs are all the same
    again, lock included, would change nothing and write the same bytes (builds are idempotent:
    an unchanged card keeps its lock entry), so the CLI reports the stored summary instead."""

    NAME = "build.json"

    def __init__(self, store: Store):
        self.store = store

    def get(self, key: str) -> dict | None:
        try:
            data = json.loads(self.store.read(self.NAME) or "null")
        except ValueError:
            return None
        summary = data.get("summary") if isinstance(data, dict) and data.get("key") == key else None
        fields = {
            "output": str,
            "sha256": str,
            "files": int,
            "notes": int,
            "cards": int,
            "size": int,
            "kinds": dict,
            "diagnostics": list,
        }
        if not isinstance(summary, dict) or not all(isinstance(summary.get(k), t) for k, t in fields.items()):
            return None  # missing, corrupt or for other inputs
        return summary

    def put(self, key: str, summary: dict) -> None:
        self.store.write(self.NAME, json.dumps({"key": key, "summary": summary}, sort_keys=True))


def file_digests(folders) -> dict:
    """'folder/name' → SHA-256 of its bytes, for every file directly in each folder."""
    digests = {}
    for folder in folders:
        try:
            paths = sorted(p for p in folder.iterdir() if p.is_file())
        except OSError:
            continue
        for path in paths:
            try:
                digests[f"{folder.name}/{path.name}"] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                digests[f"{folder.name}/{path.name}"] = "unreadable"
    return digests


def file_sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
