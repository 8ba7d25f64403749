"""The docs as written: the example card of docs/card-format.md checks clean against the shipped
articles, and every builder/ file they name exists (the package was split into layers)."""

import re
import shutil

from .conftest import REPO


def test_the_card_format_example_card_passes_check(tmp_path, run):
    text = (REPO / "docs" / "card-format.md").read_text(encoding="utf-8")
    section = text[text.index("## Card files") :]
    example = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    project = tmp_path / "p"
    shutil.copytree(REPO / "seeds", project / "seeds")
    (project / "cards").mkdir()
    shutil.copy(REPO / "cards" / "deck.yaml", project / "cards" / "deck.yaml")
    (project / "cards" / "example.yaml").write_text(example, encoding="utf-8")
    result = run("-C", project, "check")
    assert result.exit_code == 0 and "error" not in result.output, result.output


def test_every_builder_file_the_docs_name_exists():
    named = set()
    for doc in [REPO / "README.md", REPO / "ARCHITECTURE.md", *sorted((REPO / "docs").glob("*.md"))]:
        named |= set(re.findall(r"builder/[a-z_/]+\.py", doc.read_text(encoding="utf-8")))
    assert named and not [path for path in sorted(named) if not (REPO / path).is_file()]
