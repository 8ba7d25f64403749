"""How many of `deckbuilder new --from-coverage`'s drafts a teacher keeps, edits or deletes.

    python scripts/drafting_review.py                   # the figures of docs/drafting-review.md, checked
    python scripts/drafting_review.py --dump            # every draft as a table row, with verdicts known
    python scripts/drafting_review.py --section Before  # the figures of another section of the review

The drafts are made the way a teacher starting from the articles makes them: the five shipped
articles in a copy of the repository whose cards/ holds only deck.yaml (no cards, no
exclusions), and two real articles held out from the finder's development (vice, yomiuri in
tests/data/coverage/news/) in a copy of that project without its cards. Nothing in the
repository is written.

The verdicts are a person's, written in docs/drafting-review.md: one table row per draft with its
article, id, what the draft says, and `keep` (right as drafted: only its `draft: true` line to
delete), `edit` (worth a card, one field to fix) or `delete` (no card should be made of it), with
the reason. The default run checks that table against the drafts the code makes now (every
draft judged, each row's "draft" text still what the code drafts) and prints the figures; with
`--dump` it prints the rows to judge, filled in where an identical draft was judged before.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import builder
from builder.engine.drafts import draft_cards
from builder.source.load import load_text
from builder.source.nodes import Map, Scalar, Seq

ROOT = Path(__file__).resolve().parent.parent
REVIEW = ROOT / "docs" / "drafting-review.md"
NEWS = ROOT / "tests" / "data" / "coverage" / "news"
# (group, project folder, the seeds to draft for: None = all)
SETS = [("shipped", ROOT, None), ("new", NEWS, ("vice", "yomiuri"))]
VERDICTS = ("keep", "edit", "delete")


@dataclass(frozen=True)
class Draft:
    group: str
    seed: str
    id: str
    kind: str
    says: str  # one line: what a teacher reads to judge it


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _says(card: dict[str, str], sources: list[str]) -> str:
    kind = card["kind"]
    if kind == "quote":
        text = f"“{card['quotation']}” — {card['speaker']}"
    elif kind == "person":
        text = f"{card['name']} — {card['role']}"
    else:
        text = f"{card['answer']} ⟨{card.get('context', '')}⟩"
    if len(sources) > 1:
        text += f" [cites {', '.join(sources)}]"
    return _cell(text)


def _drafts_of(group: str, folder: Path, seeds: tuple[str, ...] | None) -> list[Draft]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "cards").mkdir()
        shutil.copy(folder / "cards" / "deck.yaml", root / "cards" / "deck.yaml")
        shutil.copytree(folder / "seeds", root / "seeds")
        project = builder.project(root)
        path = project.cards_dir / "drafts.yaml"
        for seed in seeds or (None,):
            loaded = builder.load(project)
            if loaded.deck is None:
                sys.exit(f"{folder}: the project does not load: {loaded.diagnostics[0]}")
            drafts, diags = draft_cards(project, loaded.deck, seed)
            if drafts is None:
                sys.exit(f"{folder}: {diags[0]}")
            path.write_text(drafts.new_text, encoding="utf-8")
        doc, problems = load_text(path.read_text(encoding="utf-8"), "cards/drafts.yaml")
    if problems or not isinstance(doc.root, Map) or not isinstance(doc.root.get("cards"), Seq):
        sys.exit("the drafts file does not load")
    out = []
    items = doc.root.get("cards")
    assert isinstance(items, Seq)
    for node in items.items:
        assert isinstance(node, Map)
        card = {k.value: v.value for k, v in node.items if isinstance(v, Scalar)}
        sources = node.get("sources")
        assert isinstance(sources, Seq)
        aliases = [
            s.get("seed").value for s in sources.items if isinstance(s, Map) and isinstance(s.get("seed"), Scalar)
        ]
        out.append(Draft(group, aliases[0], card["id"], card["kind"], _says(card, aliases)))
    return out


def all_drafts() -> list[Draft]:
    return [d for group, folder, seeds in SETS for d in _drafts_of(group, folder, seeds)]


@dataclass(frozen=True)
class Verdict:
    seed: str
    id: str
    kind: str
    says: str
    verdict: str
    reason: str


def read_review(section: str) -> list[Verdict]:
    """The rows of the table under the heading `## <section>` of docs/drafting-review.md."""
    text = REVIEW.read_text(encoding="utf-8")
    m = re.search(rf"^## {re.escape(section)}\b.*?$(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not m:
        sys.exit(f"{REVIEW.relative_to(ROOT)}: no section '## {section}'")
    rows = []
    for line in m.group(1).splitlines():
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if len(cells) == 6 and cells[4] in VERDICTS:
            seed, card_id, kind, says, verdict, reason = cells
            rows.append(Verdict(seed, card_id.strip("`"), kind, says, verdict, reason))
    return rows


def figures(drafts: list[Draft], verdicts: dict[tuple[str, str], Verdict]) -> str:
    groups = {"shipped": "the five shipped articles", "new": "two new articles (vice, yomiuri)"}
    lines = [
        "| articles | drafts | kept as is | edited | deleted |",
        "|---|---|---|---|---|",
    ]
    for group in (*groups, "all"):
        mine = [d for d in drafts if group in ("all", d.group)]
        count = Counter(verdicts[(d.seed, d.id)].verdict for d in mine)
        n = len(mine)

        def cell(v: str, count: Counter[str] = count, n: int = n) -> str:
            return f"{count[v]} ({100 * count[v] / n:.0f} %)" if n else "0"

        name = groups.get(group, "all seven")
        lines.append(f"| {name} | {n} | {cell('keep')} | {cell('edit')} | {cell('delete')} |")
    kinds = Counter((d.kind, verdicts[(d.seed, d.id)].verdict) for d in drafts)
    lines += ["", "| draft kind | drafts | kept as is | edited | deleted |", "|---|---|---|---|---|"]
    for kind in ("quote", "person", "date", "qa"):
        total = sum(kinds[(kind, v)] for v in VERDICTS)
        if total:
            lines.append(f"| {kind} | {total} | " + " | ".join(str(kinds[(kind, v)]) for v in VERDICTS) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dump", action="store_true", help="print every draft as a row of the review table")
    parser.add_argument("--section", default="After", help="the section of the review to read (default: After)")
    args = parser.parse_args()
    if args.dump:
        judged: dict[tuple[str, str], Verdict] = {}
        for section in ("After", "Before"):  # an identical draft keeps the verdict it was given
            if REVIEW.is_file() and re.search(rf"^## {section}\b", REVIEW.read_text(encoding="utf-8"), re.M):
                for v in read_review(section):
                    judged.setdefault((v.seed, v.says), v)
        print("| article | id | kind | draft | verdict | reason |")
        print("|---|---|---|---|---|---|")
        for d in all_drafts():
            known = judged.get((d.seed, d.says))
            verdict, reason = (known.verdict, known.reason) if known else ("?", "")
            print(f"| {d.seed} | `{d.id}` | {d.kind} | {d.says} | {verdict} | {_cell(reason)} |")
        return
    rows = read_review(args.section)
    by_id = {(v.seed, v.id): v for v in rows}
    if args.section != "After":  # an earlier section: its figures as judged then
        new = {seed for _, _, seeds in SETS for seed in seeds or ()}
        print(
            figures([Draft("new" if v.seed in new else "shipped", v.seed, v.id, v.kind, v.says) for v in rows], by_id),
            end="",
        )
        return
    drafts = all_drafts()
    problems = []
    for d in drafts:
        row = by_id.get((d.seed, d.id))
        if row is None:
            problems.append(f"not judged: {d.seed} {d.id}: {d.says}")
        elif row.says != d.says:
            problems.append(f"changed since judged: {d.seed} {d.id}:\n  judged: {row.says}\n  now:    {d.says}")
    made = {(d.seed, d.id) for d in drafts}
    problems += [f"judged but no longer drafted: {v.seed} {v.id}" for v in rows if (v.seed, v.id) not in made]
    if problems:
        sys.exit("\n".join(problems) + "\nrun with --dump, judge the rows marked '?', and update the review")
    print(figures(drafts, by_id), end="")


if __name__ == "__main__":
    main()
