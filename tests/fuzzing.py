"""Hypothesis strategies for hostile project files, and the check every run must pass.

The strategies make what an author (or an attacker) could save as a card file, `deck.yaml` or
`sources.yaml`: card structures with wrong types, odd Unicode (RTL, combining marks, emoji,
CJK, lone surrogates), control characters, huge strings, deep nesting, YAML tags and aliases,
and the raw bytes around them (BOMs, NUL, invalid UTF-8, UTF-16, empty files).
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import yaml
from hypothesis import strategies as st

from builder.cli.report import format_diagnostic
from builder.core.model import KINDS

DATA = Path(__file__).parent / "data"
TARGETS = ("cards/fuzz.yaml", "cards/cards.yaml", "cards/deck.yaml", "seeds/sources.yaml")

ODD = [
    "",
    " ",
    "\u202eevil\u202c",
    "\u200f\u05e9\u05dc\u05d5\u05dd",
    "e\u0301\u0301\u0301",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\x1b[31mred\x1b[0m",
    "\x00",
    "\r",
    "\r\n",
    "\t",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "이재명",
    "高市早苗",
    "习近平",
    "con",
    "nul",
    "COM1",
    "../../etc/passwd",
    "/abs",
    "C:\\x",
    "- ",
    ": ",
    "#",
    "&a",
    "*a",
    "!!python/object:os.system",
    "'",
    '"',
    "{",
    "[",
    "|",
    ">",
    "---",
    "...",
    "%YAML 1.1",
    "yes",
    "no",
    "~",
    "null",
    "0x1F",
    "1e9",
    "2026-01-05",
    "\ud800",
    "\udfff",
    "\uffff",
    "\U0010ffff",
]
odd_text = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Mn", "Zl", "Zp", "So", "Lo"]), max_size=20),
    st.lists(st.sampled_from(ODD), max_size=6).map("".join),
    st.integers(0, 200_000).map(lambda n: "x" * n),  # huge strings
    st.integers(1, 20).map(lambda n: "Lee met " * n),  # long words lists for the linter
)
scalar = st.one_of(odd_text, st.integers(), st.floats(), st.booleans(), st.none())
value = st.recursive(
    scalar, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(odd_text, inner, max_size=4), max_leaves=12
)
VALID_QUOTES = [
    "in Nara on Tuesday, January 13",
    "more than 200 business leaders",
    "South Korea wants to stay out of the fight between China and Japan.",
]
source = st.one_of(
    st.fixed_dictionaries(
        {"seed": st.sampled_from(["mini", "other"]) | odd_text, "quote": st.sampled_from(VALID_QUOTES) | odd_text}
    ),
    value,
)
FIELDS = [
    "question",
    "answer",
    "name",
    "role",
    "quotation",
    "speaker",
    "context",
    "position",
    "holder",
    "topic",
    "note",
]
card = st.one_of(
    st.fixed_dictionaries(
        {
            "id": st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True) | odd_text,
            "kind": st.sampled_from(KINDS) | odd_text,
            "sources": st.lists(source, max_size=3) | value,
        },
        optional={
            **{f: odd_text | value for f in FIELDS},
            "tags": st.lists(odd_text, max_size=4) | value,
            "extra-key": value,
        },
    ),
    value,
)
document = st.one_of(
    st.fixed_dictionaries({"cards": st.lists(card, max_size=4)}),
    st.fixed_dictionaries(
        {
            "deck": st.fixed_dictionaries(
                {"name": odd_text, "id": st.integers() | odd_text},
                optional={"version": scalar, "description": odd_text},
            )
        }
    ),
    st.fixed_dictionaries({"seeds": st.dictionaries(odd_text, value, max_size=3)}),
    value,
)


def _raw_line(key: str, text: str) -> str:
    """A value written without quoting: raw control characters and YAML syntax reach the parser."""
    return f"  - {key}: {text}\n"


yaml_attack = st.one_of(
    st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),
    st.integers(1, 3000).map(lambda n: "- " * n + "x\n"),
    st.integers(1, 200).map(lambda n: "".join(" " * i + f"k{i}:\n" for i in range(n)) + " " * n + "v\n"),
    st.just("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"),
    st.just("cards:\n  - &c {id: a, kind: qa}\n  - <<: *c\n    id: b\n"),
    st.sampled_from(
        [
            "!!python/object:os.system",
            "!!python/object/apply:os.system [ls]",
            "!!int 3",
            "!custom x",
            "!!binary aGVsbG8=",
            "!!set {a, b}",
            "!!omap [a: 1]",
            "!<tag:yaml.org,2002:python/name:os.system> x",
        ]
    ).map(lambda tag: f"cards:\n  - id: {tag}\n"),
    st.lists(st.tuples(st.sampled_from(["id", "kind", "question", "quote", "seed"]), odd_text), max_size=6).map(
        lambda pairs: "cards:\n" + "".join(_raw_line(k, v) for k, v in pairs)
    ),
)


def _encode(text: str, how: str) -> bytes:
    if how == "utf-16":
        return text.encode("utf-16", "surrogatepass")
    data = text.encode("utf-8", "surrogatepass")  # lone surrogates → invalid UTF-8
    return b"\xef\xbb\xbf" + data if how == "bom" else data


@st.composite
def file_bytes(draw) -> bytes:
    """The bytes of one project file: a dumped document, a YAML attack or raw bytes, then mutated."""
    kind = draw(st.sampled_from(["document", "document", "attack", "bytes", "empty"]))
    if kind == "empty":
        return draw(st.sampled_from([b"", b"\n", b"\xef\xbb\xbf", b"# only a comment\n", b"---\n", b"~\n"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    if kind == "attack":
        text = draw(yaml_attack)
    else:
        doc = draw(document)
        text = yaml.safe_dump(
            doc,
            allow_unicode=draw(st.booleans()),
            sort_keys=False,
            default_flow_style=draw(st.sampled_from([False, None, True])),
        )
    data = _encode(text, draw(st.sampled_from(["utf-8", "utf-8", "bom", "utf-16"])))
    if data and draw(st.booleans()):  # splice hostile bytes somewhere
        at = draw(st.integers(0, len(data)))
        data = (
            data[:at]
            + draw(st.sampled_from([b"\x00", b"\xff", b"\xc3", b"\x1b[2J", b"\r", b"\xed\xa0\x80"]))
            + data[at:]
        )
    if data and draw(st.integers(0, 9)) == 0:
        data = data[: draw(st.integers(0, len(data)))]  # truncated save
    return data


LOCATED = re.compile(r"^(?P<file>[^\n]+):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): (error|warning)\[[a-z0-9-]+\]: \S")
SUMMARY = re.compile(r"^\d+ errors?, \d+ warnings? in \d+ files?$")


def assert_clean_diagnostics(diags) -> None:
    """Every diagnostic is located (line, col >= 1), and its printed form carries no raw control characters."""
    for d in diags:
        assert d.severity in ("error", "warning")
        assert d.line >= 1 and d.col >= 1 and d.file and d.message
        text = format_diagnostic(d)
        assert LOCATED.match(text), text
        assert not [c for c in text if unicodedata.category(c) == "Cc" and c != "\n"], repr(text)
        assert "\u202e" not in text and not any(0xD800 <= ord(c) < 0xE000 for c in text), repr(text)


def assert_clean_output(stderr: str) -> None:
    """CLI stderr: located diagnostics, hint lines and the summary; nothing else (no traceback)."""
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    for line in stderr.splitlines():
        assert LOCATED.match(line) or line.startswith("  ") or SUMMARY.match(line), repr(line)
    assert not [c for c in stderr if unicodedata.category(c) == "Cc" and c != "\n"], repr(stderr)


class FuzzProject:
    """A copy of tests/data/valid/basic whose files are replaced one example at a time."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copytree(DATA / "valid" / "basic", root)
        self.originals = {t: (root / t).read_bytes() if (root / t).exists() else None for t in TARGETS}

    def write(self, target: str, data: bytes) -> None:
        (self.root / target).write_bytes(data)

    def reset(self) -> None:
        for target, original in self.originals.items():
            path = self.root / target
            if original is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(original)
        shutil.rmtree(self.root / "decks", ignore_errors=True)
        (self.root / "cards" / "deck.lock").unlink(missing_ok=True)
