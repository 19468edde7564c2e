"""Page geometry in a real browser, at a desktop's and a phone's width: every page is
photographed (under the test's temporary directory, or ``$SITREP_SCREENSHOTS``), nothing
overflows sideways, the phone's navigation takes at most two rows, a jump to an anchor
leaves its heading below the sticky header, timeline labels stay inside the chart, and
the map opens on the case's region with its tracks in view, crowded markers clustered and
events located only as a country counted apart instead of piled on its middle."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitrep.analysis.brief import build_brief
from sitrep.case import load_case
from sitrep.outputs.report import render_report
from sitrep.store import Store
from sitrep.store.location import sqlite_url
from tests.web.test_browser import TIMEOUT_MS, Watched, browser, doc_id_of, show  # noqa: F401

WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
PAGES = {"overview": "/", "map": "/map", "timeline": "/timeline", "claims": "/claims",
         "indicators": "/indicators", "ach": "/ach", "documents": "/search",
         "search": "/search?q=Yelnya", "document": None}
REPORT_SECTIONS = ("overview", "map", "timeline", "ach")

OVERFLOW = "() => document.documentElement.scrollWidth - innerWidth"
NAV_ROWS = """() => {
  const links = [...document.querySelectorAll(".top nav a")];
  return new Set(links.map((a) => Math.round(a.getBoundingClientRect().top))).size;
}"""
HEADER_BOTTOM = "() => document.querySelector('.top').getBoundingClientRect().bottom"
# Texts of the timeline whose box reaches outside the chart's (a cut label).
CUT_LABELS = """() => {
  const chart = document.querySelector("svg.timeline").getBoundingClientRect();
  return [...document.querySelectorAll("svg.timeline text")].filter((t) => {
    const box = t.getBoundingClientRect();
    return box.left < chart.left - 0.5 || box.right > chart.right + 0.5;
  }).map((t) => t.textContent);
}"""


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return Path(os.environ.get("SITREP_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))


@pytest.fixture(params=list(WIDTHS))
def sized(request, browser) -> Watched:  # noqa: F811
    context = browser.new_context(viewport=WIDTHS[request.param])
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    seen = Watched(page)
    page.on("console", lambda message: seen.errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    seen.width = request.param
    yield seen
    context.close()


def photograph(page, shots: Path, name: str, *, whole: bool = True) -> Path:
    """The page from its top (at most 4,000 pixels), or what the window shows."""
    path = shots / f"{name}.png"
    if whole:
        page.screenshot(path=str(path), full_page=True, clip={
            "x": 0, "y": 0, "width": page.viewport_size["width"],
            "height": min(page.evaluate("document.documentElement.scrollHeight"), 4000)})
    else:
        page.screenshot(path=str(path))
    assert path.stat().st_size > 5000  # a drawn page, not a blank one
    return path


def assert_fits(page, width: str) -> None:
    assert page.evaluate(OVERFLOW) <= 0, "the page scrolls sideways"
    rows = page.evaluate(NAV_ROWS)
    assert rows <= (2 if width == "phone" else 1), f"the navigation takes {rows} rows"


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_fits_its_width_and_is_photographed(live_server, sized, shots, name):
    page = sized.page
    path = PAGES[name] or f"/documents/{doc_id_of(live_server, '01-yelnya-satellite-imagery')}"
    show(page, live_server + path)
    if name == "timeline":
        page.wait_for_selector("svg.timeline")
        assert page.evaluate(CUT_LABELS) == []
    assert_fits(page, sized.width)
    photograph(page, shots, f"{name}-{sized.width}")
    assert not sized.errors, sized.errors


@pytest.fixture(scope="module")
def report_path(web_case, tmp_path_factory) -> Path:
    with Store.open(sqlite_url(web_case)) as store:
        page_html = render_report(build_brief(store, load_case(web_case)))
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(page_html, encoding="utf-8")
    return path


@pytest.mark.parametrize("section", REPORT_SECTIONS)
def test_a_report_section_jumped_to_shows_its_heading_below_the_header(report_path, sized,
                                                                       shots, section):
    page = sized.page
    page.goto(report_path.as_uri())
    page.wait_for_selector("svg.map path.country", state="attached")
    page.locator(".top nav a", has_text={"overview": "Brief", "map": "Map",
                                         "timeline": "Timeline",
                                         "ach": "Hypotheses"}[section]).click()
    page.wait_for_timeout(300)
    heading = page.locator(f"#{section} h1").first
    top = heading.evaluate("(h) => h.getBoundingClientRect().top")
    assert top >= page.evaluate(HEADER_BOTTOM) - 1, "the heading is under the sticky header"
    assert top < page.viewport_size["height"] / 2
    assert_fits(page, sized.width)
    if section == "timeline":
        assert page.evaluate(CUT_LABELS) == []
    photograph(page, shots, f"report-{section}-{sized.width}", whole=False)
    assert not sized.errors, sized.errors


IN_FRAME = """(selector) => {
  const frame = document.querySelector("svg.map").getBoundingClientRect();
  return [...document.querySelectorAll(selector)].map((node) => {
    const box = node.getBoundingClientRect();
    return box.left >= frame.left - 1 && box.right <= frame.right + 1
      && box.top >= frame.top - 1 && box.bottom <= frame.bottom + 1;
  });
}"""
SHOWN_CENTRES = """() => [...document.querySelectorAll("svg.map .marker:not(.clustered)")]
  .map((m) => {
    const b = m.getBoundingClientRect();
    return `${Math.round(b.x + b.width / 2)},${Math.round(b.y + b.height / 2)}`;
  })"""


def test_the_map_opens_on_the_region_with_tracks_in_view_and_markers_apart(live_server, sized,
                                                                           shots):
    page = sized.page
    show(page, live_server + "/map")
    page.wait_for_selector("svg.map .track-dot")
    at_risk = page.locator("svg.map path.country.at-risk")
    assert all(page.evaluate(IN_FRAME, "svg.map path.country.at-risk"))
    assert at_risk.evaluate("(p) => p.getBoundingClientRect().width") > \
        page.locator("svg.map").evaluate("(s) => s.getBoundingClientRect().width") / 8
    # where each track ends (where the unit is now) is in view; "tracks" shows them whole
    ends = page.evaluate(IN_FRAME, "svg.map .track-end")
    assert ends and all(ends), "where a track ends is off the map"
    page.locator(".map-buttons button[title='show every track whole']").click()
    assert all(page.evaluate(IN_FRAME, "svg.map .track-dot")), "a track runs off the map"
    page.locator(".map-buttons button[title=\"back to the case's region\"]").click()
    centres = page.evaluate(SHOWN_CENTRES)
    assert len(centres) == len(set(centres)), "markers drawn on top of each other"
    # events placed only as a whole country: one boxed count each, listed on selection
    boxes = page.locator("svg.map .country-events")
    assert boxes.count() >= 1
    counted = sum(int(t) for t in boxes.locator("text").all_text_contents())
    shown = boxes.nth(page.evaluate(IN_FRAME, "svg.map .country-events").index(True))
    shown.click()
    assert page.locator(".panel .event-list li").count() == int(
        shown.locator("text").text_content())
    assert counted >= boxes.count()
    photograph(page, shots, f"map-region-{sized.width}")
    assert not sized.errors, sized.errors


def test_crowded_markers_cluster_and_a_cluster_zooms_in(live_server, sized):
    page = sized.page
    show(page, live_server + "/map")
    for _ in range(4):
        page.locator(".map-buttons button[title='zoom out']").click()
    clusters = page.locator("svg.map .cluster")
    assert clusters.count() >= 1
    shown = page.locator("svg.map .marker:not(.clustered)").count()
    members = sum(int(t) for t in clusters.locator("text").all_text_contents())
    assert shown + members == page.locator("svg.map .marker").count()
    before = page.locator("svg.map").get_attribute("viewBox")
    clusters.first.click()
    after_view = page.locator("svg.map").get_attribute("viewBox")
    listed = page.locator(".panel .event-list li").count()
    assert after_view != before or listed >= 2  # zoomed in, or listed events at one spot
    assert not sized.errors, sized.errors
