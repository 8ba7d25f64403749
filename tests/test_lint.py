"""deckbuilder lint on tests/data/lint: cards/good.yaml raises nothing; each card of cards/weak.yaml
raises exactly one warning, of the kind its id names, located at the key to fix."""

import json
import re
import shutil

import pytest

from .conftest import DATA

EXPECTED = {  # card id → (line:col in cards/weak.yaml, message start)
    "leaked-answer": ("4:5", "the answer ('Nara Prefecture') appears in its own question"),
    "long-question": ("13:5", "question is 50 words long (limit 40)"),
    "long-answer": ("23:5", "answer is 28 words long (limit 25)"),
    "same-question": ("31:5", "asks the same question as card 'nara-date'"),
    "name-in-role": ("41:5", "the name appears in the role"),
    "untagged": ("47:5", "card has no tags"),
    "twin-of-quote": ("55:5", "teaches the same thing as card 'quote-perilous' from the same sentence"),
    "relative-date": ("68:5", "the answer's date ('This week') has nothing to count from"),
    "position-of-article": ("76:5", "the holder ('the Mini Post') is an article"),
    "answer-in-deck": ("87:5", "the deck's name or description gives the answer away ('January')"),
    "paraphrase-unneeded": ("97:5", "'paraphrase: true' is not needed"),
}
CODES = {  # card id → the code of its one warning
    "leaked-answer": "lint-answer-in-question",
    "long-question": "lint-long-question",
    "long-answer": "lint-long-answer",
    "same-question": "lint-duplicate-question",
    "name-in-role": "lint-answer-in-question",
    "untagged": "lint-no-tags",
    "twin-of-quote": "lint-twin",
    "relative-date": "lint-relative-date",
    "position-of-article": "lint-position-of-article",
    "answer-in-deck": "lint-answer-in-deck",
    "paraphrase-unneeded": "lint-paraphrase-unneeded",
}


@pytest.fixture
def lintproj(tmp_path):
    dest = tmp_path / "lint"
    shutil.copytree(DATA / "lint", dest)
    return dest


def lint_json(run, project, *args):
    result = run("-C", project, "lint", "--json", *args)
    return result, json.loads(result.stdout)


@pytest.mark.parametrize("card_id", sorted(EXPECTED))
def test_warning_fires_on_weak_card_at_its_key(lintproj, run, card_id):
    result = run("-C", lintproj, "lint")
    where, message = EXPECTED[card_id]
    assert re.search(
        rf"cards/weak\.yaml:{where}: warning\[lint-[a-z-]+\]: card '{card_id}': {re.escape(message)}", result.stderr
    ), result.stderr


def test_each_weak_card_gets_exactly_one_warning(lintproj, run):
    _, diags = lint_json(run, lintproj)
    assert sorted(d["card"] for d in diags) == sorted(EXPECTED)


def test_good_cards_raise_nothing(lintproj, run):
    (lintproj / "cards" / "weak.yaml").unlink()
    result = run("-C", lintproj, "lint")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "OK: 7 cards, no warnings" in result.stdout


def test_warnings_exit_zero_without_strict(lintproj, run):
    result = run("-C", lintproj, "lint")
    assert result.exit_code == 0
    assert f"0 errors, {len(EXPECTED)} warnings in 1 file" in result.stderr


def test_strict_turns_warnings_into_errors(lintproj, run):
    result = run("-C", lintproj, "lint", "--strict")
    assert result.exit_code == 1
    assert "cards/weak.yaml:47:5: error[lint-no-tags]: card 'untagged': card has no tags" in result.stderr
    assert f"{len(EXPECTED)} errors, 0 warnings in 1 file" in result.stderr


def test_strict_passes_on_good_cards(lintproj, run):
    (lintproj / "cards" / "weak.yaml").unlink()
    assert run("-C", lintproj, "lint", "--strict").exit_code == 0


