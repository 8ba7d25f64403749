"""YAML text → located nodes (Scalar/Seq/Map with line and column). The only module that imports yaml.

Every scalar stays a string: the loader has no implicit resolvers, so `no`, `2026-01-05` and
`1:30` arrive as the text the author typed. Explicit tags (`!!python/object`, `!!int`),
anchors/aliases, duplicate keys and non-string keys are refused with a located diagnostic.
"""

from __future__ import annotations

import bisect
import ctypes
import functools
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

try:  # the fast path (see _fast_root); PyYAML alone still loads everything, only slower
    import ryml
except ImportError:  # pragma: no cover
    ryml = None

from builder.core.diagnostics import Diagnostic
from builder.core.errors import explain
from builder.source.nodes import Document, Map, Node, Scalar, Seq


def _at(mark: Any) -> tuple[int, int]:
    """A YAML mark as a 1-based (line, column); (1, 1) when the parser gave none."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


# Input limits (documented in docs/card-format.md, "Limits"), checked by check_limits before any parse.
MAX_FILE_BYTES = 8 * 1024 * 1024  # 8 MiB: about 20,000 cards in one file
MAX_DEPTH = 64  # nesting levels; a card file needs 4
MAX_NODES = 500_000  # YAML values (scalars, lists, mappings) in one file: ~20,000 cards
MAX_SCALAR_CHARS = 10_000  # one value (checked while converting); a card field is a sentence or two
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


@functools.cache
def _pyyaml() -> tuple[Any, Any, Any]:
    """(yaml, its fastest safe loader, that loader resolving nothing implicitly: every untagged
    scalar a str). Imported when first needed (9 ms of start-up): the plain and fast paths read
    ordinary card files without it."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is ~5x faster

    class StringLoader(base):
        yaml_implicit_resolvers: dict = {}

    return yaml, base, StringLoader


class _LoadError(Exception):
    def __init__(self, line: int, col: int, message: str, hint: str | None = None, code: str = "yaml-syntax"):
        super().__init__(message)
        self.line, self.col, self.message, self.hint, self.code = line, col, message, hint, code


