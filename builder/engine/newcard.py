"""`deckbuilder new KIND --cite ALIAS "words"`: a card skeleton with a verified citation and a fresh id.

The words are looked up in the seed with the same matching as the build (citations.SeedText), and
the skeleton quotes the article's own text for that span. It is appended as text to the card file
that already holds most cards of that kind (comments and layout stay as the author wrote them);
the appended file is re-read before it replaces the old one. Kind fields are left empty on
purpose: `deckbuilder check` then points at exactly what is left to write.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from builder.checks.citations import SeedText, closest_hint, seed_texts, unknown_seed_hint
from builder.core.diagnostics import Diagnostic
from builder.core.model import KIND_FIELDS, Project
from builder.source.load import load_file, load_text
from builder.source.nodes import Map, Scalar, Seq
from builder.source.project import SOURCES_FILE, card_files, read_seed_texts
from builder.source.validate import MAX_SLUG, SLUG, validate_seeds

KIND_FILES = {
    "date": "dates.yaml",
    "person": "people.yaml",
    "quote": "quotes.yaml",
    "position": "positions.yaml",
    "qa": "facts.yaml",
}
NEW_FILE_HEAD = "# yaml-language-server: $schema=../schema/cards.schema.json\ncards:\n"
STOP_WORDS = {"a", "an", "the", "of", "in", "on", "and", "to", "for", "with", "at", "by", "is", "was", "said"}


@dataclass(frozen=True)
class NewCard:
    id: str
    path: Path  # the card file it goes to
    snippet: str  # the YAML appended
    new_text: str  # the whole file after appending


def _existing(project: Project) -> tuple[set[str], dict[Path, list[str]], list[tuple[str, str, list[str]]]]:
    """Card ids in use, for each card file the kinds of its cards, and every card's (seed, quote,
    tags) (read leniently: a file with errors elsewhere still counts)."""
    ids: set[str] = set()
    kinds: dict[Path, list[str]] = {}
    cited: list[tuple[str, str, list[str]]] = []
    for path in card_files(project):
        doc, _ = load_file(path, project.rel(path))
        items = doc.root.get("cards") if isinstance(doc.root, Map) else None
        for node in items.items if isinstance(items, Seq) else ():
            if isinstance(node, Map):
                tags_node, sources = node.get("tags"), node.get("sources")
                tags = [t.value for t in tags_node.items if isinstance(t, Scalar)] if isinstance(tags_node, Seq) else []
                for src in sources.items if isinstance(sources, Seq) else ():
                    seed, quote = (src.get("seed"), src.get("quote")) if isinstance(src, Map) else (None, None)
                    if isinstance(seed, Scalar) and isinstance(quote, Scalar):
                        cited.append((seed.value, quote.value, tags))
                for key, into in (("id", ids), ("kind", None)):
                    value = node.get(key)
                    if isinstance(value, Scalar):
                        if into is not None:
                            into.add(value.value)
                        else:
                            kinds.setdefault(path, []).append(value.value)
    return ids, kinds, cited


# tags that say what a card is for, not what it is about: never copied to a new card
_NOT_COPIED = frozenset(["core", "discrepancy"])


def suggested_tags(seed: SeedText, span: tuple[int, int], cited: list[tuple[str, str, list[str]]]) -> list[str]:
    """The tags of the cards that cite the same passage of the same article (most used first, at
    most three): a new card on a cited passage is about what they are about. `lint` warns about a
    card without tags, and `new` used to write `tags: []` on every card."""
    counts: dict[str, int] = {}
    for alias, quote, tags in cited:
        if alias != seed.seed.alias or not any(s < span[1] and span[0] < e for s, e in seed.find_all(quote)):
            continue
        for tag in tags:
            if tag.lower() not in _NOT_COPIED:
                counts[tag] = counts.get(tag, 0) + 1
    return sorted(counts, key=lambda t: (-counts[t], t))[:3]


def fresh_id(kind: str, words: str, taken: set) -> str:
    slug_words = [w for w in re.sub(r"[^a-z0-9]+", " ", words.lower()).split() if w not in STOP_WORDS][:5]
    base = "-".join([kind] + slug_words)[: MAX_SLUG - 4].strip("-")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def target_file(project: Project, kind: str, kinds_by_file: dict) -> Path:
    counts = {path: kinds.count(kind) for path, kinds in kinds_by_file.items() if kinds.count(kind)}
    if counts:
        # most cards of that kind; on a tie, the file named for the kind (dates.yaml for dates)
        return max(sorted(counts), key=lambda p: (counts[p], p.name == KIND_FILES[kind]))
    return project.cards_dir / KIND_FILES[kind]


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


def skeleton(card_id: str, kind: str, seed: str, quote: str, indent: str, tags: list[str] | None = None) -> str:
    required, _ = KIND_FIELDS[kind]
    lines = [f"- id: {card_id}", f"  kind: {kind}"]
    for key in required:
        value = quote if (kind, key) == ("quote", "quotation") else ""
        lines.append(f"  {key}: {_q(value)}")
    lines += ["  sources:", f"    - seed: {seed}", f"      quote: {_q(quote)}", f"  tags: [{', '.join(tags or [])}]"]
    return "".join(f"{indent}{line}\n" for line in lines)


def _command_line(message: str, code: str, hint: str | None = None) -> Diagnostic:
    """An error in the command's arguments: no file line is wrong, so it has none (line 0)."""
    return Diagnostic("<command line>", 0, 0, "error", message, hint=hint, code=code)