def test_json_lists_diagnostics_with_codes(lintproj, run):
    result, diags = lint_json(run, lintproj)
    assert result.exit_code == 0
    assert sorted((d["card"], d["code"]) for d in diags) == sorted(CODES.items())
    first = diags[0]
    assert set(first) == {"file", "line", "col", "severity", "code", "card", "message", "hint"}
    assert (first["file"], first["line"], first["col"], first["severity"]) == ("cards/weak.yaml", 4, 5, "warning")


def test_limits_are_options(lintproj, run):
    (lintproj / "cards" / "weak.yaml").unlink()
    _, diags = lint_json(run, lintproj, "--max-answer-words", "3", "--max-question-words", "8")
    assert sorted((d["card"], d["code"]) for d in diags) == [
        ("ban-date", "lint-long-question"),
        ("goods-count", "lint-long-question"),
        ("lee-dispute", "lint-long-answer"),
        ("nara-date", "lint-long-question"),
        ("sneider", "lint-long-answer"),
    ]


def test_lint_reports_card_errors_instead(lintproj, run):
    weak = lintproj / "cards" / "weak.yaml"
    weak.write_text(
        weak.read_text().replace("quote: in Nara\n    tags: [nara]", "quote: in Kyoto\n    tags: [nara]", 1)
    )
    result = run("-C", lintproj, "lint")
    assert result.exit_code == 1
    assert "error[citation-not-found]: card 'leaked-answer': source quote not found in seed 'mini'" in result.stderr


def _edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_speaker_named_in_quote_context_warns(lintproj, run):
    good = lintproj / "cards" / "good.yaml"
    _edit(good, "context: At the Nara summit", "context: Lee Jae Myung at the Nara summit")
    (lintproj / "cards" / "weak.yaml").unlink()
    assert [(d["card"], d["code"]) for d in lint_json(run, lintproj)[1]] == [("quote-sixty", "lint-answer-in-question")]


def test_person_cards_with_same_name_ask_the_same_question(lintproj, run):
    (lintproj / "cards" / "weak.yaml").write_text(
        "cards:\n  - id: sneider-again\n    kind: person\n    name: Daniel Sneider\n"
        "    role: an East Asia policy expert\n    sources:\n      - seed: mini\n"
        "        quote: said Daniel Sneider, an East Asia policy expert\n    tags: [analysts]\n"
    )
    diags = [d for d in lint_json(run, lintproj)[1] if d["code"] == "lint-duplicate-question"]
    assert [(d["card"], d["line"]) for d in diags] == [("sneider-again", 4)]


# --- answer-elsewhere: a card's answer on another card's front (the printed quiz shows every front) ---


OTHER_SENTENCE = "Over dinner the two leaders talked about trade"  # not a sentence good.yaml cites


def _qa(card_id, question, answer, quote=OTHER_SENTENCE):
    return (
        f"  - id: {card_id}\n    kind: qa\n    question: {question}\n    answer: {answer}\n"
        f"    sources:\n      - seed: mini\n        quote: {quote}\n    tags: [x]\n"
    )


def _elsewhere(run, project):
    return [
        (d["card"], d["line"], d["message"]) for d in lint_json(run, project)[1] if d["code"] == "lint-answer-elsewhere"
    ]


def test_answer_on_another_cards_front_warns_at_that_front(lintproj, run):
    """'Stanford University' is shown by good.yaml's person card (its role, the front of 'Who is this?')
    and by another question: both are reported, at the leaking key, naming the card they give away.
    (The cards cite another sentence than the person card: from the same sentence they would be twins.)"""
    (lintproj / "cards" / "weak.yaml").write_text(
        "cards:\n"
        + _qa("sneider-university", "At which university is Daniel Sneider an expert?", "Stanford University")
        + _qa("sneider-field", "What is the Stanford University expert's field?", "East Asia policy", "A week later")
    )
    found = _elsewhere(run, lintproj)
    assert ("sneider", 23, "shows the answer of card 'sneider-university' ('Stanford University')") in found
    assert ("sneider-field", 12, "shows the answer of card 'sneider-university' ('Stanford University')") in found
    # 'East Asia policy' is in the person card's role too
    assert ("sneider", 23, "shows the answer of card 'sneider-field' ('East Asia policy')") in found
    assert len(found) == 3
    result = run("-C", lintproj, "lint")
    assert (
        "cards/good.yaml:23:5: warning[lint-answer-elsewhere]: card 'sneider': shows the answer of card 'sneider-university' "
        "('Stanford University')"
    ) in result.stderr
    assert "hint: cards/weak.yaml:2; on the printed quiz both are on one sheet" in result.stderr


