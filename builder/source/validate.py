"""Located YAML nodes → DeckInfo, Seeds and Cards, with every problem reported (not just the first)."""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import replace

from builder.core.diagnostics import CODES, Diagnostic
from builder.core.model import (
    CARD_KEYS,
    COMMON_TEXT_KEYS,
    DECK_KEYS,
    FLAG_KEYS,
    KIND_FIELDS,
    KINDS,
    MAX_DISTRACTORS,
    OPTIONAL_SEED_KEYS,
    QUIZ_KEYS,
    SEED_KEYS,
    SOURCE_KEYS,
    Card,
    DeckInfo,
    Exclusion,
    LintConfig,
    Seed,
    Source,
)
from builder.source.nodes import Document, Map, Node, Scalar, Seq

# Unicode category Cc (C0, DEL, C1) except newline and tab; a regex scans in C (per-char checks: 0.5 s of 10k cards)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAG = re.compile(r"^[^\s\"]+$")
MAX_SLUG = 80
MAX_ANKI_ID = 2**63 - 1


class _Collector:
    """Accumulates diagnostics for one file, so every check can just call .error()."""

    def __init__(self, file: str):
        self.file = file
        self.diags: list[Diagnostic] = []

    def error(self, node, message, hint=None, card=None, code="bad-structure"):
        line, col = (node.line, node.col) if node is not None else (1, 1)
        self.diags.append(Diagnostic(self.file, line, col, "error", message, card=card, hint=hint, code=code))

    def warning(self, node, message, hint=None, card=None, code="bad-structure"):
        line, col = (node.line, node.col) if node is not None else (1, 1)
        self.diags.append(Diagnostic(self.file, line, col, "warning", message, card=card, hint=hint, code=code))


def _type_name(node) -> str:
    return {Scalar: "text", Seq: "a list", Map: "a mapping"}[type(node)]


def _did_you_mean(word: str, options) -> str | None:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def _meant_keys(node: Map, allowed, elsewhere=()) -> dict:
    """Allowed keys absent from `node` that a misspelt key evidently means → that key's value: its
    "unknown key (did you mean ...)" error is the one to fix, so the missing key is not reported too."""
    meant: dict[str, Node] = {}
    for key, value in node.items:
        if key.value not in allowed and key.value not in elsewhere:
            close = difflib.get_close_matches(key.value, list(allowed), n=1, cutoff=0.6)
            if close and node.get(close[0]) is None:
                meant.setdefault(close[0], value)
    return meant


def _check_keys(c: _Collector, node: Map, allowed, what: str, card=None, elsewhere=()) -> dict:
    """Reports unknown keys; returns _meant_keys() so the caller does not also call them missing."""
    for key, _ in node.items:
        if key.value in allowed:
            continue
        if key.value in elsewhere:
            c.error(
                key,
                f"key '{key.value}' does not belong in {what}",
                card=card,
                code="unknown-key",
                hint=f"{what} takes: {', '.join(allowed)}",
            )
            continue
        guess = _did_you_mean(key.value, allowed)
        c.error(
            key,
            f"unknown key '{key.value}'" + (f" ({guess})" if guess else ""),
            card=card,
            code="unknown-key",
            hint=None if guess else f"{what} takes: {', '.join(allowed)}",
        )
    return _meant_keys(node, allowed, elsewhere)


def _text(c: _Collector, parent: Map, key: str, card=None, required=True, what="") -> str | None:
    node = parent.get(key)
    if node is None:
        if required:
            c.error(
                parent,
                f"missing required key '{key}'" + (f" for {what}" if what else ""),
                card=card,
                code="missing-key",
                hint=f"add `{key}: ...` to this entry",
            )
        return None
    if not isinstance(node, Scalar):
        c.error(
            node,
            f"'{key}' must be text, not {_type_name(node)}",
            card=card,
            code="wrong-type",
            hint="write the value on one line, or use a '>-' block for long text",
        )
        return None
    value = node.value.strip()
    if not value:
        c.error(
            node,
            f"'{key}' is empty",
            card=card,
            code="empty-value",  # removing a required key is another error
            hint=f"write the {key}" if required else f"write the {key}, or remove the key",
        )
        return None
    if _CONTROL.search(value):
        c.error(
            node,
            f"'{key}' contains a control character",
            card=card,
            code="wrong-type",
            hint="delete the invisible character (often pasted from a PDF)",
        )
        return None
    return value