def new_card(
    project: Project, kind: str, seed_alias: str, words: str, card_id: str | None = None, file: Path | None = None
) -> tuple[NewCard | None, list[Diagnostic]]:
    where = project.rel(project.seeds_dir / SOURCES_FILE)
    sources_doc, diags = load_file(project.seeds_dir / SOURCES_FILE, where)
    texts, bad = read_seed_texts(project)
    seeds, more, _ = validate_seeds(sources_doc, texts) if not diags else ([], [], None)
    diags = [d for d in diags + bad + more if d.severity == "error"]
    if diags:
        return None, diags
    index = seed_texts(seeds)
    seed = index.get(seed_alias)
    if seed is None:
        return None, [
            _command_line(f"unknown seed '{seed_alias}' (--cite)", "unknown-seed", unknown_seed_hint(seed_alias, index))
        ]
    spans = seed.find_all(words)
    if not spans:
        return None, [
            _command_line(
                f"the words are not in seed '{seed_alias}' ({project.rel(project.seeds_dir / seed.seed.file)})",
                "citation-not-found",
                closest_hint(seed, words) or "copy the words from the article",
            )
        ]
    start, end = spans[0]
    quote = " ".join(seed.seed.text[start:end].split())
    taken, kinds_by_file, cited = _existing(project)
    if card_id is not None:
        if not SLUG.match(card_id) or len(card_id) > MAX_SLUG:
            return None, [
                _command_line(f"card id '{card_id}' must be a slug: lowercase a-z, 0-9 and '-'", "invalid-id")
            ]
        if card_id in taken:
            return None, [
                _command_line(
                    f"card id '{card_id}' is already used", "duplicate-id", "leave out --id to get a fresh one"
                )
            ]
    card_id = card_id or fresh_id(kind, words, taken)
    path = project.root / file if file is not None else target_file(project, kind, kinds_by_file)
    old = path.read_text(encoding="utf-8") if path.is_file() else NEW_FILE_HEAD
    found = re.search(r"^([ \t]*)- ", old, re.M)
    indent = found.group(1) if found else "  "
    text = old + ("" if old.endswith("\n") else "\n") + ("" if old.endswith("\n\n") or old == NEW_FILE_HEAD else "\n")
    snippet = skeleton(card_id, kind, seed_alias, quote, indent, suggested_tags(seed, (start, end), cited))
    text += snippet
    doc, problems = load_text(text, project.rel(path))
    items = doc.root.get("cards") if isinstance(doc.root, Map) else None
    ids = (
        [n.get("id").value for n in items.items if isinstance(n, Map) and isinstance(n.get("id"), Scalar)]
        if isinstance(items, Seq)
        else []
    )
    if problems or card_id not in ids:
        return None, [
            Diagnostic(
                project.rel(path),
                1,
                1,
                "error",
                "cannot append a card to this file",
                code="cannot-append",
                hint="the file must be a block list under 'cards:'; use --dry-run and paste the card yourself",
            )
        ]
    return NewCard(card_id, path, snippet, text), []
