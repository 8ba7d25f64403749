"""The preview page and the handout, opened from disk (file://) in headless Chromium via Playwright."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium chromium-driver); .ci/run installs it"
)
# as cards show it: the articles' curly quotes (core/typography.py), the markup as text
HOSTILE_TEXT = "Does <script>window.__pwned = 1</script> or <img src=x onerror=”window.__pwned = 2”> run? {{Answer}}"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=args)
        yield b
        b.close()


class Watched:
    """A page plus everything that went wrong on it: console errors, script errors, network requests."""

    def __init__(self, page):
        self.page, self.errors, self.requests = page, [], []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))

    def visible(self, selector="article.entry"):
        return self.page.locator(f"{selector}:visible").count()


@pytest.fixture
def open_page(browser):
    contexts = []

    def _open(path):
        context = browser.new_context(viewport={"width": 1100, "height": 900})
        contexts.append(context)
        watched = Watched(context.new_page())
        watched.page.goto(path.as_uri())
        return watched

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def preview(sharing, run):
    result = run("-C", sharing, "preview")
    assert result.exit_code == 0, result.output
    return sharing / "decks" / "preview" / "index.html"


@pytest.fixture
def handout(sharing, run, monkeypatch, tmp_path):
    import zipfile

    monkeypatch.setenv("DECKBUILDER_CHROMIUM", "none")
    assert run("-C", sharing, "pack").exit_code == 0
    with zipfile.ZipFile(sharing / "decks" / "sharing-test-deck-class-pack.zip") as zf:
        path = tmp_path / "handout.html"
        path.write_bytes(zf.read("sharing-test-deck-class-pack/handout.html"))
    return path


def test_preview_shows_every_anki_card(preview, open_page):
    page = open_page(preview)
    assert page.visible() == 8  # 7 notes, the person note makes two cards
    ids = page.page.eval_on_selector_all("article.entry", "els => els.map(e => e.dataset.cardId)")
    assert sorted(set(ids)) == sorted(
        [
            "nara-date",
            "person-sneider",
            "quote-new-60-years",
            "position-south-korea-feud",
            "beijing-delegation",
            "hostile-markup",
            "guid-hash-705",
        ]
    )
    assert page.page.text_content("#count") == "8 of 8 cards"


def test_preview_search_narrows_the_list(preview, open_page):
    page = open_page(preview)
    page.page.fill("#search", "sneider stanford")
    assert page.visible() == 2 and page.page.text_content("#count") == "2 of 8 cards"
    page.page.fill("#search", "no such words anywhere")
    assert page.visible() == 0 and page.page.is_visible("#empty")


def test_preview_filters_by_kind_article_and_tag(preview, open_page):
    page = open_page(preview)
    page.page.select_option("#kind", "quote")
    assert page.visible() == 1
    page.page.select_option("#kind", "")
    page.page.select_option("#source", "other")
    assert page.visible() == 2
    page.page.select_option("#kind", "date")
    assert page.visible() == 1
    page.page.select_option("#kind", "")
    page.page.select_option("#source", "")
    page.page.select_option("#tag", "hostile")
    assert page.visible() == 1


def test_preview_shows_markup_in_cards_as_text_and_runs_nothing(preview, open_page):
    page = open_page(preview)
    entry = page.page.locator('article[data-card-id="hostile-markup"]')
    front = entry.locator(".side.front").inner_text()
    assert HOSTILE_TEXT in front
    assert entry.locator("img, script").count() == 0
    assert page.page.evaluate("window.__pwned") is None
    assert page.errors == []


def test_preview_uses_the_note_types_css(preview, open_page):
    page = open_page(preview)
    color = page.page.eval_on_selector(".side.back .answer", "e => getComputedStyle(e).color")
    assert color == "rgb(47, 95, 179)"  # .answer { color: var(--accent) } from notetypes.CSS


def test_preview_works_offline_without_console_errors(preview, open_page):
    page = open_page(preview)
    page.page.fill("#search", "Nara")
    page.page.check("#hide-backs")
    assert page.errors == []
    assert all(url.startswith("file://") for url in page.requests), page.requests


def test_handout_shows_every_card_and_runs_nothing(handout, open_page):
    page = open_page(handout)
    assert page.visible("section.entry") == 7
    text = page.page.locator("#card-hostile-markup").inner_text()
    assert HOSTILE_TEXT in text and "高市早苗" in text
    assert page.page.locator("main img, section.entry img, script").count() == 0
    assert page.page.evaluate("window.__pwned") is None
    assert page.errors == [] and all(url.startswith("file://") for url in page.requests)


def test_handout_explains_the_articles_once_at_the_top(handout, open_page):
    page = open_page(handout)
    names = page.page.locator("dl.articles dt").all_inner_texts()
    facts = page.page.locator("dl.articles dd").all_inner_texts()
    assert names == ["Test Gazette", "An article by A. Writer"]
    assert facts == ["“Lee meets Takaichi in Nara”", "2026-01-20"]
    assert "not stated" not in page.page.locator("body").inner_text()


def test_handout_quotes_show_each_quotation_mark_once(handout, open_page):
    """A quote that opens with the article's own “ gets no automatic “ from <q>; the others keep theirs."""
    page = open_page(handout)
    quotes = page.page.evaluate(
        "() => [...document.querySelectorAll('.cite q')].map(q => [q.textContent, getComputedStyle(q).quotes])"
    )
    own = [style for text, style in quotes if text.startswith("“")]
    plain = [style for text, style in quotes if not text.startswith("“")]
    assert own and plain
    assert set(own) == {"none"} and "none" not in plain
    assert any(text.startswith("“We are starting a new 60 years,” Lee said") for text, _ in quotes)


