"""The dashboard in a real browser: Debian's headless Chromium driven by Playwright,
against the real app on loopback (``live_server``) and the offline report opened from disk.

Every test also checks that the page logged no error, raised nothing, opened no dialog
and asked nothing of any host but the app's. A screenshot of each page goes to
``$SITREP_SCREENSHOTS`` (default ``build/screenshots``). Without Chromium or Playwright
the tests skip with a message, or fail with it when ``SITREP_REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO, serving_pages
from tests.web.conftest import XSS_IMG, XSS_NAME, XSS_SCRIPT, open_report, serving

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SCREENSHOTS = Path(os.environ.get("SITREP_SCREENSHOTS") or REPO / "build" / "screenshots")
TIMEOUT_MS = 15_000
VIEWPORT = {"width": 1400, "height": 900}


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: pip install -e '.[test]'"
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing: apt-get install chromium (Debian's package)"
    return None


@pytest.fixture(scope="module")
def browser():
    problem = _browser_missing()
    if problem:
        if os.environ.get("SITREP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required (SITREP_REQUIRE_BROWSER=1): {problem}")
        pytest.skip(f"browser tests skipped: {problem}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watched:
    """A page and what it did: requests, console errors, uncaught errors, dialogs."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self, *allowed_prefixes: str) -> None:
        assert not self.dialogs, f"a dialog opened: {self.dialogs}"
        assert not self.errors, f"errors in the page: {self.errors}"
        strays = [url for url in self.requests
                  if not url.startswith(allowed_prefixes) and not url.startswith("data:")]
        assert not strays, f"requests left the app: {strays}"


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    seen = Watched(page)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda message: seen.errors.append(f"console: {message.text}")
            if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.errors.append(f"uncaught: {error}"))

    def on_dialog(dialog) -> None:
        seen.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield seen
    context.close()


def show(page, url: str) -> None:
    """Open a page of the app and wait until its view is drawn."""
    page.goto(url)
    page.wait_for_selector("main[aria-busy=false]")
    assert page.locator("main .error").count() == 0, page.locator("main .error").all_inner_texts()


