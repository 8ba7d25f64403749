"""Where a build's time goes, stage by stage, in one process (wall clock of the main process).

    python benchmarks/stages.py PROJECT_DIR [--edit] [--jobs N] [--profile FILE]

Builds a copy of the project cold (no deck, lock or cache), then, with --edit, again after
editing one card, and prints the seconds between the ends of the pipeline's stages: imports,
reading the card files and looking them up in the cache, checking and rendering the files that
missed (in the worker processes), merging, reading the lock and the release history, assembling
the notes, the lock update, the changelog entry (made while a thread writes the collection), the
collection, the zip, the .apkg written. --profile FILE writes cProfile
stats of the (last) build to FILE (with --jobs 1 they include the workers' share).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

STARTED = time.perf_counter()
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--edit", action="store_true", help="also time a rebuild after a one-card edit")
    ap.add_argument("--jobs", help="DECKBUILDER_JOBS for the build")
    ap.add_argument("--profile", type=Path, help="write cProfile stats of the last build here")
    args = ap.parse_args()
    if args.jobs:
        os.environ["DECKBUILDER_JOBS"] = args.jobs
    os.environ.setdefault("DECKBUILDER_NOW", "1768176000")
    with tempfile.TemporaryDirectory(prefix="deckbuilder-stages-") as tmp:
        os.environ["DECKBUILDER_CACHE_DIR"] = str(Path(tmp) / "cache")
        project = Path(tmp) / "project"
        shutil.copytree(args.project, project, ignore=shutil.ignore_patterns("decks", "deck.lock"))
        import builder.cli.main  # noqa: F401 - what the CLI imports, timed as start-up
        from builder.anki import package
        from builder.core.model import Project
        from builder.engine import parallel, pipeline

        marks: list[tuple[str, float]] = [("start-up and imports", time.perf_counter())]

        def mark(name: str, module, function: str) -> None:
            real = getattr(module, function)

            def timed(*a, **k):
                result = real(*a, **k)
                marks.append((name, time.perf_counter()))
                return result

            setattr(module, function, timed)

        real_check_files = parallel.check_files

        def check_files(*a, **k):
            marks.append(("read card files, cache look-ups", time.perf_counter()))
            yield from real_check_files(*a, **k)
            marks.append(("check + render the misses (workers)", time.perf_counter()))

        pipeline.check_files = check_files
        mark("merge", pipeline, "merge_card_files")
        mark("exclusions, deck assembled", pipeline, "load_project")
        mark("read the lock", pipeline, "read_lock")
        mark("files relocated for the history's warnings", pipeline, "_located_where_needed")
        mark("notes from the rendered rows", pipeline, "_notes")
        mark("lock update", pipeline, "update_lock")
        mark("write the collection (SQLite)", package, "collection_bytes")
        mark("zip it (deflate)", package, "deterministic_zip")
        mark("write the .apkg", package, "write_atomic")
        mark("changelog entry", pipeline, "changelog_entry")
        mark("release history gathered", pipeline, "gather")

        def run(label: str) -> None:
            begin = len(marks)
            if args.profile:
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            result = pipeline.build(Project(project), reuse=True)
            if args.profile:
                profiler.disable()
                profiler.dump_stats(args.profile)
            marks.append(("rest (memo, result)", time.perf_counter()))
            assert result.output is not None, result.load.diagnostics
            print(f"{label}: {result.notes:,} notes")
            first = 0 if begin == 1 else begin  # the cold build includes the start-up
            previous = first_at = STARTED if first == 0 else marks[first - 1][1]
            for name, at in marks[first:]:
                print(f"  {name:<40} {at - previous:7.3f} s")
                previous = at
            print(f"  {'total':<40} {marks[-1][1] - first_at:7.3f} s")

        run("cold build")
        if args.edit:
            path = sorted(
                p for p in (project / "cards").glob("*.yaml") if p.name not in ("deck.yaml", "exclusions.yaml")
            )[0]
            text = path.read_text(encoding="utf-8")
            edited = re.sub(r"(\n    (?:answer|role|speaker|position): )", r"\1edited ", text, count=1)
            assert edited != text
            path.write_text(edited, encoding="utf-8")
            marks.append(("(edit)", time.perf_counter()))
            run("one-card edit rebuild")


if __name__ == "__main__":
    main()