def test_quote_cards_quotation_is_a_front(lintproj, run):
    (lintproj / "cards" / "weak.yaml").write_text(
        "cards:\n" + _qa("sneider-view", "How does Sneider describe Lee's diplomatic situation?", "Incredibly perilous")
    )
    assert _elsewhere(run, lintproj) == [
        ("quote-perilous", 31, "shows the answer of card 'sneider-view' ('Incredibly perilous')")
    ]


def test_answer_not_distinctive_is_silent(lintproj, run):
    """A lower-case single word ('dialogue'), a yes/no, function words and relative dates ('last week')
    are not distinctive: they may appear on other fronts."""
    (lintproj / "cards" / "weak.yaml").write_text(
        "cards:\n"
        + _qa("how-resolve", "How should the dispute be resolved?", "dialogue")
        + _qa("did-they-meet", "Did Lee meet Takaichi in Nara?", "yes")
        + _qa("when-ban", "Was the ban on dual-use goods last week or last month?", "last week")
        + _qa("who-lee", "Whom did Lee meet?", "the one in the dialogue")
    )
    assert _elsewhere(run, lintproj) == []


def test_answer_in_its_own_question_only_is_not_elsewhere(lintproj, run):
    (lintproj / "cards" / "weak.yaml").write_text(
        "cards:\n" + _qa("own-leak", "Which university, Stanford University, employs Sneider?", "Stanford University")
    )
    (lintproj / "cards" / "good.yaml").write_text(
        (lintproj / "cards" / "good.yaml")
        .read_text()
        .replace("role: an East Asia policy expert at Stanford University", "role: an East Asia policy expert")
    )
    diags = lint_json(run, lintproj)[1]
    assert [(d["card"], d["code"]) for d in diags] == [("own-leak", "lint-answer-in-question")]


def test_answer_on_many_fronts_is_vocabulary(lintproj, run):
    """An answer shown on more than MAX_SPREAD other fronts ('China' in a deck about China) is the
    deck's shared vocabulary: nothing is reported."""
    from builder.checks.lint import MAX_SPREAD

    ban = "China banned the export"
    cards = "".join(
        _qa(f"china-{i}", f"What did China do on day {i}?", f"thing {chr(97 + i)}") for i in range(MAX_SPREAD + 1)
    )
    (lintproj / "cards" / "weak.yaml").write_text(
        "cards:\n" + _qa("which-country", "Which country banned the goods?", "China", ban) + cards
    )
    assert _elsewhere(run, lintproj) == []
    cards = "".join(
        _qa(f"china-{i}", f"What did China do on day {i}?", f"thing {chr(97 + i)}") for i in range(MAX_SPREAD - 3)
    )
    (lintproj / "cards" / "weak.yaml").write_text(
        "cards:\n" + _qa("which-country", "Which country banned the goods?", "China", ban) + cards
    )
    assert {c for c, _, _ in _elsewhere(run, lintproj)} >= {f"china-{i}" for i in range(MAX_SPREAD - 3)}


# --- holder-capitalised: Anki reads the holder mid-sentence ---


def _position(card_id, holder):
    return (
        f"  - id: {card_id}\n    kind: position\n    holder: {holder}\n    topic: the dispute\n"
        "    position: Dialogue\n    sources:\n      - seed: mini\n"
        "        quote: Lee said China and Japan should resolve the issue through dialogue.\n    tags: [x]\n"
    )