def _root_list(c: _Collector, doc: Document, key: str, example: str) -> Node | None:
    root = doc.root
    if root is None:
        c.warning(None, "file is empty", hint=f"start it with '{key}:'", code="empty-file")
        return None
    if not isinstance(root, Map) or root.get(key) is None:
        c.error(root, f"expected a top-level '{key}:' key", hint=f"the file should look like:\n{example}")
        return None
    _check_keys(c, root, (key,), "this file")
    return root.get(key)


def _root_seq(c: _Collector, doc: Document, key: str, example: str, what: str, hint: str) -> Seq | None:
    """The top-level `key:` list of a file, or None (with an error when it is there but not a list)."""
    items = _root_list(c, doc, key, example)
    if items is not None and not isinstance(items, Seq):
        c.error(items, f"'{key}' must be {what}, not {_type_name(items)}", hint=hint)
        return None
    return items


# --- deck.yaml -------------------------------------------------------------------------------


def validate_deck(doc: Document) -> tuple[DeckInfo | None, list[Diagnostic]]:
    c = _Collector(doc.path)
    if doc.root is None or not isinstance(doc.root, Map) or not isinstance(doc.root.get("deck"), Map):
        c.error(
            doc.root,
            "expected a top-level 'deck:' mapping with name and id",
            hint="deck:\n    name: My deck\n    id: 1768176000101   # any fixed number, chosen once",
        )
        return None, c.diags
    _check_keys(c, doc.root, ("deck",), "deck.yaml")
    node: Map = doc.root.get("deck")
    meant = _check_keys(c, node, DECK_KEYS, "the deck")
    name = _text(c, node, "name", required="name" not in meant)
    raw_id = _text(c, node, "id", required="id" not in meant)
    description = _text(c, node, "description", required=False) or ""
    version_text = _text(c, node, "version", required=False) or "1"
    deck_id = version = None
    if raw_id is not None:
        if raw_id.isdigit() and 0 < int(raw_id) <= MAX_ANKI_ID:
            deck_id = int(raw_id)
        else:
            c.error(
                node.get("id"),
                f"deck id must be a positive whole number, not '{raw_id}'",
                hint="pick any number once (e.g. 1768176000101) and never change it",
                code="invalid-value",
            )
    if version_text.isdigit() and int(version_text) > 0:
        version = int(version_text)
    else:
        c.error(
            node.get("version"),
            f"deck version must be a positive whole number, not '{version_text}'",
            code="invalid-value",
        )
    if name is not None and "::" in name:
        c.error(node.get("name"), "deck name cannot contain '::' (Anki's subdeck separator)", code="invalid-value")
        name = None
    if c.diags or name is None or deck_id is None or version is None:
        return None, c.diags
    return DeckInfo(name=name, id=deck_id, description=description, version=version, file=doc.path), c.diags


# --- seeds/sources.yaml ----------------------------------------------------------------------


