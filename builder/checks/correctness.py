"""Claims checked against their own citations: errors in check, build and release, not lint.

A card can cite the right sentence and still get it wrong: a quotation with a word added, a date
typed as June 16 for the article's "on June 6", a role the article never gives, a number changed.
Each of these is an error located at the key to fix, with the closest wording of the citations as
the hint:

- `quotation-not-cited`: a quote card's quotation occurs in none of its citations after the same
  normalisation as citations (curly quotes, dashes, whitespace); `...`/`…` in the quotation may skip
  words, and the edges may differ in punctuation and in the case of the first letter
  ("Patience is needed." for the article's “patience is needed,”);
- `date-not-cited`: a date card's answer states a month, day, year or weekday that no citation
  states ("Jan. 6" states January 6); an answer without one ("The following day") must have its
  unit (day, week, month, year) cited;
- `role-not-cited`: a person's role has a content word that no citation has (small function words
  are free; a run of capitalised words is cited when any of its words is; plural, possessive and
  "U.S."/"American", "Japan"/"Japanese", "Gov."/"Governor" count as the same word);
- `number-not-cited`: a number in an answer (qa and date answers, positions, roles: digits, and number
  words that state a quantity, "over five years" = "5 years") is in no citation.

`paraphrase: true` on a card is the author saying "these are my words on purpose": its quotation
and role are not checked word for word. Its dates and numbers still are: a paraphrase keeps them.
A draft card (`draft: true`, written by `new --from-coverage`) is not checked until a person edits it.
Only the card's own text and citations are needed, so this runs per card file with the citation
check (cached and in parallel, like it).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from builder.checks.citations import normalize
from builder.checks.facts import find_dates
from builder.checks.text import (
    MONTHS,
    RELATIVE_UNITS,
    WEEKDAYS,
    content,
    date_tokens,
    numbers,
    same_word,
    stems,
    words,
)
from builder.core.diagnostics import Diagnostic
from builder.core.model import Card

# share of a role's content units its citations must contain: one in four may be the author's word
# ("who hosted Lee in Beijing" for the article's "Lee met with Xi on a visit to Beijing")
ROLE_THRESHOLD = 0.75
CODES = ("quotation-not-cited", "date-not-cited", "role-not-cited", "number-not-cited")
_ELLIPSIS = re.compile(r"\.\.\.|…|\[\.\.\.\]")
_EDGE = " \"'.,;:!?()[]-"


def _error(card: Card, key: str, message: str, hint: str, code: str) -> Diagnostic:
    line, col = card.at(key)
    return Diagnostic(card.file, line, col, "error", f"{message}", card=card.id, hint=hint, code=code)


def _pieces(quotation: str) -> list[str]:
    """The quotation's parts between ellipses, normalised, edge punctuation dropped."""
    return [p for p in (normalize(part).strip(_EDGE) for part in _ELLIPSIS.split(quotation)) if p]


def _find_piece(cited: str, piece: str, start: int) -> int:
    """Where `piece` occurs in `cited` at or after `start` (its first letter in either case), or -1."""
    for variant in dict.fromkeys((piece, piece[:1].lower() + piece[1:], piece[:1].upper() + piece[1:])):
        i = cited.find(variant, start)
        if i >= 0:
            return i
    return -1


def quotation_in(quotation: str, citation: str) -> bool:
    """Whether the quotation's pieces occur in the citation, in order."""
    cited, pos = normalize(citation), 0
    pieces = _pieces(quotation)
    for piece in pieces:
        i = _find_piece(cited, piece, pos)
        if i < 0:
            return False
        pos = i + len(piece)
    return bool(pieces)


def _closest(text: str, citations: Iterable[str]) -> tuple[float, str, str]:
    """The citation passage closest to `text` (rapidfuzz's aligned span, widened to whole words),
    as (similarity, passage, the whole citation it is in)."""
    from rapidfuzz import fuzz  # only for a card that fails: keeps start-up light

    best: tuple[float, str, str] = (0.0, "", "")
    needle = normalize(text)
    for citation in citations:
        cited = normalize(citation)
        res = fuzz.partial_ratio_alignment(needle, cited) if needle and cited else None
        if res is None or res.score <= best[0]:
            continue
        start, end = res.dest_start, res.dest_end
        while start > 0 and not cited[start - 1].isspace():
            start -= 1
        while end < len(cited) and not cited[end].isspace():
            end += 1
        best = (res.score, cited[start:end].strip(_EDGE), cited)
    return best


