"""Runs the stages in order: load → validate → verify citations → render → package.

Nothing here prints; every function returns data plus diagnostics for the CLI to report.
Packaging is skipped whenever any error was found, so a bad edit never replaces a good deck.
"""

from __future__ import annotations

import dataclasses
import errno
import gc
import hashlib
import json
import os
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from builder.anki.changes import changelog_entry, changelog_labels
from builder.anki.history import History, gather
from builder.anki.lock import (
    TOMORROW,
    Lock,
    LockUpdate,
    clock_diagnostics,
    content_hash,
    look_hash,
    read_lock,
    removal_diagnostics,
    schema_diagnostics,
    schema_fingerprint,
    update_lock,
)
from builder.anki.notetypes import NOTE_TYPES
from builder.anki.render import DEFAULT_MOD, RenderedNote, render_card, render_deck
from builder.checks.citations import index_seeds, verify_citations, verify_exclusions
from builder.checks.correctness import verify_claims
from builder.core.diagnostics import Diagnostic
from builder.core.io import check_writable, target_of, write_atomic
from builder.core.model import Deck, Exclusion, LintConfig, Project, Seed
from builder.engine.cache import (
    BuildMemo,
    FileCache,
    OutputMemo,
    Store,
    code_hash,
    digest,
    file_digests,
    file_sha,
    notes_key,
)
from builder.engine.parallel import check_files
from builder.source.load import load_bytes, load_file, load_plain
from builder.source.project import (
    DECK_FILE,
    EXCLUSIONS_FILE,
    LINT_FILE,
    SOURCES_FILE,
    read_seed_texts,
    scan_cards,
    special_file,
)
from builder.source.validate import (
    card_at,
    card_at_text,
    merge_card_files,
    plain_card_file,
    validate_card_file,
    validate_deck,
    validate_exclusions,
    validate_lint_config,
    validate_seeds,
)

Locate = bool | frozenset  # which card files must give located cards: all, none, or these paths
# what the YAML loader reports inside a file it could not parse: the card is found in the text
LOADER_CODES = ("yaml-syntax", "yaml-unsupported", "value-too-long")


@dataclass(frozen=True)
class LoadResult:
    deck: Deck | None
    diagnostics: tuple
    files: int  # card files read
    # card id → (note fields, tags, content hash) already rendered (by workers or from the cache)
    rendered: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def errors(self) -> list:
        return [d for d in self.diagnostics if d.severity == "error"]


@dataclass(frozen=True)
class BuildResult:
    load: LoadResult
    output: Path | None = None
    notes: int = 0
    cards: int = 0  # Anki cards (a person note makes two)
    retired: tuple = (0, 0)  # (notes, Anki cards) of retired cards also in the file
    size: int = 0
    seconds: float = 0.0
    kinds: dict[str, int] = field(default_factory=dict)  # cards per kind in the deck written
    deck: Deck | None = None  # the deck written (a subset's deck for a subset)
    update: LockUpdate | None = None  # the lock update this build computed (None when it was reused)
    reused: bool = False  # nothing changed since the last build: its output and summary were reused
    draft: str = ""  # what a release would change, one line ("" before the summary is known)

    @property
    def ok(self) -> bool:
        return self.output is not None

    @property
    def changelog(self) -> str:
        """The changelog entry a release of this build would append: made when asked (a draft
        build never shows it, and for 100k new cards it takes a second and a half)."""
        update = self.update
        return changelog_entry(update.previous, update.lock) if update is not None and update.changed_anything else ""


@contextmanager
def _gc_paused():
    """A build allocates ~50 objects per card and frees almost none until it ends: the cyclic GC's
    passes over them cost a third of the load time and more after. Paused for the run (nested
    uses are fine); garbage with cycles waits for the next collection. On the way out, what the
    run allocated is frozen (gc.freeze): the first collection after it would otherwise walk every
    object the build still holds (0.1 s at 10k cards) to find almost nothing; reference counting
    still frees them, and the next run unfreezes them, so cycles among them stay collectable."""
    was_enabled = gc.isenabled()
    gc.disable()
    if was_enabled:
        gc.unfreeze()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def load_project(project: Project, progress=None, locate: Locate = True, render: bool = False) -> LoadResult:
    """Load, validate and verify everything; the Deck is None when there is any error.
    `progress(done, total)`, if given, is called after each card file (the CLI's progress bar).
    `locate` False: cards of files without a diagnostic may be unlocated (line 0), which is all
    `check` and `build` need, at a fraction of the cost; a set of paths: those files located.
    `render`: also render every card's note fields (a build), kept in `rendered`."""
    with _gc_paused():
        return _load_project(project, progress, locate, render)


