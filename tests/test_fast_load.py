"""The rapidyaml fast path of load.py gives exactly what the strict PyYAML loader gives."""

import sys
from pathlib import Path

import pytest

from builder.source import load

REPO = Path(__file__).parent.parent
YAML_FILES = sorted(
    p
    for p in [
        *(REPO / "tests" / "data").rglob("*.yaml"),
        *(REPO / "cards").glob("*.yaml"),
        *(REPO / "seeds").glob("*.yaml"),
    ]
)

needs_ryml = pytest.mark.skipif(load._BUF_OFFSET is None, reason="rapidyaml not importable here")


def strict(text: str):
    return load.load_text_strict(text, "cards/x.yaml")


def both(text: str):
    return load.load_text(text, "cards/x.yaml"), strict(text)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_fixture_loads_the_same_as_with_the_strict_loader(path):
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: refused before either parser runs")
    fast, reference = both(text)
    assert fast == reference


@needs_ryml
def test_plain_card_files_take_the_fast_path():
    for path in (REPO / "tests" / "data" / "valid" / "basic" / "cards").glob("*.yaml"):
        assert load._fast_root(path.read_text(encoding="utf-8")) is not None, path


@needs_ryml
def test_generated_corpus_loads_the_same_as_with_the_strict_loader(tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    generate(tmp_path, 300, 3, seed=7)
    for path in sorted((tmp_path / "cards").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        root = load._fast_root(text)
        assert root is not None and load.Document("cards/x.yaml", root) == strict(text)[0], path


SNIPPETS = {
    "quoted keys and values": '\'id\': "a"\nkind: \'qa\'\n"q": "say \\"hi\\"\\n"\n',
    "flow sequence and map": "tags: [a, 'b', \"c d\"]\nm: {x: 1, y: [2, 3]}\n",
    "non-ASCII columns": 'q: 이재명 高市早苗\nr: [é, ü]\n"ключ": значение\n',
    "combining characters are NFC": "q: e\u0301 and A\u030a\n",
    "comments everywhere": "# top\ncards:  # trailing\n  # between\n  - id: a  # after\n",
    "document start": "---\ncards:\n  - id: a\n",
    "document end": "cards:\n  - id: a\n...\n",
    "multi-line plain scalar": "q: one\n  two\n\n  three\nr: x\n",
    "multi-line double-quoted": 'q: "one\n  two \\t three"\n',
    "nested sequences": "a:\n- - x\n  - y\n- [z]\n",
    "indentless sequence": "a:\n- x\n- y\nb: z\n",
    "comment between dash and item": "a:\n  -\n    # note\n    id: x\n",
    "empty value": "a:\nb: x\n",
    "empty flow collections": "a: []\nb: {}\n",
    "tilde and numbers stay text": "a: ~\nb: 012\nc: 1:30\nd: no\ne: 2026-01-05\n",
    "block scalars": "a: |\n  one\n  two\nb: >-\n  three\n  four\n",
    "tab in a value": "a: x\ty\n",
    "crlf line ends": "a: x\r\nb: y\r\n",
    "duplicate key": "a: 1\na: 2\n",
    "anchor and alias": "a: &x 1\nb: *x\n",
    "tag": "a: !!python/object:os.system x\n",
    "syntax error": "a: [1, 2\nb: c\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "lone scalar": "hello\n",
    "empty": "",
    "only a comment": "# nothing\n",
    "deep nesting": "a: " + "[" * 70 + "]" * 70 + "\n",
    "unicode line separator": "a: x\u2028y\n",
    "byte order mark inside": "a: \ufeffx\n",
    "colon then question mark in flow": "tags: [person::?daniel-sneider]\n",
    "question mark inside a flow scalar": "tags: [a?b, c]\n",
    "indicator-led plain scalar": "a: @x\nb: `y\n",
    "commented-out top key": "#cards:\n  - id: a\n",
    "escape of a lone surrogate": "deck:\n  id: \"\\uD800\"\n  name: ''\n",  # found by the slow fuzz run
}


@pytest.mark.parametrize("text", SNIPPETS.values(), ids=SNIPPETS.keys())
def test_snippet_loads_the_same_as_with_the_strict_loader(text):
    fast, reference = both(text)
    assert fast == reference


@needs_ryml
def test_a_syntax_error_prints_nothing_on_stderr(capfd):
    doc, diags = load.load_text("a: [1, 2\nb: c\n", "cards/x.yaml")
    assert doc.root is None and diags[0].message.startswith("YAML syntax error")
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_without_rapidyaml_the_strict_loader_does_everything(monkeypatch):
    text = (REPO / "tests" / "data" / "valid" / "basic" / "cards" / "cards.yaml").read_text(encoding="utf-8")
    expected = load.load_text(text, "cards/x.yaml")
    monkeypatch.setattr(load, "_BUF_OFFSET", None)
    assert load._fast_root(text) is None
    assert load.load_text(text, "cards/x.yaml") == expected


@needs_ryml
def test_mutated_fixtures_load_the_same_fast_or_strict():
    """Random edits (YAML indicators inserted, characters deleted, fragments copied) of the fixtures:
    whenever the fast path accepts a text it must give the strict loader's Document, no error.
    (Runs of 90,000 mutants while writing the fast path: 0 differences after its last check.)"""
    import random

    texts = []
    for path in YAML_FILES:
        try:
            texts.append(path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            continue
    rng = random.Random(2026)
    chars = list(" \n:-[]{}'\"#,&*!|>?%@`ab1é\\")
    fast = 0
    for _ in range(3000):
        text = rng.choice(texts)
        for _ in range(rng.randint(1, 4)):
            pos, op = rng.randrange(len(text) + 1), rng.random()
            if op < 0.4:
                text = text[:pos] + rng.choice(chars) + text[pos:]
            elif op < 0.8:
                text = text[:pos] + text[pos + 1 :]
            else:
                src = rng.randrange(len(text) + 1)
                text = text[:pos] + text[src : src + 5] + text[pos:]
        root = load._fast_root(text)
        if root is not None:
            fast += 1
            assert strict(text) == (load.Document("cards/x.yaml", root), []), text
    assert fast > 500  # the fast path really ran on many of them


# --- the plain path (load_plain): values without positions --------------------------------


def plain_values(node):
    """A located node's values as plain data, the form load_plain gives."""
    if isinstance(node, load.Scalar):
        return node.value
    if isinstance(node, load.Seq):
        return [plain_values(item) for item in node.items]
    return {key.value: plain_values(value) for key, value in node.items}


def same_as_strict(text: str) -> bool:
    """load_plain either declines the text or gives exactly the strict loader's values, error-free."""
    root = load.load_plain(text.encode("utf-8"))
    if root is None:
        return True
    doc, diags = strict(text)
    return not diags and doc.root is not None and plain_values(doc.root) == root


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_fixture_reads_plain_as_the_strict_loader_reads_it(path):
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        assert load.load_plain(path.read_bytes()) is None
        return
    assert same_as_strict(text)


@pytest.mark.parametrize("text", SNIPPETS.values(), ids=SNIPPETS.keys())
def test_snippet_reads_plain_as_the_strict_loader_reads_it(text):
    assert same_as_strict(text)


INDICATOR_SNIPPETS = [
    f"{ctx}".format(c=c)
    for c in "]},%@`&*!|>#-?:'\""
    for ctx in ("a: {c}x\n", "a: {c}\n", "- {c}x\n", "a: [{c}x]\n", "a: [b, {c}x]\n", "{c}x: b\n", "a: {{b: {c}x}}\n")
] + ["a: b\n: c\n", "? a\n: b\n", "a: [x,\n  y?]\n", "a: 'x'y\n", "a: 1\nb: 2.5\nc: true\nd: null\n", "a: é\né: b\n"]
INDICATOR_SNIPPETS += [
    f"a: {v}\n" for v in ("true", "false", "True", "-0", "0", "-12", "2026", "1e3", "0x1F", "+1", "null", "~")
]
INDICATOR_SNIPPETS += ["a: [true, 12, -3]\n", "a: {b: false}\n", "a: 123456789012345678901234567890\n"]


@pytest.mark.parametrize("text", INDICATOR_SNIPPETS)
def test_indicator_snippet_reads_plain_as_the_strict_loader_reads_it(text):
    """Where rapidyaml accepts what libyaml refuses (a value starting with ']', '@', '`', ...)."""
    assert same_as_strict(text)


@needs_ryml
def test_plain_card_files_read_plain():
    for path in (REPO / "tests" / "data" / "valid" / "basic" / "cards").glob("*.yaml"):
        if path.name != "deck.yaml":
            assert load.load_plain(path.read_bytes()) is not None, path


@needs_ryml
def test_mutated_fixtures_read_plain_as_the_strict_loader_reads_them():
    """As test_mutated_fixtures_load_the_same_fast_or_strict, for load_plain (while writing it:
    48,000 mutants, 15,000 of them read plain, 0 differences)."""
    import random

    texts = []
    for path in YAML_FILES:
        try:
            texts.append(path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            continue
    rng = random.Random(2027)
    chars = list(" \n:-[]{}'\"#,&*!|>?%@`ab1é\\")
    plain = 0
    for _ in range(3000):
        text = rng.choice(texts)
        for _ in range(rng.randint(1, 4)):
            pos, op = rng.randrange(len(text) + 1), rng.random()
            if op < 0.4:
                text = text[:pos] + rng.choice(chars) + text[pos:]
            elif op < 0.8:
                text = text[:pos] + text[pos + 1 :]
            else:
                src = rng.randrange(len(text) + 1)
                text = text[:pos] + text[src : src + 5] + text[pos:]
        plain += load.load_plain(text.encode("utf-8")) is not None
        assert same_as_strict(text), text
    assert plain > 500  # the plain path really read many of them
