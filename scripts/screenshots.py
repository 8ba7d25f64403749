"""Screenshots of the preview page and the handout for the README: docs/preview.png, docs/handout.png.

Builds both pages from the project (default: this repository's shipped deck) into a temporary
folder, opens them from disk in headless Chromium (Playwright, /usr/bin/chromium) and saves the
first screen of each. Run after the deck changes:

    python scripts/screenshots.py [--project DIR] [--out docs]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import builder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "docs")
    parser.add_argument("--search", default="", help="type this into the preview's search box first")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("screenshots: chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    loaded = builder.load(args.project)
    if loaded.deck is None:
        print(f"screenshots: the deck in {args.project} has errors; run deckbuilder check", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        pages = {"preview": builder.preview(loaded.deck), "handout": builder.handout(loaded.deck)}
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"] if os.geteuid() == 0 else [])
        for name, html in pages.items():
            path = Path(tmp) / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            page = browser.new_page(viewport={"width": 1100, "height": 820}, device_scale_factor=1)
            page.goto(path.as_uri())
            if name == "preview" and args.search:
                page.fill("#search", args.search)
            target = args.out / f"{name}.png"
            page.screenshot(path=str(target))
            print(f"wrote {target} ({target.stat().st_size / 1024:.0f} KiB)")
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
