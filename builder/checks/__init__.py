"""What is checked about validated cards: citations against the articles, lint, coverage of the
articles' facts, and the word lists those checks share.

May import `builder.core` and `builder.source`.
"""
