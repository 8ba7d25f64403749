"""Timings of the teacher's update loop on a project (default: this repository's deck), on a copy.

    python benchmarks/update_loop.py [PROJECT_DIR] [--scale N]

--scale N adds N renamed copies of every card file (to time a deck larger than the one at hand).

Prints: full build (no lock yet), build with nothing changed, and the delay from saving a one-card
edit to the end of the watch rebuild. The project itself is never touched.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from builder.core.model import Project
from builder.engine.pipeline import build, load_project
from builder.engine.watch import watch_project


def main() -> None:
    args = sys.argv[1:]
    scale = 0
    if "--scale" in args:
        i = args.index("--scale")
        scale = int(args[i + 1])
        del args[i : i + 2]
    source = Path(args[0] if args else Path(__file__).resolve().parent.parent)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        for part in ("cards", "seeds"):
            shutil.copytree(source / part, root / part)
        (root / "cards" / "deck.lock").unlink(missing_ok=True)
        originals = [
            p for p in sorted((root / "cards").glob("*.yaml")) if p.name not in ("deck.yaml", "exclusions.yaml")
        ]
        for k in range(1, scale + 1):
            for p in originals:
                text = re.sub(r"(?m)^(\s*- id: )(\S+)", rf"\g<1>\g<2>-copy{k}", p.read_text(encoding="utf-8"))
                (p.parent / f"{p.stem}-copy{k}.yaml").write_text(text, encoding="utf-8")
        project = Project(root)

        t = time.perf_counter()
        full = build(project)
        full_s = time.perf_counter() - t
        if full.output is None:
            sys.exit("the project has errors; run deckbuilder check")
        t = time.perf_counter()
        build(project)
        same_s = time.perf_counter() - t

        card = load_project(project).deck.cards[0]
        done, stop, times = threading.Event(), threading.Event(), []

        def on_rebuild(rebuild):
            times.append(time.perf_counter())
            if rebuild.changed:
                done.set()

        thread = threading.Thread(target=watch_project, args=(project, on_rebuild, stop), daemon=True)
        thread.start()
        while not times:
            time.sleep(0.01)
        time.sleep(0.5)
        path = root / card.file
        text = path.read_text(encoding="utf-8")
        value = card.fields[0][1]
        saved = time.perf_counter()
        path.write_text(text.replace(value, value + " (edited)", 1), encoding="utf-8")
        done.wait(10)
        stop.set()
        thread.join(5)
        print(
            f"cards: {len(full.load.deck.cards)} notes: {full.notes} Anki cards: {full.cards} "
            f"deck: {full.size / 1024:.0f} KiB"
        )
        print(f"build, full (no lock):           {full_s:.2f} s")
        print(f"build, nothing changed:          {same_s:.2f} s")
        print(f"watch, save → rebuilt (1 card):  {times[-1] - saved:.2f} s")


if __name__ == "__main__":
    main()
