"""The public Python API: what the README shows works, and the CLI is built on the same functions."""

import re

import builder

from .conftest import REPO


def test_readme_python_example_runs_on_a_project(project, tmp_path, capsys, monkeypatch):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    exec(compile(code.replace("path/to/project", str(project)), "README.md", "exec"), {})
    assert (tmp_path / "quotes.md").read_text(encoding="utf-8").startswith("# Test deck")
    assert f"True {project / 'decks' / 'test-deck.apkg'} 5" in capsys.readouterr().out


def test_public_names_are_exactly_all():
    assert sorted(builder.__all__) == sorted(name for name in builder.__all__ if hasattr(builder, name))
    assert {"load", "check", "build", "Project", "Deck", "Diagnostic"} <= set(builder.__all__)


def test_errors_in_cards_are_data_not_exceptions(project):
    (project / "cards" / "cards.yaml").write_text("cards:\n  - id: x\n    kind: nope\n", encoding="utf-8")
    result = builder.build(project)
    assert not result.ok and result.output is None
    assert {d.code for d in result.load.errors} == {"unknown-kind"}
