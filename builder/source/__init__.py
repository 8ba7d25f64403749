"""Reading a project: YAML to located nodes (the only package that imports yaml), validation into
cards, seeds and deck settings, which files belong to the project, and the JSON Schema of card files.

May import `builder.core` only.
"""
