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


def test_drafts_go_into_the_project_named_by_a_relative_dash_c(news, run, monkeypatch):
    monkeypatch.chdir(news.parent)
    result = run("-C", news.name, "new", "--from-coverage", "--seed", "belle", "--kind", "date")
    assert result.exit_code == 0, result.output
    assert (news / "cards" / "drafts.yaml").is_file()
    assert not (news / news.name).exists()


def article(tmp_path, *texts, date="unknown"):
    """A project with one article per text (alias a, b, ...) and no cards."""
    (tmp_path / "cards").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "cards" / "deck.yaml").write_text("deck:\n  name: Drafts\n  id: 1700000000777\n  version: 1\n")
    entries = []
    for alias, text in zip("abcdef", texts, strict=False):
        (tmp_path / "seeds" / f"{alias}.txt").write_text(text, encoding="utf-8")
        entries.append(
            f"  {alias}:\n    file: {alias}.txt\n    outlet: Outlet {alias.upper()}\n    headline: unknown\n"
            f"    authors: unknown\n    date: {date}\n"
        )
    (tmp_path / "seeds" / "sources.yaml").write_text("seeds:\n" + "".join(entries), encoding="utf-8")
    return tmp_path


def test_a_short_quoted_phrase_is_asked_in_its_sentence_not_credited_to_anyone(tmp_path, run):
    project = article(tmp_path, "Takaichi and Lee jammed to “Golden,” a song from a film. Lee Jae Myung smiled.")
    run("-C", project, "new", "--from-coverage", "--kind", "quotation")
    (card,) = drafts(project).values()
    assert card["kind"].value == "qa" and card["answer"].value == "Golden"
    assert card["context"].value == "Takaichi and Lee jammed to “____,” a song from a film."


def test_a_quote_draft_cites_the_sentence_with_its_attribution(news, run):
    run("-C", news, "new", "--from-coverage", "--seed", "vice", "--kind", "quotation")
    card = next(c for c in drafts(news).values() if c["kind"].value == "quote")
    assert card["speaker"].value == "Rex Tillerson"
    cited = card["sources"].items[0].get("quote").value
    assert cited.endswith(
        "said Secretary of State Rex Tillerson, one of the six people in the room for the highly anticipated event."
    )


def test_the_blank_hides_every_mention_of_the_answer_in_its_sentence(tmp_path, run):
    project = article(
        tmp_path, "It has been 60 years since then, and we are starting a new 60 years, Lee Jae Myung said."
    )
    run("-C", project, "new", "--from-coverage", "--kind", "number")
    (card,) = drafts(project).values()
    assert card["context"].value == "It has been ____ since then, and we are starting a new ____, Lee Jae Myung said."


def test_one_person_card_cites_every_article_that_names_the_person(tmp_path, run):
    project = article(
        tmp_path, "Lee met Chinese President Xi Jinping in Beijing.", "Xi Jinping hosted a banquet for Lee Jae Myung."
    )
    run("-C", project, "new", "--from-coverage", "--kind", "name")
    xi = [c for c in drafts(project).values() if c["name"].value == "Xi Jinping"]
    assert len(xi) == 1
    assert [s.get("seed").value for s in xi[0]["sources"].items] == ["a", "b"]
    assert xi[0]["role"].value == "Chinese President"


def test_one_fact_in_two_articles_is_one_draft_citing_both(tmp_path, run):
    project = article(
        tmp_path,
        "Lee became the first South Korean president to visit China since 2019.",
        "It was the first time a South Korean president has visited China since 2019.",
    )
    run("-C", project, "new", "--from-coverage", "--kind", "date")
    (card,) = drafts(project).values()
    assert [s.get("seed").value for s in card["sources"].items] == ["a", "b"]


def test_the_same_value_on_another_point_is_drafted_again(tmp_path, run):
    project = article(tmp_path, "Lee visited China in 2019 for trade talks.", "The museum opened its new wing in 2019.")
    run("-C", project, "new", "--from-coverage", "--kind", "date")
    assert len(drafts(project)) == 2


def test_a_name_with_a_person_card_is_listed_not_drafted_again(news, run):
    result = run("-C", news, "new", "--from-coverage", "--seed", "vice", "--kind", "name")
    assert "has a person card ('tillerson'): add this article to its sources" in result.stderr
    assert "Rex Tillerson" not in {c["name"].value for c in drafts(news).values()}


@pytest.mark.parametrize("when", ["last week", "two months ago", "three days ago"])
def test_a_relative_date_in_an_undated_article_is_listed_not_drafted(tmp_path, run, when):
    project = article(tmp_path, f"Lee Jae Myung visited Beijing {when} for talks with Xi Jinping.")
    result = run("-C", project, "new", "--from-coverage", "--kind", "date")
    assert "No uncovered candidates to draft" in result.stdout
    assert f'seeds/a.txt:1: date "{when}": a relative date, and the article has no date to place it' in result.stderr


def test_a_relative_date_the_article_date_places_is_answered_with_its_year(tmp_path, run):
    project = article(tmp_path, "Lee Jae Myung noted that last year marked the anniversary.", date="2026-01-13")
    run("-C", project, "new", "--from-coverage", "--kind", "date")
    (card,) = drafts(project).values()
    assert card["answer"].value == "last year (2025)"


def test_a_release_refuses_drafts_until_they_are_unmarked(tmp_path, run, monkeypatch):
    monkeypatch.setenv("DECKBUILDER_CHROMIUM", "none")  # a release re-makes only the class files decks/ has
    project = article(tmp_path, "Lee Jae Myung met Xi Jinping in Beijing on January 5, 2026.")
    run("-C", project, "new", "--from-coverage", "--kind", "date")
    refused = run("-C", project, "release", "--yes")
    assert refused.exit_code == 1 and "draft-card" in refused.output
    assert not (project / "cards" / "deck.lock").exists()
    path = project / "cards" / "drafts.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    draft: true\n", ""), encoding="utf-8")
    assert run("-C", project, "release", "--yes").exit_code == 0
