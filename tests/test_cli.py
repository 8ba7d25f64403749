import subprocess
import sys

import pytest

from builder.cli.main import cli


def test_build_writes_deck_and_prints_summary(project, run):
    result = run("-C", project, "build")
    assert result.exit_code == 0, result.output
    assert (project / "decks" / "test-deck.apkg").stat().st_size > 0
    assert "Built decks/test-deck.apkg: 5 notes" in result.output
    assert "6 Anki cards" in result.output


def test_check_writes_nothing_and_exits_zero(project, run):
    result = run("-C", project, "check")
    assert result.exit_code == 0, result.output
    assert "OK: 5 cards in 1 file, 6 citations verified against 2 articles" in result.output
    assert not (project / "decks").exists()


def test_check_exits_one_on_error(project, run):
    (project / "cards" / "cards.yaml").write_text(
        (project / "cards" / "cards.yaml").read_text().replace("in Nara on Tuesday", "in Kyoto on Tuesday")
    )
    result = run("-C", project, "check")
    assert result.exit_code == 1
    assert (
        "cards/cards.yaml:9:16: error[citation-not-found]: card 'nara-date': source quote not found in seed 'mini'"
        in result.output
    )


def test_failed_build_keeps_previous_deck(project, run):
    assert run("-C", project, "build").exit_code == 0
    deck = project / "decks" / "test-deck.apkg"
    before = deck.read_bytes()
    (project / "cards" / "cards.yaml").write_text("cards:\n  - id: [broken\n")
    result = run("-C", project, "build")
    assert result.exit_code == 1
    assert deck.read_bytes() == before
    assert sorted(p.name for p in (project / "decks").iterdir()) == ["test-deck.apkg"]  # a draft: no changelog


def test_usage_error_exits_two(run):
    result = run("build", "--no-such-option")
    assert result.exit_code == 2
    assert "No such option" in result.output


def test_unknown_command_exits_two(run):
    assert run("frobnicate").exit_code == 2


def test_missing_project_folders_is_a_clean_error(tmp_path, run):
    result = run("-C", tmp_path, "check")
    assert result.exit_code == 1
    assert f"cards/: error[file-missing]: project folder {tmp_path.resolve()} has no cards/ folder" in result.output
    assert "hint: run 'deckbuilder init DIR' to create a project" in result.output
    assert "Traceback" not in result.output


def test_a_project_folder_that_does_not_exist_is_named(tmp_path, run):
    missing = tmp_path / "nonexistent"
    result = run("-C", missing, "build")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{missing}: error[file-missing]: project folder {missing} does not exist\n"
        "  hint: run 'deckbuilder init DIR' to create a project, or "
    )


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_help_shows_examples(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output


def test_top_level_help_shows_examples(run):
    result = run("--help")
    assert result.exit_code == 0
    assert "deckbuilder build" in result.output and "Examples" in result.output


def test_json_format_lists_diagnostics(project, run):
    import json

    (project / "cards" / "cards.yaml").write_text(
        (project / "cards" / "cards.yaml").read_text().replace("seed: other", "seed: nope")
    )
    result = run("-C", project, "check", "--format", "json")
    assert result.exit_code == 1
    diags = json.loads(result.stdout)
    assert [(d["file"], d["card"], d["code"]) for d in diags] == [
        ("cards/cards.yaml", "beijing-delegation", "unknown-seed")
    ]
    assert diags[0]["hint"] == "known seeds: mini, other"


def test_init_creates_a_project_that_builds(tmp_path, run):
    target = tmp_path / "new-class"
    result = run("init", target)
    assert result.exit_code == 0, result.output
    for sub in ("seeds/sources.yaml", "cards/deck.yaml", "cards/examples.yaml", "decks"):
        assert (target / sub).exists()
    built = run("-C", target, "build")
    assert built.exit_code == 0, built.output
    assert "5 notes (1 date, 1 person, 1 position, 1 qa, 1 quote)" in built.output


def test_init_example_cards_pass_the_linter(tmp_path, run):
    """The example cards are what a teacher copies: they must be the good kind."""
    assert run("init", tmp_path / "c").exit_code == 0
    linted = run("-C", tmp_path / "c", "lint", "--strict")
    assert linted.exit_code == 0, linted.output


def test_init_refuses_existing_project(project, run):
    result = run("init", project)
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_internal_error_exits_three_without_traceback(project, run, monkeypatch):
    import builder.engine.pipeline

    monkeypatch.setattr(builder.engine.pipeline, "update_lock", lambda *a, **k: 1 / 0)
    result = run("-C", project, "build")
    assert result.exit_code == 3
    assert "internal error: ZeroDivisionError" in result.output
    assert "Traceback" not in result.output


def test_python_dash_m_builder_works(project):
    proc = subprocess.run(
        [sys.executable, "-m", "builder", "-C", str(project), "build"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert (project / "decks" / "test-deck.apkg").exists()


def test_closed_output_pipe_exits_quietly(tmp_path):
    """`deckbuilder export ... -o - | head`: the reader leaving is not an internal error."""
    import os

    from .conftest import DATA, REPO

    read_end, write_end = os.pipe()
    os.close(read_end)  # the first write fails with EPIPE, like after `head` exits
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "builder",
                "-C",
                str(DATA / "valid" / "basic"),
                "export",
                "--format",
                "json",
                "-o",
                "-",
            ],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            timeout=60,
            env={**os.environ, "DECKBUILDER_CACHE": "0"},
        )  # no cache inside tests/data
    finally:
        os.close(write_end)
    assert proc.stderr == ""
    assert proc.returncode == 141
