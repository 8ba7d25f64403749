"""Only what belongs to the project is read: card files and seeds that are links out of it are an
error naming the link; FIFOs and devices are never opened (a warning says so); files in cards/
that look like card files but are not read get a warning; seed names match whatever Unicode
normalisation the file system stored them in."""

import os
import unicodedata

import pytest


def check(run, project):
    return run("-C", project, "check")


def test_card_file_linked_out_of_the_project_is_an_error_naming_the_link(project, run, tmp_path):
    outside = tmp_path / "outside.yaml"
    text = (project / "cards" / "cards.yaml").read_text()
    outside.write_text(text.replace("id: ", "id: outside-").replace("answer: ", "answer: SECRET "))
    (project / "cards" / "linked.yaml").symlink_to(outside)
    result = check(run, project)
    assert result.exit_code == 1
    assert result.output.startswith(
        f"cards/linked.yaml: error[link-outside-project]: is a symbolic link to {outside}, outside the project"
    )
    assert "SECRET" not in result.output


def test_card_file_linked_inside_the_project_is_read(project, run):
    (project / "shared").mkdir()
    (project / "cards" / "cards.yaml").rename(project / "shared" / "cards.yaml")
    (project / "cards" / "cards.yaml").symlink_to(project / "shared" / "cards.yaml")
    result = check(run, project)
    assert result.exit_code == 0, result.output
    assert "OK: 5 cards in 1 file" in result.output


@pytest.mark.timeout(20)
def test_fifo_among_card_files_is_skipped_with_a_warning_never_opened(project, run):
    os.mkfifo(project / "cards" / "more.yaml")
    result = check(run, project)
    assert result.exit_code == 0
    assert result.output.startswith(
        "cards/more.yaml: warning[not-a-file]: not read: a named pipe (FIFO), not a regular file"
    )


@pytest.mark.timeout(20)
def test_fifo_among_seed_files_is_skipped_with_a_warning_never_opened(project, run):
    os.mkfifo(project / "seeds" / "draft.txt")
    result = check(run, project)
    assert result.exit_code == 0
    assert result.output.startswith(
        "seeds/draft.txt: warning[not-a-file]: not read: a named pipe (FIFO), not a regular file"
    )


@pytest.mark.parametrize(
    "name, why",
    [
        ("Extra.YAML", "the extension must be lowercase (.YAML)"),
        ("extra.yaml.txt", "its name ends in .txt, not .yaml"),
        (".yaml", "its name starts with '.', so it is hidden"),
        ("units/extra.yaml", "cards/ is read without its subfolders"),
    ],
)
def test_lookalike_card_file_is_not_read_and_gets_a_warning(project, run, name, why):
    path = project / "cards" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text((project / "cards" / "cards.yaml").read_text().replace("id: ", "id: other-"))
    result = check(run, project)
    assert result.exit_code == 0
    shown = "cards/" + name.split("/")[0]
    assert result.output.startswith(f"{shown}: warning[card-file-ignored]: not read as a card file: {why}")
    assert "OK: 5 cards in 1 file" in result.output


def test_decomposed_seed_file_name_matches_its_entry(project, run):
    composed = "caf\u00e9.txt"
    (project / "seeds" / "other.txt").rename(project / "seeds" / unicodedata.normalize("NFD", composed))
    sources = project / "seeds" / "sources.yaml"
    sources.write_text(sources.read_text().replace("other.txt", composed))
    result = check(run, project)
    assert result.exit_code == 0, result.output


def test_deck_file_linked_out_of_the_project_is_an_error_and_not_read(project, run, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("deck: {name: 'private words', id: 1}\n")
    (project / "cards" / "deck.yaml").unlink()
    (project / "cards" / "deck.yaml").symlink_to(secret)
    result = check(run, project)
    assert result.exit_code == 1
    assert result.output.startswith(f"cards/deck.yaml: error[link-outside-project]: is a symbolic link to {secret}")
    assert "private words" not in result.output and "deck file not found" not in result.output


@pytest.mark.timeout(20)
def test_fifo_as_sources_file_is_an_error_never_opened(project, run):
    (project / "seeds" / "sources.yaml").unlink()
    os.mkfifo(project / "seeds" / "sources.yaml")
    result = check(run, project)
    assert result.exit_code == 1
    assert "seeds/sources.yaml: error[not-a-file]: not read: a named pipe (FIFO), not a regular file" in result.output
