"""Multiple-choice quizzes: honest options from the deck, and each platform's file read back by an
independent reader (openpyxl, csv, lxml, a GIFT reader written from Moodle's documented syntax)."""

import csv
import html
import io
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html
from openpyxl import load_workbook

from builder.core.model import Card, Deck, DeckInfo, Project, Seed, Source
from builder.engine.pipeline import load_project
from builder.publish.quizzes import FORMATS, build_quiz, export_quiz, render_quiz
from builder.publish.quizzes.fitting import shorten
from builder.publish.quizzes.questions import variant

from .conftest import DATA, REPO

QUIZ = DATA / "valid" / "quiz"  # 30 cards: every kind, a disagreement, pins, quiz: false, hostile text
KAHOOT_HEADER = [
    None,
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
]
FORMULA = ("=", "+", "-", "@")


def _deck(root: Path) -> Deck:
    loaded = load_project(Project(root))
    assert loaded.deck is not None, loaded.diagnostics
    return loaded.deck


@pytest.fixture(scope="module")
def quiz_deck():
    return _deck(QUIZ)


@pytest.fixture(scope="module")
def shipped_deck():
    return _deck(REPO)


@pytest.fixture(scope="module")
def quiz_set(quiz_deck):
    return build_quiz(quiz_deck)


@pytest.fixture(scope="module")
def shipped_quiz(shipped_deck):
    return build_quiz(shipped_deck)


def _question(quiz, card_id):
    return next(q for q in quiz.questions if q.card.id == card_id)


def _file(deck, fmt, quiz=None):
    return render_quiz(fmt, quiz or build_quiz(deck), deck, deck).data


# --- the questions -----------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["quiz_set", "shipped_quiz"])
def test_every_question_has_four_distinct_options_none_a_variant_of_the_answer(which, request):
    quiz = request.getfixturevalue(which)
    assert quiz.questions
    for q in quiz.questions:
        assert len(q.options) == 4 and 0 <= q.correct < 4
        assert len({o.casefold() for o in q.options}) == 4, q.options
        for wrong in q.distractors:
            if wrong not in q.card.distractors:  # an author's pin is the author's call
                assert not variant(wrong, q.answer), (q.card.id, wrong, q.answer)


@pytest.mark.parametrize("which", ["quiz_set", "shipped_quiz"])
def test_the_right_option_is_in_each_position_equally_often(which, request):
    counts = Counter(q.correct for q in request.getfixturevalue(which).questions)
    assert max(counts.values()) - min(counts.values()) <= 1, counts


def test_another_articles_answer_to_the_same_fact_is_never_a_wrong_option(quiz_set):
    """The Herald's 'About 500' answers the Gazette's question too, in the Herald's count."""
    assert "About 500" not in _question(quiz_set, "fact-stalls-gazette").options
    assert "More than 300" not in _question(quiz_set, "fact-stalls-herald").options


def test_a_variant_of_the_answer_is_never_a_wrong_option(quiz_set):
    """'Monday' (the Herald's weekday) and 'Monday, March 3' are the same answer to a student."""
    assert "Monday, March 3" not in _question(quiz_set, "date-weekday").options


def test_a_disagreement_card_is_asked_which_article_says_one_version(quiz_set):
    q = _question(quiz_set, "disc-stalls")
    assert q.style == "which-article"
    assert q.stem == "Which article says “more than 300”?"
    assert q.answer == "Alder Gazette"
    assert set(q.distractors) == {"River Herald", "Valley Bulletin", "County Courier"}
    assert "Gazette: more than 300; Herald: about 500" in q.feedback


def test_quiz_false_leaves_a_card_out_with_that_reason(quiz_set):
    assert ("fact-jam", "quiz: false") in {(x.card.id, x.reason) for x in quiz_set.left_out}


def test_pinned_distractors_are_the_wrong_options(quiz_set):
    assert set(_question(quiz_set, "hostile-formula").distractors) == {"=1+1", "-2 & <i>x</i>", "@SUM(A1:A2) {~=#:}"}
    dated = _question(quiz_set, "hostile-pinned-date").distractors
    assert {"[html]Saturday, March 8", "%50%Monday, March 10"} <= set(dated)  # the third from the deck


def test_a_card_without_three_honest_options_is_left_out_with_the_reason(quiz_set):
    reason = {x.card.id: x.reason for x in quiz_set.left_out}["position-brandt-ovens"]
    assert reason.startswith("only 0 honest wrong options") and "distractors: [...]" in reason