def test_holder_starting_with_common_capitalised_word_warns(lintproj, run):
    (lintproj / "cards" / "weak.yaml").write_text(
        "cards:\n"
        + _position("cap-the", "The student article")
        + _position("cap-analysts", "Analysts cited by TIME")
        + _position("ok-lower", "the student article (Anon Yu Henriksen)")
        + _position("cap-team", "The Lee Jae Myung team")
        + _position("ok-proper", "TIME")
        + _position("ok-theo", "Theodore Roosevelt")
    )
    diags = [
        (d["card"], d["line"], d["message"])
        for d in lint_json(run, lintproj)[1]
        if d["code"] == "lint-holder-capitalised"
    ]
    assert diags == [
        ("cap-the", 4, "the holder starts with a capitalised common word ('The')"),
        ("cap-analysts", 13, "the holder starts with a capitalised common word ('Analysts')"),
        ("cap-team", 31, "the holder starts with a capitalised common word ('The')"),
    ]


@pytest.mark.parametrize(
    "holder, shown",
    [
        ("The student article (Anon Yu Henriksen)", "the student article (Anon Yu Henriksen)"),
        ("The Washington Post", "the Washington Post"),
        ("Some in South Korea (preview article)", "some in South Korea (preview article)"),
        ("Analysts cited by the preview article", "analysts cited by the preview article"),
        ("Unnamed officials", "unnamed officials"),
        ("Lee Jae Myung", "Lee Jae Myung"),
        ("TIME", "TIME"),
        ("South Korean officials (TIME)", "South Korean officials (TIME)"),
        ("Theodore Roosevelt", "Theodore Roosevelt"),
        ("the student article", "the student article"),
    ],
)
def test_holder_text_lower_cases_only_a_leading_common_word(holder, shown):
    from builder.core.prompts import holder_text

    assert holder_text(holder) == shown


def test_position_question_reads_the_holder_mid_sentence(lintproj):
    from builder.core.model import Project
    from builder.core.prompts import question_text
    from builder.engine.pipeline import load_project

    (lintproj / "cards" / "weak.yaml").write_text("cards:\n" + _position("cap-the", "The student article"))
    deck = load_project(Project(lintproj)).deck
    card = next(c for c in deck.cards if c.id == "cap-the")
    assert question_text(card) == "What is the position of the student article on the dispute?"


def test_shipped_cards_have_no_capitalised_holder():
    import re
    from pathlib import Path

    from builder.core.prompts import holder_text

    holders = [
        m.group(1)
        for f in (Path(__file__).parent.parent / "cards").glob("*.yaml")
        for m in re.finditer(r"(?m)^    holder: (.*)$", f.read_text(encoding="utf-8"))
    ]
    assert holders and all(holder_text(h) == h for h in holders)


def test_an_em_dash_separates_words_for_the_quotation_check():
    """'nations—perhaps' in a citation holds the word 'nations': a quotation ending there is cited."""
    from builder.checks.lint import words

    assert words("between the quarreling nations—perhaps because") == [
        "between",
        "the",
        "quarreling",
        "nations",
        "perhaps",
        "because",
    ]
    assert words("long-term aspirations – and more") == ["long-term", "aspirations", "and", "more"]


# --- silencing: per card with `allow:` (a reason is required), per project in cards/lint.yaml ---


def test_allow_on_a_card_silences_that_code_for_that_card(lintproj, run):
    _edit(
        lintproj / "cards" / "weak.yaml",
        "  - id: relative-date\n",
        "  - id: relative-date\n    allow: {lint-relative-date: the quiz gives the week}\n",
    )
    _, diags = lint_json(run, lintproj)
    assert "relative-date" not in {d["card"] for d in diags}
    assert len(diags) == len(EXPECTED) - 1


def test_allow_on_either_card_of_a_twin_pair_silences_the_pair(lintproj, run):
    good = lintproj / "cards" / "good.yaml"
    _edit(
        good,
        "  - id: quote-perilous\n",
        '  - id: quote-perilous\n    allow: {lint-twin: "the position card asks about the situation, not who said it"}\n',
    )
    _, diags = lint_json(run, lintproj)
    assert "lint-twin" not in {d["code"] for d in diags}


