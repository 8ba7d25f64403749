"""Lint figures for a project: warnings per code and twin pairs, as issue 17 reports them.

    python scripts/lint_figures.py [PROJECT ...]        # default: the repository's own deck

Prints one JSON object per project: {"project", "cards", "warnings", "per_code", "twin_pairs",
"quote_position_twins"}. Uses the public API (builder.load) and the lint module, nothing else.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import builder
from builder.checks.lint import lint, options_for


def figures(project: Path) -> dict:
    loaded = builder.load(project)
    if loaded.deck is None:
        return {"project": str(project), "errors": [d.message for d in loaded.errors][:5]}
    diags = lint(loaded.deck, options_for(loaded.deck))
    kinds = {c.id: c.kind for c in loaded.deck.cards}
    twins = [d for d in diags if d.code == "lint-twin"]
    other = [d.message.split("card '")[1].split("'")[0] for d in twins]
    return {
        "project": str(project),
        "cards": len(loaded.deck.cards),
        "warnings": len(diags),
        "per_code": dict(sorted(Counter(d.code for d in diags).items())),
        "twin_pairs": len(twins),
        "quote_position_twins": sum(
            1 for d, o in zip(twins, other, strict=True) if {kinds[d.card or ""], kinds[o]} == {"quote", "position"}
        ),
    }


if __name__ == "__main__":
    for where in sys.argv[1:] or [str(Path(__file__).parent.parent)]:
        print(json.dumps(figures(Path(where)), indent=2))