def test_a_kind_with_too_few_cards_is_left_out_with_the_reason(sharing_deck):
    quiz = build_quiz(sharing_deck)
    assert not quiz.questions
    reasons = {x.card.kind: x.reason for x in quiz.left_out}
    assert reasons["person"].startswith("the person kind is left out: only 1 person card in the deck")


def test_a_subset_asks_its_own_cards_with_options_from_the_full_deck(quiz_deck, quiz_set):
    import builder

    chosen = builder.subset(quiz_deck, kinds=("quote",))
    made = builder.quiz(chosen, "moodle")
    assert {q.card.kind for q in made.quiz.questions} == {"quote"}
    full = {q.card.id: q.options for q in quiz_set.questions if q.card.kind == "quote"}
    assert {q.card.id: set(q.options) for q in made.quiz.questions} == {k: set(v) for k, v in full.items()}


ANSWERS = ["Monday", "Tuesday, March 4", "March 5", "2019", "Last year", "About a week", "The following day",
           "Friday", "January", "1910 to 1945", "Two days", "13 years", "October", "Early November"]  # fmt: skip


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(ANSWERS), min_size=4, max_size=14), st.randoms(use_true_random=False))
def test_property_options_are_honest_unique_deterministic_and_balanced(answers, rnd):
    seed = Seed("a", "a.txt", "Some article text.", "Outlet", "unknown", "unknown", "unknown")
    cards = tuple(
        Card(f"c{i}", "date", (("question", f"When did event {i} happen?"), ("answer", a)), (Source("a", "x", 1, 1),),
             (), "cards/x.yaml", i + 1, 5)
        for i, a in enumerate(answers)
    )  # fmt: skip
    deck = Deck(DeckInfo("D", 1, "", 1), cards, (seed,))
    quiz = build_quiz(deck)
    assert quiz == build_quiz(deck)
    assert len(quiz.questions) + len(quiz.left_out) == len(cards)
    for q in quiz.questions:
        assert len({o.casefold() for o in q.options}) == 4
        assert all(not variant(w, q.answer) for w in q.distractors)
    counts = Counter(q.correct for q in quiz.questions)
    assert not counts or max(counts.values()) - min(counts.get(p, 0) for p in range(4)) <= 1


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(min_size=1, max_size=300), st.integers(min_value=20, max_value=200))
def test_shortened_text_fits_its_limit_and_is_only_changed_when_too_long(text, limit):
    out = shorten(text, limit)
    assert len(out) <= limit
    assert (out == text) == (len(text) <= limit)


# --- each platform's file, read back -------------------------------------------------------------


def test_kahoot_sheet_has_the_templates_layout_and_limits(quiz_deck, quiz_set):
    ws = load_workbook(io.BytesIO(_file(quiz_deck, "kahoot", quiz_set))).active
    assert ws["B2"].value == "Quiz template"
    assert [c.value for c in ws[8]] == KAHOOT_HEADER
    rows = [r for r in ws.iter_rows(min_row=9, values_only=True)]
    assert len(rows) == len(quiz_set.questions)
    for n, (row, q) in enumerate(zip(rows, quiz_set.questions, strict=True), start=1):
        number, question, *answers, seconds, correct = row
        assert number == n and len(question) <= 120 and all(len(a) <= 75 for a in answers)
        assert seconds in (5, 10, 20, 30, 60, 90, 120, 240)
        assert isinstance(correct, int) and _undefused(answers[correct - 1]) == _undefused(q.answer)


def test_kahoot_cells_starting_like_a_formula_stay_text(quiz_deck, quiz_set):
    ws = load_workbook(io.BytesIO(_file(quiz_deck, "kahoot", quiz_set))).active
    cells = [c for row in ws.iter_rows(min_row=9) for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.lstrip("'").startswith(FORMULA)]
    assert risky and all(c.data_type == "s" and c.value.startswith("'") for c in risky)
    assert not any("<script" in c.value for c in cells)


def test_kahoot_file_is_the_same_bytes_every_time(quiz_deck):
    first, second = _file(quiz_deck, "kahoot"), _file(quiz_deck, "kahoot")
    assert first == second
    core = zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml").decode()
    assert "2026-01-01T00:00:00Z" in core


