"""The reader in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) against a real
`copydesk serve` process: the seed as an editor sees it, search, an entity's page, the toggle for removed
lines with and without JavaScript, and a hostile capture that runs nothing. Then each page looked at in light
and dark mode, wide and narrow: its layout measured in the DOM (no horizontal overflow, no wrapped date, no
box its content spills out of) and checked by axe-core (from the axe-playwright-python package, installed with
the test extra; nothing is fetched) for serious or critical accessibility faults. Screenshots go to
out/screenshots/ (or $COPYDESK_ARTIFACTS).

Without Chromium or Playwright these tests skip locally and fail under CI (env CI set).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from urllib.parse import quote

import pytest

from ..conftest import REPO, SAMPLE
from .conftest import BROWN, HOSTILE_PATH, SEED_ID

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

    def __init__(self, browser, javascript: bool = True, color_scheme: str = "light"):
        self.context = browser.new_context(
            java_script_enabled=javascript, viewport={"width": 1280, "height": 900}, color_scheme=color_scheme
        )
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


# What a page's layout must never do, measured in the DOM: be wider than the window, wrap a date, or hold content
# wider than a box that does not scroll (a block, a table cell, a list). Each fault names the element.
LAYOUT_FAULTS = """() => {
  const faults = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    faults.push(`the page is ${root.scrollWidth}px wide in a ${root.clientWidth}px window`);
  }
  const name = (e) => `<${e.tagName.toLowerCase()}${e.className ? ' class="' + e.className + '"' : ''}>`;
  for (const e of document.querySelectorAll('time, .date')) {
    const range = document.createRange();
    range.selectNodeContents(e);
    const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    if (lines.size > 1) faults.push(`the date ${name(e)} "${e.textContent}" wraps onto ${lines.size} lines`);
  }
  for (const t of document.querySelectorAll('svg text')) {
    const [box, svg] = [t.getBoundingClientRect(), t.ownerSVGElement.getBoundingClientRect()];
    if (box.left < svg.left - 1 || box.right > svg.right + 1) {
      faults.push(`the chart label "${t.textContent}" is cut off`);
    }
  }
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('svg, details:not([open]) > :not(summary)')) continue;
    const style = getComputedStyle(e);
    if (style.display === 'inline' || style.display === 'none' || style.overflowX !== 'visible') continue;
    if (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) {
      faults.push(`${name(e)} holds ${e.scrollWidth}px in ${e.clientWidth}px: "${e.textContent.slice(0, 60)}"`);
    }
  }
  return faults;
}"""


def _axe_source() -> str:
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        _unavailable("axe-core is not installed: pip install axe-playwright-python (test extra)")
    return (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_faults(page, source: str) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    page.evaluate(source)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']}: {[n['target'] for n in v['nodes']][:4]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture(scope="module")
def axe_source():
    return _axe_source()


def _reader_pages(arabic_id: str, hostile_id: str) -> dict[str, str]:
    return {
        "overview": "/",
        "search": "/search?q=Lavrov+invitation",
        "article": f"/articles/{SEED_ID}",
        "people": "/entities?type=PERSON",
        "entity": f"/entities/{quote(BROWN, safe='')}",
        "articles": "/articles",
        "rtl-article": f"/articles/{quote(arabic_id, safe='')}",
        "hostile-article": f"/articles/{quote(hostile_id, safe='')}",  # markup shown as long runs of text
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "name", ["overview", "search", "article", "people", "entity", "articles", "rtl-article", "hostile-article"]
)
def test_browser_pages_look_right_light_and_dark(
    browser, live_server, axe_source, arabic_article, hostile_article, name, scheme
):
    tab = Tab(browser, color_scheme=scheme)
    try:
        page = tab.page
        response = page.goto(live_server + _reader_pages(arabic_article.id, hostile_article.id)[name])
        assert response.status == 200
        # The scheme took: a dark page in dark mode, a light one otherwise, with text that contrasts with it.
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        ink = page.evaluate("getComputedStyle(document.body).color")
        assert _luminance(background) < 0.05 if scheme == "dark" else _luminance(background) > 0.9, background
        assert _contrast(ink, background) >= 7, (ink, background)
        tab.shot(f"look-{name}-{scheme}")
        assert page.evaluate(LAYOUT_FAULTS) == []
        assert axe_faults(page, axe_source) == []
        page.set_viewport_size({"width": 390, "height": 844})  # a phone held upright
        tab.shot(f"look-{name}-{scheme}-narrow")
        assert page.evaluate(LAYOUT_FAULTS) == []
        assert [m for m in tab.console if m.startswith("error")] == []
    finally:
        tab.context.close()


def test_browser_rtl_article_reads_right_to_left(tab, live_server, arabic_article):
    page = tab.page
    page.goto(f"{live_server}/articles/{quote(arabic_article.id, safe='')}")
    direction = "e => getComputedStyle(e).direction"
    assert page.locator("h1").evaluate(direction) == "rtl"
    assert set(page.locator("div.body p").evaluate_all(f"ps => ps.map({direction})")) == {"rtl"}
    # Right to left, the headline's closing ellipsis and the paragraphs' full stops sit at the left: each
    # paragraph's text is right-aligned against the same edge as its box.
    for p in page.locator("div.body p").all():
        box = p.bounding_box()
        assert abs(p.evaluate(TEXT_RIGHT) - (box["x"] + box["width"])) < 2
    assert page.locator("p.meta time").inner_text() == "2026-01-08"
    # The English page beside it stays left to right.
    page.goto(f"{live_server}/articles/{SEED_ID}")
    assert page.locator("h1").evaluate(direction) == "ltr"
    tab.shot("rtl-article")


# Where the right-most text of an element ends, in the window's coordinates.
TEXT_RIGHT = """e => {
  const range = document.createRange();
  range.selectNodeContents(e);
  return Math.max(...[...range.getClientRects()].map(r => r.right));
}"""


def _channels(css: str) -> list[float]:
    """'rgb(22, 23, 26)' -> [22, 23, 26]."""
    return [float(c) for c in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]


def _luminance(css: str) -> float:
    """A CSS colour's relative luminance, as WCAG defines it."""
    linear = [(c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in _channels(css)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
