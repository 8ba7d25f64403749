"""Benchmarks: build, check and rebuild times of synthetic projects against the floor.

    python benchmarks/run.py [--sizes 1000,10000,100000] [--json] [--keep DIR] [--repeat N] [--peer]

Per size (N cards over N/100 articles, see generate.py) it times, each as a fresh process:
a cold `check` and a cold `build` (no deck, lock or cache), `check` after the build (warm
cache), a rebuild with nothing changed, a rebuild after editing one card, and the floor
(floor.py: fastest parser + genanki, no checks); then edit_bound.py's bound (start-up + writing
the collection + deflating it: what any rebuild that rewrites the package must do), the delay
from saving a one-card edit to the end of `deckbuilder watch`'s rebuild, and, in one process, the
citation check alone. With --peer, anki-yaml-tool (peer.py: from PyPI, in its own virtualenv)
builds the same cards. Times are the best of --repeat runs (default 3 up to 10k cards, 1 above);
peak RSS is the largest of the builder processes (from wait4's rusage of each child).
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

CACHE = Path(tempfile.mkdtemp(prefix="deckbuilder-bench-cache-"))  # the builds' cache, emptied for cold runs
atexit.register(shutil.rmtree, CACHE, ignore_errors=True)
ENV = {
    **os.environ,
    "DECKBUILDER_NOW": "1768176000",
    "PYTHONPATH": str(REPO),
    "CI": "1",
    "DECKBUILDER_CACHE_DIR": str(CACHE),
}


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of one child process; fails loudly if it fails."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    out, err = proc.stdout.read(), proc.stderr.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out.decode()}\n{err.decode()}")
    return wall, usage.ru_maxrss / 1024


def builder(project: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "builder", "-C", str(project), *args]


def clean(project: Path) -> None:
    """Back to a project that was never built: no deck, lock, changelog or cache."""
    shutil.rmtree(project / "decks", ignore_errors=True)
    shutil.rmtree(CACHE, ignore_errors=True)
    (project / "cards" / "deck.lock").unlink(missing_ok=True)


def edit_one_card(project: Path, n: int) -> None:
    """Change the last text line of the first card of one card file (a new answer/role/...)."""
    path = sorted((project / "cards").glob("cards_*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    mark = "edited " + "x" * (n + 1)  # no digit: a number in an answer must be in its citation
    new = re.sub(r"(\n    (?:answer|role|context|position): )([^\n]*)", rf"\1{mark} \2", text, count=1)
    assert new != text
    path.write_text(new, encoding="utf-8")


WATCH = """
import re, sys, threading, time
from pathlib import Path
from builder.core.model import Project
from builder.engine.watch import watch_project
project = Project(Path(sys.argv[1]))
path = sorted(project.cards_dir.glob("cards_*.yaml"))[0]
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
text = path.read_text(encoding="utf-8")
new = re.sub(r"(\\n    (?:answer|role|context|position): )", r"\\1watched ", text, count=1)
saved = time.perf_counter()
path.write_text(new, encoding="utf-8")
assert done.wait(60), "no rebuild after the save"
stop.set()
thread.join(10)
print(times[-1] - saved)
"""


def watch_delay(project: Path) -> float:
    """Seconds from saving a one-card edit to the end of `deckbuilder watch`'s rebuild."""
    out = subprocess.run(
        [sys.executable, "-c", WATCH, str(project)], cwd=REPO, env=ENV, check=True, capture_output=True, text=True
    )
    return float(out.stdout.split()[-1])


