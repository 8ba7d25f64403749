"""Who said a quotation and what a person is, as drafts take them from the article (builder/checks/attribution.py)."""

import pytest

from builder.checks.attribution import role_of, speaker_of
from builder.checks.facts import find_facts, find_quotations, headline_lines
from builder.core.model import Seed


def _names(text):
    return [
        f for f in find_facts(Seed("s", "s.txt", text, "Outlet", "unknown", "unknown", "unknown")) if f.kind == "name"
    ]


def speaker(text, nth=0):
    return speaker_of(text, find_quotations(text)[nth], _names(text))


def role(text, name):
    fact = next(f for f in _names(text) if f.text == name)
    return role_of(text, fact, headline_lines(text))[0]


def test_titles_between_the_verb_and_the_name_are_skipped():
    text = "Donald Trump met him. “That didn’t work either,” said Secretary of State Rex Tillerson, who was there."
    assert speaker(text) == "Rex Tillerson"


def test_a_tweet_credits_its_author():
    text = "President Donald Trump spoke on Wednesday.\n\n“It would be a great sign to all,” Trump tweeted."
    assert speaker(text) == "Donald Trump"


def test_titles_before_a_name_and_its_verb_are_skipped():
    text = "Trump spoke. “We agreed on a ceasefire today,” Russian Foreign Minister Sergey Lavrov said."
    assert speaker(text) == "Sergey Lavrov"


def test_an_attribution_verb_far_into_its_sentence_still_credits_the_speaker():
    text = (
        "Yang Kee-ho noted that even if the summit yields no immediate tangible outcomes, “the most important "
        "thing is to keep the meetings going.”"
    )
    assert speaker(text) == "Yang Kee-ho"


def test_an_unnamed_attribution_goes_to_the_person_last_credited_with_words():
    text = "Rex Tillerson said it was unclear.\n“I think the president is rightly focused on what comes next,” the secretary added."
    assert speaker(text) == "Rex Tillerson"


def test_a_person_named_after_the_last_speaker_is_not_taken_for_him():
    text = (
        "Vladimir Putin denied it, Rex Tillerson said. Donald Trump pressed Putin on the issue, the secretary "
        "added, and the two “had a very robust and lengthy exchange on the subject.”"
    )
    assert speaker(text) == "Rex Tillerson"


def test_a_quotation_without_any_attribution_gets_no_speaker():
    text = (
        "“That is a long-term aim of China,” Daniel Sneider said.\n"
        "This was seen in Xi’s remarks: “South Korea and China should jointly oppose protectionism.”"
    )
    assert speaker(text, 1) == ""


@pytest.mark.parametrize(
    "text, name, expected",
    [
        (
            "Li Hao, an associate professor at the University of Tokyo, spoke.",
            "Li Hao",
            "an associate professor at the University of Tokyo",
        ),
        ("Lee’s security adviser, Wi Sung-lac, said the two would meet.", "Wi Sung-lac", "Lee’s security adviser"),
        (
            "Rivals pressed Tokyo. Japanese Finance Minister Satsuki Katayama held talks.",
            "Satsuki Katayama",
            "Japanese Finance Minister",
        ),
        ("First lady Melania Trump even tried to break them up.", "Melania Trump", "First lady"),
        ("Markets rose as Chinese leader Xi Jinping smiled.", "Xi Jinping", "Chinese leader"),
        (
            "Takaichi will host Italian Prime Minister Giorgia Meloni on Thursday.",
            "Giorgia Meloni",
            "Italian Prime Minister",
        ),
        ("Lee met former President Moon Jae-in.", "Moon Jae-in", "former President"),
        ("Rex Tillerson, the U.S. secretary of state, spoke.", "Rex Tillerson", "the U.S. secretary of state"),
    ],
)
def test_role_is_the_articles_words_for_the_person(text, name, expected):
    assert role(text, name) == expected


def test_a_title_is_surer_than_part_of_a_group():
    text = "Secretary of State Rex Tillerson spoke.\nRex Tillerson, part of the US delegation, told reporters more."
    assert role(text, "Rex Tillerson") == "Secretary of State"


def test_a_title_of_two_people_is_no_role_for_one():
    assert role("Presidents Donald Trump and Vladimir Putin have met at last.", "Donald Trump") == ""


def test_a_title_case_headline_is_read_after_the_body():
    text = (
        "Lee Jae Myung to Meet Japanese Prime Minister Sanae Takaichi Amid Rising Tensions\n\n"
        "Lee Jae Myung will meet Japanese Prime Minister Sanae Takaichi on Tuesday.\n"
    )
    assert role(text, "Sanae Takaichi") == "Japanese Prime Minister"