def validate_seeds(doc: Document, seed_texts: dict) -> tuple[list[Seed], list[Diagnostic], frozenset | None]:
    """`seed_texts` maps each file name present in seeds/ to its text, or to None when it could not
    be decoded (the pipeline reports that). Also returns the aliases that are listed but unusable
    (their entry or file has an error): cards citing them are not checked, so one mistake here is
    reported once, not once per citing card. None instead of that set: no alias could be read at all."""
    c = _Collector(doc.path)
    root = doc.root
    if root is None or not isinstance(root, Map) or not isinstance(root.get("seeds"), Map):
        c.error(
            root,
            "expected a top-level 'seeds:' mapping of alias → article metadata",
            hint="seeds:\n  wapo:\n    file: article.txt\n    outlet: The Washington Post\n"
            "    headline: ...\n    authors: unknown\n    date: unknown",
        )
        return [], c.diags, None
    _check_keys(c, root, ("seeds",), "sources.yaml")
    seeds: list[Seed] = []
    used_files: dict[str, str] = {}
    broken: set[str] = set()
    meant: set[str | None] = set()
    for key, entry in root.get("seeds").items:
        alias = key.value
        broken.add(alias)  # until the entry proves good
        if not SLUG.match(alias) or len(alias) > MAX_SLUG:
            c.error(key, f"seed alias '{alias}' must be a short slug (a-z, 0-9, '-')", code="invalid-value")
            continue
        if not isinstance(entry, Map):
            c.error(entry, f"seed '{alias}' must be a mapping of {', '.join(SEED_KEYS)}")
            continue
        before = len(c.diags)
        misspelt = _check_keys(c, entry, SEED_KEYS, f"seed '{alias}'")
        values = {
            k: _text(c, entry, k, required=k not in misspelt and k not in OPTIONAL_SEED_KEYS, what=f"seed '{alias}'")
            for k in SEED_KEYS
        }
        if isinstance(misspelt.get("file"), Scalar):  # `fil: x.txt` still means x.txt: not "unlisted"
            meant.add(_same_file(misspelt["file"].value, seed_texts))
        file = values["file"]
        if file is not None and file not in seed_texts:
            match = _same_file(file, seed_texts)
            meant.add(match)
            c.error(
                entry.get("file"),
                f"seed '{alias}': file '{file}' is not in seeds/",
                hint=f"did you mean {match}?"
                if match
                else f"files in seeds/: {', '.join(sorted(seed_texts)) or 'none'}",
                code="seed-file-missing",
            )
            continue
        meant.add(file)
        text = seed_texts.get(file) if file is not None else None
        if file is None or len(c.diags) > before or text is None:
            continue  # (a file that is not UTF-8 has its own error)
        if not text.strip():  # else every citing card fails, and none says why
            c.diags.append(
                Diagnostic(
                    posixpath.join(posixpath.dirname(doc.path), file),
                    1,
                    1,
                    "error",
                    "article file is empty",
                    hint="paste the article's text into it",
                    code="empty-seed",
                )
            )
            continue
        if file in used_files:
            c.error(
                entry.get("file"),
                f"seed '{alias}': file '{file}' is already used by seed '{used_files[file]}'",
                code="seed-file-reused",
            )
            continue
        used_files[file] = alias
        broken.discard(alias)
        seeds.append(
            Seed(
                alias=alias,
                file=file,
                text=text,
                outlet=values["outlet"] or "",  # required: an entry without one has an error above
                headline=values["headline"] or "",
                authors=values["authors"] or "",
                date=values["date"] or "",
                notes=values["notes"] or "",
                label=values["label"] or "",
                description=values["description"] or "",
            )
        )
    for file in sorted(set(seed_texts) - set(used_files) - meant):
        c.warning(
            root,
            f"seeds/{file} is not listed in {doc.path}, so cards cannot cite it",
            hint="add an entry with its alias, outlet, headline, authors and date",
            code="unlisted-seed",
        )
    return seeds, c.diags, frozenset(broken)


def _same_file(name: str, files) -> str | None:
    """The file in seeds/ that `name` evidently means: same name (without folders) but for case, else
    a close spelling."""
    name = re.split(r"[/\\]", name)[-1]
    same = [f for f in sorted(files) if f.lower() == name.lower()]
    close = same or difflib.get_close_matches(name, sorted(files), n=1, cutoff=0.8)
    return close[0] if close else None


# --- card files ------------------------------------------------------------------------------

CARD_FILE_EXAMPLE = (
    "cards:\n  - id: my-first-card\n    kind: qa\n    question: ...\n    answer: ...\n"
    "    sources:\n      - seed: wapo\n        quote: words copied from the article"
)


def validate_cards(docs: list[Document]) -> tuple[list[Card], list[Diagnostic]]:
    """All card files: each on its own (validate_card_file), then ids unique across files."""
    per_file = [validate_card_file(doc) for doc in docs]
    cards, diags, _ = merge_card_files(per_file)
    return cards, diags


def validate_card_file(doc: Document) -> tuple[list[Card], list[Diagnostic], dict]:
    """One card file → its cards, its diagnostics, and where each card's id value is (line, col)
    for the duplicate-id error that only the cross-file pass (merge_card_files) can give."""
    cards: list[Card] = []
    first_seen: dict[str, Card] = {}
    id_at: dict[str, tuple[int, int]] = {}
    c = _Collector(doc.path)
    items = _root_seq(c, doc, "cards", CARD_FILE_EXAMPLE, "a list of cards", "start each card with '- id: ...'")
    for node in items.items if items else ():
        card = _validate_card(c, node)
        if card is None:
            continue
        if card.id in first_seen:
            _duplicate(c.diags, c.file, node.get("id").line, node.get("id").col, card.id, first_seen[card.id])
            continue
        first_seen[card.id] = card
        id_node = node.get("id")
        id_at[card.id] = (id_node.line, id_node.col)
        cards.append(card)
    return cards, c.diags, id_at


def plain_card_file(root, path: str) -> list[Card] | None:
    """A card file read by load_plain (dicts, lists, strings) → its cards, when the file would get
    no diagnostic at all; None as soon as anything would be reported (then the caller validates
    the located nodes, which say where). The cards are those validate_card_file gives, but
    unlocated: line and column 0 for the card, its keys and its sources."""
    if type(root) is not dict or len(root) != 1 or type(items := root.get("cards")) is not list:
        return None
    cards: list[Card] = []
    seen: set[str] = set()
    for node in items:
        card = _plain_card(node, path)
        if card is None or card.id in seen:
            return None
        seen.add(card.id)
        cards.append(card)
    return cards


