"""deckbuilder coverage on tests/data/coverage/tiny, whose counts are checked by hand:

seeds/tiny.txt has 2 quotations, 3 dates (January 5, Tuesday, 2026), 4 names (Lee Jae Myung,
Xi Jinping, Sanae Takaichi, Daniel Sneider) and 2 numbers (200, 60 years; the 5 of January 5 is a date).
The cards cover: the second quotation (a full sentence of it), January 5, Xi Jinping and 60;
cards/exclusions.yaml excludes the copyright line, hence the date 2026.
"""

import json
import shutil

import pytest

from builder.checks.coverage import find_dates, find_names, find_numbers, find_quotations, quotation_sentences

from .conftest import DATA


@pytest.fixture
def tiny(tmp_path):
    dest = tmp_path / "tiny"
    shutil.copytree(DATA / "coverage" / "tiny", dest)
    return dest


def exclude(project, seed, text, reason="boilerplate"):
    """Replace cards/exclusions.yaml with one entry (its seed on line 2, its text on line 3, column 11)."""
    entry = f"exclusions:\n  - seed: {seed}\n    text: {text}\n" + (f"    reason: {reason}\n" if reason else "")
    (project / "cards" / "exclusions.yaml").write_text(entry)


def counts(result, kind):
    return json.loads(result.stdout)["totals"][kind]


def test_text_report_counts_per_kind(tiny, run):
    result = run("-C", tiny, "coverage")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if line.strip().startswith("tiny"))
    assert row.split() == ["tiny", "1/2", "50.0%", "2/3", "66.7%", "(1", "excl.)", "1/4", "25.0%", "1/2", "50.0%"]


