"""The quiz exports on a project (default: the shipped deck): questions per format, cards left out
and why, shortened texts, and example questions per kind with their options.

python scripts/quiz_report.py [PROJECT] [--examples N]
"""

import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import builder
from builder.publish.quizzes import FORMATS, build_quiz, render_quiz

args = [a for a in sys.argv[1:] if not a.startswith("--")]
examples = int(sys.argv[sys.argv.index("--examples") + 1]) if "--examples" in sys.argv else 3
deck = builder.load(args[0] if args else Path(__file__).resolve().parent.parent).deck
assert deck is not None, "the project has errors: run deckbuilder check"
quiz = build_quiz(deck)
print(f"{len(deck.cards)} cards -> {len(quiz.questions)} questions, {len(quiz.left_out)} left out")
print("questions by kind:", dict(Counter(q.card.kind for q in quiz.questions)))
print("right option position:", dict(sorted(Counter(q.correct + 1 for q in quiz.questions).items())))
for fmt in FORMATS:
    made = render_quiz(fmt, quiz, deck, deck)
    print(
        f"  {fmt:<11}{len(made.quiz.questions):>4} questions  {len(made.data) / 1024:>6.0f} KiB  {len(made.warnings)} shortened"
    )
print("left out:")
for item in quiz.left_out:
    print(f"  {item.card.id} ({item.card.kind}): {item.reason}")
by_kind = defaultdict(list)
for q in quiz.questions:
    by_kind[q.card.kind if q.style == "card" else "disagreement (which article)"].append(q)
for kind, qs in by_kind.items():
    print(f"\n{kind}:")
    for q in qs[:examples]:
        print(f"  Q: {q.stem}" + (f" — {q.context}" if q.context else ""))
        for i, option in enumerate(q.options):
            print(f"     {'*' if i == q.correct else ' '} {option}")
