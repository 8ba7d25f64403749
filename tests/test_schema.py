"""schema/cards.schema.json agrees with the validator: same kinds, same keys, same verdict on every fixture."""

import json

import jsonschema
import pytest

from builder.core.model import KIND_FIELDS, KINDS
from builder.source.load import load_file
from builder.source.nodes import Map, Scalar, Seq
from builder.source.schema import SCHEMA_PATH, card_schema, schema_text
from builder.source.validate import own_keys, validate_cards

from .conftest import DATA, REPO

# validator codes that are about the shape of a card file, i.e. what a JSON Schema can express
SHAPE_CODES = {
    "missing-key",
    "unknown-key",
    "unknown-kind",
    "invalid-id",
    "empty-value",
    "wrong-type",
    "invalid-tag",
    "bad-structure",
}
CARD_FILES = sorted(p for p in DATA.rglob("cards/*.yaml") if p.name not in ("deck.yaml", "exclusions.yaml"))


def plain(node):
    """Loaded YAML nodes → the JSON data an editor's YAML server would check (every scalar is text here)."""
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Seq):
        return [plain(n) for n in node.items]
    if isinstance(node, Map):
        return {k.value: plain(v) for k, v in node.items}
    return None


def test_committed_schema_is_up_to_date():
    assert (REPO / SCHEMA_PATH).read_text(encoding="utf-8") == schema_text()


def test_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(card_schema())


def test_schema_kinds_and_keys_are_the_validators():
    card = card_schema()["$defs"]["card"]
    assert card["properties"]["kind"]["enum"] == list(KINDS)
    rules = {rule["if"]["properties"]["kind"]["const"]: rule["then"] for rule in card["allOf"]}
    assert set(rules) == set(KINDS)
    for kind in KINDS:
        assert rules[kind]["required"] == list(KIND_FIELDS[kind][0])
        assert rules[kind]["propertyNames"]["enum"] == list(own_keys(kind))
    assert set(card["properties"]) == {k for kind in KINDS for k in own_keys(kind)}


@pytest.mark.parametrize("path", CARD_FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_schema_and_validator_agree(path):
    doc, load_errors = load_file(path, path.name)
    if load_errors:
        pytest.skip("not loadable YAML: the loader reports it before any schema applies")
    _, diags = validate_cards([doc])
    validator_ok = not any(d.severity == "error" and d.code in SHAPE_CODES for d in diags)
    errors = list(jsonschema.Draft202012Validator(card_schema()).iter_errors(plain(doc.root)))
    assert (not errors) == validator_ok, (validator_ok, [e.message for e in errors], diags)


def test_every_valid_fixture_validates():
    for path in CARD_FILES:
        if "/valid/" in path.as_posix():
            doc, _ = load_file(path, path.name)
            jsonschema.validate(plain(doc.root), card_schema())


def test_schema_command_writes_and_checks(project, run):
    assert run("-C", project, "schema", "--check").exit_code == 1
    result = run("-C", project, "schema")
    assert result.exit_code == 0 and "Wrote schema/cards.schema.json" in result.output
    assert json.loads((project / SCHEMA_PATH).read_text()) == card_schema()
    assert run("-C", project, "schema", "--check").exit_code == 0


def test_new_projects_get_the_schema_their_card_files_point_at(tmp_path, run):
    assert run("init", tmp_path / "p").exit_code == 0
    first_line = (tmp_path / "p" / "cards" / "examples.yaml").read_text().splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schema/cards.schema.json"
    assert (tmp_path / "p" / "schema" / "cards.schema.json").read_text() == schema_text()