def load_file(path: Path, rel: str) -> tuple[Document, list[Diagnostic]]:
    """Read one YAML file. Never raises for bad content: problems come back as diagnostics."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        _, why, hint = explain(exc)  # what the machine says, and what to do about it
        return Document(rel, None), [
            Diagnostic(rel, 1, 1, "error", f"cannot read file: {why}", hint=hint, code="file-unreadable")
        ]
    return load_bytes(data, rel)


def load_bytes(data: bytes, rel: str) -> tuple[Document, list[Diagnostic]]:
    over = check_limits(data, rel)
    if over is not None:
        return Document(rel, None), [over]
    text, bad = decode_utf8(data, rel, "utf-8-sig")
    if text is None:
        return Document(rel, None), [bad] if bad is not None else []
    return load_text(text, rel)


def decode_utf8(data: bytes, rel: str, encoding: str = "utf-8") -> tuple[str | None, Diagnostic | None]:
    """bytes → text, or None and an error at the first byte that is not UTF-8 (card and seed files alike)."""
    try:
        return data.decode(encoding), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Diagnostic(
            rel,
            line,
            col,
            "error",
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            hint="save the file as UTF-8 in your editor",
            code="not-utf8",
        )


_ALIAS_OR_TAG = re.compile(rb"[\s\[{,][*!][^\s\]},]")  # '*' or '!' where an alias or a tag may start


def check_limits(data: bytes, rel: str) -> Diagnostic | None:
    """Refuse, before parsing, a file too big, too deeply nested or with too many values.

    Also refuses aliases and explicit tags here, so no parser ever expands or constructs them.
    Cheap upper estimates (byte counts, indentation, bracket depth, a '*' or '!' that may start
    an alias or a tag) clear ordinary files in milliseconds; only a file they cannot clear is
    scanned exactly with libyaml's event parser, which is iterative (no recursion to overflow)
    and stops at the first alias, tag or value over a limit.
    """

    def over(line, col, message, hint, code="too-large"):
        return Diagnostic(rel, line, col, "error", message, hint=hint, code=code)

    if len(data) > MAX_FILE_BYTES:
        return over(
            1, 1, f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}", "split the cards into several files"
        )
    # each separator starts at a byte of its own, so a file of under MAX_NODES / 2 bytes cannot have too many
    separators = (
        0
        if 2 * len(data) + 1 <= MAX_NODES
        else sum(data.count(s) for s in (b",", b"[", b"{", b"\n", b"- ", b": ", b":\t", b"-\t", b"?"))
    )
    depth = flow = 0
    if b"[" in data or b"{" in data:
        for bracket in re.findall(rb"[\[\]{}]", data):
            flow = flow + 1 if bracket in b"[{" else max(flow - 1, 0)
            depth = max(depth, flow)
    # each test is a search for what could fail, not a list of every line or position (3.5 MB of
    # cards: 0.13 → 0.03 s)
    too_indented = re.compile(rb"(?m)^[ \t?:-]{%d}" % max(MAX_DEPTH - depth - 1, 0)).search(data) is not None
    maybe_alias_or_tag = (b"*" in data or b"!" in data) and (
        _ALIAS_OR_TAG.search(data) is not None or data[:1] in (b"*", b"!")
    )
    if 2 * separators + 1 <= MAX_NODES and not too_indented and not maybe_alias_or_tag:
        return None
    nodes = level = 0
    yaml, base, _ = _pyyaml()
    try:
        for event in yaml.parse(data, Loader=base):
            if isinstance(event, yaml.AliasEvent):  # refused here, before an anchored giant is converted
                mark = event.start_mark
                return over(
                    *_at(mark),
                    "YAML aliases (*name) are not supported in card files",
                    "write the value out in full instead of referring to an anchor",
                    code="yaml-unsupported",
                )
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in _PLAIN_TAGS and tag != "!":  # "!" marks a quoted scalar
                mark = event.start_mark
                return over(
                    *_at(mark),
                    f"YAML tag '{tag}' is not allowed",
                    "remove the '!' tag: every value in a card file is plain text",
                    code="yaml-unsupported",
                )
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
                nodes += 1
                mark = event.start_mark
                if nodes > MAX_NODES:
                    return over(
                        *_at(mark),
                        f"file has more than {MAX_NODES:,} YAML values",
                        "split the cards into several files",
                    )
                if isinstance(event, yaml.CollectionStartEvent):
                    level += 1
                    if level > MAX_DEPTH:
                        return over(
                            *_at(mark),
                            f"YAML is nested more than {MAX_DEPTH} levels deep",
                            "card files need only a few levels: cards, a card, its sources",
                        )
            elif isinstance(event, yaml.CollectionEndEvent):
                level -= 1
    except yaml.MarkedYAMLError as exc:  # libyaml's own limit (1,000 levels) fires while it looks ahead
        mark = exc.problem_mark
        if mark is not None and "nesting depth" in str(exc.problem):
            return over(
                *_at(mark),
                f"YAML is nested more than {MAX_DEPTH} levels deep",
                "card files need only a few levels: cards, a card, its sources",
            )
    except yaml.YAMLError:
        pass  # not valid YAML: the loader reports where, with its usual message
    return None


def load_text(text: str, rel: str) -> tuple[Document, list[Diagnostic]]:
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return Document(rel, None), [
            Diagnostic(
                rel,
                line,
                1,
                "error",
                "file contains a NUL character",
                hint="remove the control character",
                code="not-utf8",
            )
        ]
    root = _fast_root(text)
    if root is not None:
        return Document(rel, root), []
    return load_text_strict(text, rel)


def load_text_strict(text: str, rel: str) -> tuple[Document, list[Diagnostic]]:
    """The reference loader (PyYAML): every problem located and explained."""
    yaml, _, string_loader = _pyyaml()
    loader = string_loader(text)
    try:
        node = loader.get_single_node()
        problems: list[_LoadError] = []
        root = None if node is None else _convert(node, set(), 0, problems)
    except _LoadError as exc:
        return Document(rel, None), [
            Diagnostic(rel, exc.line, exc.col, "error", exc.message, hint=exc.hint, code=exc.code)
        ]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        hint = "check indentation, and quote text that contains ': ' or starts with a quote, '*', '&', '!' or '['"
        if "mapping values are not allowed" in problem:
            hint = _quote_hint(text, line) or hint
        return Document(rel, None), [
            Diagnostic(rel, line, col, "error", f"YAML syntax error: {problem}", hint=hint, code="yaml-syntax")
        ]
    except yaml.YAMLError as exc:
        return Document(rel, None), [Diagnostic(rel, 1, 1, "error", f"YAML error: {exc}", code="yaml-syntax")]
    except RecursionError:
        return Document(rel, None), [
            Diagnostic(
                rel,
                1,
                1,
                "error",
                "YAML is nested too deeply",
                hint=f"card files need at most {MAX_DEPTH} levels",
                code="too-large",
            )
        ]
    finally:
        loader.dispose()
    return Document(rel, root), [
        Diagnostic(rel, p.line, p.col, "error", p.message, hint=p.hint, code=p.code) for p in problems
    ]


def _quote_hint(text: str, line: int) -> str | None:
    """'put the text in quotes: note: "Bloomberg: Lee…"' for a plain value holding ': ' on `line`."""
    lines = text.splitlines()
    m = re.match(r"\s*(?:- )?([\w-]+):\s+([^\"'].*?)\s*$", lines[line - 1]) if line <= len(lines) else None
    if m is None or ": " not in m[2]:
        return None
    value = m[2].replace("\\", "\\\\").replace('"', '\\"')
    return f'put the text in quotes: {m[1]}: "{value}"'


def _convert(node, seen: set, depth: int, problems: list):
    """yaml node → Scalar/Seq/Map. Fatal problems raise; duplicate keys are collected and skipped."""
    yaml = _pyyaml()[0]
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if depth > MAX_DEPTH:
        raise _LoadError(
            line,
            col,
            f"YAML is nested more than {MAX_DEPTH} levels deep",
            "card files need only a few levels",
            "too-large",
        )
    if id(node) in seen:
        raise _LoadError(
            line,
            col,
            "YAML aliases (*name) are not supported in card files",
            "write the value out in full instead of referring to an anchor",
            "yaml-unsupported",
        )
    seen.add(id(node))
    if node.tag not in _PLAIN_TAGS:
        raise _LoadError(
            line,
            col,
            f"YAML tag '{node.tag}' is not allowed",
            "remove the '!' tag: every value in a card file is plain text",
            "yaml-unsupported",
        )
    if isinstance(node, yaml.ScalarNode):
        if len(node.value) > MAX_SCALAR_CHARS:
            raise _LoadError(
                line,
                col,
                f"value is {len(node.value):,} characters long; the limit is {MAX_SCALAR_CHARS:,}",
                "a card field is a sentence or two; cite the words that support the answer, not the whole article",
                "value-too-long",
            )
        return Scalar(unicodedata.normalize("NFC", node.value), line, col)
    if isinstance(node, yaml.SequenceNode):
        return Seq(tuple(_convert(item, seen, depth + 1, problems) for item in node.value), line, col)
    items: list[tuple[Scalar, Node]] = []
    keys: dict[str, Scalar] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, seen, depth + 1, problems)
        if not isinstance(key, Scalar):
            raise _LoadError(
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
                "a mapping key must be plain text",
                "use a simple word as the key",
            )
        if key.value in keys:
            first = keys[key.value]
            problems.append(
                _LoadError(
                    key.line,
                    key.col,
                    f"duplicate key '{key.value}' (first defined at line {first.line})",
                    "remove one of the two; plain YAML would silently keep only the last",
                )
            )
            continue
        keys[key.value] = key
        items.append((key, _convert(value_node, seen, depth + 1, problems)))
    return Map(tuple(items), line, col)


# --- the fast path ---------------------------------------------------------------------------
# rapidyaml parses ~25x faster than libyaml. Its Python API gives no positions, but its scalars are
# views into the parsed buffer, so a scalar's offset is its address minus the buffer's, and the
# line/column PyYAML would report follows from the offset. Anything the fast path is not sure to
# reproduce exactly (tags, anchors, aliases, duplicate or empty keys, empty values, block scalars,
# tabs, CR line ends, empty collections, comments where a node starts, parse errors, ...) returns
# None, and the strict loader above reads the file and reports whatever is wrong.

_FLAGS_REFUSED = 0
_BUF_OFFSET: int | None = None  # where a memoryview keeps its buffer address (found once by _calibrate)
if ryml is not None:
    _FLAGS_REFUSED = (
        ryml.KEYANCH
        | ryml.VALANCH
        | ryml.KEYREF
        | ryml.VALREF
        | ryml.KEYTAG
        | ryml.VALTAG
        | ryml.KEY_LITERAL
        | ryml.KEY_FOLDED
        | ryml.VAL_LITERAL
        | ryml.VAL_FOLDED
    )
    _QUOTED_KEY, _QUOTED_VAL = ryml.KEY_SQUO | ryml.KEY_DQUO, ryml.VAL_SQUO | ryml.VAL_DQUO
    _FLOW = ryml.FLOW_SL | ryml.FLOW_ML
    _NEVER_PLAIN = frozenset(b",[]{}#&*!|>'\"%@`")  # YAML indicators that cannot start a plain scalar
    _PLAIN_IF_FOLLOWED = frozenset(b"-?:")  # ... unless a safe character follows
    _ENDS = {b"", b" ", b"\n", b",", b"[", b"]", b"{", b"}"}
    _r = ryml._ryml  # the C accessors behind ryml.Tree's methods
    _addr = ctypes.c_void_p.from_address
    _bisect = bisect.bisect_right

    def _calibrate():
        """Where CPython keeps a memoryview's buffer pointer (checked, never assumed)."""
        probe = bytearray(b"0123456789abcdef")
        view = memoryview(probe)[5:]
        want = ctypes.addressof(ctypes.c_char.from_buffer(probe)) + 5
        found = [o for o in range(16, 160, 8) if ctypes.c_void_p.from_address(id(view) + o).value == want]
        view.release()
        return found[0] if len(found) == 1 else None

    _BUF_OFFSET = _calibrate()


