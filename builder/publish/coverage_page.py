"""The articles as one page with their candidate facts highlighted by status (coverage.html).

A teacher sees at a glance what no card teaches yet (red), what drafts cover (yellow), what cards
cover (green) and what cards/exclusions.yaml leaves out (grey); hovering a highlight names the
fact and its covering cards. `deckbuilder preview` writes it beside the preview page, which links
to it; `deckbuilder coverage --html FILE` writes it alone. Template: templates/coverage.html.
"""

from __future__ import annotations

from builder.checks.coverage import STATUSES, CoverageReport, coverage
from builder.core.html import Markup, asset, render_page
from builder.core.model import Deck

# where mentions overlap (a name inside a quotation) the inner, shorter one is shown
_ORDER = {"quotation": 0, "date": 1, "number": 1, "name": 2}


def _segments(text: str, report_seed) -> list[tuple[str, str, str]]:
    marks: list[tuple[str, str] | None] = [None] * len(text)
    cands = sorted(report_seed.candidates, key=lambda c: _ORDER[c.kind])
    for c in cands:
        cards = f" ← {', '.join(c.cards)}" if c.cards else ""
        title = f"{c.kind}: {c.text} ({c.status}){cards}"
        for s, e in c.spans:
            for i in range(s, min(e, len(text))):
                marks[i] = (c.status, title)
    out: list[tuple[str, str, str]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or marks[i] != marks[start]:
            mark = marks[start]
            out.append((text[start:i], mark[0] if mark else "", mark[1] if mark else ""))
            start = i
    return out


def coverage_html(deck: Deck, report: CoverageReport | None = None) -> str:
    report = report or coverage(deck)
    seeds = {s.alias: s for s in deck.seeds}
    articles = []
    for s in report.seeds:
        seed = seeds[s.alias]
        title = seed.name
        counts = [(st, sum(c.status == st for c in s.candidates)) for st in STATUSES]
        articles.append(
            {
                "alias": s.alias,
                "file": s.file,
                "title": title,
                "counts": [(st, n) for st, n in counts if n],
                "segments": _segments(seed.text, s),
            }
        )
    return render_page("coverage.html", deck_name=deck.info.name, css=Markup(asset("coverage.css")), articles=articles)
