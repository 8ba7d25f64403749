"""Hostile YAML is refused quickly, with a located error and exit 1, and never runs or expands anything.

The limits are in builder/source/load.py (MAX_FILE_BYTES, MAX_DEPTH, MAX_NODES, MAX_SCALAR_CHARS)
and documented in docs/card-format.md ("Limits"). A limit that stopped working would make a case
expand or hang: each test has a timeout (pytest-timeout), so that fails the test instead of CI;
how fast the refusals are is measured by benchmarks, not asserted here.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from builder.cli.main import cli
from builder.source.load import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_SCALAR_CHARS

from .fuzzing import assert_clean_output

pytestmark = pytest.mark.timeout(60)  # a hang guard, not a speed test


def check_file(project, text_or_bytes) -> str:
    data = text_or_bytes if isinstance(text_or_bytes, bytes) else text_or_bytes.encode("utf-8")
    (project / "cards" / "attack.yaml").write_bytes(data)
    result = CliRunner().invoke(cli, ["-C", str(project), "check"])
    assert result.exit_code == 1, result.output[-2000:]
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert_clean_output(result.stderr)
    return result.stderr


def billion_laughs(levels: int = 9) -> str:
    lines = ['lol0: &lol0 "lol"']
    lines += [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 10)}]" for i in range(1, levels + 1)]
    return "cards:\n  - id: laughs\n    kind: qa\n" + "".join(f"    {line}\n" for line in lines)


def test_billion_laughs_alias_bomb_is_refused_at_the_first_alias(project):
    err = check_file(project, billion_laughs())
    assert (
        "cards/attack.yaml:5:18: error[yaml-unsupported]: card 'laughs': YAML aliases (*name) are not supported in card files"
        in err
    )


def test_single_alias_is_refused(project):
    err = check_file(project, "cards:\n  - &c {id: a, kind: qa}\n  - *c\n")
    assert "cards/attack.yaml:3:5: error[yaml-unsupported]: YAML aliases (*name) are not supported" in err


def test_merge_key_into_huge_anchored_mapping_is_refused(project):
    big = ", ".join(f"k{i}: v" for i in range(100_000))
    err = check_file(project, f"base: &base {{{big}}}\ncards:\n  - <<: *base\n    id: merged\n")
    assert "cards/attack.yaml:3:9: error[yaml-unsupported]: YAML aliases (*name) are not supported in card files" in err


@pytest.mark.parametrize(
    "tag",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        "!!python/object:builtins.dict {{}}",
        "!!python/name:os.system",
        '!<tag:yaml.org,2002:python/object/apply:os.system> ["touch {marker}"]',
        "!!int 3",
        "!!binary aGVsbG8=",
        "!custom x",
        "!!set {{a, b}}",
    ],
)
def test_explicit_tags_are_refused_and_construct_nothing(project, tmp_path, tag):
    marker = tmp_path / "PWNED"
    err = check_file(project, "cards:\n  - id: " + tag.format(marker=marker) + "\n")
    assert "cards/attack.yaml:2:9: error[yaml-unsupported]: YAML tag '" in err and "' is not allowed" in err
    assert not marker.exists()


def test_fifty_megabyte_file_is_refused_by_size(project):
    err = check_file(project, b"cards:\n" + b"  - id: x\n" * (50 * 1024 * 1024 // 10))
    assert f"cards/attack.yaml:1:1: error[too-large]: file is 52,428,807 bytes; the limit is {MAX_FILE_BYTES:,}" in err


def test_ten_megabyte_scalar_is_refused(project):
    err = check_file(project, "cards:\n  - id: " + "x" * (10 * 1024 * 1024) + "\n")
    assert f"the limit is {MAX_FILE_BYTES:,}" in err


def test_scalar_over_the_value_limit_is_refused_where_it_starts(project):
    err = check_file(project, "cards:\n  - id: a\n    answer: " + "word " * (MAX_SCALAR_CHARS // 5 + 1) + "\n")
    assert (
        f"cards/attack.yaml:3:13: error[value-too-long]: card 'a': value is 10,004 characters long; the limit is {MAX_SCALAR_CHARS:,}"
        in err
    )


@pytest.mark.parametrize("shape", ["flow", "block-sequence", "block-mapping"])
def test_ten_thousand_levels_of_nesting_are_refused(project, shape):
    n = 10_000
    text = {
        "flow": "[" * n + "]" * n,
        "block-sequence": "- " * n + "x\n",
        "block-mapping": "".join(" " * i + f"k{i}:\n" for i in range(n // 10)) + "v\n",
    }[shape]
    err = check_file(project, text)
    assert f"error[too-large]: YAML is nested more than {MAX_DEPTH} levels deep" in err


def test_nesting_just_under_the_limit_is_not_a_limit_error(project):
    err = check_file(project, "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1))
    assert "nested more than" not in err


def test_a_million_values_are_refused(project):
    err = check_file(project, "[" + "a," * 1_000_000 + "a]")
    assert f"error[too-large]: file has more than {MAX_NODES:,} YAML values" in err


def test_ordinary_ten_thousand_card_file_is_within_every_limit():
    from builder.source.load import check_limits

    card = (
        "  - id: card-{i}\n    kind: qa\n    question: What did Lee say in Nara on January 13, 2026?\n"
        "    answer: That it was a new start\n    sources:\n      - seed: mini\n"
        '        quote: "We are starting a new 60 years," Lee said\n    tags: [nara-summit, person::lee]\n'
    )
    data = ("cards:\n" + "".join(card.format(i=i) for i in range(10_000))).encode()
    assert check_limits(data, "cards/big.yaml") is None