_FIELD_ORDER = {
    kind: required + tuple(k for k in optional + COMMON_TEXT_KEYS if k not in required)
    for kind, (required, optional) in KIND_FIELDS.items()
}
_TAG_SPLIT = re.compile(r"[\s,]+")


def _plain_text(value) -> str | None:
    """What _text accepts without a diagnostic: text, not blank, no control character."""
    if type(value) is not str:
        return None
    value = value.strip()
    return value if value and not _CONTROL.search(value) else None


def _plain_card(node, path: str) -> Card | None:
    if type(node) is not dict:
        return None
    card_id, kind = _plain_text(node.get("id")), _plain_text(node.get("kind"))
    if card_id is None or kind not in _FIELD_ORDER or not SLUG.match(card_id) or len(card_id) > MAX_SLUG:
        return None
    if not _OWN_KEYS[kind].issuperset(node):
        return None  # an unknown key, or one that belongs to another kind
    required = KIND_FIELDS[kind][0]
    fields = []
    for key in _FIELD_ORDER[kind]:
        raw = node.get(key)
        if raw is None:
            if key in required:
                return None
            continue
        value = _plain_text(raw)
        if value is None:
            return None
        fields.append((key, value))
    sources = node.get("sources")
    if type(sources) is not list or not sources:
        return None
    cited = []
    for item in sources:
        if type(item) is not dict or len(item) != 2:
            return None
        seed, quote = _plain_text(item.get("seed")), _plain_text(item.get("quote"))
        if seed is None or quote is None:
            return None
        cited.append(Source(seed=seed, quote=quote, line=0, col=0))
    tags: list[str] = []
    raw_tags = node.get("tags")
    if type(raw_tags) is str:
        if len(_TAG_SPLIT.split(raw_tags.strip(" ,"))) > 1:
            return None
        raw_tags = [raw_tags]
    for tag in raw_tags or ():
        if type(tag) is not str or not TAG.match(tag) or tag.lower().startswith(("kind::", "source::")):
            return None
        if tag not in tags:
            tags.append(tag)
    quiz, draft, paraphrase = node.get("quiz", "true"), node.get("draft", "false"), node.get("paraphrase", "false")
    if "allow" in node or any(
        type(flag) is not str or flag.strip().lower() not in ("true", "false") for flag in (quiz, paraphrase)
    ):
        return None  # not true/false; silenced lint codes are read by the validator itself
    if draft not in ("false", "False"):
        return None  # a draft (which gets its warning), or not true/false
    distractors = _plain_distractors(node.get("distractors"), dict(fields).get(_ANSWER_KEY.get(kind, "answer"), ""))
    if distractors is None:
        return None
    return Card(
        id=card_id,
        kind=kind,
        fields=tuple(fields),
        sources=tuple(cited),
        tags=tuple(tags),
        file=path,
        line=0,
        col=0,
        keys=tuple((key, 0, 0) for key in node),
        distractors=distractors,
        quiz=quiz.strip().lower() == "true",
        paraphrase=paraphrase.strip().lower() == "true",
    )


_ANSWER_KEY = {"person": "role", "quote": "speaker", "position": "position"}


def _plain_distractors(value, answer: str) -> tuple | None:
    """What _validate_distractors accepts without a diagnostic, or None."""
    if value is None:
        return ()
    if type(value) is not list or not value or len(value) > MAX_DISTRACTORS:
        return None
    out: list[str] = []
    for item in value:
        text = " ".join(item.split()) if type(item) is str else ""
        if not text or _CONTROL.search(text) or (answer and _same_text(text, answer)):
            return None
        if any(_same_text(text, seen) for seen in out):
            return None
        out.append(text)
    return tuple(out)


def _duplicate(diags: list, file: str, line: int, col: int, card_id: str, other: Card) -> None:
    diags.append(
        Diagnostic(
            file,
            line,
            col,
            "error",
            f"duplicate card id '{card_id}'",
            card=card_id,
            code="duplicate-id",
            hint=f"first used at {other.file}:{other.line}; every card needs its own id",
        )
    )


