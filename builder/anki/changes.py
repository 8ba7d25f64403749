"""What changed between two releases of a deck (two locks): cards added, changed word by word, retired.

Used by `deckbuilder diff` and by the build, which appends the markdown form to decks/CHANGELOG.md
whenever a release changed something. Every output is derived from the two locks only, so it is
deterministic; card text is HTML-escaped in the markdown form (it is rendered as HTML).
"""

from __future__ import annotations

import difflib
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from builder.anki.lock import LOCK_FILE, Lock, conflict_line, lock_path, parse_lock
from builder.anki.migration import major_update_steps
from builder.anki.notetypes import NOTE_TYPES
from builder.anki.render import md_escape as escape
from builder.core.diagnostics import Diagnostic
from builder.core.model import QUESTION_ANSWER, Card, Project
from builder.core.prompts import question_text

CHANGELOG = "CHANGELOG.md"
# a card whose author text is the same but whose rendering changed (e.g. the builder now shows the
# article's own punctuation in citations): students still get the update, so say what it is
RENDERING_ONLY = "same words; only how the card shows them changed (e.g. the citation's punctuation)"
CHANGELOG_TITLE = "# Changes to this deck\n"
KIND_NOUN = {
    "qa": ("question", "questions"),
    "date": ("date", "dates"),
    "person": ("person", "people"),
    "quote": ("quote", "quotes"),
    "position": ("position", "positions"),
}


@dataclass(frozen=True)
class FieldChange:
    key: str
    old: str
    new: str

    def words(self) -> list[tuple[str, str]]:
        """(op, text) runs: op is '=' kept, '-' removed, '+' added; compared word by word."""
        a, b = self.old.split(), self.new.split()
        runs = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op == "equal":
                runs.append(("=", " ".join(a[i1:i2])))
                continue
            if i2 > i1:
                runs.append(("-", " ".join(a[i1:i2])))
            if j2 > j1:
                runs.append(("+", " ".join(b[j1:j2])))
        return runs


@dataclass(frozen=True)
class CardChange:
    id: str
    kind: str
    title: str  # the card's question side, for people to recognise it
    fields: tuple = ()  # FieldChange, for changed cards
    front: str = ""  # the question as the student sees it in Anki (prompts.question_text)

    @property
    def new_answer(self) -> bool:
        """Whether what the student answers changed (a person card is asked both ways: name and role)."""
        return any(f.key in answer_keys(self.kind) for f in self.fields)

    @property
    def search(self) -> str:
        """What a student types in Anki's browser to find this card: CardId is a field of every note type."""
        return f"CardId:{self.id}"


@dataclass(frozen=True)
class Changes:
    version: str  # "1.3": major deck version . release within it
    since: str  # the earlier one ("" when there was no earlier release)
    added: tuple
    changed: tuple
    retired: tuple
    when: int  # the latest modification time among the changes (0 if none)
    restyled: tuple = ()  # note type names whose templates or CSS changed
    restored: tuple = ()  # retired before, back now: the same note comes back to life

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.retired or self.restyled or self.restored)

    @property
    def major(self) -> int:
        """The new major version when this release starts one after an earlier release (else 0):
        its students must import it with "Merge note types" (migration.major_update_steps)."""
        new, old = self.version.split(".")[0], self.since.split(".")[0]
        return int(new) if self.since and new != old and new.isdigit() else 0


def answer_keys(kind: str) -> tuple:
    return QUESTION_ANSWER[kind] if kind == "person" else QUESTION_ANSWER[kind][1:]


def _title(kind: str, text: dict) -> str:
    fields = text.get("fields", {})
    return fields.get(QUESTION_ANSWER[kind][0], "")


def _card(cid: str, kind: str, text: dict, fields: tuple = ()) -> CardChange:
    """A CardChange with the front worded as in Anki ("Who is Dana Ortiz?", not "Dana Ortiz")."""
    card = Card(cid, kind, tuple(text.get("fields", {}).items()), (), (), "", 0, 0)
    return CardChange(cid, kind, _title(kind, text), fields, question_text(card))


def _flatten(text: dict) -> dict:
    out = dict(text.get("fields", {}))
    if text.get("tags"):
        out["tags"] = ", ".join(text["tags"])
    for i, src in enumerate(text.get("sources", []), 1):
        out[f"source {i}"] = src
    return out


