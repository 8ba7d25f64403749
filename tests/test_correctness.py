"""What a card claims is checked against its citations as an error (check, build): quotations, dates,
roles and numbers. The cards are written into a copy of tests/data/lint, whose cards all pass."""

import json
import shutil

import pytest

from .conftest import DATA


@pytest.fixture
def proj(tmp_path):
    dest = tmp_path / "claims"
    shutil.copytree(DATA / "lint", dest)
    (dest / "cards" / "weak.yaml").unlink()
    return dest


def _card(card_id, kind, quote, **keys):
    body = "".join(f"    {k}: {v}\n" for k, v in keys.items())
    return f"  - id: {card_id}\n    kind: {kind}\n{body}    sources:\n      - seed: mini\n        quote: {quote}\n    tags: [x]\n"


def check(run, proj, *cards):
    """(result, the errors other than citations not found: these cards quote a made-up article)."""
    if cards:
        (proj / "cards" / "new.yaml").write_text("cards:\n" + "".join(cards), encoding="utf-8")
    result = run("-C", proj, "check", "--format", "json")
    return result, [
        d for d in json.loads(result.stdout) if d["severity"] == "error" and not d["code"].startswith("citation")
    ]


SNEIDER = "said Daniel Sneider, an East Asia policy expert at Stanford University"
PERILOUS = "“He’s managing an incredibly perilous diplomatic situation,” said Daniel Sneider"


def test_the_lint_fixtures_cards_pass(run, proj):
    result, errors = check(run, proj)
    assert result.exit_code == 0 and errors == []


def test_a_quotation_with_a_word_added_is_an_error_at_the_quotation(run, proj):
    result, errors = check(
        run,
        proj,
        _card(
            "q",
            "quote",
            PERILOUS,
            quotation="He's managing an incredibly perilous situation, man.",
            speaker="Daniel Sneider",
            context="On Lee",
        ),
    )
    assert result.exit_code == 1
    [e] = errors
    assert (e["code"], e["card"], e["line"], e["message"]) == (
        "quotation-not-cited",
        "q",
        4,
        "the quotation is not in its citations",
    )
    assert "leaves out 'diplomatic'" in e["hint"] and "adds 'man'" in e["hint"]


def test_a_quotation_may_skip_words_and_differ_at_its_edges(run, proj):
    _, errors = check(
        run,
        proj,
        _card(
            "q",
            "quote",
            PERILOUS,
            quotation="he's managing ... perilous diplomatic situation.",
            speaker="Daniel Sneider",
            context="On Lee",
        ),
    )
    assert errors == []


def test_the_build_refuses_a_misquotation(run, proj):
    (proj / "cards" / "new.yaml").write_text(
        "cards:\n"
        + _card("q", "quote", PERILOUS, quotation="between the two men", speaker="Daniel Sneider", context="x")
    )
    result = run("-C", proj, "build")
    assert (
        result.exit_code == 1
        and "quotation-not-cited" in result.stderr
        or "the quotation is not in its citations" in result.stderr
    )
    assert not (proj / "decks").exists()


def test_paraphrase_true_lets_a_quotation_be_the_authors_words(run, proj):
    _, errors = check(
        run,
        proj,
        _card(
            "q",
            "quote",
            PERILOUS,
            quotation="His position is very dangerous.",
            speaker="Daniel Sneider",
            context="In other words",
            paraphrase="true",
        ),
    )
    assert errors == []


def test_a_date_the_citation_does_not_state_is_an_error_with_the_cited_date(run, proj):
    _, errors = check(
        run, proj, _card("d", "date", "On Jan. 6, China banned the export", question="When?", answer="June 16")
    )
    [e] = errors
    assert e["code"] == "date-not-cited" and e["line"] == 5
    assert e["message"] == "the answer's date (June 16) is not in its citations"
    assert e["hint"].startswith("its citations state: Jan. 6;")


def test_an_abbreviated_month_states_the_month(run, proj):
    _, errors = check(
        run, proj, _card("d", "date", "On Jan. 6, China banned the export", question="When?", answer="January 6th")
    )
    assert errors == []


def test_a_weekday_not_cited_is_an_error(run, proj):
    _, errors = check(
        run,
        proj,
        _card("d", "date", "on Tuesday, January 13, in Nara", question="When?", answer="Wednesday, January 13"),
    )
    assert [e["message"] for e in errors] == ["the answer's date (Wednesday) is not in its citations"]


def test_a_relative_date_needs_its_unit_cited(run, proj):
    _, errors = check(
        run,
        proj,
        _card(
            "ok",
            "date",
            "A week later",
            question="When, relative to the summit, did they meet again?",
            answer="The following week",
        ),
        _card(
            "wrong",
            "date",
            "On Jan. 6",
            question="When, relative to the summit, was the ban?",
            answer="The previous month",
        ),
    )
    assert [(e["card"], e["message"]) for e in errors] == [
        ("wrong", "the answer's date (month) is not in its citations")
    ]