def merge_card_files(per_file) -> tuple[list[Card], list[Diagnostic], set]:
    """[(cards, diags, id_at)] in file order → all cards with ids unique across files, all
    diagnostics, and the ids dropped as duplicates of a card in an earlier file (with their
    diagnostics of code `DROPPED_WITH_CARD`, which a dropped card would not have had)."""
    cards: list[Card] = []
    diags: list[Diagnostic] = []
    first_seen: dict[str, Card] = {}
    dropped: set = set()
    for file_cards, file_diags, id_at in per_file:
        mine: list[Diagnostic] = []
        for card in file_cards:
            if card.id in first_seen:
                line, col = id_at[card.id]
                _duplicate(mine, card.file, line, col, card.id, first_seen[card.id])
                dropped.add(card.id)
                continue
            first_seen[card.id] = card
            cards.append(card)
        gone = {d.card for d in mine}
        for d in file_diags:
            if d.card in gone and d.code in DROPPED_WITH_CARD:
                continue
            first = first_seen.get(d.card) if d.code == "duplicate-id" else None
            if first is not None and first.file != d.file:  # a repeat within a file of an earlier file's id
                d = replace(d, hint=f"first used at {first.file}:{first.line}; every card needs its own id")
            diags.append(d)
        diags.extend(mine)
    return cards, diags, dropped


# verify_citations and verify_claims (checks/correctness.CODES) never see a dropped card
DROPPED_WITH_CARD = (
    "citation-not-found",
    "unknown-seed",
    "quotation-not-cited",
    "date-not-cited",
    "role-not-cited",
    "number-not-cited",
)


def own_keys(kind: str) -> tuple:
    """The keys a card of this kind may have, in order (also used by the JSON Schema)."""
    required, optional = KIND_FIELDS[kind]
    return (
        ("id", "kind")
        + required
        + tuple(k for k in optional + COMMON_TEXT_KEYS if k not in required)
        + QUIZ_KEYS
        + ("sources", "tags", "draft")
        + FLAG_KEYS
    )


def _validate_card(c: _Collector, node) -> Card | None:
    if not isinstance(node, Map):
        c.error(
            node,
            f"each card must be a mapping (id, kind, ...), not {_type_name(node)}",
            hint="start each card with '- id: ...' and indent its keys under it",
        )
        return None
    before = len(c.diags)
    misspelt = _meant_keys(node, CARD_KEYS)  # `kidn:` is one unknown-key error, not also a missing 'kind'
    card_id = _text(c, node, "id", required="id" not in misspelt)
    if card_id is not None and (not SLUG.match(card_id) or len(card_id) > MAX_SLUG):
        c.error(
            node.get("id"),
            f"card id '{card_id}' must be a slug: lowercase a-z, 0-9 and '-'",
            hint=f"for example '{_slugify(card_id)}'",
            code="invalid-id",
        )
        card_id = None
    label = card_id
    kind = _text(c, node, "kind", card=label, required="kind" not in misspelt)
    if kind is not None and kind not in KINDS:
        guess = _did_you_mean(kind, KINDS)
        c.error(
            node.get("kind"),
            f"unknown kind '{kind}'" + (f" ({guess})" if guess else ""),
            card=label,
            hint=f"kinds: {', '.join(KINDS)}",
            code="unknown-kind",
        )
        kind = None
    if kind is None:
        _check_keys(c, node, CARD_KEYS, "a card", card=label)
        return None
    required, optional = KIND_FIELDS[kind]
    misspelt = _check_keys(c, node, own_keys(kind), f"a '{kind}' card", card=label, elsewhere=CARD_KEYS)
    fields = []
    for key in required + tuple(k for k in optional + COMMON_TEXT_KEYS if k not in required):  # text keys
        value = _text(
            c, node, key, card=label, required=key in required and key not in misspelt, what=f"a '{kind}' card"
        )
        if value is not None:
            fields.append((key, value))
    sources = _validate_sources(c, node, label, "sources" in misspelt)
    tags = _validate_tags(c, node, label)
    answer = dict(fields).get({"person": "role", "quote": "speaker", "position": "position"}.get(kind, "answer"), "")
    distractors = _validate_distractors(c, node, label, answer)
    in_quiz = _validate_quiz_flag(c, node, label)
    draft = _validate_draft(c, node, label)
    paraphrase = _validate_flag(c, node, "paraphrase", label)
    allow = _validate_allow(c, node, label)
    if card_id is None or (len(c.diags) > before and any(d.severity == "error" for d in c.diags[before:])):
        return None
    return Card(
        id=card_id,
        kind=kind,
        fields=tuple(fields),
        sources=tuple(sources),
        tags=tuple(tags),
        file=c.file,
        line=node.line,
        col=node.col,
        keys=tuple((k.value, k.line, k.col) for k, _ in node.items),
        distractors=tuple(distractors),
        quiz=in_quiz,
        draft=draft,
        paraphrase=paraphrase,
        allow=allow,
    )