def compare(old: Lock | None, new: Lock) -> Changes:
    old_live = old.live if old else {}
    new_live = new.live
    added, changed, retired, restored, when = [], [], [], [], 0
    for cid, entry in sorted(new_live.items()):
        prev = old_live.get(cid)
        if prev is None and old is not None and cid in old.cards:  # retired before: same note again
            restored.append(_card(cid, entry.kind, entry.text))
        elif prev is None:
            added.append(_card(cid, entry.kind, entry.text))
        elif prev.hash != entry.hash or prev.kind != entry.kind:
            a, b = _flatten(prev.text), _flatten(entry.text)
            first = answer_keys(entry.kind)  # the answer first: it is what a student relearns
            keys = sorted(set(a) | set(b), key=lambda k: (k not in first, k))
            fields = tuple(FieldChange(k, a.get(k, ""), b.get(k, "")) for k in keys if a.get(k, "") != b.get(k, ""))
            changed.append(_card(cid, entry.kind, entry.text, fields))
        else:
            continue
        when = max(when, entry.mod)
    for cid, prev in sorted(old_live.items()):
        if cid not in new_live:
            retired.append(_card(cid, prev.kind, prev.text))
            if cid in new.cards:
                when = max(when, new.cards[cid].mod)
    restyled = []
    for kind, entry in sorted(new.notetypes.items()):
        prev = old.notetypes.get(kind) if old else None
        if prev is not None and prev.hash != entry.hash:
            restyled.append(NOTE_TYPES[kind].name if kind in NOTE_TYPES else kind)
            when = max(when, entry.mod)
    return Changes(
        new.label,
        old.label if old else "",
        tuple(added),
        tuple(changed),
        tuple(retired),
        when,
        tuple(restyled),
        tuple(restored),
    )


# --- formats -------------------------------------------------------------------------------


def summary(ch: Changes) -> str:
    """'3 new cards, 1 corrected date, 2 retired cards' (or 'no changes')."""
    parts = []
    if ch.added:
        parts.append(f"{len(ch.added)} new card{'' if len(ch.added) == 1 else 's'}")
    if ch.restored:
        parts.append(f"{len(ch.restored)} restored card{'' if len(ch.restored) == 1 else 's'}")
    kinds: dict[str, int] = {}
    for c in ch.changed:
        kinds[c.kind] = kinds.get(c.kind, 0) + 1
    for kind, n in sorted(kinds.items()):
        one, many = KIND_NOUN[kind]
        parts.append(f"{n} corrected {one if n == 1 else many}")
    if ch.retired:
        parts.append(f"{len(ch.retired)} retired card{'' if len(ch.retired) == 1 else 's'}")
    if ch.restyled:
        parts.append(f"a new layout for {len(ch.restyled)} card type{'' if len(ch.restyled) == 1 else 's'}")
    return ", ".join(parts) or "no changes"


def _date(seconds: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(seconds))


def format_text(ch: Changes) -> str:
    lines = [f"Version {ch.version}: {summary(ch)}"]
    if ch.major:
        lines.append(f"  ! students: {major_update_steps(ch.major)}")
    for c in ch.added:
        lines.append(f"  + {c.id} ({c.kind}): {c.title}")
    for c in ch.restored:
        lines.append(f"  + {c.id} ({c.kind}, restored): {c.title}")
    for c in ch.changed:
        lines.append(f"  ~ {c.id} ({c.kind}): {c.title}")
        for f in c.fields:
            diff = " ".join(t if op == "=" else f"[-{t}-]" if op == "-" else f"{{+{t}+}}" for op, t in f.words())
            lines.append(f"      {f.key}: {diff}")
        if not c.fields:
            lines.append(f"      {RENDERING_ONLY}")
    for c in ch.retired:
        lines.append(f"  - {c.id} ({c.kind}): {c.title}")
    for name in ch.restyled:
        lines.append(f"  * layout: {name}")
    return "\n".join(lines) + "\n"


def _md_item(c: CardChange) -> str:
    """'- Who is Dana Ortiz? (search: `CardId:dana-ortiz`)': the front a student knows, and how to find it."""
    return f"- {escape(c.front or c.title)} (search: `{c.search}`)"


def format_markdown(ch: Changes) -> str:
    """A note to the class: what is new, what was corrected (old words struck through), what to delete."""
    head = f"## Version {ch.version}" + (f" ({_date(ch.when)})" if ch.when else "")
    lines = [head, "", f"{summary(ch)[0].upper()}{summary(ch)[1:]}.", ""]
    if ch.major:
        lines += [f"**How to update from version {escape(ch.since)}:** {escape(major_update_steps(ch.major))}", ""]
    if ch.added:
        lines += ["**New cards** (they appear as new cards after you import the deck):", ""]
        lines += [_md_item(c) for c in ch.added] + [""]
    if ch.restored:
        lines += [
            "**Restored cards** (retired before, back now: importing the deck updates them in place; "
            "if you did not delete them, they keep their review history):",
            "",
        ]
        lines += [_md_item(c) for c in ch.restored] + [""]
    relearn = [c for c in ch.changed if c.new_answer]
    reworded = [c for c in ch.changed if c.fields and not c.new_answer]
    shown = [c for c in ch.changed if not c.fields]
    for heading, cards in (
        ("**New answers**: relearn these (your review history is kept):", relearn),
        ("**Corrected wording**, same answers (your review history is kept):", reworded),
    ):
        if cards:
            lines += [heading, ""]
            for c in cards:
                lines.append(_md_item(c))
                for f in c.fields:
                    diff = " ".join(
                        escape(t) if op == "=" else f"~~{escape(t)}~~" if op == "-" else f"**{escape(t)}**"
                        for op, t in f.words()
                    )
                    lines.append(f"  - {escape(f.key)}: {diff}")
            lines.append("")
    if shown:
        lines += ["**Same words, shown differently** (such as a citation's punctuation; nothing to relearn):", ""]
        lines += [_md_item(c) for c in shown] + [""]
    if ch.retired:
        lines += ["**Retired cards**: in Anki, search `tag:retired`, select all and delete them:", ""]
        lines += [_md_item(c) for c in ch.retired] + [""]
    if ch.restyled:
        lines += [
            f"**New layout** for {escape(', '.join(ch.restyled))}: nothing to do, it arrives with the import.",
            "",
        ]
    return "\n".join(lines)


