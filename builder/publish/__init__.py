"""Outputs made from a checked deck for people and other tools: file names, assignment subsets,
text exports, the preview page, the handout and quiz sheets, PDFs; HTML comes from the Jinja2
templates in `templates/`, autoescaped.

May import `builder.core`, `builder.source`, `builder.checks` and `builder.anki`.
"""