def _same_text(a: str, b: str) -> bool:
    """Equal for a student: case, spacing and surrounding punctuation aside."""
    norm = lambda t: " ".join(re.sub(r"[^\w\s]", " ", t.casefold()).split())  # noqa: E731
    return norm(a) == norm(b)


def _validate_distractors(c: _Collector, node: Map, label: str | None, answer: str) -> list[str]:
    """`distractors: [...]`: one to three wrong options for quiz exports, none the card's answer."""
    seq = node.get("distractors")
    if seq is None:
        return []
    example = "distractors: [First wrong option, Second wrong option, Third wrong option]"
    if not isinstance(seq, Seq) or not seq.items:
        c.error(
            seq,
            "'distractors' must be a list of one to three wrong options",
            card=label,
            code="wrong-type",
            hint=example,
        )
        return []
    if len(seq.items) > MAX_DISTRACTORS:
        c.error(
            seq.items[MAX_DISTRACTORS],
            f"'distractors' has {len(seq.items)} options; a quiz question takes at most {MAX_DISTRACTORS}",
            card=label,
            code="invalid-value",
            hint="keep the three most plausible wrong options",
        )
        return []
    out: list[str] = []
    for item in seq.items:
        if not isinstance(item, Scalar):
            c.error(
                item,
                f"each distractor must be text, not {_type_name(item)}",
                card=label,
                code="wrong-type",
                hint=example,
            )
            continue
        text = " ".join(item.value.split())
        if not text or _CONTROL.search(text):
            c.error(item, "a distractor must be text without control characters", card=label, code="invalid-value")
            continue
        if answer and _same_text(text, answer):
            c.error(
                item,
                f"distractor '{text}' is the card's answer",
                card=label,
                code="distractors",
                hint="a distractor is a wrong option: write something the article does not say is the answer",
            )
            continue
        if any(_same_text(text, seen) for seen in out):
            c.error(item, f"distractor '{text}' is listed twice", card=label, code="distractors")
            continue
        out.append(text)
    return out


def _validate_quiz_flag(c: _Collector, node: Map, label: str | None) -> bool:
    value = node.get("quiz")
    if value is None:
        return True
    if isinstance(value, Scalar) and value.value.strip().lower() in ("true", "false"):
        return value.value.strip().lower() == "true"
    c.error(
        value,
        "'quiz' must be true or false",
        card=label,
        code="invalid-value",
        hint="quiz: false   # leaves this card out of the quiz exports (Kahoot, Moodle, ...)",
    )
    return True


def _validate_draft(c: _Collector, node: Map, label: str | None) -> bool:
    """`draft: true` marks a card `new --from-coverage` wrote: `check` warns (code draft-card, which a
    release treats as an error) until a person has edited the card and removed the key or set it false."""
    value = node.get("draft")
    if value is None:
        return False
    if not isinstance(value, Scalar) or value.value.lower() not in ("true", "false"):
        c.error(
            value,
            "'draft' must be true or false",
            card=label,
            code="wrong-type",
            hint="remove the line once you have edited the card",
        )
        return False
    if value.value.lower() == "false":
        return False
    c.warning(
        value,
        "draft card: written by 'deckbuilder new --from-coverage' and not yet checked by a person",
        card=label,
        code="draft-card",
        hint="edit the question and answer, then delete the line 'draft: true'; a release refuses drafts",
    )
    return True


def _validate_sources(c: _Collector, node: Map, label, misspelt=False) -> list[Source]:
    seq = node.get("sources")
    if seq is None:
        if misspelt:  # its unknown-key error says what to fix
            return []
        c.error(
            node,
            "missing required key 'sources'",
            card=label,
            code="missing-key",
            hint="every card cites at least one article:\nsources:\n  - seed: ALIAS\n"
            "    quote: words copied from the article",
        )
        return []
    if not isinstance(seq, Seq) or not seq.items:
        c.error(
            seq,
            "'sources' must be a non-empty list of {seed, quote}",
            card=label,
            code="wrong-type",
            hint="sources:\n  - seed: ALIAS\n    quote: words copied from the article",
        )
        return []
    out = []
    for item in seq.items:
        if not isinstance(item, Map):
            c.error(
                item,
                f"each source must be a mapping with 'seed' and 'quote', not {_type_name(item)}",
                card=label,
                code="wrong-type",
            )
            continue
        misspelt = _check_keys(c, item, SOURCE_KEYS, "a source", card=label)
        seed = _text(c, item, "seed", card=label, required="seed" not in misspelt)
        quote = _text(c, item, "quote", card=label, required="quote" not in misspelt)
        if seed is not None and quote is not None:
            at = item.get("quote")  # point at the quote itself: that is what the author fixes
            out.append(Source(seed=seed, quote=quote, line=at.line, col=at.col))
    return out