class _Unsure(Exception):
    """The fast path cannot vouch for this file; the strict loader takes over."""


class _Quiet:
    """rapidyaml prints parse errors to stderr from C; the strict loader reports them instead."""

    def __enter__(self):
        self.saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)

    def __exit__(self, *exc):
        os.dup2(self.saved, 2)
        os.close(self.saved)


def _fast_root(text: str):
    """text → located root node exactly as the strict loader builds it, or None (use the strict one)."""
    if (
        _BUF_OFFSET is None
        or "\t" in text
        or "\r" in text
        or "\x85" in text
        or "\u2028" in text
        or "\u2029" in text
        or "\ufeff" in text
    ):
        return None
    data = text.encode("utf-8")
    if not data or data.startswith(b"%") or b"\n%" in data:
        return None  # empty, or a directive line (rapidyaml skips bad ones)
    buf = bytearray(data)
    try:
        with _Quiet():
            tree = ryml.parse_in_place(buf)
    except Exception:
        return None
    base = ctypes.addressof(ctypes.c_char.from_buffer(buf))
    try:
        return _Walker(tree, data, base).root()
    except (_Unsure, RecursionError):
        return None
    finally:
        del tree


class _Walker:
    """One pass over a rapidyaml tree in document order (hot loop: C accessors bound to locals)."""

    def __init__(self, tree, data: bytes, base: int):
        self.t, self.data, self.base = tree, data, base
        starts = self.starts = [0]
        i = data.find(b"\n")
        while i >= 0:
            starts.append(i + 1)
            i = data.find(b"\n", i + 1)
        self.ascii = is_ascii = data.isascii()
        size = len(data)
        assert _BUF_OFFSET is not None, "_fast_root calibrates before walking"
        buf_offset = _BUF_OFFSET
        new = object.__new__

        def scalar(view, quoted: bool, flow: bool = False) -> Scalar:
            """A key or value view → Scalar at PyYAML's start mark (the opening quote, if quoted)."""
            if view is None or not len(view) or len(view) > MAX_SCALAR_CHARS:
                raise _Unsure  # empty, null or over the size limit: the strict loader decides
            off = (_addr(id(view) + buf_offset).value or 0) - base - quoted  # NULL: out of range below
            if not 0 <= off < size:
                raise _Unsure  # a scalar ryml placed outside the buffer
            if not quoted:  # rapidyaml accepts plain scalars that YAML (and PyYAML) refuse
                first = data[off]
                if first in _NEVER_PLAIN or (first in _PLAIN_IF_FOLLOWED and data[off + 1 : off + 2] in _ENDS):
                    raise _Unsure
                if flow and (first in b"?:" or 63 in view):
                    raise _Unsure  # '?' in [...] / {...}: libyaml refuses ':?' and a leading '?' or ':'
            try:
                value = str(view, "utf-8")
            except UnicodeDecodeError:
                raise _Unsure from None  # an escape such as "\\uD800" that is no character: strict loader
            if not value.isascii():
                value = unicodedata.normalize("NFC", value)
            line = _bisect(starts, off)
            start = starts[line - 1]
            node = new(Scalar)  # as Scalar(value, line, col), without the frozen
            fields = node.__dict__  # dataclass's three object.__setattr__ calls (4x faster)
            fields["value"] = value
            fields["line"] = line
            fields["col"] = (off - start if is_ascii else len(data[start:off].decode("utf-8"))) + 1
            return node

        self.scalar = scalar

    def root(self):
        t = self.t
        node = _r.Tree_root_id(t)
        ty = _r.Tree_type(t, node)
        if ty & ryml.STREAM:
            if _r.Tree_num_children(t, node) != 1:
                raise _Unsure
            node = _r.Tree_first_child(t, node)
            ty = _r.Tree_type(t, node)
        if not ty & (ryml.MAP | ryml.SEQ):
            raise _Unsure  # empty file or a lone scalar: rare, leave to the strict loader
        root = self.node(node, ty, 0)
        if root.col != 1:
            raise _Unsure  # an indented top level: rapidyaml and PyYAML disagree there
        return root

    def where(self, off: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, off)
        start = self.starts[line - 1]
        col = off - start if self.ascii else len(self.data[start:off].decode("utf-8"))
        return line, col + 1

    def start_of(self, node, opener: int):
        """(line, col) of the '-', '[' or '{' that opens a collection whose first item is `node`."""
        start = self.starts[node.line - 1]
        if self.ascii:
            i = start + node.col - 1
        else:
            end = self.data.find(b"\n", start)
            text = self.data[start : end if end >= 0 else len(self.data)].decode("utf-8")
            i = start + len(text[: node.col - 1].encode("utf-8"))
        data = self.data
        i -= 1
        while i >= 0 and data[i] in (32, 10):
            i -= 1
        if i < 0 or data[i] != opener:
            raise _Unsure  # e.g. a comment between '-' and the item
        return self.where(i)

    def node(self, node, ty: int, depth: int):
        if depth > MAX_DEPTH or ty & _FLAGS_REFUSED:
            raise _Unsure
        t, scalar = self.t, self.scalar
        first_child, next_sibling, type_of, key_of, val_of = (
            _r.Tree_first_child,
            _r.Tree_next_sibling,
            _r.Tree_type,
            _r.Tree_key,
            _r.Tree_val,
        )
        refused, containers, none = _FLAGS_REFUSED, ryml.MAP | ryml.SEQ, ryml.NONE
        items: list[Any] = []  # (key, value) pairs in a mapping, nodes in a sequence
        flow = bool(ty & _FLOW)
        child = first_child(t, node)
        if ty & ryml.MAP:
            keys = set()
            while child != none:
                cty = type_of(t, child)
                if cty & refused:
                    raise _Unsure
                key = scalar(key_of(t, child), bool(cty & _QUOTED_KEY), flow)
                if key.value in keys:
                    raise _Unsure  # duplicate key: the strict loader explains it
                keys.add(key.value)
                if cty & containers:
                    value = self.node(child, cty, depth + 1)
                elif depth + 1 > MAX_DEPTH:
                    raise _Unsure
                else:
                    value = scalar(val_of(t, child), bool(cty & _QUOTED_VAL), flow)
                items.append((key, value))
                child = next_sibling(t, child)
            if not items:
                raise _Unsure
            if ty & _FLOW:
                line, col = self.start_of(items[0][0], 123)  # '{'
            else:
                line, col = items[0][0].line, items[0][0].col
            return Map(tuple(items), line, col)
        if ty & ryml.SEQ:
            while child != none:
                cty = type_of(t, child)
                if cty & containers:
                    items.append(self.node(child, cty, depth + 1))
                elif cty & refused or depth + 1 > MAX_DEPTH:
                    raise _Unsure
                else:
                    items.append(scalar(val_of(t, child), bool(cty & _QUOTED_VAL), flow))
                child = next_sibling(t, child)
            if not items:
                raise _Unsure
            line, col = self.start_of(items[0], 91 if ty & _FLOW else 45)  # '[' or '-'
            return Seq(tuple(items), line, col)
        raise _Unsure