def _undefused(text: str) -> str:
    """Text as written before a game platform's defusing: no leading apostrophe, no '< ' for '<'."""
    return text.removeprefix("'").replace("< ", "<")


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_blooket_csv_has_the_templates_title_row_and_headers(quiz_deck, quiz_set):
    rows = _csv_rows(_file(quiz_deck, "blooket", quiz_set))
    assert rows[0][0] == "Blooket\nImport Template" and len(rows[0]) == 8
    assert rows[1] == ["Question #", "Question Text", "Answer 1", "Answer 2", "Answer 3\n(Optional)",
                       "Answer 4\n(Optional)", "Time Limit (sec)\n(Max: 300 seconds)",
                       "Correct Answer(s)\n(Only include Answer #)"]  # fmt: skip
    for row, q in zip(rows[2:], quiz_set.questions, strict=True):
        assert len(row) == 8 and int(row[6]) <= 300
        assert _undefused(row[2 + int(row[7]) - 1]) == _undefused(q.answer)


def test_gimkit_csv_has_the_correct_answer_in_its_column(quiz_deck, quiz_set):
    rows = _csv_rows(_file(quiz_deck, "gimkit", quiz_set))
    assert rows[0][0] == "Gimkit Spreadsheet Import Template"
    assert rows[1] == ["Question", "Correct Answer", "Incorrect Answer 1", "Incorrect Answer 2 (Optional)",
                       "Incorrect Answer 3 (Optional)"]  # fmt: skip
    assert [r[1] for r in rows[2:] if not r[1].startswith("'")] == [
        q.answer for q in quiz_set.questions if not q.answer.startswith(FORMULA) and "<" not in q.answer
    ]


@pytest.mark.parametrize("fmt", ["blooket", "gimkit", "blackboard", "quizlet"])
def test_delimited_files_have_no_formula_and_no_tag(quiz_deck, quiz_set, fmt):
    data = _file(quiz_deck, fmt, quiz_set)
    if fmt == "blackboard" or fmt == "quizlet":
        cells = [c for line in data.decode().splitlines() for c in line.split("\t")]
    else:
        cells = [c for row in _csv_rows(data)[2:] for c in row]
    assert not [c for c in cells if c.startswith(FORMULA)]
    assert not [c for c in cells if re.search(r"<(script|b|i|em)\b", c)]


def test_quizlet_lines_are_term_tab_definition(quiz_deck, quiz_set):
    lines = _file(quiz_deck, "quizlet", quiz_set).decode().split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(quiz_set.questions)
    assert all(line.count("\t") == 1 for line in lines[:-1])


def test_blackboard_lines_are_mc_with_exactly_one_correct_answer(quiz_deck, quiz_set):
    data = _file(quiz_deck, "blackboard", quiz_set)
    assert not data.startswith(b"\xef\xbb\xbf")
    for line, q in zip(data.decode().splitlines(), quiz_set.questions, strict=True):
        kind, question, *pairs = line.split("\t")
        assert kind == "MC" and len(pairs) == 8
        marks = pairs[1::2]
        assert sorted(marks) == ["correct", "incorrect", "incorrect", "incorrect"]
        right = html.unescape(pairs[2 * marks.index("correct")]).removeprefix("'")
        assert right == " ".join(q.answer.split())


# A GIFT reader written from Moodle's documented syntax (docs.moodle.org "GIFT format" and its
# importer): blocks separated by blank lines; `//` comments; `$CATEGORY:`; `::name::`; one {...}
# answer set with `=` right and `~` wrong options, `####` general feedback; `\` escapes ~=#{}:.
_ESC = {"\\\\": "\x00", "\\:": "\x01", "\\#": "\x02", "\\=": "\x03", "\\{": "\x04", "\\}": "\x05", "\\~": "\x06"}
_UNESC = {"\x00": "\\", "\x01": ":", "\x02": "#", "\x03": "=", "\x04": "{", "\x05": "}", "\x06": "~"}


def _gift_questions(text: str) -> list[dict]:
    out = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.split("\n") if not ln.strip().startswith("//")]
        body = "\n".join(lines).strip()
        if not body or body.startswith("$CATEGORY:"):
            continue
        for k, v in _ESC.items():
            body = body.replace(k, v)
        body = body.replace("\\n", "\n")
        unesc = lambda s: "".join(_UNESC.get(ch, ch) for ch in s).strip()  # noqa: E731
        assert body.startswith("::") and body.count("{") == 1 and body.count("}") == 1 and body.endswith("}")
        name, rest = body[2:].split("::", 1)
        question, answers = rest.split("{")
        answers, _, feedback = answers.rstrip("}").partition("####")
        assert feedback.strip() and "#" not in answers
        options = re.findall(r"([=~])([^=~]*)", answers)
        out.append({
            "name": unesc(name),
            "question": unesc(question),
            "right": [unesc(t) for mark, t in options if mark == "="],
            "options": [unesc(t) for _, t in options],
            "feedback": unesc(feedback),
        })  # fmt: skip
    return out