def test_allow_for_another_code_silences_nothing(lintproj, run):
    _edit(
        lintproj / "cards" / "weak.yaml",
        "  - id: relative-date\n",
        "  - id: relative-date\n    allow: {lint-twin: not a twin}\n",
    )
    assert len(lint_json(run, lintproj)[1]) == len(EXPECTED)


def test_allow_without_a_reason_is_an_error(lintproj, run):
    _edit(
        lintproj / "cards" / "weak.yaml",
        "  - id: relative-date\n",
        "  - id: relative-date\n    allow:\n      lint-relative-date:\n",
    )
    result = run("-C", lintproj, "check")
    assert result.exit_code == 1
    assert "error[invalid-allow]: card 'relative-date': silencing 'lint-relative-date' needs a reason" in result.stderr


def test_allow_of_a_misspelt_code_is_an_error_with_a_suggestion(lintproj, run):
    _edit(
        lintproj / "cards" / "weak.yaml",
        "  - id: relative-date\n",
        "  - id: relative-date\n    allow: {lint-relative-dates: why}\n",
    )
    result = run("-C", lintproj, "check")
    assert "'lint-relative-dates' is not a lint code (did you mean 'lint-relative-date'?)" in result.stderr


def test_project_config_silences_a_code_everywhere_and_sets_limits(lintproj, run):
    (lintproj / "cards" / "lint.yaml").write_text(
        'lint:\n  allow:\n    lint-no-tags: "a practice deck"\n  max-answer-words: 30\n', encoding="utf-8"
    )
    _, diags = lint_json(run, lintproj)
    assert {d["card"] for d in diags} == set(EXPECTED) - {"untagged", "long-answer"}
    _, diags = lint_json(run, lintproj, "--max-answer-words", "20")  # the command line wins
    assert "long-answer" in {d["card"] for d in diags}


def test_project_config_is_checked_by_check(lintproj, run):
    (lintproj / "cards" / "lint.yaml").write_text("lint:\n  allow:\n    lint-twin:\n  max-answer-words: many\n")
    result = run("-C", lintproj, "check")
    assert result.exit_code == 1
    assert "cards/lint.yaml:3:5: error[invalid-allow]: silencing 'lint-twin' needs a reason" in result.stderr
    assert "'max-answer-words' must be a positive whole number, not 'many'" in result.stderr


def test_the_lint_config_is_not_a_card_file(lintproj, run):
    (lintproj / "cards" / "lint.yaml").write_text('lint:\n  allow:\n    lint-no-tags: "fine"\n')
    result = run("-C", lintproj, "check")
    assert result.exit_code == 0, result.output


# --- false alarms of the old lint, gone ---


def test_a_proper_name_holder_starting_with_the_is_not_capitalised_common_word(lintproj, run):
    (lintproj / "cards" / "weak.yaml").write_text("cards:\n" + _position("wapo", "The Washington Post (its analysis)"))
    assert [d["code"] for d in lint_json(run, lintproj)[1] if d["code"] == "lint-holder-capitalised"] == []


def test_a_disagreement_card_is_measured_per_version(lintproj, run):
    versions = "; ".join(f"Article {n}: " + " ".join(["word"] * 15) for n in "ABC")
    card = _qa("disc-long", "What do the articles say? (They differ.)", versions).replace(
        "tags: [x]", "tags: [discrepancy]"
    )
    (lintproj / "cards" / "weak.yaml").write_text("cards:\n" + card)
    assert [d["code"] for d in lint_json(run, lintproj)[1] if d["code"] == "lint-long-answer"] == []


def test_no_tags_is_silent_in_a_deck_that_does_not_use_tags(lintproj, run):
    for path in (lintproj / "cards").glob("*.yaml"):
        path.write_text(re.sub(r"\n    tags: \[[^]]*\]", "", path.read_text()))
    assert "lint-no-tags" not in {d["code"] for d in lint_json(run, lintproj)[1]}