# --- the plain path: no positions ------------------------------------------------------------
# Most card files have no mistake, and then no line or column is ever shown. `load_plain` gives
# such a file's values as plain dicts, lists and strings, without building a located node per
# value (5 ms per 100 cards in the walk above): rapidyaml parses, its JSON emitter writes the tree
# and orjson reads it back, all in C. It vouches only for what it can check: a conservative scan of
# the text for whatever the two parsers may read differently (see _fast_root), the node flags
# (anchors, tags, block scalars), and a pass over the values (every leaf a non-empty string within
# the size limit, NFC like the strict loader, as many values as rapidyaml parsed, so a duplicate
# key that JSON would silently collapse is caught). Anything else returns None, and the caller
# loads the file with the locating loader, which reports exactly what the strict one reports.

_FLOW_QUESTION = re.compile(rb"[\[{][^\n]*\?")  # '?' in a flow collection: libyaml refuses some, rapidyaml none
# first characters of a value that PyYAML refuses in a plain scalar and rapidyaml reads as text;
# refused whether the value was quoted or not (in JSON both look the same), so a quoted "@x" is
# read by the locating loader too (rare, only slower)
_BAD_FIRST = frozenset("]},%@`&*!|>?:")
_BAD_AFTER_DASH = frozenset(" ,[]{}")  # '-' alone or followed by one of these starts a list item
_UNSURE_TEXT = (b"\t", b"\r", b"\x00", "\x85".encode(), "\u2028".encode(), "\u2029".encode(), "\ufeff".encode())
_FIRST_CONTENT = re.compile(rb"(?m)^ *[^ \n#]")