def test_gift_file_parses_with_one_right_answer_per_question(quiz_deck, quiz_set):
    found = _gift_questions(_file(quiz_deck, "gift", quiz_set).decode())
    assert [g["name"] for g in found] == [q.card.id for q in quiz_set.questions]
    for g, q in zip(found, quiz_set.questions, strict=True):
        assert len(g["options"]) == 4 and len(g["right"]) == 1
        assert g["question"].startswith("[html]")
        assert html.unescape(g["right"][0]) == q.answer
        assert html.unescape(lxml_html.fromstring(g["question"][6:] or "-").text_content()).startswith(
            " ".join(q.stem.split("\n")[0].split())[:20]
        )
        assert "“" in g["feedback"]  # the citation


def test_gift_keeps_hostile_text_as_text(quiz_deck, quiz_set):
    g = next(x for x in _gift_questions(_file(quiz_deck, "gift", quiz_set).decode()) if x["name"] == "hostile-formula")
    assert html.unescape(g["question"].removeprefix("[html]")) == _question(quiz_set, "hostile-formula").stem
    assert "<script>" not in g["right"][0] and html.unescape(g["right"][0]) == "+1 <script>alert(1)</script>"
    assert "@SUM(A1:A2) {~=#:}" in [html.unescape(o) for o in g["options"]]
    pinned = next(
        x for x in _gift_questions(_file(quiz_deck, "gift", quiz_set).decode()) if x["name"] == "hostile-pinned-date"
    )
    assert not any(o.startswith(("[", "%")) for o in pinned["options"])  # no format marker, no weight


def test_moodle_xml_has_one_right_answer_per_question_and_the_citation(quiz_deck, quiz_set):
    root = etree.fromstring(_file(quiz_deck, "moodle", quiz_set))
    questions = root.findall("question[@type='multichoice']")
    assert len(questions) == len(quiz_set.questions)
    for el, q in zip(questions, quiz_set.questions, strict=True):
        fractions = [a.get("fraction") for a in el.findall("answer")]
        assert sorted(fractions) == ["0", "0", "0", "100"]
        right = el.find("answer[@fraction='100']/text").text
        assert lxml_html.fromstring(f"<p>{right}</p>").text_content() == q.answer
        assert el.find("questiontext").get("format") == "html"
        assert "“" in el.find("generalfeedback/text").text
    cats = [c.text for c in root.findall("question[@type='category']/category/text")]
    assert "$course$/top/Quiz test deck/Quotes/Alder Gazette" in cats


def test_moodle_xml_shows_markup_in_card_text_as_text(quiz_deck, quiz_set):
    root = etree.fromstring(_file(quiz_deck, "moodle", quiz_set))
    el = root.find("question[@type='multichoice'][idnumber='hostile-formula']")
    shown = lxml_html.fromstring(f"<div>{el.find('questiontext/text').text}</div>")
    assert not shown.findall(".//b") and "<b>bold</b>" in shown.text_content()


