"""One plain-text question and answer per card, for sheets and exports that have no templates.

Anki shows a card through its note type's template; paper, spreadsheets and quiz tools need a
single sentence instead. The wording follows the templates in notetypes.py so a student sees the
same question on paper as in Anki (a person card is asked in its first direction, name → role).
Text is NOT escaped here: each output escapes for its own format. It is in the articles'
typography (curly quotes, core/typography.py), and articles are named by `Seed.name` (the label
in sources.yaml), the same words on every card, page and export.
"""

from __future__ import annotations

from builder.core.model import SUBDECK_NAMES, Card, Deck, Seed
from builder.core.typography import typographic

# Capitalised common words a position's holder may start with ("The student article", "Analysts cited
# by ...", "Some in South Korea"): the holder is read mid-sentence ("What is the position of the student
# article on ..."), so such a word is lower-cased there. A proper name ("Lee Jae Myung", "TIME", "South
# Korea", "Seoul") never starts with one of these words and is left as written.
COMMON_LEADING_WORDS = frozenset(
    [
        "The",
        "A",
        "An",
        "Some",
        "Many",
        "Most",
        "Several",
        "Other",
        "Others",
        "Analysts",
        "Critics",
        "Officials",
        "Unnamed",
        "Experts",
        "Observers",
        "Commentators",
        "Scholars",
        "Researchers",
        "Sources",
        "Diplomats",
    ]
)


def holder_text(holder: str) -> str:
    """The holder as read mid-sentence: a leading common word (COMMON_LEADING_WORDS) lower-cased."""
    first = holder.split(" ", 1)[0]
    if first in COMMON_LEADING_WORDS:
        return first.lower() + holder[len(first) :]
    return holder


def question_text(card: Card) -> str:
    if card.kind == "person":
        return typographic(f"Who is {card.get('name')}?")
    if card.kind == "quote":
        return f"Who said this? “{typographic(card.get('quotation'))}”"
    return typographic(position_question(card) if card.kind == "position" else card.get("question"))


def position_question(card: Card) -> str:
    """The question a position card asks (its note's first field): holder and topic in one sentence."""
    return f"What is the position of {holder_text(card.get('holder'))} on {card.get('topic')}?"


def answer_text(card: Card) -> str:
    """What the student answers (model.QUESTION_ANSWER, the one mapping): a person card's role,
    in the articles' typography."""
    return typographic(card.answer)


# --- articles as students see them named ----------------------------------------------------


def capitalised(text: str) -> str:
    """A label at the start of a line: "a student newspaper article ..." → "A student newspaper article ..."."""
    return text[:1].upper() + text[1:]


def author_names(authors: str) -> list[str]:
    """ "Yoshiaki Nohara; Soo-Hyang Choi" → ["Yoshiaki Nohara", "Soo-Hyang Choi"]."""
    return [a.strip() for a in authors.replace(" and ", ";").split(";") if a.strip()]


def authors_text(authors: str) -> str:
    """ "Yoshiaki Nohara; Soo-Hyang Choi" → "Yoshiaki Nohara and Soo-Hyang Choi"."""
    names = author_names(authors)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def source_parts(seed: Seed) -> list[str]:
    """An article's source line, only what is known: its name (Seed.name, capitalised), then the
    headline, the authors and the date when sources.yaml states them and the name does not say them."""
    label = seed.name
    parts = [capitalised(typographic(label))]
    if seed.stated("headline") and seed.headline.strip() not in label:
        parts.append(f"“{typographic(seed.headline.strip())}”")
    if seed.stated("authors") and not all(name in label for name in author_names(seed.authors)):
        parts.append("by " + authors_text(seed.authors))
    if seed.stated("date"):
        parts.append(seed.date.strip())
    return parts


def more_articles(n: int) -> str:
    """The line that folds away the rest of a long list of citations."""
    return f"and {n} more article{'' if n == 1 else 's'}"


def primary_seed(card: Card) -> str:
    """The article a card is filed under on paper: its first source."""
    return card.sources[0].seed


DISAGREEMENT_TAG = "discrepancy"  # cards on where the articles disagree: each version with its citation


def is_disagreement(card: Card) -> bool:
    return DISAGREEMENT_TAG in (t.lower() for t in card.tags)


def disagreements(deck: Deck) -> list[Card]:
    """The cards on where the articles disagree (tag `discrepancy`), in file order: the sheets
    gather them in one section instead of filing each under the first article it cites."""
    return [c for c in deck.cards if is_disagreement(c)]


def grouped(deck: Deck) -> list:
    """[(kind heading, [(seed, [cards])])] in the order the sheets print them: by kind, then by
    article in sources.yaml order, cards in file order within each group. Disagreement cards are
    not here (disagreements(): they belong to no one article)."""
    groups = []
    for kind, heading in SUBDECK_NAMES.items():
        by_seed = []
        for seed in deck.seeds:
            cards = [
                c for c in deck.cards if c.kind == kind and primary_seed(c) == seed.alias and not is_disagreement(c)
            ]
            if cards:
                by_seed.append((seed, cards))
        if by_seed:
            groups.append((kind, heading, by_seed))
    return groups


def ordered_cards(deck: Deck) -> list:
    """Cards in sheet order (by kind and article, then the disagreements); a card's number on the
    handout and the quiz is its index here + 1."""
    return [c for _, _, by_seed in grouped(deck) for _, cards in by_seed for c in cards] + disagreements(deck)
