"""YAML text → located nodes (Scalar/Seq/Map with line and column). The only module that imports yaml.

Every scalar stays a string: the loader has no implicit resolvers, so `no`, `2026-01-05` and
`1:30` arrive as the text the author typed. Explicit tags (`!!python/object`, `!!int`),
anchors/aliases, duplicate keys and non-string keys are refused with a located diagnostic.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from .model import Diagnostic, Document, Map, Scalar, Seq

try:  # the C parser is ~5x faster; fall back to pure Python where libyaml is missing
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader

# Input limits (documented in docs/card-format.md, "Limits"), checked by check_limits before any parse.
MAX_FILE_BYTES = 8 * 1024 * 1024    # 8 MiB: about 20,000 cards in one file
MAX_DEPTH = 64                      # nesting levels; a card file needs 4
MAX_NODES = 500_000                 # YAML values (scalars, lists, mappings) in one file: ~20,000 cards
MAX_SCALAR_CHARS = 10_000           # one value (checked while converting); a card field is a sentence or two
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


class _StringLoader(_BaseLoader):
    """A loader that resolves nothing implicitly: every untagged scalar is a str."""
    yaml_implicit_resolvers: dict = {}


class _LoadError(Exception):
    def __init__(self, line, col, message, hint=None):
        super().__init__(message)
        self.line, self.col, self.message, self.hint = line, col, message, hint


def load_file(path: Path, rel: str) -> tuple[Document, list[Diagnostic]]:
    """Read one YAML file. Never raises for bad content: problems come back as diagnostics."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Document(rel, None), [Diagnostic(rel, 1, 1, "error", f"cannot read file: {exc.strerror}",
                                                code="io")]
    return load_bytes(data, rel)


def load_bytes(data: bytes, rel: str) -> tuple[Document, list[Diagnostic]]:
    def fail(line, col, message, hint=None, code="yaml"):
        return Document(rel, None), [Diagnostic(rel, line, col, "error", message, hint=hint, code=code)]

    over = check_limits(data, rel)
    if over is not None:
        return Document(rel, None), [over]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return fail(line, col, f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                    "save the file as UTF-8 in your editor", code="encoding")
    return load_text(text, rel)


def check_limits(data: bytes, rel: str) -> Diagnostic | None:
    """Refuse, before parsing, a file too big, too deeply nested or with too many values.

    Also refuses aliases and explicit tags here, so no parser ever expands or constructs them.
    Cheap upper estimates (byte counts, indentation, bracket depth, a '*' or '!' that may start
    an alias or a tag) clear ordinary files in milliseconds; only a file they cannot clear is
    scanned exactly with libyaml's event parser, which is iterative (no recursion to overflow)
    and stops at the first alias, tag or value over a limit.
    """
    def over(line, col, message, hint, code="limit"):
        return Diagnostic(rel, line, col, "error", message, hint=hint, code=code)

    if len(data) > MAX_FILE_BYTES:
        return over(1, 1, f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}",
                    "split the cards into several files")
    separators = sum(data.count(s) for s in (b",", b"[", b"{", b"\n", b"- ", b": ", b":\t", b"-\t", b"?"))
    depth = flow = 0
    for bracket in re.findall(rb"[\[\]{}]", data):
        flow = flow + 1 if bracket in b"[{" else max(flow - 1, 0)
        depth = max(depth, flow)
    indent = max(map(len, re.findall(rb"(?m)^[ \t?:-]+", data)), default=0)
    maybe_alias_or_tag = re.search(rb"(?:^|[\s\[{,])[*!][^\s\]},]", data) is not None
    if 2 * separators + 1 <= MAX_NODES and indent + depth + 2 <= MAX_DEPTH and not maybe_alias_or_tag:
        return None
    nodes = level = 0
    try:
        for event in yaml.parse(data, Loader=_BaseLoader):
            if isinstance(event, yaml.AliasEvent):      # refused here, before an anchored giant is converted
                mark = event.start_mark
                return over(mark.line + 1, mark.column + 1, "YAML aliases (*name) are not supported in card files",
                            "write the value out in full instead of referring to an anchor", code="yaml")
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in _PLAIN_TAGS and tag != "!":   # "!" marks a quoted scalar
                mark = event.start_mark
                return over(mark.line + 1, mark.column + 1, f"YAML tag '{tag}' is not allowed",
                            "remove the '!' tag: every value in a card file is plain text", code="yaml")
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
                nodes += 1
                mark = event.start_mark
                if nodes > MAX_NODES:
                    return over(mark.line + 1, mark.column + 1,
                                f"file has more than {MAX_NODES:,} YAML values",
                                "split the cards into several files")
                if isinstance(event, yaml.CollectionStartEvent):
                    level += 1
                    if level > MAX_DEPTH:
                        return over(mark.line + 1, mark.column + 1,
                                    f"YAML is nested more than {MAX_DEPTH} levels deep",
                                    "card files need only a few levels: cards, a card, its sources")
            elif isinstance(event, yaml.CollectionEndEvent):
                level -= 1
    except yaml.MarkedYAMLError as exc:    # libyaml's own limit (1,000 levels) fires while it looks ahead
        mark = exc.problem_mark
        if mark is not None and "nesting depth" in str(exc.problem):
            return over(mark.line + 1, mark.column + 1, f"YAML is nested more than {MAX_DEPTH} levels deep",
                        "card files need only a few levels: cards, a card, its sources")
    except yaml.YAMLError:
        pass            # not valid YAML: the loader reports where, with its usual message
    return None