def screenshot(page, name: str) -> None:
    """The top of the page, at most 3,000 pixels: a whole long page takes seconds."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = min(page.evaluate("document.documentElement.scrollHeight"), 3000)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True,
                    clip={"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height})


def squeeze(text: str) -> str:
    return " ".join(text.split())


def doc_id_of(server: str, name: str) -> str:
    listed = httpx.get(f"{server}/api/documents", timeout=60).json()
    return next(d["doc_id"] for d in listed if d["name"] == name)


@pytest.mark.parametrize(("name", "path"), [
    ("overview", "/"), ("map", "/map"), ("timeline", "/timeline"), ("claims", "/claims"),
    ("indicators", "/indicators"), ("ach", "/ach"), ("documents", "/search"),
    ("search", "/search?q=Yelnya"), ("document", None)])
def test_every_page_loads_cleanly(live_server, watched, name, path):
    page = watched.page
    if path is None:
        path = f"/documents/{doc_id_of(live_server, '01-yelnya-satellite-imagery')}"
    show(page, live_server + path)
    assert page.locator("main h1").count() >= 1
    screenshot(page, name)
    watched.assert_clean(live_server + "/")


def test_navigation_stays_in_the_page(live_server, watched):
    page = watched.page
    show(page, live_server + "/")
    page.evaluate("window.stillHere = true")  # gone if a click reloaded the page
    page.locator(".top nav a", has_text="Timeline").click()
    page.wait_for_url(live_server + "/timeline")
    page.wait_for_selector("svg.timeline")
    page.go_back()
    page.wait_for_selector(".bottom-line")
    assert page.evaluate("window.stillHere") is True
    watched.assert_clean(live_server + "/")


# A marker that is inside the map's frame and on top at its centre, so a click hits it.
CLICKABLE_MARKER = """() => {
  const frame = document.querySelector("svg.map").getBoundingClientRect();
  return [...document.querySelectorAll("svg.map .marker")].findIndex((marker) => {
    const box = marker.getBoundingClientRect();
    const x = box.x + box.width / 2, y = box.y + box.height / 2;
    return x > frame.left + 60 && x < frame.right - 10 && y > frame.top + 10 && y < frame.bottom - 10
      && marker.contains(document.elementFromPoint(x, y));
  });
}"""


def test_from_a_map_marker_one_click_to_the_sentence(live_server, watched):
    page = watched.page
    show(page, live_server + "/map")
    index = page.evaluate(CLICKABLE_MARKER)
    assert index >= 0, "no marker to click inside the map"
    page.locator("svg.map .marker").nth(index).click()
    sentence = squeeze(page.locator(".event-detail .sentence").inner_text())
    assert sentence
    page.locator("a.open-doc").click()
    page.wait_for_url(re.compile(r"/documents/[0-9a-f]+#\d+-\d+$"))
    target = page.locator(".doc-text mark.target")
    target.wait_for()
    assert sentence in squeeze(target.inner_text())
    assert target.evaluate("(mark) => { const box = mark.getBoundingClientRect(); "
                           "return box.top >= 0 && box.bottom <= innerHeight; }"), "not scrolled to"
    screenshot(page, "document-from-map")
    watched.assert_clean(live_server + "/")


MARKER_REFS = """() => [...document.querySelectorAll("svg.map .markers .marker")]
  .map((marker) => marker.dataset.ref).sort()"""


def _view_answer(page, act) -> tuple[list[float], list[str]]:
    """The box the page asked /api/map for after ``act``, and the refs of the located
    events (not those located only as a country) the answer holds."""
    with page.expect_response(lambda r: "/api/map?" in r.url and "bbox=" in r.url,
                              timeout=TIMEOUT_MS) as answered:
        act()
    response = answered.value
    bbox = [float(v) for v in re.search(r"bbox=([^&]+)", response.url).group(1)
            .replace("%2C", ",").split(",")]
    features = response.json()["events"]["features"]
    return bbox, sorted(f["properties"]["ref"] for f in features
                        if f["properties"]["layer"] == "event"
                        and f["properties"]["place_kind"] != "country")


def test_the_map_loads_the_events_of_the_view_it_is_panned_to(live_server, watched):
    page = watched.page
    before, refs = _view_answer(page, lambda: show(page, live_server + "/map"))
    page.wait_for_function(f"() => document.querySelectorAll('svg.map .markers .marker')"
                           f".length === {len(refs)}")
    assert page.evaluate(MARKER_REFS) == refs and refs
    frame = page.locator("svg.map").bounding_box()
    x, y = frame["x"] + frame["width"] / 2, frame["y"] + frame["height"] / 2

    def drag_west():  # the map slides left: the view goes east
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x - frame["width"] / 2, y, steps=8)
        page.mouse.up()

    after, panned = _view_answer(page, drag_west)
    assert after[0] > before[0] and after[2] > before[2]  # west and east moved east
    assert abs(after[1] - before[1]) < 0.01 and abs(after[3] - before[3]) < 0.01
    page.wait_for_function(f"() => document.querySelectorAll('svg.map .markers .marker')"
                           f".length === {len(panned)}")
    assert page.evaluate(MARKER_REFS) == panned and panned != refs
    index = page.evaluate(CLICKABLE_MARKER)  # a marker of the new view opens its sentence
    assert index >= 0, "no marker to click inside the map"
    page.locator("svg.map .marker").nth(index).click()
    assert squeeze(page.locator(".event-detail .sentence").inner_text())
    screenshot(page, "map-panned")
    watched.assert_clean(live_server + "/")


def test_from_a_contradiction_one_click_to_the_sentence(live_server, watched):
    page = watched.page
    show(page, live_server + "/claims")
    claim = page.locator(".contradiction .side.claim li").first
    quoted = squeeze(claim.locator("blockquote").inner_text())
    claim.locator("a.cite").click()
    target = page.locator(".doc-text mark.target")
    target.wait_for()
    assert quoted in squeeze(target.inner_text())
    watched.assert_clean(live_server + "/")


def scores(page) -> list[tuple[str, str]]:
    rows = page.locator("table.scores tbody tr")
    return [(row.get_attribute("data-hypothesis"), row.locator(".inconsistency").inner_text())
            for row in rows.all()]


def test_an_ach_rating_changed_in_the_page_re_ranks(writable_server, watched):
    page = watched.page
    show(page, writable_server.url + "/ach")
    before = scores(page)
    leader = before[0][0]
    # The leader judged very inconsistent with row after row loses the lead.
    selects = page.locator(f"select.rating[data-hypothesis='{leader}']")
    for i in range(selects.count()):
        with page.expect_response(lambda r: r.url.endswith("/api/ach/ratings")
                                  and r.request.method == "PUT") as answer:
            selects.nth(i).select_option("II")
        assert answer.value.ok
        page.wait_for_function("() => document.querySelector('table.scores tbody tr')")
        if scores(page)[0][0] != leader:
            break
    page.wait_for_function("(leader) => document.querySelector('table.scores tbody tr')"
                           ".dataset.hypothesis !== leader", arg=leader)
    after = scores(page)
    assert [h for h, _ in after] != [h for h, _ in before]
    assert dict(after)[leader] != dict(before)[leader]
    cell = page.locator(f"select.rating[data-hypothesis='{leader}']").first
    assert cell.input_value() == "II"
    assert "override" in cell.locator("xpath=..").get_attribute("class")
    screenshot(page, "ach-after-rating")
    watched.assert_clean(writable_server.url + "/")


def test_the_token_in_the_address_lets_the_page_make_changes(web_case, tmp_path, watched):
    """A server beyond loopback wants a token: the printed address hands it to the page,
    which drops it from the address and sends it with each change."""
    case_dir = tmp_path / "case"
    shutil.copytree(web_case, case_dir)
    page = watched.page
    with serving(case_dir, token="page-token") as url:
        show(page, f"{url}/ach?token=page-token")
        assert page.url == f"{url}/ach"
        page.locator(".top nav a", has_text="Overview").click()
        page.locator(".top nav a", has_text="Hypotheses").click()
        page.wait_for_selector("select.rating")
        with page.expect_response(lambda r: r.url.endswith("/api/ach/ratings")) as answer:
            page.locator("select.rating[data-hypothesis='H1']").first.select_option("II")
        assert answer.value.status == 200
        assert answer.value.request.headers["x-sitrep-token"] == "page-token"
        watched.assert_clean(url + "/")


def test_a_page_added_on_the_documents_page_is_listed_as_text(web_case, tmp_path, watched):
    case_dir = tmp_path / "case"
    shutil.copytree(web_case, case_dir)
    article = (f"<html><head><title>Osna bridge {XSS_IMG.replace('<', '&lt;')}</title></head>"
               "<body><article><p>The Osna bridge was closed to military traffic on Friday, "
               "engineers said.</p></article></body></html>")
    page = watched.page
    with serving_pages({"/osna.html": (200, "text/html", article)}) as site, \
            serving(case_dir, allow_private_urls=True) as url:
        show(page, f"{url}/search")
        page.fill("form.ingest input", f"{site.url}/osna.html")
        page.locator("form.ingest button").click()
        added = page.locator(".ingested li")
        added.wait_for()
        assert squeeze(added.inner_text()) == f"added Osna bridge {XSS_IMG}"
        page.locator("table.documents a", has_text="Osna bridge").wait_for()
        assert page.locator("main img, main script").count() == 0
        screenshot(page, "documents-after-ingest")
        watched.assert_clean(url + "/")


def test_markup_in_a_document_shows_as_text(live_server, watched):
    page = watched.page
    show(page, f"{live_server}/documents/{doc_id_of(live_server, XSS_NAME)}")
    text = page.locator(".doc-text").inner_text()
    assert XSS_SCRIPT in text and XSS_IMG in text
    assert XSS_SCRIPT in page.locator("main h1").inner_text()
    assert page.locator("main img, main script").count() == 0
    screenshot(page, "markup-probe")
    # The pages that quote it: search, timeline, map.
    for path in ("/search?q=Klintsy", "/timeline", "/map"):
        show(page, live_server + path)
        assert page.locator("main img, main script").count() == 0
    watched.assert_clean(live_server + "/")


def test_offline_report_renders_from_disk(web_case, tmp_path, watched):
    page = watched.page
    path = open_report(web_case, tmp_path, page)
    page.wait_for_selector("svg.map .marker", state="attached")  # some may be in a cluster
    assert "Bottom line" in page.locator(".bottom-line").inner_text()
    assert page.locator("svg.map path.country").count() > 100
    assert page.locator("svg.timeline .item").count() > 100
    assert page.locator(".matrix table tbody tr").count() > 0
    assert page.locator("table.scores tbody tr").count() >= 2
    assert page.locator(".matrix select").count() == 0  # read-only
    screenshot(page, "report")
    watched.assert_clean(path.as_uri())
    # The policy: a script put into the page by any means other than the report's own
    # does not run (it is reported as a violation instead).
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.injected = true'; document.body.append(s); }""")
    assert page.evaluate("() => window.injected") is None
    assert any("Content Security Policy" in error for error in watched.errors)