def _validate_tags(c: _Collector, node: Map, label) -> list[str]:
    seq = node.get("tags")
    if seq is None:
        return []
    if isinstance(seq, Scalar) and len(words := re.split(r"[\s,]+", seq.value.strip(" ,"))) > 1:
        c.error(
            seq,
            "'tags' must be a list: put the tags in square brackets",
            card=label,
            code="wrong-type",
            hint=f"tags: [{', '.join(words)}]",
        )
        return []
    if isinstance(seq, Scalar):  # one tag without brackets is accepted as it is
        seq = Seq((seq,), seq.line, seq.col)
    if not isinstance(seq, Seq):
        c.error(
            seq,
            f"'tags' must be a list of words, not {_type_name(seq)}",
            card=label,
            code="wrong-type",
            hint="tags: [beijing-summit, person::lee-jae-myung]",
        )
        return []
    tags = []
    for item in seq.items:
        if not isinstance(item, Scalar) or not TAG.match(item.value):
            c.error(
                item,
                "each tag must be one word without spaces (use '-' or '::')",
                card=label,
                code="invalid-tag",
                hint="for example: beijing-summit, person::lee-jae-myung",
            )
            continue
        if item.value.lower().startswith(("kind::", "source::")):
            c.error(item, f"tag '{item.value}' is added automatically; remove it", card=label, code="invalid-tag")
            continue
        if item.value not in tags:
            tags.append(item.value)
    return tags


def _validate_flag(c: _Collector, node: Map, key: str, label) -> bool:
    """`key: true` or `key: false` (absent: false)."""
    value = node.get(key)
    if value is None:
        return False
    if isinstance(value, Scalar) and value.value.strip().lower() in ("true", "false"):
        return value.value.strip().lower() == "true"
    c.error(
        value,
        f"'{key}' must be true or false",
        card=label,
        code="wrong-type",
        hint=f"{key}: true",
    )
    return False


LINT_CODE = re.compile(r"^lint-[a-z]+(?:-[a-z]+)*$")
LINT_CODES = tuple(name for name in CODES if name.startswith("lint-"))
ALLOW_EXAMPLE = 'allow:\n  lint-twin: "the quote card asks who said it; this one asks why"'


def _validate_allow(c: _Collector, node: Map, label) -> tuple:
    """`allow: {lint-code: reason}`: lint warnings silenced for this card, each with its reason
    (a silence without one is an error: the next editor must know why the warning does not apply)."""
    value = node.get("allow")
    if value is None:
        return ()
    if not isinstance(value, Map):
        c.error(
            value,
            f"'allow' must be a mapping of lint codes to reasons, not {_type_name(value)}",
            card=label,
            code="wrong-type",
            hint=ALLOW_EXAMPLE,
        )
        return ()
    return _allowed(c, value, label)


def _allowed(c: _Collector, value: Map, label) -> tuple:
    out = []
    for key, reason in value.items:
        if key.value not in LINT_CODES:
            guess = _did_you_mean(key.value, LINT_CODES) or (
                f"did you mean 'lint-{key.value}'?" if f"lint-{key.value}" in LINT_CODES else None
            )
            c.error(
                key,
                f"'{key.value}' is not a lint code" + (f" ({guess})" if guess else ""),
                card=label,
                code="invalid-allow",
                hint=None
                if guess
                else "lint codes are printed in brackets (warning[lint-twin]); docs/diagnostics.md lists them",
            )
            continue
        if not isinstance(reason, Scalar) or not reason.value.strip():
            c.error(
                key,
                f"silencing '{key.value}' needs a reason",
                card=label,
                code="invalid-allow",
                hint=f'{key.value}: "why this warning does not apply here"',
            )
            continue
        out.append((key.value, reason.value.strip()))
    return tuple(out)


# --- cards/exclusions.yaml --------------------------------------------------------------------

EXCLUSION_KEYS = ("seed", "text", "reason")
EXCLUSIONS_EXAMPLE = (
    'exclusions:\n  - seed: bloomberg\n    text: "©2026 Bloomberg L.P."\n'
    "    reason: Copyright boilerplate, not coverage."
)


