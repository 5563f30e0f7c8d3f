"""The reader in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) against a real
`copydesk serve` process: the seed as an editor sees it, search, an entity's page, the toggle for removed
lines with and without JavaScript, and a hostile capture that runs nothing. Screenshots go to
out/screenshots/ (or $COPYDESK_ARTIFACTS).

Without Chromium or Playwright these tests skip locally and fail under CI (env CI set).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import pytest

from ..conftest import REPO, SAMPLE
from .conftest import HOSTILE_PATH, SEED_ID

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(os.environ.get("COPYDESK_ARTIFACTS") or REPO / "out" / "screenshots")
BROWN_DIRECT = [
    "I see clear similarities",
    "In the lead up to the summit",
    "The North wants to make sure",
    "Beijing still has a security guarantee",
]
COMMENT_LINES = [
    "Leave a Reply",
    "Be the First to Comment!",
    "You must be logged in to post a comment.",
    "You must be logged in to post a comment.",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (test extra)")
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM}: apt-get install -y chromium chromium-driver")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _openings(items: list[str]) -> list[str]:
    """Quote list items ("direct I see clear...") cut to the length of the expected openings, extras kept whole."""
    texts = [" ".join(t.split()).removeprefix("direct ") for t in items]
    return [t[: len(start)] for t, start in zip(texts, BROWN_DIRECT)] + texts[len(BROWN_DIRECT) :]


class Tab:
    """A page in its own browser context, with every console message and dialog it produced."""

    def __init__(self, browser, javascript: bool = True):
        self.context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def tab(browser):
    t = Tab(browser)
    yield t
    t.context.close()


def test_browser_seed_article_warning_quotes_and_removed_lines(tab, live_server):
    page = tab.page
    page.goto(f"{live_server}/articles/{SEED_ID}")
    warning = page.locator(".headline-warning")
    assert warning.is_visible() and "belong to another story" in warning.inner_text()
    assert page.locator("link[rel=stylesheet]").count() == 1
    assert page.evaluate("getComputedStyle(document.querySelector('.headline-warning')).borderLeftStyle") == "solid"
    assert page.locator("h1").inner_text() == "Spain probes deaths of thousands of Spaniards in Nazi camps"
    assert "picture-alliance/dpa/S. Savostyanov" in page.locator("figcaption .credit").inner_text()
    # His direct quotes under his name, in the sidebar and signed in the text.
    brown = page.locator("section.speaker-quotes", has=page.locator("h3", has_text="James Brown"))
    assert _openings(brown.locator("li.direct").all_text_contents()) == BROWN_DIRECT
    inline = page.locator(".body span.quote.direct")
    assert inline.count() == 4
    for n in range(4):
        signed = inline.nth(n).locator("xpath=following-sibling::span[@class='said-by'][1]")
        assert signed.inner_text() == "— James Brown"
    tab.shot("seed-article")
    # The removed lines hide behind the toggle; opened, they show struck through with their reasons.
    struck = page.locator("details.removed del")
    assert not struck.first.is_visible()
    page.locator("details.removed summary").click()
    assert struck.all_inner_texts() == COMMENT_LINES and struck.first.is_visible()
    assert "line-through" in struck.first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert page.locator("details.removed .reason").all_inner_texts() == ["comments"] * 3 + ["duplicate"]
    tab.shot("seed-article-removed-open")
    assert [m for m in tab.console if m.startswith("error")] == []


def test_browser_removed_lines_toggle_works_without_javascript(browser, live_server):
    tab = Tab(browser, javascript=False)
    try:
        tab.page.goto(f"{live_server}/articles/{SEED_ID}")
        tab.page.locator("details.removed summary").click()
        assert tab.page.locator("details.removed del").first.is_visible()
    finally:
        tab.context.close()


def test_browser_search_finds_the_seed(tab, live_server):
    page = tab.page
    page.goto(f"{live_server}/")
    page.locator("header form.search input[name=q]").fill("Lavrov invitation")
    page.locator("header form.search input[name=q]").press("Enter")
    page.wait_for_url("**/search?q=Lavrov+invitation")
    first = page.locator("li.hit").first
    assert first.locator("a.title").inner_text() == "Spain probes deaths of thousands of Spaniards in Nazi camps"
    assert {m.lower() for m in first.locator("mark").all_inner_texts()} >= {"lavrov", "invitation"}
    tab.shot("search")
    first.locator("a.title").click()
    page.wait_for_url(f"**/articles/{SEED_ID}")
    assert page.locator(".headline-warning").is_visible()


def test_browser_overview_and_a_person_page(tab, live_server):
    page = tab.page
    page.goto(f"{live_server}/")
    assert page.locator("svg.timeline rect.bar").count() >= 1
    assert page.locator("svg.speakers text.label").first.text_content() == "James Brown"
    tab.shot("overview")
    page.locator("ol.speaker-list a", has_text="James Brown").click()
    page.wait_for_url("**/entities/PERSON%3Ajames%20brown")
    assert _openings(page.locator("section.entity-quotes li.direct").all_text_contents()) == BROWN_DIRECT
    assert {"Sergei Lavrov", "Ri Yong-ho"} <= set(page.locator("section.cooccurring a").all_inner_texts())
    tab.shot("entity-james-brown")


def test_browser_hostile_capture_runs_nothing_and_reads_literally(tab, browser, live_server, hostile_article):
    raw = HOSTILE_PATH.read_text(encoding="utf-8")
    # Control: the same text, given to the browser as markup, does run script. So its silence below means something.
    control = Tab(browser)
    try:
        control.page.set_content(raw)
        assert control.page.evaluate("window.__pwned") == 1
    finally:
        control.context.close()

    page = tab.page
    page.goto(f"{live_server}/articles/{quote(hostile_article.id, safe='')}")
    page.locator("details.removed summary").click()
    page.locator("details.removed li", has_text="Leave a Reply").hover()
    page.locator("div.body p", has_text="onmouseover").hover()
    assert page.evaluate("window.__pwned") is None
    assert page.title() == f"{hostile_article.title} · copydesk"  # the title tag holds the headline as text
    assert tab.dialogs == [] and not [m for m in tab.console if "pwned" in m]
    assert page.locator("script, iframe, img, svg:not(.timeline):not(.speakers)").count() == 0
    assert '<script>window.__pwned = 1; console.log("pwned")</script>' in page.locator("h1").inner_text()
    body = page.locator("div.body").inner_text()
    assert '<a href="javascript:window.__pwned=1">javascript:window.__pwned=1</a>' in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; its appendix" in body
    tab.shot("hostile-capture")


def test_browser_sample_captures_all_open(tab, live_server):
    page = tab.page
    page.goto(f"{live_server}/articles")
    links = page.locator("table.listing a")
    assert links.count() == len(list(SAMPLE.iterdir())) + 2  # the sample, the hostile and the Arabic capture
    for href in [links.nth(n).get_attribute("href") for n in range(links.count())]:
        response = page.goto(live_server + href)
        assert response.status == 200 and page.locator("h1").count() == 1
    assert [m for m in tab.console if m.startswith("error")] == []
