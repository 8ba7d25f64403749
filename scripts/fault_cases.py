"""Run the fault, file-system, signal and injection cases of issue 16 and print one table row each:
the exit code, the first line the command printed (stderr, else stdout) and what it did to files.

    python scripts/fault_cases.py                      # this checkout's builder
    python scripts/fault_cases.py --source /tmp/before  # another checkout (e.g. `git archive main`)
    python scripts/fault_cases.py --only fifo          # cases whose name contains 'fifo'

Each case runs `python -m builder` in a fresh copy of tests/data/valid/basic (or a generated
project), as a separate process with its own process group. Cases that need root (tmpfs and
loop mounts, chattr +i, mknod) are skipped without it. Nothing outside a temporary folder is touched.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASIC = REPO / "tests" / "data" / "valid" / "basic"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
PAYLOAD = "<img src=x onerror=alert(1)>"


class Ctx:
    def __init__(self, source: Path, tmp: Path):
        self.source = source
        self.tmp = tmp
        self.mounts: list[Path] = []

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ, PYTHONPATH=str(self.source), DECKBUILDER_NOW="1767225600", DECKBUILDER_CHROMIUM="none")
        env.pop("DECKBUILDER_DEBUG", None)
        env.update(extra)
        return env

    def project(self, name: str = "p") -> Path:
        dest = self.tmp / name
        shutil.copytree(BASIC, dest)
        return dest

    def run(self, *args: str | Path, timeout: float = 60, stdin=subprocess.DEVNULL, **env: str):
        cmd = [sys.executable, "-m", "builder", *map(str, args)]
        try:
            proc = subprocess.run(
                cmd, cwd=self.tmp, env=self.env(**env), capture_output=True, timeout=timeout, stdin=stdin
            )
        except subprocess.TimeoutExpired as exc:
            return Outcome("hang", f"still running after {timeout:.0f} s (killed)", exc.stdout or b"")
        return Outcome(proc.returncode, first_line(proc.stderr, proc.stdout), proc.stdout, proc.stderr)

    def popen(self, *args: str | Path, **env: str) -> subprocess.Popen:
        cmd = [sys.executable, "-m", "builder", *map(str, args)]
        return subprocess.Popen(
            cmd,
            cwd=self.tmp,
            env=self.env(**env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )

    def mount_tmpfs(self, path: Path, size: str = "1m") -> Path:
        path.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)
        self.mounts.append(path)
        return path

    def unmount_all(self) -> None:
        for path in reversed(self.mounts):
            subprocess.run(["umount", "-l", str(path)], check=False)


class Outcome:
    def __init__(self, code, line: str, stdout: bytes = b"", stderr: bytes = b""):
        self.code, self.line, self.stdout, self.stderr = code, line, stdout, stderr
        self.effect = ""


def first_line(*streams: bytes) -> str:
    for data in streams:
        for line in data.decode("utf-8", "replace").splitlines():
            if line.strip():
                return line.strip()
    return "(nothing printed)"


def tracebacks(data: bytes) -> int:
    return data.count(b"Traceback (most recent call last)")


def apkg_strings(path: Path) -> dict:
    with zipfile.ZipFile(path) as zf, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "c.anki2"
        db.write_bytes(zf.read("collection.anki2"))
        conn = sqlite3.connect(db)
        decks = json.loads(conn.execute("select decks from col").fetchone()[0])
        notes = [row[0] for row in conn.execute("select flds from notes")]
        conn.close()
    return {"decks": decks, "notes": notes}


def deck_file(project: Path) -> Path:
    return next((project / "decks").glob("*.apkg"))


CASES: list[tuple[str, str, Callable[[Ctx], Outcome]]] = []


def case(name: str, what: str, root: bool = False):
    def register(fn):
        if root and not ROOT:

            def skipped(ctx):
                return Outcome("skip", "needs root (mounts, chattr, mknod)")

            CASES.append((name, what, skipped))
        else:
            CASES.append((name, what, fn))
        return fn

    return register


# --- markup and formulas that run ------------------------------------------------------------


@case("description-html", "deck description '<img src=x onerror=...>' in the .apkg")
def _(ctx):
    p = ctx.project()
    deck_yaml = p / "cards" / "deck.yaml"
    deck_yaml.write_text(deck_yaml.read_text().replace("A small deck for tests.", f"'{PAYLOAD}'"))
    out = ctx.run("-C", p, "build")
    if out.code == 0:
        desc = apkg_strings(deck_file(p))["decks"]
        stored = next(d["desc"] for d in desc.values() if d["name"] == "Test deck")
        out.effect = "stored raw (runs in Anki's overview)" if "<img" in stored else f"stored escaped: {stored[:40]}"
    return out


FORMULA_STARTS = (
    '=HYPERLINK("http://x","y")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\tx",
    "\rx",
)


def formula_cards() -> str:
    """One qa card per dangerous first character, question and answer both starting with it."""
    lines = ["cards:"]
    for i, start in enumerate(FORMULA_STARTS):
        text = json.dumps(start)  # a YAML double-quoted scalar
        lines += [
            f"  - id: formula-{i}",
            "    kind: qa",
            f"    question: {text}",
            f"    answer: {text}",
            "    sources:",
            "      - seed: mini",
            '        quote: "高市早苗"',
            "    tags: [formula]",
        ]
    return "\n".join(lines) + "\n"


@case("csv-formula", "CSV export of questions starting with = + - @ tab CR")
def _(ctx):
    import csv
    import io

    p = ctx.project()
    (p / "cards" / "formulas.yaml").write_text(formula_cards())
    out = ctx.run("-C", p, "export", "--format", "csv", "-o", "-")
    cells = [cell for row in csv.reader(io.StringIO(out.stdout.decode("utf-8-sig", "replace"))) for cell in row]
    live = [c[:1] for c in cells if c[:1] in ("=", "+", "-", "@", "\\t", "\\r")]
    out.effect = f"{len(live)} cells start with a formula character: {sorted(set(live))}"
    return out


# --- outputs that must not be replaced --------------------------------------------------------


@case("o-device-copy", "export -o onto a copy of /dev/null (mknod c 1 3)", root=True)
def _(ctx):
    p = ctx.project()
    dev = ctx.tmp / "null-copy"
    os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    out = ctx.run("-C", p, "export", "--format", "json", "-o", dev)
    st = dev.lstat()
    out.effect = "still a device" if stat.S_ISCHR(st.st_mode) else f"replaced by a {st.st_size}-byte regular file"
    return out


@case("o-fifo", "export -o onto a FIFO")
def _(ctx):
    p = ctx.project()
    fifo = ctx.tmp / "pipe"
    os.mkfifo(fifo)
    out = ctx.run("-C", p, "export", "--format", "json", "-o", fifo, timeout=20)
    out.effect = "still a FIFO" if stat.S_ISFIFO(fifo.lstat().st_mode) else "FIFO replaced by a regular file"
    return out


@case("o-symlink-out", "export -o onto a symlink to a regular file outside the project")
def _(ctx):
    p = ctx.project()
    target = ctx.tmp / "elsewhere.json"
    target.write_text("old\n")
    link = p / "decks" / "link.json"
    link.parent.mkdir()
    link.symlink_to(target)
    out = ctx.run("-C", p, "export", "--format", "json", "-o", link)
    if link.is_symlink():
        out.effect = "link kept, target " + ("rewritten" if target.read_text() != "old\n" else "unchanged")
    else:
        out.effect = "link replaced by a regular file"
    return out


@case("o-stdout-link", "export -o onto a symlink to /proc/self/fd/1 (what /dev/stdout is)")
def _(ctx):
    p = ctx.project()
    link = ctx.tmp / "stdout"
    link.symlink_to("/proc/self/fd/1")
    out = ctx.run("-C", p, "export", "--format", "json", "-o", link)
    printed = b'"format": "deckbuilder-cards"' in out.stdout
    out.effect = ("printed to stdout" if printed else "printed nothing") + (
        "" if link.is_symlink() else "; link replaced by a file"
    )
    return out


@case("o-dev-stdout", "export -o /dev/stdout (run with a private /dev in its own mount namespace)", root=True)
def _(ctx):
    p = ctx.project()
    dev = ctx.tmp / "dev"
    dev.mkdir()
    (dev / "stdout").symlink_to("/proc/self/fd/1")
    os.mknod(dev / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    os.mknod(dev / "urandom", 0o666 | stat.S_IFCHR, os.makedev(1, 9))
    inner = f"mount --bind {dev} /dev && exec {sys.executable} -m builder -C {p} export --format json -o /dev/stdout"
    proc = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", inner],
        cwd=ctx.tmp,
        env=ctx.env(),
        capture_output=True,
        timeout=60,
    )
    out = Outcome(proc.returncode, first_line(proc.stderr, proc.stdout), proc.stdout, proc.stderr)
    printed = b'"format": "deckbuilder-cards"' in proc.stdout
    out.effect = ("printed to stdout" if printed else "printed nothing") + (
        "" if (dev / "stdout").is_symlink() else "; /dev/stdout replaced by a regular file"
    )
    return out


@case("o-dash-build", "build -o - (standard output)")
def _(ctx):
    p = ctx.project()
    out = ctx.run("-C", p, "build", "-o", "-")
    dash = ctx.tmp / "-"
    out.effect = (
        "wrote a file named '-'"
        if dash.exists()
        else ("zip on stdout" if out.stdout[:2] == b"PK" else "no zip on stdout")
    )
    return out


@case("o-dash-preview", "preview -o - (standard output)")
def _(ctx):
    p = ctx.project()
    out = ctx.run("-C", p, "preview", "-o", "-")
    dash = ctx.tmp / "-"
    out.effect = "wrote a file named '-'" if dash.exists() else ("page on stdout" if b"<html" in out.stdout else "")
    return out


@case("o-directory", "build -o onto an existing directory")
def _(ctx):
    p = ctx.project()
    d = ctx.tmp / "adir.apkg"
    d.mkdir()
    return ctx.run("-C", p, "build", "-o", d)


# --- ordinary environment errors --------------------------------------------------------------


@case("disk-full", "build with decks/ on a full tmpfs", root=True)
def _(ctx):
    p = ctx.project()
    decks = ctx.mount_tmpfs(p / "decks", "64k")
    (decks / "filler").write_bytes(b"\0" * 60 * 1024)
    out = ctx.run("-C", p, "build")
    leftovers = [x.name for x in decks.iterdir() if x.name != "filler"]
    out.effect = f"left in decks/: {leftovers}" if leftovers else "decks/ unchanged"
    return out


@case("read-only-mount", "build with the project on a read-only mount", root=True)
def _(ctx):
    mnt = ctx.mount_tmpfs(ctx.tmp / "ro", "4m")
    shutil.copytree(BASIC, mnt / "p")
    subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
    return ctx.run("-C", mnt / "p", "build")


def release_args(ctx: Ctx) -> list[str]:
    """A release: `build` on main before the releases branch, `release --yes` after it."""
    helps = ctx.run("--help").stdout
    return ["release", "--yes"] if b"release" in helps else ["build"]


@case("immutable-deck", "release with decks/<deck>.apkg immutable (chattr +i)", root=True)
def _(ctx):
    p = ctx.project()
    ctx.run("-C", p, *release_args(ctx))
    (p / "cards" / "cards.yaml").write_text(
        (p / "cards" / "cards.yaml").read_text().replace("answer: ", "answer: X", 1)
    )
    deck = deck_file(p)
    lock_before = (p / "cards" / "deck.lock").read_bytes()
    subprocess.run(["chattr", "+i", str(deck)], check=True)
    try:
        out = ctx.run("-C", p, *release_args(ctx), DECKBUILDER_NOW="1767325600")
    finally:
        subprocess.run(["chattr", "-i", str(deck)], check=False)
    out.effect = "lock " + ("unchanged" if (p / "cards" / "deck.lock").read_bytes() == lock_before else "rewritten")
    return out


@case("immutable-lock", "release with cards/deck.lock immutable (chattr +i)", root=True)
def _(ctx):
    p = ctx.project()
    ctx.run("-C", p, *release_args(ctx))
    (p / "cards" / "cards.yaml").write_text(
        (p / "cards" / "cards.yaml").read_text().replace("answer: ", "answer: X", 1)
    )
    deck, log, lock = deck_file(p), p / "decks" / "CHANGELOG.md", p / "cards" / "deck.lock"
    before = (deck.read_bytes(), log.read_bytes() if log.exists() else b"")
    subprocess.run(["chattr", "+i", str(lock)], check=True)
    try:
        out = ctx.run("-C", p, *release_args(ctx), DECKBUILDER_NOW="1767325600")
    finally:
        subprocess.run(["chattr", "-i", str(lock)], check=False)
    after = (deck.read_bytes(), log.read_bytes() if log.exists() else b"")
    changed = [name for name, a, b in zip(("deck", "changelog"), before, after, strict=True) if a != b]
    out.effect = f"rewritten before the failure: {', '.join(changed)}" if changed else "deck and changelog unchanged"
    return out


@case("decks-is-file", "build with decks being a file")
def _(ctx):
    p = ctx.project()
    (p / "decks").write_text("not a folder\n")
    return ctx.run("-C", p, "build")


@case("apkg-is-dir", "build with decks/<deck>.apkg being a directory")
def _(ctx):
    p = ctx.project()
    ctx.run("-C", p, "build")
    deck = deck_file(p)
    deck.unlink()
    deck.mkdir()
    return ctx.run("-C", p, "build")


@case("long-o-name", "build -o with a 245-byte file name (legal)")
def _(ctx):
    p = ctx.project()
    name = ctx.tmp / ("d" * 240 + ".apkg")
    out = ctx.run("-C", p, "build", "-o", name)
    out.effect = "written" if name.is_file() else "not written"
    return out


@case("seeds-loop", "seeds/ is a symlink loop")
def _(ctx):
    p = ctx.project()
    shutil.rmtree(p / "seeds")
    (p / "seeds").symlink_to(p / "seeds")
    return ctx.run("-C", p, "build")


@case("pack-bad-lock", "pack with an error in cards/deck.lock")
def _(ctx):
    p = ctx.project()
    ctx.run("-C", p, *release_args(ctx))
    (p / "cards" / "deck.lock").write_text("{ not json")
    return ctx.run("-C", p, "pack")


@case("fifo-lock", "a FIFO at cards/deck.lock, then build")
def _(ctx):
    p = ctx.project()
    os.mkfifo(p / "cards" / "deck.lock")
    out = ctx.run("-C", p, "build", timeout=20)
    written = sorted(x.name for x in (p / "decks").iterdir()) if (p / "decks").is_dir() else []
    out.effect = f"decks/ now has {written}" if written else "nothing written"
    return out


# --- reading only what belongs to the project -------------------------------------------------


@case("card-symlink-out", "a card file that is a symlink to a file outside the project")
def _(ctx):
    p = ctx.project()
    outside = ctx.tmp / "outside.yaml"
    text = (p / "cards" / "cards.yaml").read_text()
    outside.write_text(text.replace("id: ", "id: outside-").replace("answer: ", "answer: SECRET-"))
    (p / "cards" / "linked.yaml").symlink_to(outside)
    out = ctx.run("-C", p, "build")
    if out.code == 0:
        notes = apkg_strings(deck_file(p))["notes"]
        out.effect = "outside text in the deck" if any("SECRET-" in n for n in notes) else "outside text not in deck"
    return out


@case("seed-symlink-out", "a seed file that is a symlink to a file outside the project")
def _(ctx):
    p = ctx.project()
    outside = ctx.tmp / "outside.txt"
    outside.write_bytes((p / "seeds" / "other.txt").read_bytes())
    (p / "seeds" / "other.txt").unlink()
    (p / "seeds" / "other.txt").symlink_to(outside)
    return ctx.run("-C", p, "check")


@case("fifo-card", "a FIFO named cards/x.yaml")
def _(ctx):
    p = ctx.project()
    os.mkfifo(p / "cards" / "x.yaml")
    return ctx.run("-C", p, "check", timeout=20)


@case("lookalike-cards", "card files Extra.YAML, x.yaml.txt, .yaml, cards/units/x.yaml")
def _(ctx):
    p = ctx.project()
    text = (p / "cards" / "cards.yaml").read_text()
    for i, rel in enumerate(("Extra.YAML", "x.yaml.txt", ".yaml", "units/x.yaml")):
        f = p / "cards" / rel
        f.parent.mkdir(exist_ok=True)
        f.write_text(text.replace("id: ", f"id: lookalike{i}-"))
    out = ctx.run("-C", p, "check")
    out.effect = f"{out.stderr.count(b'warning')} warnings"
    return out


@case("nfd-seed-name", "sources.yaml names 'café.txt' (NFC), the file is NFD")
def _(ctx):
    import unicodedata

    p = ctx.project()
    nfc, nfd = "caf\u00e9.txt", unicodedata.normalize("NFD", "caf\u00e9.txt")
    (p / "seeds" / "other.txt").rename(p / "seeds" / nfd)
    sources = p / "seeds" / "sources.yaml"
    sources.write_text(sources.read_text().replace("other.txt", nfc))
    return ctx.run("-C", p, "check")


# --- PDFs --------------------------------------------------------------------------------------


def fake_chromium(ctx: Ctx, body: str) -> str:
    path = ctx.tmp / "fake-chromium"
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)
    return str(path)


@case("pdf-not-pdf", "pack with a Chromium that writes HTML as the PDF")
def _(ctx):
    p = ctx.project()
    chromium = fake_chromium(
        ctx, 'for a; do case "$a" in --print-to-pdf=*) echo "<html>oops</html>" > "${a#--print-to-pdf=}";; esac; done'
    )
    out = ctx.run("-C", p, "pack", DECKBUILDER_CHROMIUM=chromium)
    zips = list((p / "decks").glob("*.zip"))
    if zips:
        with zipfile.ZipFile(zips[0]) as zf:
            pdfs = [n for n in zf.namelist() if n.endswith(".pdf")]
        out.effect = f"shipped {len(pdfs)} non-PDF .pdf files" if pdfs else "no .pdf in the pack"
    return out


@case("pdf-hang", "pack with a Chromium that hangs (fake: sleeps 300 s)")
def _(ctx):
    p = ctx.project()
    chromium = fake_chromium(ctx, "sleep 300")
    started = time.monotonic()
    out = ctx.run("-C", p, "pack", timeout=200, DECKBUILDER_CHROMIUM=chromium)
    out.effect = f"gave up after {time.monotonic() - started:.0f} s"
    return out


# --- signals -----------------------------------------------------------------------------------


def big_project(ctx: Ctx, cards: int = 20000) -> Path:
    sys.path.insert(0, str(REPO))
    from tests.bigproject import write_project

    return write_project(ctx.tmp / "big", cards)


def signal_runs(ctx: Ctx, args: list, sig: int, delays: list[float], **env: str) -> Outcome:
    """Start the command once per delay, send `sig` to its whole process group after that delay."""
    codes, lines, traces, temps = [], [], 0, 0
    runs = len(delays)
    for delay in delays:
        proc = ctx.popen(*args, **env)
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, sig)
        try:
            stdout, stderr = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            stdout, stderr = proc.communicate()
        time.sleep(0.2)  # let killed workers finish dying before counting their output
        codes.append(proc.returncode)
        lines.append(first_line(stderr, stdout))
        traces += tracebacks(stderr) > 0
        temps += len(list(ctx.tmp.rglob("*.tmp")))
    out = Outcome("/".join(str(c) for c in sorted(set(codes))), max(set(lines), key=lines.count))
    out.effect = f"tracebacks in {traces}/{runs} runs; temp files left: {temps}"
    return out


@case(
    "sigint-build-workers",
    "Ctrl-C (SIGINT to the process group) during a 20k-card build with 4 workers, 8 runs at 0.6-2.7 s",
)
def _(ctx):
    p = big_project(ctx)
    ctx.run("-C", p, "check", DECKBUILDER_CACHE="0")  # warm the page cache
    return signal_runs(
        ctx,
        ["-C", p, "build"],
        signal.SIGINT,
        [0.6 + 0.3 * i for i in range(8)],
        DECKBUILDER_JOBS="4",
        DECKBUILDER_CACHE="0",
    )


@case("sigterm-build", "SIGTERM to the process group during a 20k-card build with 4 workers, 4 runs at 0.6-2.4 s")
def _(ctx):
    p = big_project(ctx)
    return signal_runs(
        ctx,
        ["-C", p, "build"],
        signal.SIGTERM,
        [0.6 + 0.6 * i for i in range(4)],
        DECKBUILDER_JOBS="4",
        DECKBUILDER_CACHE="0",
    )


@case("sigint-pack", "Ctrl-C during pack (while Chromium prints), first release")
def _(ctx):
    p = ctx.project()
    chromium = fake_chromium(ctx, "sleep 30")
    out = signal_runs(ctx, ["-C", p, "pack"], signal.SIGINT, [2.5], DECKBUILDER_CHROMIUM=chromium)
    written = sorted(x.name for x in (p / "decks").iterdir()) if (p / "decks").is_dir() else []
    out.effect += f"; decks/ holds {written}; lock {'written' if (p / 'cards' / 'deck.lock').exists() else 'absent'}"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=REPO, help="checkout whose builder/ to run (default: this one)")
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    parser.add_argument("--skip", default="", help="skip cases whose name contains this (comma-separated)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    skip = [s for s in args.skip.split(",") if s]
    rows = []
    for name, what, fn in CASES:
        if args.only not in name or any(s in name for s in skip):
            continue
        with tempfile.TemporaryDirectory(prefix="faults-") as tmp:
            ctx = Ctx(args.source.resolve(), Path(tmp))
            try:
                out = fn(ctx)
            finally:
                ctx.unmount_all()
        rows.append((name, what, str(out.code), out.line, out.effect))
        if not args.markdown:
            print(
                f"{name:22} {str(out.code):>5}  {out.line[:110]}" + (f"\n{'':29}-> {out.effect}" if out.effect else "")
            )
            sys.stdout.flush()
    if args.markdown:
        print("| case | what | exit | first line | effect |\n|---|---|---|---|---|")
        for row in rows:
            print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")


if __name__ == "__main__":
    main()