def validate_exclusions(doc: Document) -> tuple[list[Exclusion], list[Diagnostic]]:
    """The passages the coverage report treats as handled; their text is checked by citations.py."""
    c = _Collector(doc.path)
    items = _root_seq(c, doc, "exclusions", EXCLUSIONS_EXAMPLE, "a list", "start each entry with '- seed: ALIAS'")
    out = []
    for node in items.items if items else ():
        if not isinstance(node, Map):
            c.error(node, f"each exclusion must be a mapping of seed, text and reason, not {_type_name(node)}")
            continue
        misspelt = _check_keys(c, node, EXCLUSION_KEYS, "an exclusion")
        values = {k: _text(c, node, k, required=k not in misspelt, what="an exclusion") for k in EXCLUSION_KEYS}
        text, seed = node.get("text"), node.get("seed")
        if values["seed"] is None or values["text"] is None or values["reason"] is None or text is None or seed is None:
            continue
        out.append(
            Exclusion(
                seed=values["seed"],
                text=values["text"],
                reason=values["reason"],
                file=doc.path,
                line=text.line,
                col=text.col,
                seed_line=seed.line,
                seed_col=seed.col,
            )
        )
    return out, c.diags


LINT_KEYS = ("allow", "max-answer-words", "max-question-words")
LINT_EXAMPLE = 'lint:\n  allow:\n    lint-no-tags: "a practice deck: nobody filters it"\n  max-answer-words: 30'


def validate_lint_config(doc: Document) -> tuple[LintConfig, list[Diagnostic]]:
    """cards/lint.yaml: `lint:` with `allow:` (code → reason, as on a card) and the length limits."""
    c = _Collector(doc.path)
    root = doc.root
    if root is None:
        return LintConfig(file=doc.path), c.diags
    if not isinstance(root, Map) or not isinstance(root.get("lint"), Map):
        c.error(root, "expected a top-level 'lint:' mapping", hint=f"the file should look like:\n{LINT_EXAMPLE}")
        return LintConfig(file=doc.path), c.diags
    _check_keys(c, root, ("lint",), "lint.yaml")
    node: Map = root.get("lint")
    _check_keys(c, node, LINT_KEYS, "lint settings")
    allow_node = node.get("allow")
    allow: tuple = ()
    if allow_node is not None and not isinstance(allow_node, Map):
        c.error(allow_node, "'allow' must be a mapping of lint codes to reasons", code="wrong-type", hint=ALLOW_EXAMPLE)
    elif allow_node is not None:
        allow = _allowed(c, allow_node, None)
    limits: dict[str, int | None] = {}
    for key in ("max-answer-words", "max-question-words"):
        text = _text(c, node, key, required=False)
        if text is not None and not (text.isdigit() and int(text) > 0):
            c.error(node.get(key), f"'{key}' must be a positive whole number, not '{text}'", code="invalid-value")
            text = None
        limits[key] = int(text) if text is not None else None
    return (
        LintConfig(allow, limits["max-answer-words"], limits["max-question-words"], file=doc.path),
        c.diags,
    )


def card_at(doc: Document, line: int) -> str | None:
    """The id of the card whose entry spans `line` in a card file, to label loader diagnostics."""
    root = doc.root
    items = root.get("cards") if isinstance(root, Map) else None
    if not isinstance(items, Seq):
        return None
    found = None
    for node in items.items:
        if node.line > line:
            break
        found = node
    card_id = found.get("id") if isinstance(found, Map) else None
    return card_id.value if isinstance(card_id, Scalar) else None


_ITEM = re.compile(r"^([ \t]*)-[ \t]")
_ID_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?id:[ \t]*[\"']?([a-z0-9-]+)[\"']?[ \t]*(?:#.*)?$")


def card_at_text(text: str, line: int) -> str | None:
    """The card a line belongs to when the file does not parse (a YAML syntax error): the `id:` at
    or above `line` within the same `- ` item of the card list, found by scanning the text."""
    lines = text.splitlines()[:line]
    first = next((m for m in map(_ITEM.match, lines) if m), None)
    if first is None:
        return None
    for text_line in reversed(lines):
        m = _ID_LINE.match(text_line)
        if m:
            return m[1]
        item = _ITEM.match(text_line)
        if item and item[1] == first[1]:
            return None  # reached the start of the card without an id
    return None


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:MAX_SLUG] or "card-1"


_OWN_KEYS = {kind: frozenset(own_keys(kind)) for kind in KINDS}  # for plain_card_file