def test_qti_zip_has_a_manifest_naming_its_files_and_one_right_answer_per_item(quiz_deck, quiz_set):
    archive = zipfile.ZipFile(io.BytesIO(_file(quiz_deck, "qti", quiz_set)))
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    ns = {"cp": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"}
    hrefs = [f.get("href") for f in manifest.findall(".//cp:resource/cp:file", ns)]
    assert hrefs and all(h in archive.namelist() for h in hrefs)
    qti = next(h for h in hrefs if not h.endswith("assessment_meta.xml"))
    assessment = etree.fromstring(archive.read(qti))
    q = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    items = assessment.findall(".//q:item", q)
    assert len(items) == len(quiz_set.questions)
    for item, question in zip(items, quiz_set.questions, strict=True):
        labels = [x.get("ident") for x in item.findall(".//q:response_label", q)]
        right = item.findall(".//q:respcondition/q:conditionvar/q:varequal", q)
        assert len(labels) == 4 and len(right) == 1 and right[0].text in labels
        chosen = item.find(f".//q:response_label[@ident='{right[0].text}']//q:mattext", q).text
        assert lxml_html.fromstring(f"<p>{chosen}</p>").text_content() == question.answer
        assert item.find(".//q:itemfeedback[@ident='general_fb']", q) is not None
    assert not [el for el in assessment.iter("{*}mattext") if "<script" in (el.text or "")]


def test_every_quiz_format_is_byte_identical_across_processes(tmp_path):
    script = (
        "import sys, builder\n"
        "from builder.publish.quizzes import FORMATS, export_quiz\n"
        "deck = builder.load(sys.argv[1]).deck\n"
        "for fmt in FORMATS: sys.stdout.buffer.write(export_quiz(fmt, deck).data)\n"
    )
    outs = []
    for hash_seed in ("1", "2"):
        env = {"PYTHONHASHSEED": hash_seed, "PATH": "/usr/bin:/bin", "DECKBUILDER_CACHE": "0"}
        outs.append(
            subprocess.run(
                [sys.executable, "-c", script, str(QUIZ)], env=env, capture_output=True, check=True, cwd=REPO
            ).stdout
        )
    assert outs[0] == outs[1] and len(outs[0]) > 10_000


# --- the command line and the pack ---------------------------------------------------------------


@pytest.fixture
def quiz_project(tmp_path) -> Path:
    dest = tmp_path / "quiz"
    shutil.copytree(QUIZ, dest)
    return dest


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_writes_each_quiz_format_to_decks(quiz_project, run, fmt):
    result = run("-C", quiz_project, "export", "--format", fmt)
    assert result.exit_code == 0, result.output
    path = quiz_project / "decks" / f"quiz-test-deck{FORMATS[fmt][0]}"
    assert path.read_bytes() == export_quiz(fmt, _deck(quiz_project)).data
    assert f"Wrote decks/quiz-test-deck{FORMATS[fmt][0]}: 28 questions" in result.output
    assert "2 cards left out of the quiz:" in result.output and "fact-jam: quiz: false" in result.output


def test_export_with_a_filter_makes_a_subset_quiz(quiz_project, run):
    result = run("-C", quiz_project, "export", "--format", "kahoot", "--kind", "quote", "--source", "gazette")
    assert result.exit_code == 0, result.output
    assert "5 questions" in result.output


def test_export_of_a_quiz_no_card_can_make_is_an_error_and_writes_nothing(sharing, run):
    result = run("-C", sharing, "export", "--format", "gift")
    assert result.exit_code == 1
    assert "no card can be asked as a multiple-choice question; nothing written" in result.output
    assert not (sharing / "decks" / "sharing-test-deck.gift.txt").exists()


def test_kahoot_export_warns_for_each_shortened_text(quiz_project, run):
    cards = quiz_project / "cards" / "cards.yaml"
    long_question = "On what date, " + "after a very long and winding preamble, " * 4 + "did the bridge reopen?"
    cards.write_text(cards.read_text().replace("On what date did the bridge reopen?", long_question))
    result = run("-C", quiz_project, "export", "--format", "kahoot")
    assert result.exit_code == 0, result.output
    assert re.search(
        r"cards/cards.yaml:\d+:\d+: warning\[quiz-shortened\]: card 'date-bridge': Kahoot question shortened to 120",
        result.output,
    )
    assert "texts shortened to fit kahoot's limits" in result.output or "text shortened" in result.output


def test_pack_has_a_quizzes_folder_with_every_format_and_a_guide(quiz_project, run, monkeypatch):
    monkeypatch.setenv("DECKBUILDER_CHROMIUM", "none")
    result = run("-C", quiz_project, "pack")
    assert result.exit_code == 0, result.output
    archive = zipfile.ZipFile(quiz_project / "decks" / "quiz-test-deck-class-pack.zip")
    names = {n.split("/", 1)[1] for n in archive.namelist()}
    assert {f"quizzes/quiz-test-deck{suffix}" for suffix, _, _ in FORMATS.values()} <= names
    guide = archive.read("quiz-test-deck-class-pack/quizzes/README.txt").decode()
    assert "28 questions" in guide and "fact-jam: quiz: false" in guide and "Kahoot" in guide


# --- the card keys ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    distractors: Tuesday\n", "'distractors' must be a list of one to three wrong options"),
        ("    distractors: [a, b, c, d]\n", "'distractors' has 4 options; a quiz question takes at most 3"),
        ("    distractors: [Monday, 'tuesday, january 13']\n", "distractor 'tuesday, january 13' is the card's answer"),
        ("    distractors: [Monday, monday]\n", "distractor 'monday' is listed twice"),
        ("    quiz: maybe\n", "'quiz' must be true or false"),
    ],
)
def test_bad_quiz_keys_are_located_errors(project, run, extra, message):
    cards = project / "cards" / "cards.yaml"
    text = cards.read_text()
    cards.write_text(text.replace("    answer: Tuesday, January 13\n", "    answer: Tuesday, January 13\n" + extra, 1))
    result = run("-C", project, "check")
    assert result.exit_code == 1
    assert re.search(
        r"cards/cards.yaml:\d+:\d+: error\[[a-z-]+\]: card '[a-z0-9-]+': " + re.escape(message), result.output
    )