def to_json(ch: Changes) -> dict:
    card = lambda c: {"id": c.id, "kind": c.kind, "title": c.title, "front": c.front}  # noqa: E731
    return {
        "version": ch.version,
        "since": ch.since,
        "summary": summary(ch),
        "restyled": list(ch.restyled),
        "added": [card(c) for c in ch.added],
        "retired": [card(c) for c in ch.retired],
        "restored": [card(c) for c in ch.restored],
        "changed": [
            dict(
                card(c),
                fields=[
                    {"key": f.key, "old": f.old, "new": f.new, "words": [list(w) for w in f.words()]} for f in c.fields
                ],
            )
            for c in ch.changed
        ],
    }


# --- release records -----------------------------------------------------------------------


def changelog_entry(old: Lock | None, new: Lock) -> str:
    ch = compare(old, new)
    return "" if ch.empty else format_markdown(ch)


_HEADING = re.compile(r"^## Version ([0-9]+)\.([0-9]+)\b")


def changelog_path(project: Project) -> Path:
    return project.decks_dir / CHANGELOG


def changelog_labels(project: Project) -> tuple[str, ...]:
    """Every version decks/CHANGELOG.md has an entry for ("1.0", "1.1", ...), in file order."""
    path = changelog_path(project)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ()
    return tuple(f"{m.group(1)}.{m.group(2)}" for m in map(_HEADING.match, text.splitlines()) if m)


def check_changelog(project: Project) -> list[Diagnostic]:
    """Before a release appends to decks/CHANGELOG.md (and before a pack ships it): git conflict
    markers left by a merge, and versions out of order (each entry must be newer than the one
    before it; two entries of one version are two branches' releases, kept after a merge)."""
    path = changelog_path(project)
    if not path.is_file():
        return []
    rel = project.rel(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Diagnostic(rel, 0, 0, "error", f"cannot read the changelog: {exc}", code="changelog-unreadable")]
    marker = conflict_line(text)
    if marker:
        return [
            Diagnostic(
                rel,
                marker,
                1,
                "error",
                "git merge conflict markers in the changelog: students would read them",
                code="changelog-conflict",
                hint="keep both sides' entries (each branch's release stays in the history), delete the "
                "<<<<<<< ======= >>>>>>> lines, then 'git add decks/CHANGELOG.md'",
            )
        ]
    last, last_line = (-1, -1), 0
    for number, line in enumerate(text.splitlines(), 1):
        match = _HEADING.match(line)
        if not match:
            continue
        key = (int(match.group(1)), int(match.group(2)))
        if key < last:
            return [
                Diagnostic(
                    rel,
                    number,
                    1,
                    "error",
                    f"version {key[0]}.{key[1]} comes after version {last[0]}.{last[1]} (line {last_line}): "
                    "entries must be in release order, oldest first",
                    code="changelog-order",
                    hint="move the entry to its place (a merge may have put one branch's entries after "
                    "the other's), then release",
                )
            ]
        last, last_line = key, number
    return []


def changelog_with(project: Project, entry: str, pending: str = "") -> str:
    """decks/CHANGELOG.md's text with `entry` appended; a last entry of the interrupted release
    `pending` (written before the release was killed) is replaced, not repeated."""
    path = changelog_path(project)
    before = path.read_text(encoding="utf-8") if path.is_file() else CHANGELOG_TITLE
    head, sep, last = before.rstrip("\n").rpartition("\n\n## Version ")
    if pending and sep and last.split(" ", 1)[0].split("\n", 1)[0] == pending:
        before = head
    return before.rstrip("\n") + "\n\n" + entry.rstrip("\n") + "\n"


def lock_at(project: Project, since: str) -> Lock:
    """The lock of an earlier release: a lock file's path, or a git ref (its cards/deck.lock).

    Raises ValueError with a message for the author when neither works.
    """
    candidate = Path(since)
    if not candidate.is_absolute():
        candidate = project.root / since
    if candidate.is_file():
        return parse_lock(candidate.read_text(encoding="utf-8"))
    rel = lock_path(project).resolve().relative_to(project.root.resolve()).as_posix()
    try:
        proc = subprocess.run(
            ["git", "-C", str(project.root), "show", f"{since}:./{rel}"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
    except OSError as exc:
        raise ValueError(f"'{since}' is not a file and git is not available ({exc})") from None
    if proc.returncode != 0:
        raise ValueError(
            f"'{since}' is neither a lock file nor a git revision with cards/{LOCK_FILE}: "
            f"{proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else 'not found'}"
        )
    return parse_lock(proc.stdout)