def _load_project(project: Project, progress=None, locate: Locate = True, render: bool = False) -> LoadResult:
    diags: list[Diagnostic] = []
    missing = [d for d in (project.cards_dir, project.seeds_dir) if not d.is_dir()]
    if missing:  # a folder has no line: line 0, printed without one
        root = project.root.resolve()
        if not root.is_dir():
            found = [(str(root), f"project folder {root} does not exist", "file-missing")]
        else:
            found = [(f"{project.rel_link(d)}/", *_missing_folder(root, d)) for d in missing]
        hint = "run 'deckbuilder init DIR' to create a project, or 'deckbuilder -C DIR ...' to point at one"
        return LoadResult(
            None,
            tuple(Diagnostic(file, 0, 0, "error", message, hint=hint, code=code) for file, message, code in found),
            0,
        )
    deck_path = project.cards_dir / DECK_FILE
    info = None
    readable, problem = special_file(project, deck_path, required=True)
    if problem is not None:
        diags.append(problem)
    if readable:
        doc, d = load_file(deck_path, project.rel(deck_path))
        diags += d
        if doc.root is not None or not d:  # an empty deck.yaml is an error too, not a silent no-deck
            info, d = validate_deck(doc)
            diags += d
    elif problem is None:
        diags.append(
            Diagnostic(
                project.rel(deck_path),
                1,
                1,
                "error",
                "deck file not found",
                hint="create it with the deck's name and a fixed id (see 'deckbuilder init')",
                code="file-missing",
            )
        )
    sources_path = project.seeds_dir / SOURCES_FILE
    seeds: list[Seed] = []
    unchecked: frozenset[str] | None = None  # None: no citation can be checked
    seed_context = [_read(deck_path) if readable else b""]  # what a card file's cached verdict also depends on
    texts, d = read_seed_texts(project)
    diags += d
    readable, problem = special_file(project, sources_path, required=True)
    if problem is not None:
        diags.append(problem)
    if readable:
        doc, d = load_file(sources_path, project.rel(sources_path))
        diags += d
        seed_context.append(_read(sources_path))
        if doc.root is not None or not d:
            seed_context += [f"{name}\0{text}".encode() for name, text in texts.items()]
            seeds, d, unchecked = validate_seeds(doc, texts)
            diags += d
    elif problem is None:
        diags.append(
            Diagnostic(
                project.rel(sources_path),
                1,
                1,
                "error",
                "seed metadata file not found",
                hint="list each article with its alias, outlet, headline, authors and date",
                code="file-missing",
            )
        )
    files, d = scan_cards(project)
    diags += d
    index = index_seeds(seeds, unchecked)  # one index for card citations and exclusions
    context = RenderContext.of(info, seeds) if render and info is not None else None
    cards, d, rendered = _load_card_files(project, files, index, seed_context, progress, locate, context)
    diags += d
    exclusions: list[Exclusion] = []
    exclusions_path = project.cards_dir / EXCLUSIONS_FILE
    readable, problem = special_file(project, exclusions_path, required=False)
    if problem is not None:
        diags.append(problem)
    if readable:
        doc, d = load_file(exclusions_path, project.rel(exclusions_path))
        diags += d
        if doc.root is not None or not d:
            exclusions, d = validate_exclusions(doc)
            diags += d + verify_exclusions(exclusions, index)
    lint_config = LintConfig()
    lint_path = project.cards_dir / LINT_FILE
    readable, problem = special_file(project, lint_path, required=False)
    if problem is not None:
        diags.append(problem)
    if readable:
        doc, d = load_file(lint_path, project.rel(lint_path))
        diags += d
        if doc.root is not None or not d:
            lint_config, d = validate_lint_config(doc)
            diags += d
    diags.sort(key=Diagnostic.sort_key)
    has_error = any(x.severity == "error" for x in diags)
    deck = (
        None
        if has_error or info is None
        else Deck(info=info, cards=tuple(cards), seeds=tuple(seeds), exclusions=tuple(exclusions), lint=lint_config)
    )
    return LoadResult(deck, tuple(diags), len(files), rendered if deck is not None else {})