def load_plain(data: bytes, rel: str = "") -> Any:
    """A file's bytes → its root as plain dicts, lists and strings, exactly the values the strict
    loader would give, or None when this path cannot vouch for them (then use load_bytes)."""
    if ryml is None or not data or check_limits(data, rel) is not None:
        return None
    body = data[4:] if data.startswith(b"---\n") else data
    if (
        any(bad in data for bad in _UNSURE_TEXT)
        or b"\n---" in body
        or b"\n..." in body
        or body.startswith((b"---", b"...", b"%"))
        or b"\n%" in body
        or _FLOW_QUESTION.search(body) is not None
    ):
        return None  # a character or line the two parsers may read differently; directives; markers
    first = _FIRST_CONTENT.search(body)
    if first is None or first.group().startswith(b" "):
        return None  # empty, only comments, or an indented top level
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    try:
        with _Quiet():
            tree = ryml.parse_in_arena(data)
    except Exception:
        return None
    try:
        return _plain_root(tree)
    except (_Unsure, RecursionError, ValueError):  # orjson.JSONDecodeError is a ValueError
        return None
    finally:
        del tree


def _plain_root(tree) -> Any:
    import orjson  # imported here: only builds and checks read card files this way

    node, wrappers = _r.Tree_root_id(tree), 0
    ty = _r.Tree_type(tree, node)
    if ty & ryml.STREAM:
        if _r.Tree_num_children(tree, node) != 1:
            raise _Unsure
        node, wrappers = _r.Tree_first_child(tree, node), 1
        ty = _r.Tree_type(tree, node)
    if not ty & (ryml.MAP | ryml.SEQ):
        raise _Unsure
    size, type_of, refused = tree.size(), _r.Tree_type, _FLAGS_REFUSED | ryml.FLOW_ML
    for i in range(size):
        if type_of(tree, i) & refused:
            raise _Unsure  # an anchor, alias, tag, block scalar or multi-line [...]: the locating loader decides
    counted = [1]
    root = _settle(orjson.loads(ryml.emit_json(tree, node)), 0, counted)
    if counted[0] != size - wrappers:
        raise _Unsure  # fewer values than rapidyaml parsed: a duplicate key collapsed
    return root