# --- giveaways the old lint missed ---


def test_a_name_inside_a_longer_answer_is_given_away_by_a_front_naming_it(lintproj, run):
    (lintproj / "cards" / "weak.yaml").write_text(
        "cards:\n"
        + _qa(
            "who-met",
            "Whom did Takaichi meet on January 13?",
            "South Korean President Lee Jae Myung",
            "South Korean President Lee Jae Myung",
        )
        + _qa("about-lee", "Why did Lee Jae Myung go to Nara?", "To meet Takaichi", "A week later")
    )
    assert ("about-lee", 12, "shows the answer of card 'who-met' ('Lee Jae Myung')") in _elsewhere(run, lintproj)


def test_a_remark_in_brackets_and_names_in_any_order_give_an_answer_away(lintproj, run):
    (lintproj / "cards" / "weak.yaml").write_text(
        "cards:\n"
        + _qa("which-temple", "Which temple did they tour?", "Horyuji Temple", "A week later")
        + _qa("when-temple", "On which day did they visit a temple (Horyuji)?", "The second day")
    )
    assert [c for c, _, m in _elsewhere(run, lintproj) if "which-temple" in m] == ["when-temple"]


def test_an_ordinal_answer_is_given_away(lintproj, run):
    (lintproj / "cards" / "weak.yaml").write_text(
        "cards:\n"
        + _qa("which-meeting", "Which meeting was it (first, second...)?", "The third", "A week later")
        + _qa("span", "Their third talk came within what span?", "A week")
    )
    assert [c for c, _, m in _elsewhere(run, lintproj) if "which-meeting" in m] == ["span"]


def test_the_false_alarms_of_the_old_lint_are_gone(tmp_path, run):
    """tests/data/lint-false-alarms: 'U.S.' for the article's 'US', a holder that is a proper name
    starting with 'The', a disagreement card's long answer of two versions, a deck without tags.
    The lint of release 1.1 gave 4 warnings on it (2 no-tags, holder-capitalised, long-answer)."""
    dest = tmp_path / "false-alarms"
    shutil.copytree(DATA / "lint-false-alarms", dest)
    result = run("-C", dest, "check")
    assert result.exit_code == 0, result.output  # the role 'U.S. envoy' is cited by 'The US envoy'
    assert lint_json(run, dest)[1] == []


def test_a_disagreement_card_is_not_the_twin_of_one_versions_card(lintproj, run):
    """A disagreement card restates each version on purpose: the card of one version, from the
    same sentence, is its twin only when that version is most of what the disagreement teaches."""
    date = (
        "  - id: ban-day\n    kind: date\n    question: On what day was the ban?\n    answer: January 6\n"
        "    sources:\n      - seed: mini\n        quote: On Jan. 6, China banned the export\n    tags: [ban]\n"
    )
    disc = (
        "  - id: disc-ban\n    kind: qa\n    question: What do the reports say about the ban? (They differ.)\n"
        '    answer: "Mini Post: on January 6 China banned exports of goods; the Beijing wire: a quiet pause, '
        'denied by officials, with tariffs planned"\n'
        "    sources:\n      - seed: mini\n        quote: On Jan. 6, China banned the export of more than 800 dual-use goods\n"
        "    tags: [discrepancy]\n"
    )

    def pair(diags):
        return [
            d
            for d in diags
            if d["code"] == "lint-twin" and {d["card"], d["message"].split("'")[1]} == {"ban-day", "disc-ban"}
        ]

    (lintproj / "cards" / "weak.yaml").write_text("cards:\n" + date + disc)
    assert pair(lint_json(run, lintproj)[1]) == []
    mostly_the_date = disc.replace(
        "on January 6 China banned exports of goods; the Beijing wire: a quiet pause, denied by officials, with tariffs planned",
        "January 6; the Beijing wire: January",
    )
    (lintproj / "cards" / "weak.yaml").write_text("cards:\n" + date + mostly_the_date)
    assert len(pair(lint_json(run, lintproj)[1])) == 1
