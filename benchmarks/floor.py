"""The floor: only the unavoidable work of a build, for comparison with `deckbuilder build`.

    python benchmarks/floor.py PROJECT_DIR [-o OUT.apkg]

Reads every card file into plain Python objects with the fastest YAML parser available
(rapidyaml, else PyYAML's C loader) and writes the same notes (same note types, fields, tags,
GUIDs) with genanki. No validation, no citation check, no lock, no HTML escaping.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import genanki

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from builder.anki.notetypes import NOTE_TYPES

try:
    import ryml

    def parse(data: bytes):
        tree = ryml.parse_in_arena(data)

        def walk(node):
            if tree.is_map(node):
                return {bytes(tree.key(c)).decode(): walk(c) for c in ryml.children(tree, node)}
            if tree.is_seq(node):
                return [walk(c) for c in ryml.children(tree, node)]
            return bytes(tree.val(node)).decode()

        root = tree.root_id()
        return walk(tree.first_child(root) if tree.is_stream(root) else root)

    PARSER = "rapidyaml"
except ImportError:  # pragma: no cover
    import yaml

    def parse(data: bytes):
        return yaml.load(data, Loader=yaml.CSafeLoader)

    PARSER = "PyYAML CSafeLoader"


def floor(project: Path, out: Path) -> int:
    deck_id = 1768176000999
    models = {
        kind: genanki.Model(
            nt.id,
            nt.name,
            fields=[{"name": f} for f in nt.field_names],
            templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in nt.templates],
            css=nt.css,
        )
        for kind, nt in NOTE_TYPES.items()
    }
    deck = genanki.Deck(deck_id, "Benchmark deck")
    count = 0
    for path in sorted((project / "cards").glob("*.yaml")):
        if path.name in ("deck.yaml", "exclusions.yaml"):
            continue
        for card in parse(path.read_bytes())["cards"]:
            model = models[card["kind"]]
            values = {
                **card,
                "date": card.get("answer", ""),
                "cardid": card["id"],
                "citation": " ".join(s["quote"] for s in card["sources"]),
                "sources": ", ".join(s["seed"] for s in card["sources"]),
            }
            fields = [values.get(f["name"].lower(), "") for f in model.fields]
            deck.add_note(
                genanki.Note(
                    model=model, fields=fields, tags=card.get("tags", []), guid=genanki.guid_for(deck_id, card["id"])
                )
            )
            count += 1
    genanki.Package(deck).write_to_file(str(out))
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("-o", "--output", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.output or Path(tmp) / "floor.apkg"
        n = floor(args.project, out)
        print(f"floor: {n} notes with {PARSER}", file=sys.stderr)


if __name__ == "__main__":
    main()
