"""The card-file walk in isolation: located nodes (load_bytes) against plain values (load_plain).

    python benchmarks/walk.py PROJECT_DIR [--repeat N]

Reads every card file of the project into memory, then times, in this one process (CPU seconds,
best of --repeat), turning all of them into located nodes the way a file with a mistake is read,
and into plain values the way `check` and `build` read a file without one; then the plain
validation (plain_card_file) of those values. Also counts the files the plain path declines.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from builder.source.load import load_bytes, load_plain
from builder.source.validate import plain_card_file, validate_card_file


def best(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    paths = sorted(p for p in (args.project / "cards").glob("*.yaml") if p.name not in ("deck.yaml", "exclusions.yaml"))
    files = [(p.read_bytes(), f"cards/{p.name}") for p in paths]
    located = best(args.repeat, lambda: [load_bytes(data, rel) for data, rel in files])
    plain = best(args.repeat, lambda: [load_plain(data, rel) for data, rel in files])
    docs = [load_bytes(data, rel)[0] for data, rel in files]
    roots = [load_plain(data, rel) for data, rel in files]
    validate_located = best(args.repeat, lambda: [validate_card_file(doc) for doc in docs])
    validate_plain = best(args.repeat, lambda: [plain_card_file(root, "cards/x.yaml") for root in roots if root])
    declined = sum(root is None or plain_card_file(root, "cards/x.yaml") is None for root in roots)
    size = sum(len(data) for data, _ in files) / 2**20
    print(f"{len(files)} card files, {size:.2f} MiB; the plain path declines {declined}")
    print(f"  located nodes (load_bytes)       {located:7.3f} s CPU")
    print(f"  plain values (load_plain)        {plain:7.3f} s CPU  ({located / plain:.1f}x faster)")
    print(f"  validate located nodes           {validate_located:7.3f} s CPU")
    print(f"  validate plain values            {validate_plain:7.3f} s CPU")


if __name__ == "__main__":
    main()
