"""deckbuilder new --from-coverage: draft cards for uncovered candidates, and what check says of them."""

import shutil

import pytest

from builder.source.load import load_file

from .conftest import DATA


@pytest.fixture
def news(tmp_path):
    dest = tmp_path / "news"
    shutil.copytree(DATA / "coverage" / "news", dest)
    return dest


def drafts(project):
    doc, _ = load_file(project / "cards" / "drafts.yaml", "cards/drafts.yaml")
    return {n.get("id").value: {k.value: v for k, v in n.items} for n in doc.root.get("cards").items}


def test_drafts_are_appended_for_uncovered_candidates_of_one_seed(news, run):
    result = run("-C", news, "new", "--from-coverage", "--seed", "belle")
    assert result.exit_code == 0, result.output
    cards = drafts(news)
    assert all(c["draft"].value == "true" for c in cards.values())
    assert {c["sources"].items[0].get("seed").value for c in cards.values()} == {"belle"}


def test_quote_draft_takes_the_speaker_from_the_attribution(news, run):
    run("-C", news, "new", "--from-coverage", "--seed", "belle", "--kind", "quotation")
    speakers = {c["quotation"].value[:20]: c["speaker"].value for c in drafts(news).values()}
    assert speakers["I think the presiden"] == "Rex Tillerson"


def test_person_draft_takes_the_role_from_the_title_or_appositive(news, run):
    run("-C", news, "new", "--from-coverage", "--seed", "belle", "--kind", "name")
    roles = {c["name"].value: c["role"].value for c in drafts(news).values()}
    assert roles["Sergei Lavrov"] == "Russian Foreign Minister"


def test_number_draft_blanks_the_fact_in_its_sentence(news, run):
    run("-C", news, "new", "--from-coverage", "--seed", "atlantic", "--kind", "number")
    card = next(c for c in drafts(news).values() if c["answer"].value == "35 minutes")
    assert "scheduled to last ____, but went on" in card["context"].value


def test_check_warns_about_every_draft_with_its_code(news, run):
    run("-C", news, "new", "--from-coverage", "--seed", "belle")
    result = run("-C", news, "check", "--format", "json")
    assert result.exit_code == 0
    assert result.stdout.count('"draft-card"') == len(drafts(news))


def test_drafting_again_adds_nothing_already_drafted(news, run):
    run("-C", news, "new", "--from-coverage", "--seed", "belle")
    again = run("-C", news, "new", "--from-coverage", "--seed", "belle")
    assert again.exit_code == 0 and "No uncovered candidates to draft" in again.stdout


def test_drafted_candidates_are_not_counted_as_covered(news, run):
    run("-C", news, "new", "--from-coverage", "--seed", "belle")
    result = run("-C", news, "coverage")
    assert "Drafted (only draft cards cover them)" in result.stdout
    belle = next(line for line in result.stdout.splitlines() if line.strip().startswith("belle"))
    assert belle.split()[1] == "1/5"


def test_draft_false_is_not_a_draft(news, run):
    run("-C", news, "new", "--from-coverage", "--seed", "belle", "--kind", "date")
    path = news / "cards" / "drafts.yaml"
    path.write_text(path.read_text().replace("draft: true", "draft: false"))
    assert "draft-card" not in run("-C", news, "check").stderr


def test_draft_must_be_true_or_false(news, run):
    run("-C", news, "new", "--from-coverage", "--seed", "belle", "--kind", "date")
    path = news / "cards" / "drafts.yaml"
    path.write_text(path.read_text().replace("draft: true", "draft: maybe"))
    result = run("-C", news, "check")
    assert result.exit_code == 1 and "'draft' must be true or false" in result.stderr


def test_from_coverage_with_kind_argument_is_a_usage_error(news, run):
    assert run("-C", news, "new", "qa", "words", "--from-coverage").exit_code == 2


def test_unknown_seed_is_a_usage_error_with_a_suggestion(news, run):
    result = run("-C", news, "new", "--from-coverage", "--seed", "bele")
    assert result.exit_code == 2 and "did you mean 'belle'?" in result.output