def _alike(mine: str, theirs: str) -> bool:
    """Two wordings of one thing ("16" and "6", "He is" and "He's"), not two different words."""
    if re.search(r"\d", mine) and re.search(r"\d", theirs):
        return True
    return difflib.SequenceMatcher(None, mine.casefold(), theirs.casefold()).ratio() >= 0.5


def _word_changes(mine: str, theirs: str) -> tuple[str, str]:
    """(the words of `theirs` that line up with `mine`, what `mine` changes in them):
    ("between the two", "adds 'men'"), ("on June 6", "has '16' for '6'")."""
    a = [w.strip('"') for w in normalize(mine).strip(_EDGE).split()]
    b = [w.strip('"') for w in normalize(theirs).split()]
    key = lambda w: w.strip(_EDGE).casefold()  # noqa: E731
    ops = difflib.SequenceMatcher(None, [key(w) for w in a], [key(w) for w in b], autojunk=False).get_opcodes()
    equal = [k for k, op in enumerate(ops) if op[0] == "equal"]
    if not equal:
        return "", ""
    lo, hi = ops[equal[0]][3], ops[equal[-1]][4]
    changes = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        ours, cited = " ".join(a[i1:i2]), b[j1:j2]
        if tag == "equal" or (tag == "insert" and (k < equal[0] or k > equal[-1])):
            continue  # the citation's words around the quotation are not a change
        if tag == "replace" and (k < equal[0] or k > equal[-1]):  # at an edge: the nearest words, if alike
            near = cited[-(i2 - i1) :] if k < equal[0] else cited[: i2 - i1]
            if _alike(ours, " ".join(near)):
                lo, hi = (min(lo, j2 - len(near)), hi) if k < equal[0] else (lo, max(hi, j1 + len(near)))
                changes.append(f"has '{ours}' for '{' '.join(near)}'")
            else:
                changes.append(f"adds '{ours}'")
            continue
        if tag == "delete":
            changes.append(f"adds '{ours}'")
        elif tag == "insert":
            changes.append(f"leaves out '{' '.join(cited)}'")
        else:
            changes.append(f"has '{ours}' for '{' '.join(cited)}'")
    return " ".join(b[lo:hi]).strip(_EDGE), ", ".join(changes[:3])


def _quotation(card: Card) -> list[Diagnostic]:
    quotation = card.get("quotation")
    citations = [s.quote for s in card.sources]
    if any(quotation_in(quotation, c) for c in citations):
        return []
    score, passage, citation = _closest(quotation, citations)
    words_of, changes = _word_changes(quotation, citation) if passage else ("", "")
    if words_of and changes:
        hint = f'its citation has "{words_of}" (the quotation {changes}): quote the article\'s words'
    elif passage:
        hint = f'closest wording in its citations ({score:.0f}% similar): "{passage}": quote the article\'s words'
    else:
        hint = "cite the sentence that holds the quotation, word for word ('...' may skip words)"
    return [
        _error(
            card,
            "quotation",
            "the quotation is not in its citations",
            hint + ", or mark a deliberate paraphrase with `paraphrase: true`",
            "quotation-not-cited",
        )
    ]


def _stated_dates(card: Card) -> list[str]:
    """The date expressions of the card's citations, as written ("Jan. 6", "Tuesday")."""
    out: list[str] = []
    for src in card.sources:
        text = normalize(src.quote)
        out += [text[s:e] for s, e in find_dates(text)]
    return list(dict.fromkeys(out))


def _as_date(tokens: Iterable[str]) -> str:
    """Date tokens (date_tokens) as a reader writes them: {"16", "june"} → "June 16", {"wednesday",
    "may", "20", "2020"} → "Wednesday, May 20, 2020"; a unit ("month") stays as it is."""
    weekdays = [t.capitalize() for t in tokens if t in WEEKDAYS]
    months = [t.capitalize() for t in tokens if t in MONTHS.values()]
    digits = sorted((t for t in tokens if t.isdigit()), key=int)
    days, years = [d for d in digits if int(d) <= 31], [d for d in digits if int(d) > 31]
    others = sorted(t for t in tokens if not t.isdigit() and t not in WEEKDAYS and t not in MONTHS.values())
    parts = weekdays + [" ".join(months + days)] * bool(months or days) + years + others
    return ", ".join(p for p in parts if p)


