"""Which files make up a project: the card files in cards/, the articles in seeds/, the special files."""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from dataclasses import replace
from pathlib import Path

from builder.core.diagnostics import Diagnostic
from builder.core.errors import explain
from builder.core.model import Project
from builder.source.load import decode_utf8

DECK_FILE = "deck.yaml"
SOURCES_FILE = "sources.yaml"
EXCLUSIONS_FILE = "exclusions.yaml"
LINT_FILE = "lint.yaml"  # project-wide lint settings (silenced codes with reasons, limits)
SPECIAL_CARD_FILES = {DECK_FILE, EXCLUSIONS_FILE, LINT_FILE}
SEED_SUFFIXES = {".txt", ".md"}


CARD_SUFFIXES = (".yaml", ".yml")
LOCK_FILE = "deck.lock"
_NOT_CARDS = SPECIAL_CARD_FILES | {LOCK_FILE}


def card_files(project: Project) -> list[Path]:
    """The card files: regular `*.yaml`/`*.yml` files directly in cards/, inside the project."""
    return scan_cards(project)[0]


def scan_cards(project: Project) -> tuple[list[Path], list[Diagnostic]]:
    """The card files, and a diagnostic for each entry of cards/ that looks like a card file but is
    not read: wrong-case or doubled extensions (`Extra.YAML`, `x.yaml.txt`), hidden `.yaml` files,
    subfolders holding YAML (cards/ is flat: an id is unique per project and a file is known by
    its name), FIFOs and devices (never opened: a read would block), and links that lead outside
    the project (an error: a project from someone else must not pull ~/.ssh into a deck)."""
    if not _is_dir(project.cards_dir):
        return [], []
    files: list[Path] = []
    diags: list[Diagnostic] = []
    root = _real(project.root)
    for p in sorted(_entries(project.cards_dir)):
        name = p.name
        if name in _NOT_CARDS or name.startswith(".#") or name.endswith("~"):  # special files, editor locks, backups
            continue
        rel = project.rel_link(p)
        if p.suffix in CARD_SUFFIXES and not name.startswith("."):
            problem = foreign_file(p, root, rel)
            if problem is None:
                files.append(p)
            else:
                diags.append(problem)
            continue
        why = _not_read_why(p)
        if why:
            diags.append(
                Diagnostic(
                    rel,
                    0,
                    0,
                    "warning",
                    f"not read as a card file: {why}",
                    hint=_rename_hint(p),
                    code="card-file-ignored",
                )
            )
    return files, diags


def _not_read_why(p: Path) -> str:
    name, lower = p.name, p.name.lower()
    if _is_dir(p):
        has_yaml = any(q.suffix.lower() in CARD_SUFFIXES for q in _entries(p, recursive=True))
        return "cards/ is read without its subfolders" if has_yaml else ""
    if name.startswith(".") and lower.endswith(CARD_SUFFIXES):
        return "its name starts with '.', so it is hidden"
    if lower.endswith(CARD_SUFFIXES):
        return f"the extension must be lowercase ({p.suffix})"
    if any(f"{suffix}." in lower for suffix in CARD_SUFFIXES):
        return f"its name ends in {p.suffix}, not .yaml"
    return ""


def _rename_hint(p: Path) -> str:
    if _is_dir(p):
        return f"move its card files into cards/ itself (cards/{p.name}/x.yaml -> cards/x.yaml)"
    stem = p.name.lstrip(".").split(".")[0] or "cards"
    return f"rename it to {stem}.yaml to have it read, or move it out of cards/"


