"""`deckbuilder init`: a new project folder with one example article and one card of each kind."""

from __future__ import annotations

import secrets
from pathlib import Path

from builder.source.schema import schema_text

EXAMPLE_ARTICLE = """\
RIVERTON — The Riverton city council voted 7-2 on Monday, March 2, to build a footbridge over the Mill River, \
ending a debate that began in 2019.
“A bridge is cheaper than another decade of traffic jams,” said Mayor Dana Ortiz after the vote.
Council member Sam Lee, who voted against the plan, said the money should go to the library first.
Construction is expected to start in the spring of 2027.
"""

SOURCES_YAML = """\
# Metadata for every article in seeds/. Record only what the article states; write `unknown` otherwise.
seeds:
  example:
    file: example-article.txt
    outlet: Riverton Example Gazette
    headline: Council approves Mill River footbridge
    authors: unknown
    date: unknown
"""

# what init writes in cards/deck.yaml until the teacher says what the deck is: a release refuses it
EXAMPLE_DESCRIPTION = "Example deck. Replace this with what your class studies."

DECK_YAML = """\
deck:
  name: {name}
  id: {deck_id}        # chosen once by 'deckbuilder init'; never change it
  description: {description}
  version: 1
"""

CARDS_YAML = """\
# yaml-language-server: $schema=../schema/cards.schema.json
# One example card of each kind. Every `quote` is copied word for word from the article.
# They are tagged init-example: 'deckbuilder release' refuses them. Delete this file (or the
# tag of a card you keep) before your first release; 'deckbuilder build' drafts are fine.
cards:
  - id: bridge-vote-date
    kind: date
    question: On what date did the Riverton council vote on the Mill River footbridge?
    answer: Monday, March 2
    sources:
      - seed: example
        quote: voted 7-2 on Monday, March 2, to build a footbridge
    tags: [bridge-vote, init-example]

  - id: person-dana-ortiz
    kind: person
    name: Dana Ortiz
    role: Mayor of Riverton
    sources:
      - seed: example
        quote: said Mayor Dana Ortiz after the vote
      - seed: example          # a second passage of the same article: where "Riverton" is stated
        quote: The Riverton city council voted
    tags: [person::dana-ortiz, init-example]

  - id: quote-bridge-cheaper
    kind: quote
    quotation: A bridge is cheaper than another decade of traffic jams.
    speaker: Mayor Dana Ortiz
    context: After the council vote on the footbridge
    sources:
      - seed: example
        quote: "“A bridge is cheaper than another decade of traffic jams,” said Mayor Dana Ortiz"
    tags: [bridge-vote, person::dana-ortiz, init-example]

  - id: position-sam-lee-bridge
    kind: position
    holder: Council member Sam Lee
    topic: the footbridge spending
    position: Voted against; the money should go to the library first.
    sources:
      - seed: example
        quote: Council member Sam Lee, who voted against the plan, said the money should go to the library first.
    tags: [bridge-vote, person::sam-lee, init-example]

  - id: bridge-vote-count
    kind: qa
    question: What was the council's vote count on the Mill River footbridge?
    answer: 7-2
    sources:
      - seed: example
        quote: voted 7-2
    tags: [bridge-vote, init-example]
"""


def create_project(directory: Path, name: str = "Example deck") -> list[Path]:
    """Write the example project; refuses to touch a folder that already has cards/ or seeds/."""
    for sub in ("cards", "seeds"):
        if (directory / sub).exists():
            raise FileExistsError(f"{directory / sub} already exists")
    files = {
        directory / "seeds" / "example-article.txt": EXAMPLE_ARTICLE,
        directory / "seeds" / "sources.yaml": SOURCES_YAML,
        directory / "cards" / "deck.yaml": DECK_YAML.format(
            name=name, deck_id=10**12 + secrets.randbelow(9 * 10**12), description=EXAMPLE_DESCRIPTION
        ),
        directory / "cards" / "examples.yaml": CARDS_YAML,
        directory / "decks" / ".gitkeep": "",
        directory / "schema" / "cards.schema.json": schema_text(),  # for the $schema line of card files
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
