"""The bottom layer: plain data and the few things every layer needs.

Frozen dataclasses passed between stages (cards, seeds, decks, the project's paths), diagnostics
and their code registry, the one wording of each card kind's question and answer, the one atomic
file writer, and the builder's version. Imports nothing from the other layers.
"""
