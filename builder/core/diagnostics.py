"""Diagnostics: one located message each, compiler style, with a code from one registry.

Every diagnostic has a code registered in `CODES` (like mypy's and ruff's error codes): the text
output shows it (`cards/quotes.yaml:14:7: error[citation-not-found]: ...`), JSON output carries
it, docs/diagnostics.md lists every code with an example (generated from this registry and
checked by a test), and a Diagnostic with an unregistered code cannot be made.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    name: str
    summary: str  # what is wrong, in one line
    example: str  # a diagnostic as the text output prints it


_REGISTRY = (
    # reading files
    Code(
        "file-missing",
        "a file or folder the project needs is not there",
        "cards/deck.yaml:1:1: error[file-missing]: deck file not found",
    ),
    Code(
        "file-unreadable",
        "a file exists but cannot be read",
        "cards/quotes.yaml:1:1: error[file-unreadable]: cannot read file: Permission denied",
    ),
    Code(
        "not-utf8",
        "a file is not UTF-8 text, or contains a NUL character",
        "seeds/article.txt:3:14: error[not-utf8]: file is not valid UTF-8 (byte 0xe9)",
    ),
    Code(
        "too-large",
        "a file is over a size, value-count or nesting limit",
        "cards/big.yaml:1:1: error[too-large]: file is 9,437,184 bytes; the limit is 8,388,608",
    ),
    Code(
        "value-too-long",
        "one value is over the length limit",
        "cards/quotes.yaml:3:13: error[value-too-long]: card 'a': value is 10,004 characters long; the limit is 10,000",
    ),
    Code(
        "yaml-syntax",
        "the file is not valid YAML",
        "cards/dates.yaml:7:18: error[yaml-syntax]: card 'nara': YAML syntax error: mapping values are not allowed here",
    ),
    Code(
        "yaml-unsupported",
        "a YAML feature card files do not allow (aliases, tags)",
        "cards/dates.yaml:5:18: error[yaml-unsupported]: YAML aliases (*name) are not supported in card files",
    ),
    Code("empty-file", "a card file holds nothing", "cards/new.yaml:1:1: warning[empty-file]: file is empty"),
    Code(
        "card-file-ignored",
        "a file in cards/ looks like a card file but is not read (wrong-case or doubled extension, hidden, in a subfolder)",
        "cards/Extra.YAML: warning[card-file-ignored]: not read as a card file: the extension must be lowercase (.YAML)",
    ),
    Code(
        "link-outside-project",
        "a card file, seed or default output is a symbolic link to a place outside the project",
        "cards/linked.yaml: error[link-outside-project]: is a symbolic link to /home/x/cards.yaml, outside the project: "
        "not read",
    ),
    Code(
        "not-a-file",
        "a FIFO, device or socket where a regular file is read or written (never opened)",
        "cards/x.yaml: warning[not-a-file]: not read: a named pipe (FIFO), not a regular file",
    ),
    Code(
        "dangling-link",
        "a symbolic link whose target does not exist",
        "decks/x.apkg: error[dangling-link]: is a symbolic link to a file that does not exist",
    ),
    Code(
        "link-loop",
        "a symbolic link that leads back to itself",
        "seeds/: error[link-loop]: seeds/ is a symbolic link that leads back to itself",
    ),
    # the machine and its file systems (core/errors.py: errno -> what is wrong, what to do)
    Code(
        "disk-full",
        "no space left on the disk, or the disk quota is used up",
        "decks/: error[disk-full]: no space left on the disk: 880 KiB needed, 12 KiB free",
    ),
    Code(
        "read-only",
        "the file system is mounted read-only",
        "decks: error[read-only]: on a read-only file system",
    ),
    Code(
        "permission-denied",
        "the user may not read or write the file or its folder",
        "decks/x.apkg: error[permission-denied]: permission denied",
    ),
    Code(
        "not-permitted",
        "the file is immutable or append-only (chattr +i / +a), or the system forbids the change",
        "cards/deck.lock: error[not-permitted]: is immutable or append-only, so it cannot be replaced",
    ),
    Code(
        "is-a-folder",
        "a folder is where a file is to be written",
        "decks/x.apkg/: error[is-a-folder]: is a folder, not a regular file",
    ),
    Code(
        "not-a-folder",
        "a file is where a folder is needed",
        "decks: error[not-a-folder]: is a file, not a folder",
    ),
    Code(
        "name-too-long",
        "a file name longer than its file system allows",
        "/tmp/ddd...d.apkg: error[name-too-long]: file name too long for its file system (over 255 bytes)",
    ),
    Code(
        "not-found", "a file or folder named on the command line does not exist", "x: error[not-found]: does not exist"
    ),
    Code(
        "too-many-files",
        "the process or the system has too many open files",
        "decks/x.apkg: error[too-many-files]: too many open files",
    ),
    Code("busy", "the path is in use by the system", "decks: error[busy]: in use by the system (a mount point?)"),
    Code(
        "io-error",
        "the disk or network share failed, or another error of the operating system",
        "decks/x.apkg: error[io-error]: the disk failed to read or write it",
    ),
    # the shape of cards/deck.yaml, seeds/sources.yaml, card files and cards/exclusions.yaml
    Code(
        "bad-structure",
        "the file's top level or an entry has the wrong shape",
        "cards/quotes.yaml:1:1: error[bad-structure]: expected a top-level 'cards:' key",
    ),
    Code(
        "unknown-key",
        "a key the format does not have (often a misspelling)",
        "cards/people.yaml:3:5: error[unknown-key]: card 'xi': unknown key 'qestion' (did you mean 'question'?)",
    ),
    Code(
        "missing-key",
        "a required key is missing",
        "cards/people.yaml:3:5: error[missing-key]: card 'xi': missing required key 'role' for a 'person' card",
    ),
    Code(
        "wrong-type",
        "a value is a list or mapping where text is expected, or the other way round",
        "cards/people.yaml:6:11: error[wrong-type]: card 'xi': 'tags' must be a list: put the tags in square brackets",
    ),
    Code(
        "empty-value",
        "a required value is empty",
        "cards/dates.yaml:9:13: error[empty-value]: card 'nara': 'answer' is empty",
    ),
    Code(
        "invalid-value",
        "a value is not allowed (a deck id, a version, a name, an alias)",
        "cards/deck.yaml:3:7: error[invalid-value]: deck id must be a positive whole number, not 'abc'",
    ),
    Code(
        "invalid-id",
        "a card id is not a slug",
        "cards/dates.yaml:2:9: error[invalid-id]: card id 'Nara Date' must be a slug: lowercase a-z, 0-9 and '-'",
    ),
    Code(
        "unknown-kind",
        "a card kind that does not exist",
        "cards/dates.yaml:3:11: error[unknown-kind]: card 'nara': unknown kind 'dat' (did you mean 'date'?)",
    ),
    Code(
        "invalid-tag",
        "a tag with spaces, or one the build adds itself",
        "cards/dates.yaml:8:12: error[invalid-tag]: card 'nara': each tag must be one word without spaces (use '-' or '::')",
    ),
    Code(
        "duplicate-id",
        "two cards with the same id",
        "cards/dates.yaml:14:9: error[duplicate-id]: card 'nara': duplicate card id 'nara'",
    ),
    # articles and citations
    Code(
        "seed-file-missing",
        "an article listed in seeds/sources.yaml has no file in seeds/",
        "seeds/sources.yaml:4:11: error[seed-file-missing]: seed 'wapo': file 'wapo.txt' is not in seeds/",
    ),
    Code(
        "seed-file-reused",
        "two articles in seeds/sources.yaml name the same file",
        "seeds/sources.yaml:9:11: error[seed-file-reused]: seed 'b': file 'a.txt' is already used by seed 'a'",
    ),
    Code("empty-seed", "an article file is empty", "seeds/article.txt:1:1: error[empty-seed]: article file is empty"),
    Code(
        "unlisted-seed",
        "a file in seeds/ that seeds/sources.yaml does not list",
        "seeds/sources.yaml:1:1: warning[unlisted-seed]: seeds/new.txt is not listed in seeds/sources.yaml, so cards cannot cite it",
    ),
    Code(
        "unknown-seed",
        "a citation names an article alias that does not exist",
        "cards/quotes.yaml:12:15: error[unknown-seed]: card 'xi': unknown seed 'wapoo'",
    ),
    Code(
        "citation-not-found",
        "a citation's words are not in the article",
        "cards/quotes.yaml:14:7: error[citation-not-found]: card 'sneider': source quote not found in seed 'wapo'",
    ),
    Code(
        "exclusion-not-found",
        "an exclusion's text is not in the article",
        "cards/exclusions.yaml:4:11: error[exclusion-not-found]: excluded text not found in seed 'student'",
    ),
    Code(
        "empty-exclusion",
        "an exclusion covers no quotation, date, name or number",
        "cards/exclusions.yaml:4:11: warning[empty-exclusion]: excluded text in seed 'student' contains no quotation, date, name or number",
    ),
    # releases and the lock
    Code(
        "lock-unreadable",
        "cards/deck.lock cannot be read",
        "cards/deck.lock:1:1: error[lock-unreadable]: cannot read the lock file: not a deckbuilder lock file",
    ),
    Code(
        "deck-id-changed",
        "the deck id differs from the released one",
        "cards/deck.yaml:1:1: error[deck-id-changed]: deck id 2 differs from the released deck id 1768176000101 recorded in cards/deck.lock",
    ),
    Code(
        "version-lowered",
        "the deck version is lower than the released one",
        "cards/deck.yaml:1:1: error[version-lowered]: deck version 1 is lower than the released version 2 recorded in cards/deck.lock",
    ),
    Code(
        "notetype-changed",
        "a note type's fields or card templates changed within a major version",
        "cards/deck.yaml:1:1: error[notetype-changed]: note type 'Deckbuilder Q&A' changed its fields or card templates since version 1 was released",
    ),
    Code(
        "kind-changed",
        "a released card's kind changed (students' Anki cannot move a note to another note type)",
        "cards/facts.yaml:12:11: error[kind-changed]: card 'position-x': was released as a 'position' card; its kind cannot change to 'qa'",
    ),
    Code(
        "card-removed",
        "a released card is gone from the card files",
        "cards/dates.yaml:1:1: warning[card-removed]: card 'nara': was released but is in no card file now (no card has this id any more)",
    ),
    Code(
        "card-renamed",
        "a new card looks like a renamed released card",
        "cards/dates.yaml:14:9: warning[card-renamed]: card 'nara-day': looks like a rename of released card 'nara' (92% similar)",
    ),
    Code(
        "rename-undone",
        "a removed card was replaced by a restored one (a rename put back)",
        "cards/dates.yaml:2:9: warning[rename-undone]: card 'nara-day': replaced by restored card 'nara' (92% similar): nothing to do",
    ),
    Code(
        "lock-conflict",
        "git merge conflict markers in cards/deck.lock",
        "cards/deck.lock:12:1: error[lock-conflict]: git merge conflict markers in the release history",
    ),
    Code(
        "lock-time",
        "a time in cards/deck.lock is before 2000 or after tomorrow",
        "cards/deck.lock:40:1: error[lock-time]: card 'nara': time 4102444800 (2100-01-01 00:00 UTC) is outside 2000-01-01 .. tomorrow (2026-12-05 18:00 UTC)",
    ),
    Code(
        "lock-missing",
        "no lock, although the changelog records releases and no history holds one",
        "cards/deck.lock: error[lock-missing]: missing, but decks/CHANGELOG.md records release 1.1, and neither git history nor decks/ holds a lock or a released deck to continue from",
    ),
    Code(
        "now-invalid",
        "$DECKBUILDER_NOW is not seconds since the epoch or an ISO 8601 date-time in range",
        "DECKBUILDER_NOW: error[now-invalid]: DECKBUILDER_NOW=1767225600000 looks like milliseconds (as JavaScript's Date.now() gives): use seconds since the epoch, e.g. DECKBUILDER_NOW=1767225600",
    ),
    Code(
        "changelog-conflict",
        "git merge conflict markers in decks/CHANGELOG.md (a release and a pack refuse it)",
        "decks/CHANGELOG.md:40:1: error[changelog-conflict]: git merge conflict markers in the changelog: students would read them",
    ),
    Code(
        "changelog-order",
        "a changelog entry is older than the one before it",
        "decks/CHANGELOG.md:80:1: error[changelog-order]: version 1.1 comes after version 1.2 (line 40): entries must be in release order, oldest first",
    ),
    Code(
        "changelog-unreadable",
        "decks/CHANGELOG.md cannot be read",
        "decks/CHANGELOG.md: error[changelog-unreadable]: cannot read the changelog: Permission denied",
    ),
    Code(
        "release-major",
        "the deck version was raised without `release --major`, or --major without raising it",
        "cards/deck.yaml:1:1: error[release-major]: version 2 is a new major version (the last release is 1.1)",
    ),
    Code(
        "example-deck",
        "the deck's description is still the example 'deckbuilder init' wrote (blocks a release)",
        "cards/deck.yaml:1:1: warning[example-deck]: the deck's description is still the one 'deckbuilder init' wrote: it cannot be released",
    ),
    Code(
        "example-card",
        "a card `deckbuilder init` wrote as an example (tag init-example): a release refuses it",
        "cards/examples.yaml:6:5: warning[example-card]: card 'bridge-vote-date': is one of the examples 'deckbuilder init' wrote (tag init-example): it cannot be released",
    ),
    # deckbuilder new
    Code(
        "draft-card",
        "a card drafted by `new --from-coverage` that nobody has checked yet (a release refuses it)",
        "cards/drafts.yaml:12:5: warning[draft-card]: card 'quote-sneider': draft card: written by 'deckbuilder new --from-coverage' and not yet checked by a person",
    ),
    Code(
        "cannot-append",
        "`deckbuilder new` cannot add a card to the chosen file",
        "cards/dates.yaml:1:1: error[cannot-append]: cannot append a card to this file",
    ),
    # what a card claims, against its own citations (checks/correctness.py): errors
    Code(
        "quotation-not-cited",
        "a quote card's quotation is not in its citations",
        "cards/quotes.yaml:5:16: error[quotation-not-cited]: card 'xi': the quotation is not in its citations",
    ),
    Code(
        "date-not-cited",
        "a date card's answer states a date its citations do not",
        "cards/dates.yaml:9:13: error[date-not-cited]: card 'nara': the answer's date (16) is not in its citations",
    ),
    Code(
        "role-not-cited",
        "a person's role has words its citations do not",
        "cards/people.yaml:5:11: error[role-not-cited]: card 'xi': the role's words are not in its citations: chairman",
    ),
    Code(
        "number-not-cited",
        "a number in an answer is not in its citations",
        "cards/facts.yaml:6:13: error[number-not-cited]: card 'x': the number 900 in the answer is not in its citations",
    ),
    Code(
        "invalid-allow",
        "an `allow:` entry that names no lint code or gives no reason",
        "cards/facts.yaml:7:7: error[invalid-allow]: card 'x': silencing 'lint-twin' needs a reason",
    ),
    # lint (deckbuilder lint): weak cards, warnings unless --strict
    Code(
        "lint-answer-in-question",
        "the answer appears in its own question",
        "cards/dates.yaml:22:3: warning[lint-answer-in-question]: card 'nara-date': the answer ('Nara') appears in its own question",
    ),
    Code(
        "lint-long-question",
        "a question over the word limit",
        "cards/facts.yaml:5:15: warning[lint-long-question]: card 'x': question is 45 words long (limit 40)",
    ),
    Code(
        "lint-long-answer",
        "an answer over the word limit",
        "cards/facts.yaml:6:13: warning[lint-long-answer]: card 'x': answer is 30 words long (limit 25)",
    ),
    Code(
        "lint-duplicate-question",
        "two cards ask the same question",
        "cards/facts.yaml:12:15: warning[lint-duplicate-question]: card 'y': asks the same question as card 'x'",
    ),
    Code(
        "lint-answer-elsewhere",
        "a card's answer is shown on another card's front",
        "cards/facts.yaml:9:15: warning[lint-answer-elsewhere]: card 'x': shows the answer of card 'y' ('Horyuji')",
    ),
    Code(
        "lint-answer-in-deck",
        "a card's answer is in the deck's name or description",
        "cards/dates.yaml:40:5: warning[lint-answer-in-deck]: card 'x': the deck's name or description gives the answer away ('January')",
    ),
    Code(
        "lint-twin",
        "two cards teach the same thing from the same sentence",
        "cards/positions.yaml:12:5: warning[lint-twin]: card 'y': teaches the same thing as card 'x' from the same sentence",
    ),
    Code(
        "lint-relative-date",
        "a relative date with nothing to count from",
        "cards/dates.yaml:7:13: warning[lint-relative-date]: card 'x': the answer's date ('last year') has nothing to count from",
    ),
    Code(
        "lint-position-of-article",
        "a position held by an article: its narration",
        "cards/positions.yaml:3:13: warning[lint-position-of-article]: card 'x': the holder ('the student article') is an article: ...",
    ),
    Code(
        "lint-paraphrase-unneeded",
        "`paraphrase: true` on a card that quotes the article",
        "cards/quotes.yaml:8:5: warning[lint-paraphrase-unneeded]: card 'x': 'paraphrase: true' is not needed: its words are in its citations",
    ),
    Code(
        "lint-holder-capitalised",
        "a position's holder starts with a capitalised common word",
        "cards/positions.yaml:5:13: warning[lint-holder-capitalised]: card 'x': the holder starts with a capitalised common word ('The')",
    ),
    Code(
        "lint-no-tags", "a card without tags", "cards/facts.yaml:2:5: warning[lint-no-tags]: card 'x': card has no tags"
    ),
    # quiz exports
    Code(
        "distractors",
        "a pinned wrong option (`distractors:`) is the card's answer, or is listed twice",
        "cards/dates.yaml:8:19: error[distractors]: card 'x': distractor 'January 5' is the card's answer",
    ),
    Code(
        "quiz-shortened",
        "a quiz text is longer than the platform allows and was shortened (never cut silently)",
        "cards/quotes.yaml:7:5: warning[quiz-shortened]: card 'x': Kahoot question shortened to 120 characters (was 183)",
    ),
)

CODES: dict[str, Code] = {code.name: code for code in _REGISTRY}


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int
    col: int
    severity: str  # "error" | "warning"
    message: str
    card: str | None = None
    hint: str | None = None
    code: str = ""

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"diagnostic code {self.code!r} is not registered in builder/core/diagnostics.py")

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.col, self.message)

    def to_dict(self) -> dict[str, str | int | None]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "card": self.card,
            "message": self.message,
            "hint": self.hint,
        }


def registry_markdown() -> str:
    """docs/diagnostics.md: every code with what it means and an example (kept in sync by a test)."""
    lines = [
        "# Diagnostic codes",
        "",
        "Every error and warning deckbuilder reports has a code, shown in brackets after its severity",
        "(`error[citation-not-found]`) and as `code` in `--format json` / `--json` output. This page is",
        "generated from the registry in `builder/core/diagnostics.py`:",
        "`python scripts/diagnostics_doc.py`.",
        "",
        "| code | what is wrong | example |",
        "|---|---|---|",
    ]
    for code in _REGISTRY:
        example = code.example.replace("|", "\\|")
        lines.append(f"| `{code.name}` | {code.summary} | `{example}` |")
    return "\n".join(lines) + "\n"
