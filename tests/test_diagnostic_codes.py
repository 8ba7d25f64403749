"""One registry of diagnostic codes: every code has a summary and an example, the docs list them
all, the text output shows them, and a diagnostic with an unregistered code cannot be made."""

import re
from pathlib import Path

import pytest

from builder.cli.report import format_diagnostic
from builder.core.diagnostics import CODES, Diagnostic, registry_markdown

DOCS = Path(__file__).parent.parent / "docs" / "diagnostics.md"
EXAMPLE = re.compile(r"^[^\s:]+(?::\d+:\d+)?: (error|warning)\[(?P<code>[a-z0-9-]+)\]: \S")


def test_docs_list_every_registered_code():
    assert DOCS.read_text(encoding="utf-8") == registry_markdown(), (
        "docs/diagnostics.md is out of date: python scripts/diagnostics_doc.py"
    )


@pytest.mark.parametrize("name", sorted(CODES))
def test_every_code_has_a_summary_and_an_example_of_itself(name):
    code = CODES[name]
    match = EXAMPLE.match(code.example)
    assert code.summary and match, code.example
    assert match["code"] == name


def test_an_unregistered_code_is_refused():
    with pytest.raises(ValueError, match="not registered"):
        Diagnostic("cards/a.yaml", 1, 1, "error", "message", code="no-such-code")


def test_text_output_shows_the_code_after_the_severity():
    d = Diagnostic("cards/a.yaml", 3, 5, "warning", "file is empty", code="empty-file")
    assert format_diagnostic(d) == "cards/a.yaml:3:5: warning[empty-file]: file is empty"


def test_every_code_used_in_the_package_is_registered():
    """Code names written as literals anywhere in builder/ (code="...") are all in the registry."""
    package = Path(__file__).parent.parent / "builder"
    used = {
        m.group(1)
        for path in package.rglob("*.py")
        for m in re.finditer(r'code="([a-z0-9-]+)"', path.read_text(encoding="utf-8"))
    }
    assert used - set(CODES) == set()
