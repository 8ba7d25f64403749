"""The README's ```console examples of coverage, drafting and lint are real: each `$ deckbuilder ...`
line runs on a copy of the repository and prints what follows it. (Other sections' console blocks,
such as a release of an imagined class's deck, illustrate rather than replay.)"""

import re
import shlex
import shutil

import pytest

from .conftest import REPO

FOLDERS = ("cards", "seeds", "tests/data/coverage/tiny", "tests/data/lint")
SECTIONS = ("### Coverage, and drafting the missing cards", "### Lint")


def _examples() -> list[tuple[str, list[str]]]:
    """(command, the output lines shown under it) for every `$ ` line of a console block ("..." skips lines)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    text = "".join(re.search(rf"^{re.escape(s)}\n(.*?)(?=^##)", readme, re.M | re.S).group(1) for s in SECTIONS)
    examples: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                examples.append((line[2:], []))
            elif examples:
                examples[-1][1].append(line)
    return [(cmd, shown) for cmd, shown in examples if "|" not in cmd]  # piped ones need a shell and jq


def _shows(actual: list[str], shown: list[str]) -> bool:
    """Whether `actual` holds the `shown` lines in order, each run between "..." lines unbroken."""
    runs, run = [], []
    for line in shown:
        if line.strip() == "...":
            runs.append(run)
            run = []
        else:
            run.append(line)
    runs.append(run)
    pos = 0
    for n, run in enumerate(runs):
        if not run:
            continue
        starts = [i for i in range(pos, len(actual) - len(run) + 1) if actual[i : i + len(run)] == run]
        if not starts or (n == 0 and starts[0] != 0):
            return False
        pos = starts[0] + len(run)
    return not runs[-1] or pos == len(actual)


def test_the_readme_has_console_examples():
    assert len(_examples()) >= 6


@pytest.mark.parametrize("command, shown", _examples(), ids=[cmd for cmd, _ in _examples()])
def test_readme_console_example_prints_what_the_readme_shows(tmp_path, run, monkeypatch, command, shown):
    for folder in FOLDERS:
        shutil.copytree(REPO / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    args = shlex.split(command, comments=True)
    assert args[0] == "deckbuilder"
    result = run(*args[1:])
    assert result.exit_code == 0, result.output
    assert _shows(result.output.splitlines(), shown), f"$ {command}\n{result.output}"
