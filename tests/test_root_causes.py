"""A mistake is reported once, where it is, with a hint that fixes it; what it breaks downstream is not
reported again (user-acceptance findings: seeds, sources.yaml, empty values, tags, YAML syntax, -C)."""

from pathlib import Path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_latin1_seed_is_an_error_in_the_seed_file_not_a_citation_error(project, run):
    article = project / "seeds" / "article.txt"
    article.write_bytes(
        article.read_text(encoding="utf-8")
        .replace("(이재명)", "")
        .replace("(高市早苗)", "")
        .replace("“", '"')
        .replace("”", '"')
        .replace("—", "-")
        .replace("in Nara", "a rencontré Takaichi à Nara")
        .encode("latin-1")
    )
    result = run("-C", project, "check")
    assert result.exit_code == 1
    assert "seeds/article.txt:1:" in result.stderr
    assert "error[not-utf8]: file is not valid UTF-8 (byte 0xe9)" in result.stderr
    assert "hint: save the file as UTF-8 in your editor" in result.stderr
    assert "not found in seed 'mini'" not in result.stderr and "unknown seed" not in result.stderr
    assert result.stderr.endswith("1 error, 0 warnings in 1 file\n")


def test_a_latin1_seed_nobody_cites_still_fails_check(project, run):
    (project / "seeds" / "extra.txt").write_bytes("Déjà vu\n".encode("latin-1"))
    result = run("-C", project, "check")
    assert result.exit_code == 1
    assert "seeds/extra.txt:1:2: error[not-utf8]: file is not valid UTF-8 (byte 0xe9)" in result.stderr


def test_a_file_name_differing_in_case_is_one_error_with_the_right_name(project, run):
    _edit(project / "seeds" / "sources.yaml", "file: article.txt", "file: Article.txt")
    result = run("-C", project, "check")
    assert result.exit_code == 1
    assert result.stderr == (
        "seeds/sources.yaml:3:11: error[seed-file-missing]: seed 'mini': file 'Article.txt' is not in seeds/\n"
        "  hint: did you mean article.txt?\n"
        "1 error, 0 warnings in 1 file\n"
    )


def test_a_misspelt_key_in_sources_does_not_fail_every_citing_card(project, run):
    _edit(project / "seeds" / "sources.yaml", "outlet: Test Gazette", "outlett: Test Gazette")
    result = run("-C", project, "check")
    assert result.exit_code == 1
    assert "unknown key 'outlett' (did you mean 'outlet'?)" in result.stderr
    assert "cards/" not in result.stderr  # no "unknown seed 'mini'" per card
    assert "not listed" not in result.stderr  # the entry evidently means article.txt
    assert {line.split(":")[0] for line in result.stderr.splitlines() if ": error[" in line} == {"seeds/sources.yaml"}


def test_an_unknown_alias_is_still_an_error(project, run):
    _edit(project / "seeds" / "sources.yaml", "outlet: Test Gazette", "outlett: Test Gazette")
    _edit(project / "cards" / "cards.yaml", "seed: other", "seed: nope")
    result = run("-C", project, "check")
    assert "error[unknown-seed]: card 'nara-date': unknown seed 'nope'" not in result.stderr
    assert ": error[unknown-seed]: card '" in result.stderr and "unknown seed 'nope'" in result.stderr


def _quote(project: Path, old: str, new: str, run) -> str:
    _edit(project / "cards" / "cards.yaml", old, new)
    result = run("-C", project, "check")
    assert result.exit_code == 1
    return result.stderr


def test_a_citation_differing_only_in_case_says_so(project, run):
    err = _quote(project, "quote: in Nara on Tuesday, January 13", "quote: in nara on tuesday, January 13", run)
    assert (
        "hint: only letter case differs ('Nara' with a capital, 'Tuesday,' with a capital). "
        'The article has: "in Nara on Tuesday, January 13"'
    ) in err
    assert "% similar" not in err


def test_a_citation_differing_only_in_quote_marks_says_so(project, run):
    err = _quote(
        project,
        '''quote: "\\"We are starting a new 60 years,\\" Lee said"''',
        "quote: \"'We are starting a new 60 years,' Lee said\"",
        run,
    )
    assert 'hint: only the quote marks differ. The article has: "“We are starting a new 60 years,” Lee said"' in err


def test_a_citation_differing_only_in_spacing_says_so(project, run):
    err = _quote(project, "quote: in Nara on Tuesday, January 13", "quote: in Nara on Tuesday,January 13", run)
    assert 'hint: only the spacing differs. The article has: "in Nara on Tuesday, January 13"' in err


def test_an_empty_required_value_is_not_told_to_remove_the_key(project, run):
    err = _quote(project, "answer: Tuesday, January 13", 'answer: ""', run)
    assert "card 'nara-date': 'answer' is empty\n  hint: write the answer\n" in err


def test_an_empty_optional_value_may_be_removed(project, run):
    err = _quote(project, "answer: Tuesday, January 13", "answer: Tuesday, January 13\n    note:", run)
    assert "card 'nara-date': 'note' is empty\n  hint: write the note, or remove the key\n" in err


