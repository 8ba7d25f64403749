"""Precision and recall of `deckbuilder coverage`'s candidate finder against hand-labelled facts.

    python scripts/coverage_eval.py                 # table per kind and per article
    python scripts/coverage_eval.py --misses        # also list what was missed and what was wrong
    python scripts/coverage_eval.py --markdown      # the table as Markdown (docs/coverage-eval.md)

Articles: the five shipped seeds (seeds/) and the nine real news texts of
tests/data/coverage/news/ (two of them held out: labelled, and
run through the finder only once it was written); labels in tests/data/coverage/labels/<alias>.tsv (see its README).
A candidate matches a labelled fact when one of its forms equals one of the fact's spellings
(case, quote style and edge punctuation ignored); matching is one-to-one, so a fact found twice
(two candidates for one fact) counts one right and one wrong. Run it with another checkout's
builder on PYTHONPATH to measure that version ("before"): a finder without `find_facts` is read
through its old per-occurrence functions (builder.checks.coverage).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import builder
from builder.checks import coverage as cov

try:
    from builder.checks.facts import find_facts
except ImportError:  # the finder before issue 18
    find_facts = None  # type: ignore[assignment]
from builder.core.model import Project

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = [ROOT, ROOT / "tests" / "data" / "coverage" / "news"]
LABELS = ROOT / "tests" / "data" / "coverage" / "labels"
KINDS = ("quotation", "date", "name", "number")


@dataclass(frozen=True)
class Found:
    kind: str
    forms: tuple[str, ...]
    occurrences: int


def norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"\s+", " ", text).strip().lower()
    return text.strip(" .,;:!?\"'…()[]—–-")


def found_in(seed, known: set[str]) -> list[Found]:
    if find_facts is not None:
        return [Found(f.kind, f.forms, len(f.spans) + len(f.mentions)) for f in find_facts(seed, known)]
    text = seed.text  # the finder before issue 18: one candidate per occurrence, names grouped
    out = [Found("quotation", (text[s:e],), 1) for s, e in cov.find_quotations(text)]
    dates = cov.find_dates(text)
    out += [Found("date", (text[s:e],), 1) for s, e in dates]
    out += [Found("name", (name,), len(spans)) for name, spans in cov.find_names(text, known).items()]
    out += [Found("number", (text[s:e],), 1) for s, e in cov.find_numbers(text, dates)]
    return out


def read_labels(alias: str) -> list[tuple[str, list[str]]] | None:
    path = LABELS / f"{alias}.tsv"
    if not path.is_file():
        return None
    facts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, text = line.split("\t", 1)
            facts.append((kind, [t.strip() for t in text.split(" | ")]))
    return facts


def matches(spelling: str, form: str) -> bool:
    if "…" in spelling:
        head, tail = (norm(p) for p in spelling.split("…", 1))
        f = norm(form)
        return f.startswith(head) and f.endswith(tail)
    return norm(spelling) == norm(form)


@dataclass
class Score:
    found: int = 0
    right: int = 0
    labelled: int = 0
    recalled: int = 0
    occurrences: int = 0

    def add(self, other: Score) -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def cell(self) -> str:
        p = 100 * self.right / self.found if self.found else 100.0
        r = 100 * self.recalled / self.labelled if self.labelled else 100.0
        return f"P {p:5.1f} R {r:5.1f} ({self.right}/{self.found}, {self.recalled}/{self.labelled})"


def score(found: list[Found], labels: list[tuple[str, list[str]]], kind: str, misses: list[str]) -> Score:
    cands = [f for f in found if f.kind == kind]
    facts = [spellings for k, spellings in labels if k == kind]
    used: set[int] = set()
    right = 0
    for c in cands:
        hit = next(
            (i for i, sp in enumerate(facts) if i not in used and any(matches(s, f) for s in sp for f in c.forms)),
            None,
        )
        if hit is None:
            misses.append(f"  wrong  {kind}: {' | '.join(c.forms)}")
        else:
            used.add(hit)
            right += 1
    for i, sp in enumerate(facts):
        if i not in used:
            misses.append(f"  missed {kind}: {' | '.join(sp)}")
    return Score(len(cands), right, len(facts), len(used), sum(c.occurrences for c in cands))


def rows(show_misses: bool) -> Iterable[tuple[str, dict[str, Score]]]:
    for root in PROJECTS:
        loaded = builder.load(Project(root))
        if loaded.deck is None:
            sys.exit(f"{root}: the project does not load")
        known = {c.get("name") for c in loaded.deck.cards if c.kind == "person"}
        for seed in loaded.deck.seeds:
            labels = read_labels(seed.alias)
            if labels is None:
                continue
            found = found_in(seed, known)
            misses: list[str] = []
            scores = {k: score(found, labels, k, misses) for k in KINDS}
            if show_misses and misses:
                print(f"{seed.alias}:", *misses, sep="\n", file=sys.stderr)
            yield seed.alias, scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list missed and wrong candidates on stderr")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    shipped = {s.alias for s in builder.load(Project(ROOT)).deck.seeds}  # type: ignore[union-attr]
    table = list(rows(args.misses))
    held_out = {"vice", "yomiuri"}  # labelled and first run only after the finder was written
    members = {
        "shipped": [r for r in table if r[0] in shipped],
        "new": [r for r in table if r[0] not in shipped and r[0] not in held_out],
        "held out": [r for r in table if r[0] in held_out],
    }
    groups = {f"{name} ({len(rs)})": rs for name, rs in members.items()}
    out = list(table)
    for name, members in groups.items():
        total = {k: Score() for k in KINDS}
        for _, scores in members:
            for k in KINDS:
                total[k].add(scores[k])
        out.append((name, total))
    if args.markdown:
        print("| article | " + " | ".join(KINDS) + " | candidates (occurrences) |")
        print("|---|" + "---|" * (len(KINDS) + 1))
    for alias, scores in out:
        facts = sum(s.found for s in scores.values())
        occ = sum(s.occurrences for s in scores.values())
        cells = [scores[k].cell() for k in KINDS]
        if args.markdown:
            print(f"| {alias} | " + " | ".join(cells) + f" | {facts} ({occ}) |")
        else:
            print(f"{alias:14} " + "  ".join(f"{k[:5]} {c:36}" for k, c in zip(KINDS, cells, strict=True)), facts, occ)


if __name__ == "__main__":
    main()
