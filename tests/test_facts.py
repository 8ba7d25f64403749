"""Candidate facts of news text (builder/checks/facts.py): names, numbers, dates, one per fact."""

import json

import pytest

from builder.checks.facts import find_dates, find_facts, find_names, find_numbers, resolve_date
from builder.core.model import Seed

from .conftest import DATA

NEWS = DATA / "coverage" / "news"


def seed(text, date="unknown"):
    return Seed("s", "s.txt", text, "Outlet", "unknown", "unknown", date)


def facts(text, kind, date="unknown"):
    return {f.text: f for f in find_facts(seed(text, date)) if f.kind == kind}


@pytest.mark.parametrize(
    "text, name",
    [
        ("Secretary of State Rex Tillerson described the talks.", "Rex Tillerson"),
        ("First Lady Melania Trump tried to end it.", "Melania Trump"),
        ("Japanese Prime Minister Sanae Takaichi met him.", "Sanae Takaichi"),
        ("National Security Office Director Wi Sung-lak said so.", "Wi Sung-lak"),
        ("Dr. Kei Koga said so.", "Kei Koga"),
        ("Mr. Moon Jae-in arrived.", "Moon Jae-in"),
        ("By Publisher-Chairman Lee Jon-Young in Seoul.", "Lee Jon-Young"),
    ],
)
def test_titles_and_honorifics_are_taken_off_names(text, name):
    assert list(find_names(text)) == [name]


def test_a_title_alone_is_not_a_name():
    assert find_names("The First Lady spoke. The Secretary of State listened.") == {}


@pytest.mark.parametrize(
    "text",
    [
        "He appealed to the Supreme Court on Monday.",
        "She is an economist at Goldman Sachs now.",
        "They met in Gyeongju, North Gyeongsang, last year.",
        "Kyodo News reported it first.",
        "He studied at the Lee Kuan Yew School of Public Policy.",
        "Remains were recovered from the Chosei Coal Mine. The undersea mine flooded.",
        "Chang Wa Deo, the Presidential residence in Seoul, was opened to the public.",
        "Horyu Gakumonji, a temple near Nara, drew crowds.",
    ],
)
def test_organisations_and_places_are_not_names(text):
    assert find_names(text) == {}


def test_quotation_marks_around_no_words_are_no_quotation():
    assert find_facts(seed("He paused: “—” and then “…” again.")) == []


def test_an_appositive_naming_a_person_keeps_the_name():
    text = "Chang Min-soo, the residence's chief of staff, and Daniel Sneider, an expert at Stanford University, spoke."
    assert set(find_names(text)) == {"Chang Min-soo", "Daniel Sneider"}


def test_surname_alone_is_a_mention_of_the_full_name():
    text = "Donald Trump met Vladimir Putin. Later Trump said Putin was candid."
    names = find_names(text)
    assert set(names) == {"Donald Trump", "Vladimir Putin"}
    assert [text[s:e] for s, e in names["Donald Trump"]] == ["Donald Trump", "Trump"]


def test_surname_shared_by_two_people_goes_to_the_one_mentioned_most():
    text = "Donald Trump spoke. Donald Trump left. First lady Melania Trump waved. Trump smiled."
    names = find_names(text)
    assert [text[s:e] for s, e in names["Donald Trump"]][-1] == "Trump"
    assert len(names["Melania Trump"]) == 1


def test_honorific_with_surname_only_is_a_name():
    assert list(find_names("The talks went well, Ms. Takaichi said.")) == ["Takaichi"]


def test_hyphenated_given_names_of_any_case_are_one_name():
    text = "President Lee Jae-myung met. Lee Jae-Myung spoke."
    assert list(find_names(text)) == ["Lee Jae-myung"]


@pytest.mark.parametrize(
    "text, number",
    [
        ("the disputed two-hour-and-16-minute meeting", "two-hour-and-16-minute"),
        ("which lasted nearly two-and-a-quarter hours, longer", "nearly two-and-a-quarter hours"),
        ("the two-and-a-quarter-hour meeting", "two-and-a-quarter-hour"),
        ("a ban on more than 800 goods", "more than 800"),
        ("with a 400-member delegation", "400-member"),
        ("trade hit $328B in 2024", "$328B"),
        ("it lasted 2 hours and 16 minutes", "2 hours and 16 minutes"),
    ],
)
def test_numbers_in_words_and_compounds_keep_qualifier_and_unit(text, number):
    assert [text[s:e] for s, e in find_numbers(text, find_dates(text))] == [number]


