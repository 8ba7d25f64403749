"""The builder's version, read once from the installed package's metadata (pyproject.toml is the one place it is written)."""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("deckbuilder")
except metadata.PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
