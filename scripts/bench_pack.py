"""Time `deckbuilder pack` (and preview/export) on a deck, and list the pack's files and sizes.

    python scripts/bench_pack.py [--project DIR] [--copies N] [--runs 3]

--copies N packs a deck N times the size of the project's (every card repeated under new ids),
to see how pack scales before a deck is that big. Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import builder


def scaled_copy(src: Path, dest: Path, copies: int) -> None:
    shutil.copytree(src / "cards", dest / "cards")
    shutil.copytree(src / "seeds", dest / "seeds")
    for path in (dest / "cards").glob("*.yaml"):
        if path.name in ("deck.yaml", "exclusions.yaml") or copies == 1:
            continue
        text = path.read_text(encoding="utf-8")
        head, sep, body = text.partition("cards:\n")
        bodies = [
            re.sub(r"^(\s*-\s*id:\s*)(\S+)", lambda m, i=i: f"{m.group(1)}{m.group(2)}-copy{i}", body, flags=re.M)
            if i
            else body
            for i in range(copies)
        ]
        path.write_text(head + sep + "".join(b if b.endswith("\n") else b + "\n" for b in bodies), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        scaled_copy(args.project, root, args.copies)
        loaded = builder.load(root)
        if loaded.deck is None:
            print("deck has errors:", *[d.message for d in loaded.errors[:5]], sep="\n  ")
            return 1
        subset = builder.subset(loaded.deck)
        print(f"deck: {len(subset.deck.cards)} cards")
        times, result = [], None
        for _ in range(args.runs):
            started = time.perf_counter()
            result = builder.pack(root, subset, Path(tmp) / "pack.zip")
            times.append(time.perf_counter() - started)
        print(
            f"pack: median {statistics.median(times):.2f} s over {args.runs} runs "
            f"(min {min(times):.2f}, max {max(times):.2f}); zip {result.size / 1024:.1f} KiB"
        )
        if not any(name.endswith(".pdf") for name, _ in result.entries):
            print("  (no PDFs: Chromium is not installed or DECKBUILDER_CHROMIUM=none)")
        for name, size in result.entries:
            print(f"  {name.split('/', 1)[1]:<60} {size / 1024:8.1f} KiB")
        started = time.perf_counter()
        html = builder.preview(subset.deck)
        print(f"preview: {time.perf_counter() - started:.3f} s, {len(html.encode()) / 1024:.0f} KiB")
        for fmt in ("tsv", "csv", "json", "md"):
            started = time.perf_counter()
            data = builder.export(subset, fmt)
            print(f"export {fmt}: {time.perf_counter() - started:.3f} s, {len(data) / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