def test_json_counts_are_exact(tiny, run):
    result = run("-C", tiny, "coverage", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kinds"] == ["quotation", "date", "name", "number"]
    assert data["seeds"][0]["seed"] == "tiny" and data["seeds"][0]["file"] == "seeds/tiny.txt"
    assert data["totals"] == {
        "quotation": {"covered": 1, "excluded": 0, "handled": 1, "total": 2, "percent": 50.0},
        "date": {"covered": 1, "excluded": 1, "handled": 2, "total": 3, "percent": 66.7},
        "name": {"covered": 1, "excluded": 0, "handled": 1, "total": 4, "percent": 25.0},
        "number": {"covered": 1, "excluded": 0, "handled": 1, "total": 2, "percent": 50.0},
    }


def test_uncovered_items_have_seed_file_and_line(tiny, run):
    result = run("-C", tiny, "coverage")
    assert '  seeds/tiny.txt:3: quotation: "We are starting a new 60 years,"' in result.stdout
    assert '  seeds/tiny.txt:4: date: "Tuesday"' in result.stdout
    assert '  seeds/tiny.txt:2 (also line 3): name: "Lee Jae Myung"' in result.stdout
    data = json.loads(run("-C", tiny, "coverage", "--json").stdout)
    assert {(u["kind"], u["text"], u["line"]) for u in data["uncovered"]} == {
        ("name", "Lee Jae Myung", 2),
        ("number", "200", 2),
        ("quotation", "We are starting a new 60 years,", 3),
        ("name", "Sanae Takaichi", 4),
        ("date", "Tuesday", 4),
        ("name", "Daniel Sneider", 4),
    }


def test_excluded_candidates_count_as_handled_and_are_listed_apart(tiny, run):
    data = json.loads(run("-C", tiny, "coverage", "--json").stdout)
    assert data["excluded"] == [{"seed": "tiny", "file": "seeds/tiny.txt", "line": 5, "kind": "date", "text": "2026"}]
    (tiny / "cards" / "exclusions.yaml").unlink()
    assert counts(run("-C", tiny, "coverage", "--json"), "date")["handled"] == 1


def test_partial_quotation_citation_does_not_cover_it(tiny, run):
    cards = tiny / "cards" / "cards.yaml"
    assert counts(run("-C", tiny, "coverage", "--json"), "quotation")["covered"] == 1
    cards.write_text(
        cards.read_text().replace("quote: starting a new 60 years", "quote: We are starting a new 60 years,")
    )
    assert counts(run("-C", tiny, "coverage", "--json"), "quotation")["covered"] == 2


def test_short_sentence_of_a_quotation_does_not_cover_it(tiny, run):
    cards = tiny / "cards" / "cards.yaml"
    text = cards.read_text().replace("quote: It is more important than ever.", "quote: Cooperation matters.")
    cards.write_text(text.replace("quotation: It is more important than ever.", "quotation: Cooperation matters."))
    assert counts(run("-C", tiny, "coverage", "--json"), "quotation")["covered"] == 0


def test_name_is_covered_by_a_citation_of_any_mention(tiny, run):
    cards = tiny / "cards" / "cards.yaml"
    cards.write_text(
        cards.read_text().replace("quote: starting a new 60 years", "quote: starting a new 60 years,” Lee said")
    )
    data = json.loads(run("-C", tiny, "coverage", "--json").stdout)
    assert "Lee Jae Myung" not in {u["text"] for u in data["uncovered"]}
    assert data["totals"]["name"]["covered"] == 2


def test_kinds_option_selects_kinds(tiny, run):
    data = json.loads(run("-C", tiny, "coverage", "--json", "--kinds", "date,name").stdout)
    assert data["kinds"] == ["date", "name"] and set(data["totals"]) == {"date", "name"}
    assert {u["kind"] for u in data["uncovered"]} == {"date", "name"}


def test_unknown_kind_is_a_usage_error(tiny, run):
    result = run("-C", tiny, "coverage", "--kinds", "date,places")
    assert result.exit_code == 2
    assert "unknown kind 'places'" in result.output


@pytest.mark.parametrize(
    "args, code",
    [
        (["--fail-under", "50", "--kinds", "quotation,number"], 0),
        (["--fail-under", "50.1", "--kinds", "quotation,number"], 1),
        (["--fail-under", "60"], 1),
        (["--fail-under", "60", "--kinds", "date"], 0),
        (["--fail-under", "0"], 0),
    ],
)
def test_fail_under_exit_codes(tiny, run, args, code):
    assert run("-C", tiny, "coverage", *args).exit_code == code


def test_fail_under_names_the_failing_kinds(tiny, run):
    result = run("-C", tiny, "coverage", "--fail-under", "60")
    assert "coverage: error: under 60%: quotation, name, number" in result.stderr


def test_exclusion_with_unknown_seed_is_a_located_error(tiny, run):
    exclude(tiny, "tinny", "All rights reserved.")
    for command in ("coverage", "check", "build"):
        result = run("-C", tiny, command)
        assert result.exit_code == 1, command
        assert (
            "cards/exclusions.yaml:2:11: error[unknown-seed]: unknown seed 'tinny'\n  hint: did you mean 'tiny'? known seeds: tiny"
            in result.stderr
        )


def test_exclusion_text_not_in_seed_is_a_located_error_with_closest_passage(tiny, run):
    exclude(tiny, "tiny", "All rights reversed.")
    result = run("-C", tiny, "check")
    assert result.exit_code == 1
    assert (
        "cards/exclusions.yaml:3:11: error[exclusion-not-found]: excluded text not found in seed 'tiny'"
        in result.stderr
    )
    assert "hint: closest passage" in result.stderr and '"All rights reserved."' in result.stderr


def test_exclusion_missing_reason_is_an_error(tiny, run):
    exclude(tiny, "tiny", "All rights reserved.", reason=None)
    result = run("-C", tiny, "check")
    assert result.exit_code == 1
    assert (
        "cards/exclusions.yaml:2:5: error[missing-key]: missing required key 'reason' for an exclusion" in result.stderr
    )


def test_exclusion_without_candidates_warns(tiny, run):
    exclude(tiny, "tiny", "All rights reserved.")
    result = run("-C", tiny, "coverage")
    assert result.exit_code == 0
    assert (
        "cards/exclusions.yaml:3:11: warning[empty-exclusion]: excluded text in seed 'tiny' contains no quotation, date, name or number"
    ) in result.stderr


def test_exclusion_with_candidates_does_not_warn(tiny, run):
    result = run("-C", tiny, "coverage")
    assert "warning" not in result.stderr


def test_quotations_curly_straight_and_single():
    text = 'He said “one thing.” She said "another" and called it ‘a turning point’ in Lee’s view.'
    assert [text[s:e] for s, e in find_quotations(text)] == ["one thing.", "another", "a turning point"]


def test_apostrophes_are_not_quotations():
    assert find_quotations("Lee’s and Xi’s wives’ selfies") == []


def test_dates_months_weekdays_years_and_relative():
    text = (
        "On Tuesday, January 13, 2026 they met; on Jan. 6 a ban; in early November remarks; "
        "since 2019; from the 1930s; last week and this year; the following day; a week after that; "
        "she may come in May."
    )
    assert [text[s:e] for s, e in find_dates(text)] == [
        "Tuesday, January 13, 2026",
        "Jan. 6",
        "early November",
        "2019",
        "the 1930s",
        "last week",
        "this year",
        "the following day",
        "a week after",
    ]


def test_numbers_digits_and_words_but_not_dates():
    text = "A 400-member delegation, more than 800 goods, five years, the two leaders, January 5th and 2019."
    dates = find_dates(text)
    assert [text[s:e] for s, e in find_numbers(text, dates)] == ["400-member", "more than 800", "five years"]


def test_names_strip_titles_and_skip_places_and_organisations():
    text = (
        "South Korean President Lee Jae Myung met Chinese President Xi Jinping in Tiananmen Square. "
        "Lee spoke at the Lee Kuan Yew School of Public Policy. Xi smiled. Japanese Prime Minister "
        "Sanae Takaichi’s hometown is Nara."
    )
    names = find_names(text, set())
    assert set(names) == {"Lee Jae Myung", "Xi Jinping", "Sanae Takaichi"}
    assert len(names["Lee Jae Myung"]) == 2 and len(names["Xi Jinping"]) == 2


def test_known_card_names_are_names():
    text = "A talk by Ursula von der Leyen today."
    assert find_names(text, set()) == {}
    assert find_names(text, {"Ursula von der Leyen"}) == {"Ursula von der Leyen": [(10, 30)]}


def test_quotation_sentences_skip_abbreviations():
    text = "The U.S. Army came. It is more important than ever."
    assert [text[s:e] for s, e in quotation_sentences(text, 0, len(text))] == [
        "The U.S. Army came",
        "It is more important than ever",
    ]


def test_name_is_excluded_only_when_every_mention_is(tiny, run):
    exclude(tiny, "tiny", "Lee Jae Myung met")  # "Lee said" on line 3 is another mention
    data = json.loads(run("-C", tiny, "coverage", "--json").stdout)
    assert ("name", "Lee Jae Myung") in {(u["kind"], u["text"]) for u in data["uncovered"]}
    exclude(tiny, "tiny", "Sanae Takaichi will host him")  # her only mention
    data = json.loads(run("-C", tiny, "coverage", "--json").stdout)
    assert [(e["kind"], e["text"]) for e in data["excluded"]] == [("name", "Sanae Takaichi")]


def test_empty_deck_folder_is_reported_not_crashed(tmp_path, run):
    result = run("-C", tmp_path, "coverage", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)[0]["message"] == f"project folder {tmp_path.resolve()} has no cards/ folder"