def edit_bound(project: Path, repeat: int) -> float:
    """edit_bound.py's bound for the project: start-up + collection + deflate, in seconds."""
    out = subprocess.run(
        [sys.executable, str(HERE / "edit_bound.py"), str(project), "--json", "--repeat", str(repeat)],
        cwd=REPO,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(json.loads(out.stdout.splitlines()[-1])["bound_s"])


def peer_build(project: Path, repeat: int) -> tuple[float, float]:
    """(best seconds, peak RSS MiB) of anki-yaml-tool building the project's cards."""
    import peer

    exe = peer.ensure_peer()
    with tempfile.TemporaryDirectory(prefix="deckbuilder-peer-") as tmp:
        deck = peer.convert(project, Path(tmp))
        runs = [timed(peer.command(exe, deck, Path(tmp) / "peer.apkg")) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs)


CITATIONS = """
import sys, time
from pathlib import Path
from builder.checks.citations import index_seeds, verify_citations
from builder.core.model import Project
from builder.engine.pipeline import load_project
deck = load_project(Project(Path(sys.argv[1]))).deck
started = time.perf_counter()
diags = verify_citations(deck.cards, index_seeds(deck.seeds))
seconds = time.perf_counter() - started
assert not diags
print(sum(len(c.sources) for c in deck.cards), seconds)
"""


def citation_check(project: Path) -> tuple[int, float]:
    """(citations, seconds) of indexing the seeds and checking every citation, in one process."""
    out = subprocess.run(
        [sys.executable, "-c", CITATIONS, str(project)], cwd=REPO, env=ENV, check=True, capture_output=True, text=True
    ).stdout.split()
    return int(out[0]), float(out[1])


def measure(project: Path, cards: int, seeds: int, repeat: int, with_peer: bool = False) -> dict:
    def best(runs):
        return min(r[0] for r in runs)

    builds, checks, warm_checks, edits, nochange, floors = [], [], [], [], [], []
    for i in range(repeat):
        clean(project)
        checks.append(timed(builder(project, "check")))
        clean(project)
        builds.append(timed(builder(project, "build", "--quiet")))
        warm_checks.append(timed(builder(project, "check")))
        nochange.append(timed(builder(project, "build", "--quiet")))
        edit_one_card(project, i)
        edits.append(timed(builder(project, "build", "--quiet")))
        floors.append(timed([sys.executable, str(HERE / "floor.py"), str(project)]))
    bound_s = edit_bound(project, repeat)
    watch_s = min(watch_delay(project) for _ in range(repeat))
    citations, citations_s = citation_check(project)
    size_mb = sum(p.stat().st_size for p in (project / "cards").glob("*.yaml")) / 2**20
    build_s, floor_s = best(builds), best(floors)
    peer = {}
    if with_peer:
        peer_s, peer_rss = peer_build(project, repeat)
        peer = {"peer_s": round(peer_s, 3), "peer_ratio": round(peer_s / build_s, 2), "peer_rss_mb": round(peer_rss, 1)}
    return {
        "cards": cards,
        "seeds": seeds,
        "build_s": round(build_s, 3),
        "check_s": round(best(checks), 3),
        "check_warm_s": round(best(warm_checks), 3),
        "edit_rebuild_s": round(best(edits), 3),
        "nochange_rebuild_s": round(best(nochange), 3),
        "floor_s": round(floor_s, 3),
        "ratio": round(build_s / floor_s, 2),
        "edit_ratio": round(best(edits) / build_s, 3),
        "edit_bound_s": round(bound_s, 3),
        "edit_vs_bound": round(best(edits) / bound_s, 2),
        "check_vs_floor": round(best(checks) / floor_s, 2),
        "watch_s": round(watch_s, 3),
        "peak_rss_mb": round(max(r[1] for r in builds + checks + warm_checks + edits + nochange), 1),
        "floor_rss_mb": round(max(r[1] for r in floors), 1),
        "yaml_mb": round(size_mb, 2),
        "citations": citations,
        "citations_s": round(citations_s, 3),
        "repeat": repeat,
        **peer,
    }


def table(results: list[dict]) -> str:
    peer = any("peer_s" in r for r in results)
    head = (
        "| cards | YAML MB | build s | floor s | build/floor | check s | check/floor | check (warm) s "
        "| no-change s | edit rebuild s | edit bound s | edit/bound | watch s | peak RSS MiB | citations s |"
        + (" anki-yaml-tool s | its time / ours |" if peer else "")
    )
    rows = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in results:
        rows.append(
            f"| {r['cards']:,} | {r['yaml_mb']} | {r['build_s']:.2f} | {r['floor_s']:.2f} | {r['ratio']:.2f}× "
            f"| {r['check_s']:.2f} | {r['check_vs_floor']:.2f}× | {r['check_warm_s']:.2f} "
            f"| {r['nochange_rebuild_s']:.2f} | {r['edit_rebuild_s']:.2f} | {r['edit_bound_s']:.2f} "
            f"| {r['edit_vs_bound']:.2f}× | {r['watch_s']:.2f} | {r['peak_rss_mb']:.0f} | {r['citations_s']:.2f} |"
            + (f" {r['peer_s']:.2f} | {r['peer_ratio']:.1f}× |" if "peer_s" in r else (" | |" if peer else ""))
        )
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated card counts")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("--keep", type=Path, help="leave each corpus in DIR/<size>/ as a project")
    ap.add_argument("--repeat", type=int, help="runs per measurement (best is kept)")
    ap.add_argument("--peer", action="store_true", help="also time anki-yaml-tool on the same cards (peer.py)")
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="deckbuilder-bench-") as tmp:
        base = args.keep or Path(tmp)
        for size in (int(s) for s in args.sizes.split(",")):
            seeds = max(1, size // 100)
            project = base / str(size)
            shutil.rmtree(project, ignore_errors=True)
            generate(project, size, seeds)
            repeat = args.repeat or (3 if size <= 10000 else 1)
            results.append(measure(project, size, seeds, repeat, args.peer))
            if not args.json:
                print(table(results[-1:]).splitlines()[-1] if len(results) > 1 else table(results), flush=True)
    if args.json:
        print(
            json.dumps(
                {
                    "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
                    "results": results,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
