"""What the loader produces: YAML nodes that remember where they came from (line and column)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Scalar:
    value: str
    line: int
    col: int


@dataclass(frozen=True)
class Seq:
    items: tuple
    line: int
    col: int


@dataclass(frozen=True)
class Map:
    """A YAML mapping; `items` keeps (key Scalar, value node) pairs in file order."""

    items: tuple
    line: int
    col: int

    def get(self, key: str):
        for k, v in self.items:
            if k.value == key:
                return v
        return None

    def key_node(self, key: str) -> Scalar | None:
        for k, _ in self.items:
            if k.value == key:
                return k
        return None


Node = Union[Scalar, Seq, Map]  # noqa: UP007 - a runtime alias: X | Y of classes needs 3.10's types.UnionType


@dataclass(frozen=True)
class Document:
    """One loaded YAML file: its path relative to the project and its root node (None if empty)."""

    path: str
    root: Node | None