def load_text(text: str, rel: str) -> tuple[Document, list[Diagnostic]]:
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return Document(rel, None), [Diagnostic(rel, line, 1, "error", "file contains a NUL character",
                                                hint="remove the control character", code="encoding")]
    loader = _StringLoader(text)
    try:
        node = loader.get_single_node()
        problems: list[_LoadError] = []
        root = None if node is None else _convert(node, set(), 0, problems)
    except _LoadError as exc:
        return Document(rel, None), [Diagnostic(rel, exc.line, exc.col, "error", exc.message,
                                                hint=exc.hint, code="yaml")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        return Document(rel, None), [Diagnostic(
            rel, line, col, "error", f"YAML syntax error: {problem}",
            hint="check indentation, and quote text that contains ': ' or starts with a quote, '*', '&', '!' or '['",
            code="yaml")]
    except yaml.YAMLError as exc:
        return Document(rel, None), [Diagnostic(rel, 1, 1, "error", f"YAML error: {exc}", code="yaml")]
    except RecursionError:
        return Document(rel, None), [Diagnostic(rel, 1, 1, "error", "YAML is nested too deeply",
                                                hint=f"card files need at most {MAX_DEPTH} levels", code="limit")]
    finally:
        loader.dispose()
    return Document(rel, root), [Diagnostic(rel, p.line, p.col, "error", p.message, hint=p.hint, code="yaml")
                                 for p in problems]


def _convert(node, seen: set, depth: int, problems: list):
    """yaml node → Scalar/Seq/Map. Fatal problems raise; duplicate keys are collected and skipped."""
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if depth > MAX_DEPTH:
        raise _LoadError(line, col, f"YAML is nested more than {MAX_DEPTH} levels deep",
                         "card files need only a few levels")
    if id(node) in seen:
        raise _LoadError(line, col, "YAML aliases (*name) are not supported in card files",
                         "write the value out in full instead of referring to an anchor")
    seen.add(id(node))
    if node.tag not in _PLAIN_TAGS:
        raise _LoadError(line, col, f"YAML tag '{node.tag}' is not allowed",
                         "remove the '!' tag: every value in a card file is plain text")
    if isinstance(node, yaml.ScalarNode):
        if len(node.value) > MAX_SCALAR_CHARS:
            raise _LoadError(line, col, f"value is {len(node.value):,} characters long; the limit is "
                             f"{MAX_SCALAR_CHARS:,}", "a card field is a sentence or two; cite the words that "
                             "support the answer, not the whole article")
        return Scalar(unicodedata.normalize("NFC", node.value), line, col)
    if isinstance(node, yaml.SequenceNode):
        return Seq(tuple(_convert(item, seen, depth + 1, problems) for item in node.value), line, col)
    items, keys = [], {}
    for key_node, value_node in node.value:
        key = _convert(key_node, seen, depth + 1, problems)
        if not isinstance(key, Scalar):
            raise _LoadError(key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                             "a mapping key must be plain text", "use a simple word as the key")
        if key.value in keys:
            first = keys[key.value]
            problems.append(_LoadError(
                key.line, key.col, f"duplicate key '{key.value}' (first defined at line {first.line})",
                "remove one of the two; plain YAML would silently keep only the last"))
            continue
        keys[key.value] = key
        items.append((key, _convert(value_node, seen, depth + 1, problems)))
    return Map(tuple(items), line, col)