def test_handout_headings_and_citations_name_the_article_as_explained_at_the_top(handout, open_page):
    page = open_page(handout)
    headings = page.page.locator("h3").all_inner_texts()
    assert "Test Gazette" in headings and "An article by A. Writer" in headings
    assert not any("mini" in h or "other" in h for h in headings)  # no internal aliases
    sources = set(page.page.locator(".cite .src").all_inner_texts())
    assert sources == {"— Test Gazette", "— An article by A. Writer"}


def test_handout_shows_the_timeline_as_a_picture(handout, open_page):
    page = open_page(handout)
    svg = page.page.locator("figure.timeline svg")
    assert svg.count() == 1 and svg.is_visible()
    box = svg.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 40
    dates = page.page.locator("figure.timeline text.date").all_text_contents()
    assert dates == ["January", "January 13"]  # oldest first; undated "January" before its 13th
    assert page.errors == []


def test_preview_shows_the_timeline_above_the_cards(preview, open_page):
    page = open_page(preview)
    timeline = page.page.locator("details.timeline svg")
    assert timeline.is_visible()
    first_card = page.page.locator("article.entry").first.bounding_box()
    assert first_card and timeline.bounding_box()["y"] < first_card["y"]
    page.page.fill("#search", "Nara")  # the filters hide cards, never the timeline
    assert timeline.is_visible() and page.errors == []


def _card_page(tmp_path, sharing_deck, card_id: str, night: bool) -> "os.PathLike":
    from builder.anki.cardview import anki_page, card_views
    from builder.anki.render import render_deck

    note = next(n for n in render_deck(sharing_deck) if n.card_id == card_id)
    path = tmp_path / f"{card_id}-{night}.html"
    path.write_text(anki_page(card_views(note)[0], back=True, night=night), encoding="utf-8")
    return path


def test_cards_in_night_mode_use_ankis_own_background(sharing_deck, tmp_path, open_page):
    background = "e => getComputedStyle(e).backgroundColor"
    light = open_page(_card_page(tmp_path, sharing_deck, "nara-date", night=False))
    assert light.page.eval_on_selector("body", background) == "rgb(255, 255, 255)"
    night = open_page(_card_page(tmp_path, sharing_deck, "nara-date", night=True))
    assert night.page.eval_on_selector("body", background) == "rgb(44, 44, 44)"  # Anki's #2c2c2c
    assert night.page.eval_on_selector(".q", "e => getComputedStyle(e).color") == "rgb(252, 252, 252)"


def test_every_card_fits_a_phone_screen(sharing_deck, browser, tmp_path):
    from builder.anki.cardview import anki_page, card_views
    from builder.anki.render import render_deck

    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        for note in render_deck(sharing_deck):
            for view in card_views(note):
                page.set_content(anki_page(view, back=True))
                assert page.evaluate("document.documentElement.scrollWidth") <= 360, view.note.card_id
    finally:
        context.close()


@pytest.fixture
def news_preview(tmp_path, run):
    from .conftest import DATA

    project = tmp_path / "news"
    shutil.copytree(DATA / "coverage" / "news", project)
    result = run("-C", project, "preview")
    assert result.exit_code == 0, result.output
    return project / "decks" / "preview" / "index.html"


def test_coverage_page_is_one_click_from_the_preview(news_preview, open_page):
    page = open_page(news_preview)
    page.page.click("text=Coverage of the articles")
    assert page.page.url.endswith("/coverage.html")
    assert page.page.locator("section.article").count() == 9
    assert page.errors == [] and all(u.startswith("file:") for u in page.requests)


def test_coverage_page_highlights_candidates_by_status(news_preview, open_page):
    page = open_page(news_preview.parent / "coverage.html").page
    belle = page.locator("#seed-belle")
    covered = belle.locator("mark.covered", has_text="Rex Tillerson").first
    assert "tillerson" in covered.get_attribute("title")
    assert belle.locator("mark.uncovered", has_text="Donald Trump").count() >= 1
    colours = {m.evaluate("e => getComputedStyle(e).backgroundColor") for m in belle.locator("mark").all()}
    assert len(colours) == 2 and "rgba(0, 0, 0, 0)" not in colours  # covered and uncovered look different


def _luminance(rgb: str) -> float:
    """WCAG relative luminance of a CSS 'rgb(r, g, b)' colour."""
    channels = [int(c) / 255 for c in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_coverage_link_in_the_preview_header_is_readable(preview, open_page):
    page = open_page(preview)
    link = page.page.eval_on_selector("header a", "a => getComputedStyle(a).color")
    header = page.page.eval_on_selector("header", "h => getComputedStyle(h).backgroundColor")
    light, dark = sorted([_luminance(link), _luminance(header)], reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5  # WCAG AA for text; a default blue link on the navy bar is 1.7