def _settle(value: Any, depth: int, counted: list[int]) -> Any:
    """Check a JSON-read value the way the strict loader would take it, and NFC its text
    (a container is rebuilt only when some text in it changes)."""
    kind = type(value)
    if kind is str:
        if not value or len(value) > MAX_SCALAR_CHARS:
            raise _Unsure  # empty (the strict loader has its own view of it) or over the limit
        first = value[0]
        if first in _BAD_FIRST or (first == "-" and (len(value) == 1 or value[1] in _BAD_AFTER_DASH)):
            raise _Unsure
        return value if value.isascii() else unicodedata.normalize("NFC", value)
    if kind is bool:  # rapidyaml writes exactly the plain scalars `true` and `false` as JSON literals
        return "true" if value else "false"
    if kind is int and value != 0:  # ... and an integer as itself (JSON has no "012"; 0 may have been "-0")
        return str(value)
    if kind is not list and kind is not dict:
        raise _Unsure  # null (an empty value or `null`), 0, or a number with a fraction or exponent
    if depth >= MAX_DEPTH or not value:
        raise _Unsure  # too deep, or an empty collection
    counted[0] += len(value)
    if kind is list:
        items = [_settle(item, depth + 1, counted) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    out = {}
    for key, item in value.items():
        name = _settle(key, depth + 1, counted)
        if name in out:
            raise _Unsure  # two keys the same after NFC: a duplicate to the strict loader
        out[name] = _settle(item, depth + 1, counted)
    return out
