"""JSON Schema for card files, generated from the definitions the validator uses (model.py, validate.py).

Editors that speak the YAML language server read it through the first line of a card file,
`# yaml-language-server: $schema=../schema/cards.schema.json`, and then complete and check keys.
A test keeps it in agreement with the validator on every fixture in tests/data/.
"""

from __future__ import annotations

import json

from builder.core.model import FLAG_KEYS, KIND_FIELDS, KINDS, MAX_DISTRACTORS, QUIZ_KEYS, SOURCE_KEYS, SUBDECK_NAMES
from builder.source.validate import LINT_CODE, MAX_SLUG, SLUG, TAG, own_keys

SCHEMA_PATH = "schema/cards.schema.json"
_CONTROL = "\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f"  # what the validator calls a control character
AUTO_TAG_PREFIX = "^([Kk][Ii][Nn][Dd]|[Ss][Oo][Uu][Rr][Cc][Ee])::"

TEXT = {
    "description": "Text (YAML never turns it into a number, date or boolean here). Not empty.",
    "type": ["string", "number", "boolean"],
    "pattern": f"^[^{_CONTROL}]*\\S[^{_CONTROL}]*$",
}
SLUG_SCHEMA = {"type": "string", "pattern": SLUG.pattern, "maxLength": MAX_SLUG}
TAG_SCHEMA = {
    "type": "string",
    "pattern": TAG.pattern,
    "not": {"pattern": AUTO_TAG_PREFIX},
    "description": "One word; '::' makes a hierarchy. kind:: and source:: tags are added automatically.",
}
KEY_HELP = {
    "id": "Unique slug (a-z, 0-9, '-'), never changed or reused: students' review history hangs on it.",
    "kind": "What the card asks: " + ", ".join(f"{k} ({SUBDECK_NAMES[k]})" for k in KINDS),
    "sources": "At least one {seed, quote}; each quote is words copied from that article.",
    "tags": "Your own tags, e.g. [beijing-summit, person::lee-jae-myung].",
    "context": "Optional, shown on the front.",
    "note": "Optional extra explanation shown on the back.",
    "paraphrase": "true: the quotation or role is deliberately the author's words, not the article's "
    "(not checked word for word; dates and numbers still are). Shown on the card as paraphrased.",
    "allow": "Lint warnings silenced for this card, each with its reason: {lint-twin: why}.",
    "draft": "true on a card written by 'deckbuilder new --from-coverage': check warns, a release refuses it. "
    "Delete the line once you have edited the card.",
    "distractors": "Optional: one to three wrong options for the quiz exports (Kahoot, Moodle, ...), "
    "used before the ones drawn from the deck. Never the answer.",
    "quiz": "Optional: false leaves this card out of the quiz exports.",
}


def card_schema() -> dict:
    text_keys = sorted(
        {k for kind in KINDS for k in own_keys(kind)}
        - {"id", "kind", "sources", "tags", "draft", *FLAG_KEYS}
        - set(QUIZ_KEYS)
    )
    properties = {
        "id": dict(SLUG_SCHEMA, description=KEY_HELP["id"]),
        "kind": {"enum": list(KINDS), "description": KEY_HELP["kind"]},
        **{k: dict(TEXT, description=KEY_HELP.get(k, TEXT["description"])) for k in text_keys},
        "sources": {
            "type": "array",
            "minItems": 1,
            "description": KEY_HELP["sources"],
            "items": {
                "type": "object",
                "required": list(SOURCE_KEYS),
                "additionalProperties": False,
                "properties": {
                    "seed": dict(TEXT, description="Alias of the article in seeds/sources.yaml"),
                    "quote": dict(TEXT, description="Words copied from the article"),
                },
            },
        },
        "tags": {"description": KEY_HELP["tags"], "anyOf": [TAG_SCHEMA, {"type": "array", "items": TAG_SCHEMA}]},
        "paraphrase": {
            "description": KEY_HELP["paraphrase"],
            "anyOf": [{"type": "boolean"}, {"enum": ["true", "false", "True", "False", "TRUE", "FALSE"]}],
        },
        "allow": {
            "description": KEY_HELP["allow"],
            "type": "object",
            "propertyNames": {"pattern": LINT_CODE.pattern},
            "additionalProperties": TEXT,
        },
        "draft": {"type": "boolean", "description": KEY_HELP["draft"]},
        "distractors": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_DISTRACTORS,
            "description": KEY_HELP["distractors"],
            "items": dict(TEXT, description="A wrong option"),
        },
        "quiz": {"enum": [True, False, "true", "false"], "description": KEY_HELP["quiz"]},
    }
    per_kind = [
        {
            "if": {"required": ["kind"], "properties": {"kind": {"const": kind}}},
            "then": {"required": list(KIND_FIELDS[kind][0]), "propertyNames": {"enum": list(own_keys(kind))}},
        }
        for kind in KINDS
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "deckbuilder card file",
        "description": "A file in cards/: a list of cited question/answer cards. See docs/card-format.md.",
        "type": "object",
        "required": ["cards"],
        "additionalProperties": False,
        "properties": {"cards": {"type": "array", "items": {"$ref": "#/$defs/card"}}},
        "$defs": {
            "card": {
                "type": "object",
                "required": ["id", "kind", "sources"],
                "properties": properties,
                "additionalProperties": False,
                "allOf": per_kind,
            }
        },
    }


def schema_text() -> str:
    return json.dumps(card_schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
