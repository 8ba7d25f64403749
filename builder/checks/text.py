"""Words, dates and numbers of card text, compared the same way by the correctness checks and lint.

Texts are compared after citations.normalize, case-folded, as sequences of words. Kept apart from
both users so "the answer's date" or "a number" means one thing in an error and in a warning.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from builder.checks import wordlists
from builder.checks.citations import normalize

FUNCTION_WORDS = wordlists.FILLER_WORDS
MONTHS = wordlists.MONTH_BY_ABBR
WEEKDAYS = wordlists.WEEKDAYS
RELATIVE_UNITS = wordlists.RELATIVE_UNITS
RELATIVE_WORDS = wordlists.RELATIVE_WORDS

# a dotted abbreviation ("U.S.", "U.N.") is one word, not "u" and "s"
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[\w'-]+")


def words(text: str) -> list[str]:
    """Case-folded words of the normalised text; possessive 's and ' dropped ("China's" → "china").
    An en or em dash separates words ("nations—perhaps" is two), a hyphen joins them ("long-term");
    a dotted abbreviation is one word without its dots ("U.S." → "us")."""
    out = []
    for w in _WORD.findall(normalize(re.sub("[\u2013\u2014]", " ", text)).casefold()):
        w = w.replace(".", "") if "." in w else re.sub(r"'s$|'$", "", w).strip("'-")
        if w:
            out.append(w)
    return out


def content(ws: list[str]) -> list[str]:
    return [w for w in ws if w not in FUNCTION_WORDS]


def contains(haystack: list[str], needle: list[str]) -> bool:
    """Whether `needle` occurs in `haystack` as a run of consecutive words."""
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


# the same word for a reader: a country and its adjective, an abbreviation and its spelling-out
_SAME = {
    "us": ("united", "america", "american", "americans"),
    "american": ("us", "america", "united"),
    "chinese": ("china",),
    "china": ("chinese",),
    "japanese": ("japan",),
    "japan": ("japanese",),
    "korean": ("korea",),
    "korea": ("korean",),
    # the titles news abbreviates before a name ("Kansas Gov. Laura Kelly" cites "Governor of Kansas")
    **{
        word: (other,)
        for full, short in [
            ("governor", "gov"),
            ("senator", "sen"),
            ("representative", "rep"),
            ("general", "gen"),
            ("lieutenant", "lt"),
            ("colonel", "col"),
            ("sergeant", "sgt"),
            ("captain", "capt"),
            ("professor", "prof"),
            ("doctor", "dr"),
        ]
        for word, other in [(full, short), (short, full)]
    },
}


@functools.cache
def _stemmer() -> Any:
    import snowballstemmer  # the Snowball English stemmer: "specializing" = "specializes", "hosted" = "host"

    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def stems(ws: Iterable[str]) -> set[str]:
    """The stems of some words, for same_word()."""
    return {stem(w) for w in ws}


def same_word(word: str, cited: set[str]) -> bool:
    """`word` is one of the `cited` stems (stems()) in some form: its inflections ("specializing",
    "specializes"), or its other form for a reader (_SAME: "U.S." for "American", "Japanese" for "Japan")."""
    return stem(word) in cited or any(stem(other) in cited for other in _SAME.get(word, ()))


def date_tokens(text: str) -> set[str]:
    """Month (canonical full name), weekday, day and year tokens of a text: "Jan. 6th" → {january, 6}."""
    tokens = set()
    for w in words(text):
        w = w.rstrip(".")
        if w[:3] in MONTHS and (w in MONTHS.values() or w in MONTHS or w == "sept"):
            tokens.add(MONTHS[w[:3]])
        elif w in WEEKDAYS:
            tokens.add(w)
        elif m := re.fullmatch(r"(\d{1,4})(?:st|nd|rd|th|s)?", w):
            tokens.add(str(int(m.group(1))))
    return tokens


_NUMBER_WORDS = wordlists.NUMBER_WORDS_EXACT
_GROUP_WORDS = frozenset(["the", "these", "those", "both", "all"])
_DIGITS = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")


_QUANTITY_WORDS = frozenset(
    ["over", "about", "around", "nearly", "almost", "than", "least", "some", "roughly", "just", "only", "under"]
)


def numbers(text: str, words_as_counts: bool = False) -> set[str]:
    """The numbers a text states, as digits: "more than 800" → {800}, "a 400-member delegation" →
    {400}, "five years" → {5}, "1,000" → {1000}, "60th" → {60}. With `words_as_counts`, a number
    word counts only first or after a word of quantity ("Five", "over five years", "more than two"),
    not in passing ("shown on two lines"). 'one' (a pronoun as often as a
    number) and 'zero' are left out, and so is a number word after "the", "these", "both" ("the two
    countries" names a group, as in coverage); vague plurals ("hundreds") are kept as words."""
    found = set()
    norm = normalize(text)
    norm_words = re.findall(r"[a-z]+", norm.casefold())
    for m in _DIGITS.finditer(norm):
        value = m.group().rstrip(",").replace(",", "")
        found.add(value.rstrip("0").rstrip(".") if "." in value else str(int(value)))
    for i, w in enumerate(norm_words):
        if w in ("one", "zero") or (i and norm_words[i - 1] in _GROUP_WORDS):  # "the two leaders": a group
            continue
        if words_as_counts and i and norm_words[i - 1] not in _QUANTITY_WORDS:
            continue  # "shown on two lines": a number word only counts as the answer's quantity
        if w in _NUMBER_WORDS:
            found.add(str(_NUMBER_WORDS[w]))
        elif w in ("hundreds", "thousands", "millions", "billions", "dozens"):
            found.add(w)
    return found