def _missing_folder(root: Path, folder: Path) -> tuple[str, str]:
    """Why `folder` cannot be used, and the code: absent, a file, or a link that loops or leads nowhere."""
    if folder.is_symlink():
        try:
            os.stat(folder)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return f"{folder.name}/ is a symbolic link that leads back to itself", "link-loop"
            return f"{folder.name}/ is a symbolic link that leads to nothing", "dangling-link"
        return f"{folder.name}/ is a symbolic link to a file, not a folder", "not-a-folder"
    if folder.exists():
        return f"{folder.name} is a file, not a folder", "not-a-folder"
    return f"project folder {root} has no {folder.name}/ folder", "file-missing"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


@dataclass(frozen=True)
class RenderContext:
    """What rendering a card needs besides the card (the deck's name and articles), and the key of
    a rendered card: its own text and the articles it cites, under the builder's code (which holds
    the note types). A card whose key is unchanged is not rendered or hashed again."""

    deck: Deck  # info and seeds; no cards
    seed_digests: dict

    @classmethod
    def of(cls, info, seeds) -> RenderContext:
        digests = {s.alias: digest(json.dumps(dataclasses.astuple(s), ensure_ascii=False).encode()) for s in seeds}
        return cls(Deck(info=info, cards=(), seeds=tuple(seeds)), digests)

    def key(self, card) -> str:
        import orjson

        text = [card.id, card.kind, card.fields, [(s.seed, s.quote) for s in card.sources], card.tags]
        cited = [self.seed_digests.get(s.seed, "") for s in card.sources]
        return hashlib.sha256(orjson.dumps([code_hash(), text, cited])).hexdigest()

    def render(self, cards, earlier: dict) -> list | None:
        """Per card (key, fields, tags, content hash): from `earlier` (renders by key) or fresh.
        None when a card cites an article that did not load (the build stops at that error)."""
        if any(source.seed not in self.seed_digests for card in cards for source in card.sources):
            return None
        out = []
        for card in cards:
            key = self.key(card)
            hit = earlier.get(key)
            if hit is None:
                note = render_card(card, self.deck, DEFAULT_MOD)
                hit = (note.fields, note.tags, content_hash(note))
            out.append((key, *hit))
        return out


def _load_card_files(
    project: Project,
    files: list[Path],
    index,
    seed_context: list,
    progress=None,
    locate: Locate = True,
    context: RenderContext | None = None,
) -> tuple[list, list, dict]:
    """Load, validate and verify each card file, or take what it gave last time from the cache
    (same bytes, same seeds, same builder); then make ids unique across files. Many files to
    check are shared among worker processes (one per core). With a render `context`, the cards of
    files without errors are rendered too (in the workers; a card rendered before under the same
    key is taken from the cache): card id → (fields, tags, content hash).

    Unless `locate` asks for a file, its cards may come unlocated (line 0): a file with no
    diagnostic is read without positions (check_card_file). A file whose cards turn out to need
    them (an id also used in another file) is checked again with the locating loader."""
    store = Store.open(project.root)
    cache = FileCache(store, digest(code_hash().encode(), *seed_context)) if store else None

    def located(rel: str) -> bool:
        return locate if isinstance(locate, bool) else rel in locate

    def clean(result) -> bool:
        return not any(d.severity == "error" for d in result[1])

    per_file: list = [None] * len(files)
    jobs = []  # (slot, bytes, path relative to the project, cache key)
    keys: list[tuple[str, str]] = []  # (rel, cache key) of each slot
    earlier: dict[str, dict] = {}  # rel → renders by card key, of files checked again
    done = 0
    for slot, path in enumerate(files):
        rel = project.rel(path)
        try:
            data = path.read_bytes()
        except OSError:
            _, d = load_file(path, rel)
            per_file[slot] = ((), d, {}, None)
            keys.append((rel, ""))
        else:
            key = cache.key(rel, data) if cache else ""
            keys.append((rel, key))
            hit, renders = cache.get(rel, key, context is not None) if cache else (None, {})
            if hit is None or (hit[2] is None and located(rel)):
                jobs.append((slot, data, rel, key))
                earlier[rel] = renders
                continue
            if context is not None and hit[3] is None and clean(hit):  # checked, not rendered (`check`)
                hit = (*hit[:3], context.render(hit[0], renders))
                if cache:
                    cache.put(rel, key, *hit)
            per_file[slot] = hit
        done += 1
        if progress is not None:
            progress(done, len(files))

    def check(data: bytes, rel: str, index) -> tuple:
        result = check_card_file(data, rel, index, locate=located(rel))
        rendered = context.render(result[0], earlier.get(rel, {})) if context is not None and clean(result) else None
        return (*result, rendered)

    for slot, result in check_files(jobs, check, index, cache):
        per_file[slot] = result
        done += 1
        if progress is not None:
            progress(done, len(files))
    for slot in _sharing_ids(per_file):  # a duplicate id across files: its error says where
        rel, key = keys[slot]
        per_file[slot] = (*check_card_file(_read(files[slot]), rel, index, locate=True), None)
        if cache:
            cache.put(rel, key, *per_file[slot])
    if cache:
        cache.prune()
    cards, diags, _ = merge_card_files([result[:3] for result in per_file])
    rendered = {
        card.id: r[1:]
        for result in per_file
        if result[3] is not None
        for card, r in zip(result[0], result[3], strict=True)
    }
    return cards, diags, rendered


