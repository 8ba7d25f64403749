"""Everything that knows Anki: note types, rendering cards into escaped note fields, filling card
templates as Anki does, writing the .apkg (the only package that imports genanki), note identity,
and the lock and release history that decide what students' Anki updates.

May import `builder.core`, `builder.source` and `builder.checks`.
"""