def test_compound_durations_have_comparable_values():
    values = {f.value for f in facts("a two-hour-and-16-minute talk; 136 minutes in all", "number").values()}
    assert values == {"136 minute"}


@pytest.mark.parametrize(
    "text",
    ["met on Sunday 09/07/2017 in Hamburg", "the Group of 20 summit", "the two leaders met", "a one-on-one talk"],
)
def test_digits_of_dates_and_names_and_group_words_are_not_numbers(text):
    assert find_numbers(text, find_dates(text)) == []


@pytest.mark.parametrize(
    "text, date",
    [
        ("met on Sunday 09/07/2017 in Hamburg", "Sunday 09/07/2017"),
        ("Eight months after the vote", "Eight months after"),
        ("since early November", "early November"),
        ("in late October", "late October"),
        ("on 6 January 2021", "6 January 2021"),
        ("a ban on Jan. 6 followed", "Jan. 6"),
        ("from the 1930s until 1945", "the 1930s"),
        ("Published: 05 Dec. 2025, 09:56", "05 Dec. 2025, 09:56"),
        ("at noon yesterday (Jan. 13), they", "yesterday (Jan. 13)"),
    ],
)
def test_news_date_forms_are_one_date_each(text, date):
    assert text[slice(*find_dates(text)[0])] == date


def test_weekday_settles_a_day_month_ambiguity():
    assert resolve_date("Sunday 09/07/2017", None) == ("2017-07-09", "")


def test_ambiguous_numeric_date_gets_a_note():
    value, note = resolve_date("09/07/2017", None)
    assert value == "" and "9 July 2017 (day/month) or 7 September 2017 (month/day)" in note


def test_dates_are_resolved_against_the_article_date():
    found = facts("They met on Friday. It was last year's election. The vote is on Jan. 6.", "date", "2017-07-07")
    assert {f.text: f.value for f in found.values()} == {
        "Friday": "2017-07-07",
        "last year": "2016",
        "Jan. 6": "2017-01-06",  # the nearer Jan. 6
    }


def test_a_bare_weekday_takes_the_full_date_the_article_gives_it():
    found = facts("Trump met Putin on Friday, July 7, 2017. On Friday they talked.", "date")
    assert len(found) == 1 and len(found["Friday, July 7, 2017"].spans) == 2


def test_repeated_mentions_are_one_fact_with_every_span():
    text = "In 2016 the vote. The 2016 race. After 2016, more. 2016 again. And 2016. Then 2016."
    found = facts(text, "date")
    assert list(found) == ["2016"] and len(found["2016"].spans) == 6


def test_json_lists_every_candidate_with_status_locations_and_cards(run):
    data = json.loads(run("-C", NEWS, "coverage", "--json").stdout)
    tillerson = next(c for c in data["candidates"] if c["seed"] == "belle" and c["text"] == "Rex Tillerson")
    assert tillerson["status"] == "covered" and tillerson["cards"] == ["tillerson"]
    assert [loc["line"] for loc in tillerson["locations"]] == [7, 11, 19]
    assert {c["status"] for c in data["candidates"]} == {"covered", "uncovered"}
    assert len(data["candidates"]) == sum(s["candidates"] for s in data["seeds"])


def test_the_same_fact_in_several_articles_is_linked(run):
    data = json.loads(run("-C", NEWS, "coverage", "--json").stdout)
    putin = next(c for c in data["candidates"] if c["seed"] == "belle" and c["text"] == "Vladimir Putin")
    assert putin["same_fact_in"] == ["atlantic", "haaretz", "politico", "vice"]


def test_differing_numbers_on_one_point_are_possible_disagreements(run):
    data = json.loads(run("-C", NEWS, "coverage", "--json").stdout)
    pairs = {tuple(c["text"] for c in d["candidates"]) for d in data["disagreements"]}
    assert ("35 minutes", "just 30 minutes") in pairs


def test_text_report_lists_covered_candidates_with_their_card(run):
    result = run("-C", NEWS, "coverage")
    assert '  seeds/belle.txt:7 (also line 11, 19): name: "Rex Tillerson"  <- tillerson' in result.stdout