def _sharing_ids(per_file: list) -> list[int]:
    """Slots of the unlocated files that have a card id some other file has too."""
    owners: dict[str, int] = {}
    shared: set[int] = set()
    for slot, (cards, *_) in enumerate(per_file):
        for card in cards:
            first = owners.setdefault(card.id, slot)
            if first != slot:
                shared.update((first, slot))
    return sorted(slot for slot in shared if per_file[slot][2] is None)


def check_card_file(data: bytes, rel: str, index, locate: bool = True) -> tuple:
    """One card file's bytes → (cards, diagnostics, id positions): load, validate, verify citations.

    Without `locate`, a file is first read as plain values (load_plain, plain_card_file): when
    that gives cards and no citation or claim check fails, they are returned unlocated (id positions None), at
    a third of the cost. Anything else, or with `locate`, goes through the locating loader, so
    every diagnostic is exactly the one it reports."""
    if not locate:
        root = load_plain(data, rel)
        cards = plain_card_file(root, rel) if root is not None else None
        if cards is not None and not verify_citations(cards, index) and not verify_claims(cards):
            return cards, [], None
    doc, d = load_bytes(data, rel)
    if d and doc.root is None:  # did not parse: find the card in the text
        text = data.decode("utf-8", "replace")
        d = [x if x.card or x.code not in LOADER_CODES else replace(x, card=card_at_text(text, x.line)) for x in d]
    d = [x if x.card else replace(x, card=card_at(doc, x.line)) for x in d]
    cards, vd, id_at = validate_card_file(doc) if doc.root is not None else ([], [], {})
    cited = verify_citations(cards, index)
    miscited = {x.card for x in cited}  # a claim is checked against citations that are the article's words
    return cards, d + vd + cited + verify_claims(c for c in cards if c.id not in miscited), id_at


def check_project(project: Project, progress=None) -> LoadResult:
    """What `check` reports: everything load_project finds, plus what the next build would say
    about the lock (a schema change refused, released cards removed or renamed), without the
    rendering and hashing a build needs."""
    with _gc_paused():
        return _check_project(project, progress)


def _check_project(project: Project, progress=None) -> LoadResult:
    loaded, history, _ = load_with_history(project, progress, locate=False)
    if loaded.deck is None or history is None:
        return loaded
    return replace(
        loaded,
        diagnostics=tuple(
            sorted(
                loaded.diagnostics + tuple(removal_diagnostics(history.previous, loaded.deck)), key=Diagnostic.sort_key
            )
        ),
    )


