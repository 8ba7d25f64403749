"""Diagnostics: one located message each, compiler style, with a code from the registry."""

from __future__ import annotations

from dataclasses import dataclass


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

    def sort_key(self):
        return (self.file, self.line, self.col, self.message)

    def to_dict(self) -> dict:
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