def test_tags_written_as_text_are_told_to_be_a_list(project, run):
    err = _quote(project, "tags: [nara-summit]", "tags: nara-summit, china", run)
    assert (
        "cards/cards.yaml:10:11: error[wrong-type]: card 'nara-date': 'tags' must be a list: put the tags in square "
        "brackets\n  hint: tags: [nara-summit, china]\n"
    ) in err
    assert "one word without spaces" not in err


def test_one_tag_without_brackets_is_still_accepted(project, run):
    _edit(project / "cards" / "cards.yaml", "tags: [nara-summit]", "tags: nara-summit")
    assert run("-C", project, "check").exit_code == 0


def test_a_yaml_syntax_error_names_its_card_and_how_to_quote(project, run):
    err = _quote(
        project,
        "role: East Asia policy expert at Stanford University",
        "role: East Asia policy expert at Stanford University\n    note: Bloomberg: Lee said so",
        run,
    )
    assert err == (
        "cards/cards.yaml:16:20: error[yaml-syntax]: card 'person-sneider': YAML syntax error: mapping values "
        "are not allowed in this context\n"
        '  hint: put the text in quotes: note: "Bloomberg: Lee said so"\n'
        "1 error, 0 warnings in 1 file\n"
    )


def test_a_yaml_syntax_error_before_any_card_names_none(project, run):
    err = _quote(project, "cards:\n", "cards: x: y\n", run)
    assert err.startswith("cards/cards.yaml:2:9: error[yaml-syntax]: YAML syntax error: mapping values")


def _errors(stderr: str) -> list:
    return [line for line in stderr.splitlines() if ": error[" in line or ": warning[" in line]


def test_a_misspelt_sources_key_is_one_error_not_also_missing_or_unlisted(project, run):
    for right, wrong in (("file:", "fil:"), ("outlet:", "outlett:"), ("headline:", "headlin:")):
        sources = project / "seeds" / "sources.yaml"
        original = sources.read_text(encoding="utf-8")
        _edit(sources, right, wrong)
        result = run("-C", project, "check")
        sources.write_text(original, encoding="utf-8")
        assert result.exit_code == 1
        assert _errors(result.stderr) == [
            f"seeds/sources.yaml:{3 + ('file:', 'outlet:', 'headline:').index(right)}:5: error[unknown-key]: unknown key "
            f"'{wrong[:-1]}' (did you mean '{right[:-1]}'?)"
        ], result.stderr


def test_a_misspelt_card_key_is_one_error_not_also_missing(project, run):
    _edit(project / "cards" / "cards.yaml", "answer: Tuesday, January 13", "answr: Tuesday, January 13")
    _edit(project / "cards" / "cards.yaml", "quote: in Nara on Tuesday", "quot: in Nara on Tuesday")
    result = run("-C", project, "check")
    assert result.exit_code == 1
    assert _errors(result.stderr) == [
        "cards/cards.yaml:6:5: error[unknown-key]: card 'nara-date': unknown key 'answr' (did you mean 'answer'?)",
        "cards/cards.yaml:9:9: error[unknown-key]: card 'nara-date': unknown key 'quot' (did you mean 'quote'?)",
    ]


def test_a_misspelt_card_kind_key_is_one_error(project, run):
    _edit(project / "cards" / "cards.yaml", "kind: date", "kidn: date")
    result = run("-C", project, "check")
    assert _errors(result.stderr) == [
        "cards/cards.yaml:4:5: error[unknown-key]: card 'nara-date': unknown key 'kidn' (did you mean 'kind'?)"
    ]


def test_an_empty_article_is_one_error_in_the_seed_file_not_one_per_citing_card(project, run):
    for text in ("", " \n\n\t\n"):
        (project / "seeds" / "article.txt").write_text(text, encoding="utf-8")
        result = run("-C", project, "check")
        assert result.exit_code == 1
        assert result.stderr == (
            "seeds/article.txt:1:1: error[empty-seed]: article file is empty\n"
            "  hint: paste the article's text into it\n"
            "1 error, 0 warnings in 1 file\n"
        )


def test_an_unknown_seed_suggests_the_close_alias(project, run):
    _edit(project / "seeds" / "sources.yaml", "  mini:", "  mnii:")
    result = run("-C", project, "check")
    assert result.exit_code == 1
    assert (
        "cards/cards.yaml:9:16: error[unknown-seed]: card 'nara-date': unknown seed 'mini'\n"
        "  hint: did you mean 'mnii'? known seeds: mnii, other\n"
    ) in result.stderr
    assert "did you mean 'other'" not in result.stderr


def test_a_citation_wrapped_in_quote_marks_is_told_to_remove_them(project, run):
    for wrapped in (
        "'\"in Nara on Tuesday, January 13\"'",
        "“in Nara on Tuesday, January 13”",
        "‘in Nara on Tuesday, January 13’",
    ):
        err = _quote(project, "quote: in Nara on Tuesday, January 13", f"quote: {wrapped}", run)
        assert (
            "hint: the article has no quote marks around these words here; remove them. "
            'The article has: "in Nara on Tuesday, January 13"\n'
        ) in err
        assert "% similar" not in err
        _edit(project / "cards" / "cards.yaml", f"quote: {wrapped}", "quote: in Nara on Tuesday, January 13")