def interrupted_release(project: Project) -> str:
    """The label of a release killed while renaming its files into place, or "": its journal
    (the undo manifest) says so when the lock is still the one it replaced (renamed last) while
    another of its files is already as it wrote it. Its deck in decks/ and its changelog entry
    are then not a release of their own: the rerun finishes it, with the same number."""
    from builder.engine.cache import CACHE_DIR

    folder = project.root / CACHE_DIR / "undo"
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        entries = manifest["files"]
        lock_rel = project.rel(project.cards_dir / "deck.lock")
        before = entries[lock_rel]["before"]
        lock_sha = file_sha(project.root / lock_rel)
        if lock_sha != (file_sha(folder / before) if before else None):
            return ""  # the lock moved on (finished, reverted, edited): nothing to finish
        written = any(
            file_sha(project.root / rel) == entry["after"] for rel, entry in entries.items() if rel != lock_rel
        )
        return str(manifest["release"]) if written else ""
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def load_with_history(
    project: Project,
    progress=None,
    now: int | None = None,
    outputs: bool = False,
    pending: str = "",
    *,
    locate: bool = True,
    render: bool = False,
) -> tuple[LoadResult, History | None, int]:
    """load_project, then the clock, cards/deck.lock and the release history (history.gather;
    `outputs`: also the released deck in decks/). A bad clock, an unreadable lock (conflict
    markers, impossible times) or a refused schema change is an error that leaves the deck None.
    Without `locate` (check, draft builds), cards come unlocated where no diagnostic needs their
    place (load_project); those the history's warnings point at are read again located.
    Returns (loaded, history, clock)."""
    loaded = load_project(project, progress, locate=locate, render=render)
    if loaded.deck is None:
        return loaded, None, 0
    clock, diags = clock_diagnostics(now)
    history = None
    if not diags:
        latest = max(int(time.time()), clock) + TOMORROW
        old_lock, diags = read_lock(project, latest)
        if not diags:
            history = gather(project, old_lock, latest, outputs, skip=pending)
            deck: Deck | None = loaded.deck
            if not locate and history.previous is not None and deck is not None:
                loaded = _located_where_needed(project, loaded, deck, history.previous, render)
                deck = loaded.deck
            if deck is None:  # a file changed meanwhile: report what it says now
                return loaded, None, clock
            diags += schema_diagnostics(history.previous, deck)
    if diags:
        return (
            replace(
                loaded,
                deck=None,
                diagnostics=tuple(sorted(loaded.diagnostics + tuple(diags), key=Diagnostic.sort_key)),
            ),
            None,
            clock,
        )
    return loaded, history, clock


def _located_where_needed(project: Project, loaded: LoadResult, deck: Deck, previous: Lock, render: bool) -> LoadResult:
    """The history's warnings that point into a card file: a released card gone whose rename is
    suspected (at the new card's `id`), a released card whose kind changed (at its `kind`). Their
    files are read again with positions (the others come from the cache)."""
    ids = {card.id for card in deck.cards}
    removed = any(not e.retired and cid not in ids for cid, e in previous.cards.items())
    files = set()
    for card in deck.cards:
        prev = previous.cards.get(card.id)
        if (removed and (prev is None or prev.retired)) or (
            prev is not None and not prev.retired and prev.kind != card.kind
        ):
            files.add(card.file)
    return load_project(project, None, locate=frozenset(files), render=render) if files else loaded


def plan(
    project: Project,
    now: int | None = None,
    progress=None,
    *,
    draft: bool = True,
    outputs: bool = False,
    locate: bool = True,
) -> tuple[LoadResult, LockUpdate | None, History | None]:
    """Load everything and compare it with the release history: the notes with their times,
    stamped as a draft (`draft`) or as the next release, numbered above every release seen.
    `locate` False: what a draft build needs (see load_with_history); rendered rows come from the
    card files' workers and the cache, and their hashes are not computed again."""
    pending = interrupted_release(project)
    loaded, history, clock = load_with_history(project, progress, now, outputs, pending, locate=locate, render=True)
    if loaded.deck is None or history is None:
        return loaded, None, history
    deck = loaded.deck
    previous = history.previous
    labels = tuple(v for v in changelog_labels(project) if v != pending)
    release = history.next_release(deck.info.version, labels, pending)
    notes, hashes = _notes(deck, loaded.rendered)
    loaded = replace(loaded, rendered={})  # the notes hold the fields now
    update = update_lock(
        previous,
        deck,
        notes,
        clock,
        draft=draft,
        release=release,
        floor=history.newest,
        floors=history.floors,
        merged=history.merged,
        hashes=hashes,
    )
    return replace(loaded, diagnostics=loaded.diagnostics + update.diagnostics), update, history


