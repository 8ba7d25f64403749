"""`deckbuilder new KIND --cite ALIAS "words"`: a skeleton with a checked citation and a fresh id."""

import re
import shlex
import shutil

import pytest

from builder.core.model import Project
from builder.engine.pipeline import load_project
from builder.source.load import load_file


def test_new_appends_a_card_whose_citation_checks(project, run):
    result = run("-C", project, "new", "date", "--cite", "mini", "in Nara on Tuesday")
    assert result.exit_code == 0, result.output
    assert "Added card 'date-nara-tuesday' to cards/cards.yaml" in result.output
    loaded = load_project(Project(project))
    assert {d.code for d in loaded.errors} == {"empty-value"}  # only the fields left to write
    assert {d.card for d in loaded.errors} == {"date-nara-tuesday"}


def test_new_keeps_the_rest_of_the_file_as_written(project, run):
    cards = project / "cards" / "cards.yaml"
    before = cards.read_text()
    run("-C", project, "new", "qa", "--cite", "other", "more than 200 business leaders")
    after = cards.read_text()
    assert after.startswith(before) and "# YAML 1.1 would make this False" in after


def test_new_quotes_the_articles_own_characters(project, run):
    out = run(
        "-C", project, "new", "quote", "--cite", "mini", '"We are starting a new 60 years," Lee said', "--dry-run"
    ).stdout
    assert 'quote: "“We are starting a new 60 years,” Lee said"' in out


def test_new_refuses_words_not_in_the_article(project, run):
    cards = project / "cards" / "cards.yaml"
    before = cards.read_text()
    result = run("-C", project, "new", "date", "--cite", "mini", "in Kyoto on Tuesday")
    assert result.exit_code == 1
    assert (
        "error[citation-not-found]: the words are not in seed 'mini'" in result.output
        and "closest passage" in result.output
    )
    assert cards.read_text() == before


def test_new_dry_run_writes_nothing(project, run):
    cards = project / "cards" / "cards.yaml"
    before = cards.read_text()
    result = run("-C", project, "new", "person", "--cite", "mini", "Daniel Sneider", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.startswith("  - id: person-daniel-sneider\n    kind: person\n")
    assert cards.read_text() == before


def test_new_ids_are_fresh_and_unique(project, run):
    run("-C", project, "new", "date", "--cite", "mini", "in Nara on Tuesday")
    second = run("-C", project, "new", "date", "--cite", "mini", "in Nara on Tuesday")
    assert "Added card 'date-nara-tuesday-2'" in second.output
    taken = run("-C", project, "new", "date", "--cite", "mini", "in Nara", "--id", "nara-date")
    assert taken.exit_code == 1 and "card id 'nara-date' is already used" in taken.output


def test_new_goes_to_the_file_for_its_kind(project, run):
    (project / "cards" / "dates.yaml").write_text(
        "cards:\n  - id: other-date\n    kind: date\n    question: q?\n    answer: a\n"
        "    sources:\n      - seed: mini\n        quote: in Nara\n"
    )
    run("-C", project, "new", "date", "--cite", "mini", "January 13")
    doc, errors = load_file(project / "cards" / "dates.yaml", "cards/dates.yaml")
    assert not errors
    assert [n.get("id").value for n in doc.root.get("cards").items] == ["other-date", "date-january-13"]


def test_new_creates_a_kind_file_with_the_schema_line(project, run):
    run(
        "-C",
        project,
        "new",
        "position",
        "--cite",
        "mini",
        "South Korea wants to stay out",
        "--file",
        "cards/positions.yaml",
    )
    text = (project / "cards" / "positions.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../schema/cards.schema.json\ncards:\n  - id: ")


def _documented_new_examples() -> list[str]:
    """Every `deckbuilder new ...` example in README.md and in `new --help` (not the KIND/ALIAS synopsis)."""
    from builder.cli.main import cli

    from .conftest import REPO

    readme = re.findall(r"`(deckbuilder new [^`]+)`", (REPO / "README.md").read_text(encoding="utf-8"))
    helptext = re.findall(r"^\s*(deckbuilder new .+)$", cli.commands["new"].help, re.M)
    return [e for e in readme + helptext if "KIND" not in e and "ALIAS" not in e]


def test_documented_new_examples_exist():
    examples = _documented_new_examples()
    assert len(examples) >= 4, examples
    assert any("--dry-run" not in e for e in examples)


@pytest.mark.parametrize("example", _documented_new_examples())
def test_documented_new_examples_work_on_the_repositorys_seeds(tmp_path, run, example):
    from .conftest import REPO

    for folder in ("cards", "seeds"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    args = shlex.split(example, comments=True)[1:]
    result = run("-C", tmp_path, *args)
    assert result.exit_code == 0, f"{example}\n{result.output}"


def test_words_not_in_the_seed_are_a_command_line_error_naming_the_seed_file(project, run):
    result = run("-C", project, "new", "date", "--cite", "mini", "in Kyoto on Tuesday")
    assert result.stderr.startswith(
        "<command line>: error[citation-not-found]: the words are not in seed 'mini' (seeds/article.txt)\n"
    )


def test_new_says_when_only_letter_case_differs(project, run):
    result = run("-C", project, "new", "quote", "--cite", "mini", "we are starting a new 60 years")
    assert result.exit_code == 1
    assert (
        "hint: only letter case differs ('We' with a capital). The article has: \"We are starting a new 60 years\""
    ) in result.stderr


def test_new_with_a_misspelt_alias_suggests_the_close_one(project, run):
    result = run("-C", project, "new", "date", "--cite", "mnii", "in Nara on Tuesday")
    assert result.exit_code == 1
    assert "unknown seed 'mnii' (--cite)" in result.stderr
    assert "did you mean 'mini'? known seeds: mini, other" in result.stderr


def test_new_card_takes_the_tags_of_cards_citing_the_same_passage(project, run):
    """`lint` warns about a card without tags; `new` wrote `tags: []` on every card it made."""
    result = run("-C", project, "new", "date", "--cite", "mini", "on Tuesday, January 13", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "tags: [nara-summit]" in result.stdout


def test_new_card_takes_tags_only_from_cards_citing_that_passage(project, run):
    result = run("-C", project, "new", "qa", "--cite", "mini", "South Korea wants to stay out", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "tags: [china-japan-feud]" in result.stdout  # the position card cites that sentence
    result = run("-C", project, "new", "qa", "--cite", "mini", "SEOUL", "--dry-run")
    assert "tags: []" in result.stdout


def test_a_new_card_file_goes_into_the_project_named_by_a_relative_dash_c(project, run, monkeypatch):
    monkeypatch.chdir(project.parent)
    (project / "cards" / "cards.yaml").unlink()  # no card file yet: the card starts cards/positions.yaml
    result = run("-C", project.name, "new", "position", "--cite", "mini", "South Korea wants to stay out")
    assert result.exit_code == 0, result.output
    assert "South Korea wants to stay out" in (project / "cards" / "positions.yaml").read_text(encoding="utf-8")
    assert not (project / project.name).exists()