def test_paraphrase_does_not_excuse_a_wrong_date(run, proj):
    _, errors = check(
        run, proj, _card("d", "date", "On Jan. 6", question="When?", answer="January 7", paraphrase="true")
    )
    assert [e["code"] for e in errors] == ["date-not-cited"]


def test_an_invented_role_is_an_error_listing_its_words(run, proj):
    _, errors = check(
        run,
        proj,
        _card("p", "person", SNEIDER, name="Dan Sneider", role="former ambassador and senior fellow in Washington"),
    )
    [e] = errors
    assert e["code"] == "role-not-cited" and e["line"] == 5
    assert e["message"] == "the role's words are not in its citations: former, ambassador, senior, fellow, washington"


@pytest.mark.parametrize(
    "role",
    [
        "an East Asia policy specialist at Stanford University",  # one word in four paraphrased
        "East Asia policy experts at Stanford University",  # a plural
        "an expert in East Asian policy at Stanford",  # "Asian" is not "Asia"... but the unit East Asian is cited by East
    ],
)
def test_a_role_in_the_articles_words_passes(run, proj, role):
    _, errors = check(run, proj, _card("p", "person", SNEIDER, name="Dan Sneider", role=role))
    assert errors == []


@pytest.mark.parametrize(
    ("quote", "role"),
    [
        ("Democratic Kansas Gov. Laura Kelly", "Governor of Kansas"),  # AP's titles before a name
        ("Sen. Mitch McConnell of Kentucky", "Senator from Kentucky"),
        ("Rep. Nancy Pelosi of California", "Representative from California"),
        ("Lt. Gen. Mark Milley of the Army", "lieutenant general in the Army"),
    ],
)
def test_a_title_abbreviated_in_the_article_cites_the_spelled_out_title(run, proj, quote, role):
    seed = proj / "seeds" / "mini.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + f"\nThe plan was praised by {quote}.\n", encoding="utf-8")
    result, errors = check(run, proj, _card("p", "person", quote, name="Someone", role=role))
    assert result.exit_code == 0 and errors == [], result.stdout


def test_a_role_with_two_paraphrased_words_in_four_is_an_error(run, proj):
    _, errors = check(
        run,
        proj,
        _card(
            "p",
            "person",
            SNEIDER,
            name="Dan Sneider",
            role="an East Asia foreign-policy specialist at Stanford University",
        ),
    )
    assert [e["code"] for e in errors] == ["role-not-cited"]


def test_us_is_one_word_and_american_means_us(run, proj):
    """The old lint said "the role's words are not in its citations: u" for "U.S."."""
    quote = "the U.S. envoy Kurt Campbell said"
    _, errors = check(
        run,
        proj,
        _card("p1", "person", quote, name="Kurt Campbell", role="U.S. envoy"),
        _card("p2", "person", quote, name="Kurt Campbell Jr", role="American envoy"),
    )
    assert errors == []


def test_inflections_are_the_same_word(run, proj):
    quote = "Yasuyo Sakata, a professor who specializes in Japan-South Korea relations"
    _, errors = check(
        run,
        proj,
        _card("p", "person", quote, name="Yasuyo Sakata", role="professor specializing in Japan-South Korea relations"),
    )
    assert errors == []


def test_a_name_in_a_role_is_cited_by_any_of_its_words(run, proj):
    _, errors = check(
        run,
        proj,
        _card(
            "p",
            "person",
            "Lee said China and Japan",
            name="Daniel Sneider",
            role="expert on Lee Jae Myung's China and Japan",
        ),
    )
    assert errors == []


def test_a_number_the_citation_does_not_state_is_an_error(run, proj):
    _, errors = check(
        run, proj, _card("n", "qa", "more than 800 dual-use goods", question="How many?", answer="More than 900")
    )
    [e] = errors
    assert (e["code"], e["line"], e["message"]) == (
        "number-not-cited",
        5,
        "the number 900 in the answer is not in its citations",
    )
    assert e["hint"].startswith("its citations state: 800;")


@pytest.mark.parametrize(
    "answer, quote",
    [
        ("Five", "in over five years"),
        ("5 years", "in over five years"),
        ("1,000", "about 1000 people"),
        ("A 400-member delegation", "a 400-member business delegation"),
        ("The two countries should talk", "Lee said China and Japan"),  # "the two": a group, not a count
    ],
)
def test_numbers_match_as_numbers(run, proj, answer, quote):
    _, errors = check(run, proj, _card("n", "qa", quote, question="How many?", answer=answer))
    assert errors == []


def test_paraphrase_must_be_true_or_false(run, proj):
    _, errors = check(run, proj, _card("q", "qa", "in Nara", question="Where?", answer="Nara", paraphrase="maybe"))
    assert [(e["code"], e["message"]) for e in errors] == [("wrong-type", "'paraphrase' must be true or false")]


def test_claim_codes_of_a_dropped_duplicate_card_are_dropped_with_it():
    from builder.checks.correctness import CODES
    from builder.source.validate import DROPPED_WITH_CARD

    assert set(CODES) <= set(DROPPED_WITH_CARD)