def _date(card: Card) -> list[Diagnostic]:
    answer = card.get("answer")
    wanted = date_tokens(answer)
    cited: set[str] = set()
    for src in card.sources:
        cited |= date_tokens(src.quote)
    if wanted:
        missing = sorted(wanted - cited)
    else:  # a relative date ("last week", "the following day"): its unit must be cited
        cited_words = stems(w for src in card.sources for w in words(src.quote))
        units = [w for w in words(answer) if w in RELATIVE_UNITS]
        missing = sorted({w for w in units if not same_word(w, cited_words)})
    if not missing:
        return []
    stated = _stated_dates(card)
    hint = (
        f"its citations state: {'; '.join(stated)}; correct the answer, or cite the words that state this date"
        if stated
        else "its citations state no date: cite the words that state this date"
    )
    return [
        _error(
            card,
            "answer",
            f"the answer's date ({_as_date(missing)}) is not in its citations",
            hint,
            "date-not-cited",
        )
    ]


def role_units(role: str) -> list[list[str]]:
    """The role's content words; a run of capitalised words ("Lee Jae Myung", "Defense Minister",
    "Stanford University") is one unit, cited when any of its words is ("Lee's security adviser"
    supports "Lee Jae Myung's security adviser")."""
    units, run = [], []
    for raw in normalize(role).split():
        ws = words(raw)
        if not ws:
            continue
        if raw.lstrip("(\"'")[:1].isupper():
            run.extend(ws)
            if re.search(r"[,;:)\"]$|(?<![A-Z])\.$|'s$", raw):  # punctuation or a possessive ends the run
                units.append(run)
                run = []
            continue
        if run:
            units.append(run)
            run = []
        units.extend([w] for w in ws)
    if run:
        units.append(run)
    return [c for unit in units if (c := content(unit))]


def _role(card: Card) -> list[Diagnostic]:
    units = role_units(card.get("role"))
    cited = stems(w for src in card.sources for w in words(src.quote))
    missing = [" ".join(u) for u in units if not any(same_word(w, cited) for w in u)]
    if not units or (len(units) - len(missing)) / len(units) >= ROLE_THRESHOLD:
        return []
    score, passage, _ = _closest(card.get("role"), [s.quote for s in card.sources])
    closest = f'; the closest wording in its citations is "{passage}"' if passage and score >= 50 else ""
    return [
        _error(
            card,
            "role",
            f"the role's words are not in its citations: {', '.join(missing)}",
            f"describe the person in the article's own words, and cite them{closest}; "
            "or mark a deliberate paraphrase with `paraphrase: true`",
            "role-not-cited",
        )
    ]


_ANSWER_KEY = {"qa": "answer", "date": "answer", "person": "role", "quote": "speaker", "position": "position"}


def _numbers(card: Card) -> list[Diagnostic]:
    if card.kind == "quote":
        return []  # a speaker is a name: its numbers are not claims about the news
    key = _ANSWER_KEY[card.kind]
    wanted = numbers(card.get(key), words_as_counts=True)
    if not wanted:
        return []
    cited: set[str] = set()
    for src in card.sources:
        cited |= numbers(src.quote)
    missing = sorted(wanted - cited, key=lambda n: (not n.isdigit(), int(n) if n.isdigit() else 0, n))
    if not missing:
        return []
    stated = sorted(cited, key=lambda n: (not n.isdigit(), int(n) if n.isdigit() else 0, n))
    hint = (
        f"its citations state: {', '.join(stated)}; correct the answer, or cite the words that state it"
        if stated
        else "its citations state no number: cite the words that state it"
    )
    return [
        _error(
            card,
            key,
            f"the number {', '.join(missing)} in the {key} is not in its citations",
            hint,
            "number-not-cited",
        )
    ]


def verify_claims(cards: Iterable[Card]) -> list[Diagnostic]:
    """Every card's quotation, date, role and numbers against its own citations."""
    out: list[Diagnostic] = []
    for card in cards:
        if card.draft:
            continue  # a draft is not a claim yet: its own warning says so, and a release refuses it
        if card.kind == "quote" and not card.paraphrase:
            out += _quotation(card)
        found = _role(card) if card.kind == "person" and not card.paraphrase else []
        found += _date(card) if card.kind == "date" else []
        out += found or _numbers(card)  # a wrong date or role is one error, not also a wrong number
    return out
