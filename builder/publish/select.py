"""Assignment subsets: `--kind`, `--tag`, `--source` pick part of a loaded deck.

Why a subset is its own deck but not its own notes: a student may import "only the quotes from
TIME" today and the full deck next week. The subset keeps the full deck's note GUIDs (so the
second import finds the same notes, no duplicates) but gets its own name, deck ID and file name,
all derived from the normalised filter, so the same filter always gives the same deck.

Filters combine like a search: OR within one option (`--kind quote --kind date`), AND across
options (`--kind quote --source time`). A tag filter matches the tag itself and its children
(`--tag person` matches `person::lee-jae-myung`), case-insensitively, as Anki's tag search does;
it sees the automatic tags (`kind::…`, `source::…`) as well as the author's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from builder.anki.render import tags_for
from builder.core.model import KINDS, SUBDECK_NAMES, Deck, Seed
from builder.publish.naming import deck_filename
from builder.publish.naming import slug as slug_of


class SelectionError(ValueError):
    """A filter that names nothing known, or selects no card: a usage error with a hint."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Selection:
    kinds: tuple = ()
    tags: tuple = ()
    sources: tuple = ()

    @classmethod
    def of(cls, kinds=(), tags=(), sources=()) -> Selection:
        """Normalise: sorted, de-duplicated, tags lower-cased; the same filter always compares equal."""
        order = {k: i for i, k in enumerate(KINDS)}
        return cls(
            kinds=tuple(sorted(set(kinds), key=lambda k: order.get(k, len(order)))),
            tags=tuple(sorted({t.strip().lower() for t in tags if t.strip()})),
            sources=tuple(sorted({s.strip() for s in sources if s.strip()})),
        )

    @property
    def empty(self) -> bool:
        return not (self.kinds or self.tags or self.sources)

    @property
    def spec(self) -> str:
        """The canonical text of the filter: what the subset's deck ID is hashed from."""
        return ";".join(
            f"{name}={','.join(values)}"
            for name, values in (("kind", self.kinds), ("source", self.sources), ("tag", self.tags))
            if values
        )


@dataclass(frozen=True)
class Subset:
    """The deck to write: `deck` has the subset's name and ID; GUIDs still hash `guid_deck_id`."""

    deck: Deck
    guid_deck_id: int
    filename: str  # e.g. lee-jae-myung-...--quotes-from-time.apkg
    selection: Selection
    pool: Deck | None = None  # the full deck a subset was taken from (quiz options are drawn from it)

    @property
    def whole(self) -> Deck:
        """The full deck: `pool` for a subset, `deck` itself otherwise."""
        return self.pool or self.deck

    @property
    def stem(self) -> str:
        return self.filename[: -len(".apkg")]


def _tag_matches(wanted: str, tag: str) -> bool:
    tag = tag.lower()
    return tag == wanted or tag.startswith(wanted + "::")


def card_matches(card, selection: Selection) -> bool:
    if selection.kinds and card.kind not in selection.kinds:
        return False
    if selection.sources and not {s.seed for s in card.sources} & set(selection.sources):
        return False
    return not selection.tags or any(_tag_matches(w, t) for w in selection.tags for t in tags_for(card))


def _short_outlet(seed: Seed) -> str:
    return seed.name


def _or(words) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _and(words) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def subset_label(deck: Deck, selection: Selection) -> str:
    """'Quotes from TIME', 'Dates and People, tagged nara-summit': readable, and fixed by the filter;
    the core set (only `--tag core`) is 'Core cards'."""
    if selection == Selection(tags=("core",)):
        return "Core cards"
    label = _and(SUBDECK_NAMES[k] for k in selection.kinds) if selection.kinds else "Cards"
    if selection.sources:
        label += " from " + _or(_short_outlet(deck.seed(a)) for a in selection.sources)
    if selection.tags:
        label += ", tagged " + _or(selection.tags)
    return label


def subset_deck_id(full_id: int, selection: Selection) -> int:
    # 52 bits: stays exact in JSON and JavaScript, far from the millisecond-timestamp ids Anki makes
    return int(hashlib.sha256(f"{full_id}|{selection.spec}".encode()).hexdigest()[:13], 16)


def subset_filename(full_name: str, selection: Selection) -> str:
    words = [SUBDECK_NAMES[k].lower() for k in selection.kinds] or ["cards"]
    if selection.sources:
        words += ["from"] + list(selection.sources)
    if selection.tags:
        words += ["tagged"] + list(selection.tags)
    slug = slug_of(" ".join(words), max_bytes=1000)
    if len(slug.encode("utf-8")) > 60:  # keep names short on every file system, and still one per filter
        slug = slug_of(slug, max_bytes=50) + "-" + hashlib.sha256(selection.spec.encode()).hexdigest()[:8]
    return deck_filename(full_name)[: -len(".apkg")] + "--" + slug + ".apkg"


def check_selection(deck: Deck, selection: Selection) -> None:
    unknown_kinds = [k for k in selection.kinds if k not in KINDS]
    if unknown_kinds:
        raise SelectionError(f"unknown kind '{unknown_kinds[0]}'", hint="kinds are: " + ", ".join(KINDS))
    aliases = [s.alias for s in deck.seeds]
    unknown = [a for a in selection.sources if a not in aliases]
    if unknown:
        raise SelectionError(
            f"--source '{unknown[0]}' is not an article alias",
            hint="aliases in seeds/sources.yaml: " + ", ".join(sorted(aliases)),
        )


def select(deck: Deck, selection: Selection) -> Subset:
    """The full deck when the selection is empty, otherwise the matching cards as their own deck.

    Raises SelectionError when a filter names an unknown kind or article, or matches no card:
    an empty deck would import as nothing and look like a bug to the student.
    """
    if selection.empty:
        return Subset(deck, deck.info.id, deck_filename(deck.info.name), selection)
    check_selection(deck, selection)
    cards = tuple(c for c in deck.cards if card_matches(c, selection))
    if not cards:
        all_tags = sorted({t.lower() for c in deck.cards for t in tags_for(c)})
        raise SelectionError(
            f"no card matches the filter ({selection.spec.replace(';', ' and ')})",
            hint="filters are ANDed across --kind/--tag/--source; tags in this deck: "
            + ", ".join(all_tags[:30])
            + (" ..." if len(all_tags) > 30 else ""),
        )
    info = replace(
        deck.info,
        name=f"{deck.info.name} — {subset_label(deck, selection)}",
        id=subset_deck_id(deck.info.id, selection),
    )
    return Subset(
        replace(deck, info=info, cards=cards),
        deck.info.id,
        subset_filename(deck.info.name, selection),
        selection,
        pool=deck,
    )
