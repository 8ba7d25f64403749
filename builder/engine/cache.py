"""`.deckbuilder-cache/`: what a card file gave last time, keyed by hashes of everything it depends on.

A rebuild re-reads only the card files whose bytes changed. An entry's key hashes the file's
path and bytes, the seeds (sources.yaml and every article), deck.yaml and the builder's own
source code, so an entry can only be found by exactly the inputs that produced it; a stale entry
is never used, merely left to be pruned. Entries are JSON (no pickle: nothing in the cache can
run code), written atomically; an unreadable or malformed entry is ignored and rebuilt. The
folder is safe to delete at any time and ignores itself in git.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from builder.core.diagnostics import Diagnostic
from builder.core.model import Card, Source

CACHE_DIR = ".deckbuilder-cache"
CODE_SUFFIXES = {".py", ".html", ".css", ".js", ".j2", ".svg"}  # what a build's output depends on
FORMAT = 1
_CODE_HASH = None
# a card file's (cards, diagnostics, id positions): what checking it gives, and what an entry holds
FileResult = tuple


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
    """Per-card-file results: (cards, diagnostics, id positions) of load + validate + verify."""

    def __init__(self, root: Path, context: str):
        self.dir = root / CACHE_DIR / "files"
        self.context = context
        self.used: set[str] = set()

    def key(self, rel: str, data: bytes) -> str:
        return digest(self.context.encode(), rel.encode(), data)

    def get(self, key: str) -> tuple | None:
        self.used.add(key)
        try:
            text = (self.dir / f"{key}.json").read_text(encoding="utf-8")
        except (OSError, ValueError):
            return None
        return decode_entry(key, text)

    def put(self, key: str, cards, diags, id_at) -> None:
        self.put_text(key, encode_entry(key, cards, diags, id_at))

    def put_text(self, key: str, text: str) -> None:
        self.used.add(key)
        _write(self.dir, f"{key}.json", text)

    def prune(self) -> None:
        """Forget entries this run did not use (edited or deleted files)."""
        try:
            for path in self.dir.glob("*.json"):
                if path.stem not in self.used:
                    path.unlink(missing_ok=True)
        except OSError:
            pass


def encode_entry(key: str, cards, diags, id_at) -> str:
    """A card file's (cards, diagnostics, id positions) as the JSON text of a cache entry."""
    return json.dumps(
        {"key": key, "cards": [_card_json(c) for c in cards], "diags": [d.to_dict() for d in diags], "ids": id_at},
        ensure_ascii=False,
    )


def decode_entry(key: str, text: str) -> tuple | None:
    """encode_entry's text → (cards, diagnostics, id positions); None if it is not a sound entry for key."""
    try:
        entry = json.loads(text)
        if entry["key"] != key:
            return None
        return (
            tuple(_card(c) for c in entry["cards"]),
            [Diagnostic(**d) for d in entry["diags"]],
            {cid: tuple(pos) for cid, pos in entry["ids"].items()},
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None  # corrupt or from another format: rebuild it


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


def _write(folder: Path, name: str, text: str) -> None:
    """Atomic, and silent on failure: a cache that cannot be written only costs time."""
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        top = next(p for p in (folder, *folder.parents) if p.name == CACHE_DIR)
        ignore = top / ".gitignore"  # the cache ignores itself, whatever the project's git setup
        if not ignore.exists():
            ignore.write_text("# deckbuilder's cache: safe to delete, never commit\n*\n", encoding="utf-8")
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, folder / name)
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


class OutputMemo:
    """The last package written to each output path, and the hash of what it was made from: a
    rebuild whose notes are the same as last time keeps the file (it would be byte-identical)."""

    def __init__(self, root: Path):
        self.path = root / CACHE_DIR / "outputs.json"

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
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

    def record(self, output: Path, key: str) -> None:
        try:
            sha = hashlib.sha256(output.read_bytes()).hexdigest()
        except OSError:
            return
        data = self._read()
        data[str(output.resolve())] = {"key": key, "sha256": sha}
        _write(self.path.parent, self.path.name, json.dumps(data, sort_keys=True, indent=1))


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

    def __init__(self, root: Path):
        self.path = root / CACHE_DIR / "build.json"

    def get(self, key: str) -> dict | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
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
        _write(self.path.parent, self.path.name, json.dumps({"key": key, "summary": summary}, sort_keys=True))


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
