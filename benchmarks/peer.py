"""The peer: anki-yaml-tool (PyPI) building the same cards, for a ratio against deckbuilder.

    python benchmarks/peer.py PROJECT_DIR [--repeat N]

anki-yaml-tool builds an .apkg from one YAML file: a note type (`config`) and a list of notes
(`data`). `convert` writes a project's cards in that form: one note type with the fields a card
shows (front, back, context, citation, sources, card id), each card's question and answer by its
kind, its quotations joined as the citation, its tags. It runs in a virtualenv of its own
(`ensure_peer`: made once, with pip, in ~/.cache/deckbuilder-bench/), so its dependencies
(pydantic, requests, its own genanki) never meet ours.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

PEER = "anki-yaml-tool"
PEER_VERSION = "0.4.0"
VENVS = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "deckbuilder-bench"
QUESTION_ANSWER = {
    "qa": ("question", "answer"),
    "date": ("question", "answer"),
    "person": ("name", "role"),
    "quote": ("quotation", "speaker"),
    "position": ("topic", "position"),
}
CONFIG = {
    "name": "Benchmark card",
    "fields": ["Front", "Back", "Context", "Citation", "Sources", "CardId"],
    "templates": [
        {
            "name": "Card 1",
            "qfmt": "<div class='front'>{{Front}}</div>",
            "afmt": "{{FrontSide}}<hr id=answer>{{Back}}<div>{{Context}}</div><div>{{Citation}}</div>"
            "<div>{{Sources}}</div>",
        }
    ],
    "css": ".card { font-family: arial; font-size: 20px; }\n",
}


def ensure_peer() -> Path:
    """The anki-yaml-tool executable, installed into its own virtualenv on first use."""
    venv = VENVS / f"{PEER}-{PEER_VERSION}"
    exe = venv / "bin" / PEER
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", f"{PEER}=={PEER_VERSION}"], check=True)
    return exe


def convert(project: Path, out: Path) -> Path:
    """The project's cards as one anki-yaml-tool deck file; returns its path."""
    data = []
    for path in sorted((project / "cards").glob("*.yaml")):
        if path.name in ("deck.yaml", "exclusions.yaml"):
            continue
        for card in yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)["cards"]:
            question, answer = QUESTION_ANSWER[card["kind"]]
            data.append(
                {
                    "front": str(card[question]),
                    "back": str(card[answer]),
                    "context": str(card.get("context", "")),
                    "citation": " / ".join(str(s["quote"]) for s in card["sources"]),
                    "sources": ", ".join(str(s["seed"]) for s in card["sources"]),
                    "cardid": card["id"],
                    "tags": [str(t) for t in card.get("tags", [])],
                }
            )
    deck = out / "deck.yaml"
    deck.write_text(
        yaml.dump({"config": CONFIG, "deck-name": "Benchmark deck", "data": data}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return deck


def command(exe: Path, deck: Path, apkg: Path) -> list[str]:
    return [str(exe), "build", "--file", str(deck), "--output", str(apkg)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    exe = ensure_peer()
    with tempfile.TemporaryDirectory() as tmp:
        deck = convert(args.project, Path(tmp))
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            subprocess.run(command(exe, deck, Path(tmp) / "peer.apkg"), check=True, capture_output=True)
            times.append(time.perf_counter() - started)
    print(f"{PEER} {PEER_VERSION}: best of {args.repeat}: {min(times):.2f} s")


if __name__ == "__main__":
    main()
