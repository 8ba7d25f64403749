"""The engine that runs the stages: the pipeline (load, check, render, package), the per-file cache, worker
processes, freshness checks of committed outputs, watch, the class pack, card scaffolding and new
projects. The public API in `builder/__init__.py` is built on this layer.

May import every layer below it: core, source, checks, anki, publish.
"""
