"""Names from the project files cannot reach outside the project: seed files, seed aliases and card ids
that try (`../`, absolute paths, NUL bytes) are located errors, and nothing outside is read or written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from builder.cli.main import cli


def check(project) -> str:
    result = CliRunner().invoke(cli, ["-C", str(project), "build"])
    assert result.exit_code == 1, result.output
    written = sorted(p.name for p in project.iterdir() if p.name != ".deckbuilder-cache")  # the cache may be
    assert written == ["cards", "seeds"]  # no deck, no lock
    return result.stderr


@pytest.mark.parametrize(
    "file",
    [
        "../cards/deck.yaml",
        "../../../../../../etc/passwd",
        "/etc/passwd",
        "article.txt\\0",
        "./article.txt",
        "seeds/article.txt",
        "C:\\\\Windows\\\\win.ini",
    ],
)
def test_seed_file_outside_seeds_folder_is_refused(project, file):
    sources = project / "seeds" / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace("file: article.txt", f'file: "{file}"'), encoding="utf-8"
    )
    err = check(project)
    assert "seeds/sources.yaml:3:11: error[" in err  # not in seeds/, or a NUL character
    assert "unknown seed" not in err  # the entry's error is the one to fix, not each citing card
    assert "root:" not in err  # /etc/passwd was not read into a hint


def test_seed_link_leading_outside_the_project_is_not_read(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the private words of another file", encoding="utf-8")
    article = project / "seeds" / "article.txt"
    article.unlink()
    article.symlink_to(secret)
    err = check(project)
    assert err.startswith(
        f"seeds/article.txt: error[link-outside-project]: is a symbolic link to {secret}, outside the project"
    )
    assert "not in seeds/" not in err  # the link is the problem, not the sources.yaml entry
    assert "private words" not in err


def test_seed_link_inside_the_project_is_read(project, run):
    shared = project / "articles"
    shared.mkdir()
    article = project / "seeds" / "article.txt"
    article.rename(shared / "article.txt")
    article.symlink_to(shared / "article.txt")
    assert run("-C", project, "check").exit_code == 0


@pytest.mark.parametrize("alias", ["../x", "/abs", "a\\0b", "a/b", "CON:"])
def test_seed_alias_that_is_not_a_slug_is_refused(project, alias):
    sources = project / "seeds" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("  mini:", f'  "{alias}":'), encoding="utf-8")
    assert "seeds/sources.yaml:2:3: error[invalid-value]: seed alias '" in check(project)


@pytest.mark.parametrize("card_id", ["../../evil", "/tmp/evil", "a\\0b", "..", "a b", "ÄÖ"])
def test_card_id_that_is_not_a_slug_is_refused(project, card_id):
    cards = project / "cards" / "cards.yaml"
    cards.write_text(cards.read_text(encoding="utf-8").replace("id: nara-date", f'id: "{card_id}"'), encoding="utf-8")
    err = check(project)
    assert "cards/cards.yaml:3:" in err and "error[" in err and "id" in err
