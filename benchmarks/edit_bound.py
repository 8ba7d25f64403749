"""What any rebuild after a one-card edit must still do, timed piece by piece.

    python benchmarks/edit_bound.py PROJECT_DIR [--repeat N] [--json]

A rebuild that re-reads only the edited file still has to start Python, write the whole Anki
collection again (a deck's bytes must not depend on its edit history, so last build's SQLite
file cannot be patched in place) and deflate it into the .apkg. This prints those pieces, each
the best of --repeat runs, beside a cold `deckbuilder build` of the same project. The bound,
start-up + collection + deflate, is what the edit target is measured against (`run.py` reports
`edit_bound_s` and `edit_vs_bound`, the one-card edit rebuild over it: target <= 1.5). `--json`
prints the bound's pieces as one JSON object and skips the cold build.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from builder.anki.package import collection_bytes  # noqa: E402
from builder.core.model import Project  # noqa: E402
from builder.engine.pipeline import prepare  # noqa: E402

CACHE = Path(tempfile.mkdtemp(prefix="deckbuilder-bound-cache-"))
ENV = {
    **os.environ,
    "DECKBUILDER_NOW": "1768176000",
    "PYTHONPATH": str(REPO),
    "CI": "1",
    "DECKBUILDER_CACHE_DIR": str(CACHE),
}


def best(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def run(*cmd: str, cwd: Path = REPO) -> None:
    subprocess.run(cmd, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true", help="print the bound's pieces as JSON (no cold build)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(args.project, project, ignore=shutil.ignore_patterns("decks", "deck.lock"))

        def cold():
            shutil.rmtree(project / "decks", ignore_errors=True)
            shutil.rmtree(CACHE, ignore_errors=True)
            (project / "cards" / "deck.lock").unlink(missing_ok=True)
            run(sys.executable, "-m", "builder", "-C", str(project), "build", "-q")

        cold_s = 0.0 if args.json else best(args.repeat, cold)
        python_s = best(args.repeat, lambda: run(sys.executable, "-c", "pass"))
        imports_s = best(args.repeat, lambda: run(sys.executable, "-c", "import builder.cli"))
        loaded, update = prepare(Project(project))
        info, notes, mods = loaded.deck.info, update.notes, update.notetype_mods
        db = collection_bytes(info, notes, notetype_mods=mods)
        collection_s = best(args.repeat, lambda: collection_bytes(info, notes, notetype_mods=mods))
        deflate_s = best(args.repeat, lambda: zlib.compress(db, 6))
        deflate1_s = best(args.repeat, lambda: zlib.compress(db, 1))
    bound = python_s + collection_s + deflate_s
    if args.json:
        pieces = {"python_s": python_s, "collection_s": collection_s, "deflate_s": deflate_s, "bound_s": bound}
        print(json.dumps({k: round(v, 4) for k, v in pieces.items()}))
        return
    rows = [
        ("cold build (fresh process)", cold_s),
        ("a tenth of it: the target", cold_s / 10),
        ("Python start-up alone", python_s),
        ("start-up + the CLI's imports", imports_s),
        (f"write the collection ({len(notes):,} notes, {len(db) / 2**20:.1f} MiB SQLite)", collection_s),
        ("deflate it (zlib level 6, as zipfile does)", deflate_s),
        ("deflate it at level 1 (for comparison)", deflate1_s),
        ("start-up + collection + deflate: floor of any full rewrite", bound),
    ]
    for label, seconds in rows:
        print(f"{label:<62} {seconds:7.3f} s")
    print(f"floor of a full rewrite / cold build: {bound / cold_s:.2f}")


if __name__ == "__main__":
    main()
