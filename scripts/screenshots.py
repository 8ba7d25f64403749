"""Screenshots for the README and docs/: the preview page, the handout, and every card template.

Builds the pages from the project (default: this repository's shipped deck) into a temporary
folder and opens them from disk in headless Chromium (Playwright, /usr/bin/chromium):
- docs/preview.png, docs/handout.png: the first screen of each page;
- docs/cards/<template>-desktop.png: front and back of one card of each template, light (top
  row) and in Anki's night mode (bottom row), each side 560 px wide as in Anki's desktop window;
- docs/cards/<template>-phone.png: the same four sides at a phone's 360 px, side by side.
Each side is the card HTML as Anki shows it (cardview.anki_page: the note type's CSS, Anki's body
classes), so the pictures are the 2.0 cards. When `pngquant` is installed (apt-get install
pngquant) every PNG is reduced to a 256-colour palette, a third of the size. Run after the deck or
the card design changes:

    python scripts/screenshots.py [--project DIR] [--out docs]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import builder
from builder.anki.cardview import anki_page, card_views
from builder.anki.render import render_deck
from builder.core.html import escape

# one card per template, chosen to show what the design does: several articles folded, a context
# line, a long position question, the article's own quotation marks
EXAMPLES = {
    "qa": "disc-business-delegation",
    "date": "date-beijing-summit",
    "person": "person-lee-jae-myung",
    "quote": "quote-sneider-perilous",
    "position": "position-lee-takaichi-apec-pledge",
}


def _slug(template: str) -> str:
    """ "Holder + Topic → Position" → "holder-topic-position"."""
    return re.sub(r"[^a-z0-9]+", "-", template.lower()).strip("-")


def _grid(views, width: int, columns: int) -> str:
    """A page of iframes, one per card side (its own document, so Anki's body classes apply)."""
    frames = []
    for view in views:
        for night in (False, True):
            for back in (False, True):
                frames.append((view, back, night))
    if columns == 2:  # light row, then night row
        frames.sort(key=lambda f: (f[2], f[1]))
    cells = "".join(
        f'<iframe style="width:{width}px;border:0;display:block" '
        f'srcdoc="{escape(anki_page(view, back=back, night=night))}"></iframe>'
        for view, back, night in frames
    )
    return (
        '<!DOCTYPE html><html><body style="margin:0;background:#888">'
        f'<div style="display:grid;grid-template-columns:repeat({columns},{width}px);gap:4px;width:max-content">'
        f"{cells}</div></body></html>"
    )


def _shoot(browser, html: str, target: Path) -> None:
    page = browser.new_page(viewport={"width": 600, "height": 400}, device_scale_factor=1)
    page.set_content(html)
    page.wait_for_load_state("load")
    page.evaluate(
        "() => { for (const f of document.querySelectorAll('iframe')) "
        "f.style.height = f.contentDocument.documentElement.scrollHeight + 'px'; }"
    )
    grid = page.locator("div").first
    grid.screenshot(path=str(target))
    page.close()
    _report(target)


def _report(target: Path) -> None:
    """Shrink the PNG with pngquant when it is installed, then say what was written."""
    pngquant = shutil.which("pngquant")
    if pngquant:
        subprocess.run([pngquant, "--force", "--skip-if-larger", "--ext", ".png", "256", str(target)], check=False)
    print(f"wrote {target} ({target.stat().st_size / 1024:.0f} KiB)")


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
    (args.out / "cards").mkdir(exist_ok=True)
    notes = {n.card_id: n for n in render_deck(loaded.deck)}
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
            _report(target)
            page.close()
        for kind, card_id in EXAMPLES.items():
            note = notes.get(card_id) or next(n for n in notes.values() if n.kind == kind)
            for view in card_views(note):
                stem = args.out / "cards" / _slug(view.template)
                _shoot(browser, _grid([view], 560, 2), stem.with_name(stem.name + "-desktop.png"))
                _shoot(browser, _grid([view], 360, 4), stem.with_name(stem.name + "-phone.png"))
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