def foreign_file(p: Path, root: Path, rel: str) -> Diagnostic | None:
    """Why `p` (a card or seed file) must not be read, or None: a link that leads outside the
    project (error), a broken link or loop, or not a regular file (FIFO, device, socket: warning;
    never opened, a read could block for ever)."""
    try:
        real = Path(os.path.realpath(p, strict=True))
        mode = os.stat(real).st_mode
    except OSError as exc:
        if p.is_symlink():
            loop = exc.errno == errno.ELOOP
            why = "it leads back to itself" if loop else "its target does not exist"
            return Diagnostic(
                rel,
                0,
                0,
                "warning",
                f"not read: a broken symbolic link ({why})",
                hint="fix or remove the link",
                code="link-loop" if loop else "dangling-link",
            )
        code, message, hint = explain(exc)
        return Diagnostic(rel, 0, 0, "error", f"cannot read file: {message}", hint=hint, code=code)
    if not real.is_relative_to(root):
        return Diagnostic(
            rel,
            0,
            0,
            "error",
            f"is a symbolic link to {real}, outside the project: not read",
            hint="copy the file into the project instead of linking to it",
            code="link-outside-project",
        )
    if not stat.S_ISREG(mode):
        kind = (
            "a folder" if stat.S_ISDIR(mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device or socket"
        )
        return Diagnostic(
            rel,
            0,
            0,
            "warning",
            f"not read: {kind}, not a regular file",
            hint="remove it, or replace it with a regular file",
            code="not-a-file",
        )
    return None


def special_file(project: Project, path: Path, required: bool) -> tuple[bool, Diagnostic | None]:
    """(read it?, why not) for cards/deck.yaml, seeds/sources.yaml or cards/exclusions.yaml: the
    same rules as card files (a link out of the project is an error, a FIFO is never opened); a
    file the deck cannot do without that is not readable is an error, not "not found"."""
    if not (path.is_symlink() or path.exists()):
        return False, None
    problem = foreign_file(path, _real(project.root), project.rel_link(path))
    if problem is not None and required and problem.severity != "error":
        problem = replace(problem, severity="error")
    return problem is None, problem


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _real(path: Path) -> Path:
    try:
        return Path(os.path.realpath(path))
    except (OSError, RuntimeError):
        return path.absolute()


def _entries(folder: Path, recursive: bool = False) -> list[Path]:
    """The folder's entries (recursively: bounded, links to folders not followed); [] if unreadable."""
    try:
        if not recursive:
            return list(folder.iterdir())
        found: list[Path] = []
        for dirpath, _, names in os.walk(folder):
            found += [Path(dirpath) / n for n in names]
            if len(found) > 1000:
                break
        return found
    except OSError:
        return []


def read_seed_texts(project: Project) -> tuple[dict[str, str | None], list[Diagnostic]]:
    """Every article file directly in seeds/, NFC-normalised (the form citations are checked in)
    and keyed by its NFC name (macOS and some zip tools store names decomposed: 'café.txt' is
    the same file either way); a file that is not UTF-8, or that must not be read, maps to None
    with its own diagnostic (read anyway, or left out, it would only fail, misleadingly, the
    citations that quote it or the sources.yaml entry that names it).

    A link that leads outside the project is an error naming the link: a project from someone
    else must not pull ~/.ssh or /etc into a deck, a coverage report or an error hint. FIFOs and
    devices are never opened."""
    texts: dict[str, str | None] = {}
    diags: list[Diagnostic] = []
    if not _is_dir(project.seeds_dir):
        return texts, diags
    root = _real(project.root)
    for p in sorted(_entries(project.seeds_dir)):
        if p.suffix not in SEED_SUFFIXES:
            continue
        name = unicodedata.normalize("NFC", p.name)
        rel = project.rel_link(p)
        problem = foreign_file(p, root, rel)
        if problem is not None:
            diags.append(problem)
            texts[name] = None
            continue
        try:
            data = p.read_bytes()
        except OSError as exc:
            code, message, hint = explain(exc)
            diags.append(Diagnostic(rel, 0, 0, "error", f"cannot read file: {message}", hint=hint, code=code))
            texts[name] = None
            continue
        text, bad = decode_utf8(data, rel)
        if text is None:
            diags += [bad] if bad is not None else []
            texts[name] = None
            continue
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # as read_text() did
        texts[name] = unicodedata.normalize("NFC", text)
    return texts, diags