def _notes(deck: Deck, rendered: dict) -> tuple[list, dict]:
    """The deck's notes, as render_deck gives them, from the rendered fields where they are (the
    others rendered now), and each card's content hash."""
    missing = [card for card in deck.cards if card.id not in rendered]
    fresh = {note.card_id: note for note in render_deck(replace(deck, cards=tuple(missing)))} if missing else {}
    notes, hashes = [], {}
    name = deck.info.name
    for card in deck.cards:
        note = fresh.get(card.id)
        if note is None:
            fields, tags, hashes[card.id] = rendered[card.id]
            kind = card.kind
            note = RenderedNote(card.id, kind, NOTE_TYPES[kind].id, tuple(fields), tuple(tags), name, DEFAULT_MOD)
        notes.append(note)
    return notes, hashes


def prepare(project: Project, now: int | None = None, progress=None) -> tuple[LoadResult, LockUpdate | None]:
    """Load everything and compare it with the release history, as a draft build does."""
    loaded, update, _ = plan(project, now, progress, locate=False)
    return loaded, update


def build(
    project: Project,
    output: Path | None = None,
    now: int | None = None,
    selection=None,
    progress=None,
    reuse: bool = False,
) -> BuildResult:
    """Check, render and package a draft: decks/<deck>.apkg (or `output`), never the lock or the
    changelog (only `deckbuilder release` writes those). Cards changed since the last release are
    stamped just above it, so a student who imports a draft still gets the release later; with
    nothing changed the draft is the last release's deck, byte for byte.
    `selection` (select.Selection) writes an assignment subset; raises select.SelectionError.
    `reuse` (the CLI's builds): when no input changed since the last build and its output is intact,
    return that build's summary (`reused`) instead of building again."""
    started = time.perf_counter()
    store = Store.open(project.root) if reuse else None
    memo = BuildMemo(store) if store else None
    if memo is not None:
        digests = file_digests([project.cards_dir, project.seeds_dir])
        settings = [code_hash(), _notetypes_fingerprint(), str(output), repr(selection), _history_key(project)]
        hit = memo.get(digest(json.dumps([settings, digests]).encode()))
        if hit is not None and file_sha(Path(hit["output"])) == hit["sha256"]:
            try:
                diagnostics = tuple(Diagnostic(**d) for d in hit["diagnostics"])
            except (TypeError, ValueError):
                diagnostics = None  # a damaged entry: build as usual
            if diagnostics is not None:
                return BuildResult(
                    LoadResult(None, diagnostics, hit["files"]),
                    output=Path(hit["output"]),
                    notes=hit["notes"],
                    cards=hit["cards"],
                    size=hit["size"],
                    retired=tuple(hit.get("retired", (0, 0))),
                    seconds=time.perf_counter() - started,
                    kinds=hit["kinds"],
                    reused=True,
                    draft=str(hit.get("draft", "")),
                )
    with _gc_paused():
        result = _build(project, output, now, selection, progress)
    if memo is not None and result.output is not None and result.update is not None:
        after = file_digests([project.cards_dir, project.seeds_dir])
        if after == digests:
            memo.put(
                digest(json.dumps([settings, after]).encode()),
                {
                    "output": str(result.output),
                    "sha256": file_sha(result.output),
                    "files": result.load.files,
                    "notes": result.notes,
                    "cards": result.cards,
                    "size": result.size,
                    "kinds": result.kinds,
                    "retired": list(result.retired),
                    "draft": result.draft,
                    # what the next, unchanged, build reports: a draft warns of its retirements every time
                    "diagnostics": [d.to_dict() for d in result.load.diagnostics],
                },
            )
    return result


def _notetypes_fingerprint() -> list:
    """The note types as they are at run time (templates, CSS, fields): part of every memo key."""
    return [[kind, schema_fingerprint(nt), look_hash(nt)] for kind, nt in sorted(NOTE_TYPES.items())]


