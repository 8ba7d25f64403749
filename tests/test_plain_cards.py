"""Card files read without positions (load_plain + plain_card_file) give the cards the located
path gives, and only for files that have no diagnostic at all."""

import random
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from builder.core.model import Project
from builder.engine.pipeline import load_project
from builder.source import load
from builder.source.validate import plain_card_file, validate_card_file

REPO = Path(__file__).parent.parent
CARD_FILES = sorted(
    p
    for p in [*(REPO / "tests" / "data").rglob("cards/*.yaml"), *(REPO / "cards").glob("*.yaml")]
    if p.name not in ("deck.yaml", "exclusions.yaml")
)


def unlocated(card):
    return replace(
        card,
        line=0,
        col=0,
        keys=tuple((key, 0, 0) for key, _, _ in card.keys),
        sources=tuple(replace(s, line=0, col=0) for s in card.sources),
    )


def agrees(data: bytes) -> bool:
    """plain_card_file declines, or gives validate_card_file's cards (unlocated) with no diagnostic."""
    root = load.load_plain(data)
    cards = plain_card_file(root, "cards/x.yaml") if root is not None else None
    if cards is None:
        return True
    doc, diags = load.load_bytes(data, "cards/x.yaml")
    located, more, _ = validate_card_file(doc)
    return not diags and not more and [unlocated(c) for c in located] == cards


@pytest.mark.parametrize("path", CARD_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_card_file_gives_the_same_cards_plain_or_located(path):
    assert agrees(path.read_bytes())


def test_valid_card_files_are_read_plain():
    for path in (REPO / "tests" / "data" / "valid" / "basic" / "cards").glob("*.yaml"):
        if path.name != "deck.yaml":
            assert plain_card_file(load.load_plain(path.read_bytes()), "cards/x.yaml"), path


def test_generated_card_files_are_read_plain(tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    generate(tmp_path, 500, 5, seed=3)
    for path in sorted((tmp_path / "cards").glob("cards_*.yaml")):
        data = path.read_bytes()
        assert plain_card_file(load.load_plain(data), "cards/x.yaml") is not None and agrees(data), path


def test_mutated_card_files_give_the_same_cards_plain_or_located():
    """Edits that break a card in every way a validator checks (keys, kinds, ids, tags, sources)."""
    texts = [p.read_bytes().decode() for p in CARD_FILES if load.load_plain(p.read_bytes()) is not None]
    words = ["id", "kind", "qa", "date", "quote", "tags", "sources", "seed", "note", "context", "x y", "kind::a", ","]
    words += ["distractors: [a, b]", "quiz: false", "quiz: maybe", "draft: true", "draft: false", "true", "false"]
    words += ["paraphrase: true", "paraphrase: no", "allow: {lint-twin: why}"]
    rng = random.Random(5)
    plain = 0
    for _ in range(1500):
        text = rng.choice(texts)
        for _ in range(rng.randint(1, 3)):
            pos = rng.randrange(len(text) + 1)
            if rng.random() < 0.5:
                text = text[:pos] + rng.choice(words) + text[pos:]
            else:
                text = text[:pos] + text[pos + rng.randint(1, 6) :]
        data = text.encode("utf-8")
        root = load.load_plain(data)
        plain += root is not None and plain_card_file(root, "cards/x.yaml") is not None
        assert agrees(data), text
    assert plain > 100


def test_check_reports_a_rename_at_the_new_id_even_from_a_plain_read(project, run):
    assert run("-C", project, "release", "--yes").exit_code == 0
    path = project / "cards" / "cards.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: nara-date", "id: nara-day"), encoding="utf-8")
    located = load_project(Project(project))  # every card at its line
    (card,) = [c for c in located.deck.cards if c.id == "nara-day"]
    line, col = card.at("id")
    out = run("-C", project, "check").output
    assert (
        f"cards/cards.yaml:{line}:{col}: warning" in out and "looks like a rename of released card 'nara-date'" in out
    )


def test_check_reports_a_changed_kind_at_the_kind_even_from_a_plain_read(project, run):
    assert run("-C", project, "release", "--yes").exit_code == 0
    path = project / "cards" / "cards.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    kind: date\n" in text
    path.write_text(text.replace("    kind: date\n", "    kind: qa\n", 1), encoding="utf-8")
    located = load_project(Project(project))
    (card,) = [c for c in located.deck.cards if c.id == "nara-date"]
    line, col = card.at("kind")
    out = run("-C", project, "check").output
    assert f"cards/cards.yaml:{line}:{col}: error[kind-changed]" in out
