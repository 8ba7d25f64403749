"""Fuzzing: no project file, however broken or hostile, gives a traceback.

Every generated file (tests/fuzzing.py) goes through the real pipeline or the real CLI, and the
outcome must be either success or located diagnostics (`file:line:col: error[code]: ...`) with exit 1.
The default suite runs a few hundred derandomized examples (the same ones every run); the
10,000-example run is marked slow (`pytest -m slow`, run by .ci/run).
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from builder.cli.main import cli
from builder.cli.report import format_diagnostic
from builder.core.diagnostics import Diagnostic
from builder.core.model import Project
from builder.engine.pipeline import load_project
from builder.publish.naming import WINDOWS_DEVICE_NAMES, deck_filename

from .fuzzing import TARGETS, FuzzProject, assert_clean_diagnostics, assert_clean_output, file_bytes

QUICK = settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
SLOW = settings(QUICK, max_examples=10_000)


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory) -> FuzzProject:
    return FuzzProject(tmp_path_factory.mktemp("fuzz") / "project")


def _pipeline_property(fuzz_project, target, data):
    fuzz_project.write(target, data)
    try:
        loaded = load_project(Project(fuzz_project.root))
        assert_clean_diagnostics(loaded.diagnostics)
        assert (loaded.deck is None) == bool(loaded.errors)
        event("deck loaded" if loaded.deck else f"first error: {loaded.errors[0].code or 'other'}")
    finally:
        fuzz_project.reset()


def _cli_property(fuzz_project, target, data):
    fuzz_project.write(target, data)
    try:
        runner = CliRunner()
        for command in ("check", "build"):
            result = runner.invoke(cli, ["-C", str(fuzz_project.root), command])
            assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
            assert result.exit_code in (0, 1), (result.exit_code, result.output)
            event(f"{command} exit {result.exit_code}")
            assert_clean_output(result.stderr)
            if result.exit_code == 1:
                assert re.search(r":\d+:\d+: error\[[a-z0-9-]+\]: ", result.stderr), result.stderr
    finally:
        fuzz_project.reset()


@QUICK
@given(target=st.sampled_from(TARGETS), data=file_bytes())
def test_any_project_file_gives_success_or_located_errors(fuzz_project, target, data):
    _pipeline_property(fuzz_project, target, data)


@settings(QUICK, max_examples=60)
@given(target=st.sampled_from(TARGETS), data=file_bytes())
def test_cli_check_and_build_exit_0_or_1_with_located_errors(fuzz_project, target, data):
    _cli_property(fuzz_project, target, data)


@pytest.mark.slow
@SLOW
@given(target=st.sampled_from(TARGETS), data=file_bytes())
def test_ten_thousand_project_files_give_success_or_located_errors(fuzz_project, target, data):
    _pipeline_property(fuzz_project, target, data)


@pytest.mark.slow
@settings(QUICK, max_examples=1_000)
@given(target=st.sampled_from(TARGETS), data=file_bytes())
def test_thousand_cli_builds_exit_0_or_1_with_located_errors(fuzz_project, target, data):
    _cli_property(fuzz_project, target, data)


# --- findings of fuzzing, pinned as examples -----------------------------------------------


def test_empty_deck_file_is_a_located_error_not_a_crash(project):
    (project / "cards" / "deck.yaml").write_bytes(b"")
    result = CliRunner().invoke(cli, ["-C", str(project), "check"])
    assert result.exit_code == 1, result.output
    assert (
        "cards/deck.yaml:1:1: error[bad-structure]: expected a top-level 'deck:' mapping with name and id"
        in result.stderr
    )


def test_diagnostic_escapes_terminal_control_characters():
    d = Diagnostic(
        "cards/a\x1b]0;x\x07.yaml",
        3,
        5,
        "error",
        "unknown key '\x1b[2J\x1b[31mred\r'",
        card="c\u202eevil",
        hint="did you mean\x1b[0m 'question'?",
        code="unknown-key",
    )
    text = format_diagnostic(d)
    assert "\x1b" not in text and "\r" not in text and "\u202e" not in text and "\x07" not in text
    assert text.startswith(
        "cards/a\\x1b]0;x\\x07.yaml:3:5: error[unknown-key]: card 'c\\u202eevil': unknown key '\\x1b[2J"
    )


def test_unknown_key_with_escape_sequence_is_reported_escaped(project, run):
    cards = project / "cards" / "cards.yaml"
    cards.write_text(
        cards.read_text(encoding="utf-8").replace("    kind: date\n", '    kind: date\n    "\\e[31mred": x\n', 1),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["-C", str(project), "check"])
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr
    assert "\\x1b[31mred" in result.stderr
    assert_clean_output(result.stderr)


@QUICK
@given(st.text())
def test_deck_filename_is_a_portable_name_for_any_deck_name(name):
    filename = deck_filename(name)
    stem = filename[: -len(".apkg")]
    assert filename.endswith(".apkg") and stem and not stem.startswith("-") and not stem.endswith("-"), filename
    assert not set(stem) & set('<>:"/\\|?*. '), filename  # what Windows, macOS or a shell would trip on
    assert all(unicodedata.category(ch)[0] in "LNM" or ch == "-" for ch in stem), filename
    assert len(filename.encode("utf-8")) <= 125 and stem not in WINDOWS_DEVICE_NAMES


@pytest.mark.parametrize("name", ["con", "NUL", "Aux", "com1", "LPT9", "prn"])
def test_deck_named_like_a_windows_device_gets_a_safe_file_name(name):
    assert deck_filename(name) == f"{name.lower()}-deck.apkg"


def test_card_ids_and_deck_named_after_windows_devices_build(project):
    deck_yaml = project / "cards" / "deck.yaml"
    deck_yaml.write_text(
        re.sub(r"name: .*", "name: CON", deck_yaml.read_text(encoding="utf-8"), count=1), encoding="utf-8"
    )
    cards = project / "cards" / "cards.yaml"
    cards.write_text(
        cards.read_text(encoding="utf-8")
        .replace("id: nara-date", "id: con")
        .replace("id: beijing-delegation", "id: nul"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["-C", str(project), "build"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (project / "decks").iterdir()) == ["con-deck.apkg"]