def _history_key(project: Project) -> str:
    """What else a draft depends on: the git commits that hold a lock (a revert changes nothing in
    cards/ but what the draft compares with) and $DECKBUILDER_NOW."""
    import subprocess

    from builder.anki.history import in_git

    if not in_git(project.root):
        return digest(os.environ.get("DECKBUILDER_NOW", "").encode())
    try:
        proc = subprocess.run(
            ["git", "-C", str(project.root), "log", "--all", "--format=%H", "--", "cards/deck.lock"],
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return digest(proc.stdout, os.environ.get("DECKBUILDER_NOW", "").encode())


def draft_stamp(update: LockUpdate) -> dict:
    """What the package says it is: the last release (nothing changed since) or a draft after it."""
    if update.changed_anything:
        return {"draft": update.previous.label if update.previous else ""}
    return {"release": update.lock.label}


def subset_notes(full: Deck, update: LockUpdate, selection=None) -> tuple:
    """(Subset, notes to write): the full deck also carries its retired notes; a subset has the
    same notes and times as the full deck, filed under the subset's decks."""
    from builder.publish.select import Selection, select

    subset = select(full, selection or Selection())
    deck = subset.deck
    if selection is None or selection.empty:
        return subset, list(update.notes)
    chosen = {c.id for c in deck.cards}  # same notes and times, filed under the subset's deck
    return subset, [replace(n, deck=deck.info.name) for n in update.notes if n.card_id in chosen]


def package_bytes(full: Deck, update: LockUpdate, selection=None, stamp: dict | None = None) -> tuple:
    """(Subset, .apkg bytes) of a deck or subset with the update's times, in memory."""
    from builder.anki.package import apkg_bytes

    subset, written = subset_notes(full, update, selection)
    data = apkg_bytes(
        subset.deck.info,
        written,
        guid_deck_id=subset.guid_deck_id,
        notetype_mods=update.notetype_mods,
        stamp=draft_stamp(update) if stamp is None else stamp,
    )
    return subset, data


def _build(project: Project, output: Path | None, now: int | None, selection, progress) -> BuildResult:
    started = time.perf_counter()
    loaded, update, _ = plan(project, now, progress, locate=False)
    if update is None or loaded.deck is None:
        return BuildResult(loaded, seconds=time.perf_counter() - started)
    subset, written = subset_notes(loaded.deck, update, selection)
    deck = subset.deck
    live = {c.id for c in deck.cards}
    notes = [n for n in written if n.card_id in live]
    out = output or project.decks_dir / subset.filename
    within = project.root if output is None else None  # a default output never leaves the project
    target_of(out)  # a FIFO or device there is refused before anything reads it (the memo would)
    store = Store.open(project.root)
    memo = OutputMemo(store) if store else None
    stamp = draft_stamp(update)
    key = (
        notes_key(
            deck.info,
            written,
            update.lock,
            subset.guid_deck_id,
            [update.notetype_mods, _notetypes_fingerprint(), stamp],
        )
        if memo
        else ""
    )
    data = None
    if memo and memo.unchanged(out, key):
        size = out.stat().st_size  # what write_apkg would write, byte for byte
    else:
        from builder.anki.package import apkg_bytes  # genanki is imported only to write a package

        data = apkg_bytes(
            deck.info, written, guid_deck_id=subset.guid_deck_id, notetype_mods=update.notetype_mods, stamp=stamp
        )
        check_writable(out, within, len(data))  # full disk, read-only, immutable, a folder in the way
        size = write_atomic(out, data)
        if memo:
            memo.record(out, key, data)  # hashed from memory, not read back
        del data
    cards = sum(len(NOTE_TYPES[n.kind].templates) for n in notes)
    kept = [n for n in written if n.card_id not in live]
    retired = (len(kept), sum(len(NOTE_TYPES[n.kind].templates) for n in kept))
    return BuildResult(
        loaded,
        output=out,
        notes=len(notes),
        cards=cards,
        size=size,
        retired=retired,
        seconds=time.perf_counter() - started,
        deck=deck,
        update=update,
        kinds=dict(sorted(Counter(card.kind for card in deck.cards).items())),
        draft=draft_line(update),
    )


def draft_line(update: LockUpdate) -> str:
    """What a release of this draft would change: '3 changed, 1 added, 1 retired since release
    1.1 — run `deckbuilder release` to publish'."""
    previous = update.previous
    if previous is None:
        return (
            f"Draft: no release yet ({len(update.added)} cards would be release {update.lock.label}) "
            "— run `deckbuilder release` to publish"
        )
    if not update.changed_anything:
        return f"No changes since release {previous.label}: this is release {previous.label}'s deck"
    parts = [f"{len(update.changed)} changed", f"{len(update.added)} added", f"{len(update.retired)} retired"]
    if update.restored:
        parts.append(f"{len(update.restored)} restored")
    if update.lock.notetypes != previous.notetypes:
        parts.append("new card layout")
    return (
        f"Draft: {', '.join(parts)} since release {previous.label} "
        f"(would be {update.lock.label}) — run `deckbuilder release` to publish"
    )
