"""What the dashboard and the offline report say of independence, sides and ties, in a
real browser (see ``test_browser.py``): each contradiction, ACH row, indicator and track
shows how many independent sources stand behind it, a track whose side the analysis
could not tell says "side unknown", a withdrawal that did not last says so, a tie is
called a tie and a leader short of most of the weight "no clear leader".

The example case gives the contradictions, ACH rows and indicators; a small case written
here (``probe_case``) gives a brigade of no known side placed by three publishers, a
withdrawal undone and two hypotheses the evidence does not tell apart.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sitrep.case import load_case
from sitrep.store import Store
from sitrep.store.location import sqlite_url
from tests.conftest import write_report
from tests.web.conftest import open_report, serving
from tests.web.test_browser import browser, screenshot, show, squeeze, watched  # noqa: F401

PROBE_CASE = """\
name: Lake border probe
period: {start: 2023-01-01, end: 2023-12-31}
country_at_risk: EE
region_of_interest: [EE, LV, RU]
hypotheses:
  - {id: H1, name: Show of force}
  - {id: H2, name: Border raid}
  - {id: H3, name: Wider offensive}
indicators:
  - id: armour-forward
    name: Armour moved forward
    match: events
    kinds: [move, deploy, build_up]
    terms: [tanks, armour]
    relevance: high
    consistency: {H1: I, H2: C, H3: C}
"""
# (name, text, publisher, published): the brigade goes to Pskov, on to Ostrov, pulls
# back to Pskov and is seen at Ostrov again; nothing says whose it is.
PROBE_REPORTS = [
    ("tanks-at-pskov", "The 14th Motor Rifle Brigade moved tanks to Pskov on 3 March 2023, "
     "satellite images showed.", "Lakeside Courier", "2023-03-04"),
    ("brigade-at-ostrov", "On 9 March 2023 the 14th Motor Rifle Brigade moved from Pskov to "
     "Ostrov, local residents reported.", "Northern Ledger", "2023-03-10"),
    ("brigade-pulls-back", "The 14th Motor Rifle Brigade withdrew from Ostrov to Pskov on "
     "12 March 2023, satellite images showed.", "Lakeside Courier", "2023-03-13"),
    ("brigade-back-at-ostrov", "On 20 March 2023 the 14th Motor Rifle Brigade moved back to "
     "Ostrov, satellite images showed.", "Baltic Tribune", "2023-03-21"),
]
BRIGADE = "14th Motor Rifle Brigade"


def counted(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def sources_text(n: int, suffix: str = "") -> str:
    return counted(n, "independent source") + suffix


@pytest.fixture(scope="module")
def probe_case(tmp_path_factory, gazetteer) -> Path:
    from sitrep.extract import build_pipeline
    from sitrep.ingest import ingest_inputs

    case_dir = tmp_path_factory.mktemp("probe-case")
    (case_dir / "case.yaml").write_text(PROBE_CASE, encoding="utf-8")
    reports = tmp_path_factory.mktemp("probe-reports")
    for name, text, publisher, published in PROBE_REPORTS:
        write_report(reports, name, text, publisher=publisher, published=published,
                     title=name.replace("-", " "))
    case = load_case(case_dir)
    with Store.open(sqlite_url(case_dir)) as store:
        report = ingest_inputs([str(reports)], store,
                               build_pipeline(region=case.watched_countries()))
    assert not report.errors, report.errors
    return case_dir


@pytest.fixture(scope="module")
def probe_server(probe_case) -> Iterator[str]:
    with serving(probe_case) as url:
        # What the pages below must show, as the analysis gives it.
        ach = httpx.get(f"{url}/api/ach", timeout=60).json()
        assert ach["tied"] == ["H2", "H3"] and ach["leader_words"] is None
        tracks = [f["properties"] for f in httpx.get(f"{url}/api/map", timeout=60).json()
                  ["events"]["features"] if f["properties"]["layer"] == "track"]
        assert [(t["subject"], t["side"], t["sources"], t["withdrawals_undone"])
                for t in tracks] == [(BRIGADE, None, 3, ["Pskov"])]
        yield url


def test_each_contradiction_shows_its_independent_sources(live_server, watched):
    page = watched.page
    body = httpx.get(f"{live_server}/api/contradictions", timeout=60).json()
    assert body["contradictions"]
    show(page, live_server + "/claims")
    assert page.locator(".contradiction .independent").all_inner_texts() == [
        sources_text(c["sources"], " against") for c in body["contradictions"]]
    brief = httpx.get(f"{live_server}/api/brief", timeout=60).json()
    show(page, live_server + "/")
    assert page.locator(".brief li.contradiction .why .independent").all_inner_texts() == [
        sources_text(c["sources"], " against") for c in brief["contradictions"]]
    watched.assert_clean(live_server + "/")


def test_each_ach_row_shows_its_independent_sources(live_server, watched):
    page = watched.page
    rows = httpx.get(f"{live_server}/api/ach", timeout=60).json()["rows"]
    assert any(row["sources"] is not None for row in rows)
    show(page, live_server + "/ach")
    shown = {row.get_attribute("data-row"): row.locator("td.label .independent").all_inner_texts()
             for row in page.locator(".matrix tr[data-row]").all()}
    assert shown == {row["id"]: [sources_text(row["sources"])] if row["sources"] is not None
                     else [] for row in rows}
    watched.assert_clean(live_server + "/")


def test_each_indicator_counts_independent_sources(live_server, watched):
    page = watched.page
    indicators = httpx.get(f"{live_server}/api/indicators", timeout=60).json()["indicators"]
    show(page, live_server + "/indicators")
    cards = page.locator("article.indicator")
    assert cards.count() == len(indicators)
    for card, indicator in zip(cards.all(), indicators):
        assert sources_text(indicator["sources"]) in card.locator(".meta").first.inner_text()
    show(page, live_server + "/")
    cells = page.locator(".brief table td.sources").all_inner_texts()
    assert [cell.split()[0] for cell in cells] == [str(i["sources"]) for i in indicators]
    watched.assert_clean(live_server + "/")


def test_every_track_of_the_example_names_its_side_or_says_unknown(live_server, watched):
    page = watched.page
    tracks = [f["properties"] for f in httpx.get(f"{live_server}/api/map", timeout=60).json()
              ["events"]["features"] if f["properties"]["layer"] == "track"]
    assert tracks
    show(page, live_server + "/map")
    listed = page.locator(".track-list > li")
    assert listed.count() == len(tracks)
    for item, track in zip(listed.all(), tracks):
        text = squeeze(item.inner_text())
        assert item.get_attribute("data-subject") == track["subject"]
        assert (track["side"] or "side unknown") in text
        assert sources_text(track["sources"]) in text
    watched.assert_clean(live_server + "/")


def test_a_track_of_no_known_side_says_so_and_a_withdrawal_undone_shows(probe_server, watched):
    page = watched.page
    show(page, probe_server + "/map")
    item = page.locator(".track-list > li", has_text=BRIGADE)
    text = squeeze(item.inner_text())
    assert "side unknown" in text and sources_text(3) in text
    assert "Pskov → Ostrov → Pskov → Ostrov" in text
    assert "withdrawal to Pskov did not last" in text
    # by keyboard: where the points crowd, a cluster of events lies over them
    page.locator("svg.map .track-dot").first.press("Enter")
    detail = squeeze(page.locator(".event-detail .track-detail").inner_text())
    assert BRIGADE in detail and "side unknown" in detail
    screenshot(page, "map-track-side-unknown")
    show(page, probe_server + "/")
    track = squeeze(page.locator(".brief li.track").inner_text())
    assert f"{BRIGADE} (side unknown)" in track and sources_text(3) in track
    assert "withdrawal to Pskov (2023-03-12): did not last: at Ostrov on 2023-03-20" in track
    watched.assert_clean(probe_server + "/")


def test_a_tie_is_called_a_tie(probe_server, watched):
    page = watched.page
    for path in ("/", "/ach"):
        show(page, probe_server + path)
        verdict = page.locator(".verdict").inner_text()
        assert "tie between H2 and H3" in verdict
        assert "likely" not in verdict and "certain" not in verdict
        assert [row.get_attribute("data-hypothesis")
                for row in page.locator("table.scores tr.tied").all()] == ["H2", "H3"]
    screenshot(page, "ach-tie")
    watched.assert_clean(probe_server + "/")


def test_a_leader_short_of_most_of_the_weight_is_no_clear_leader(probe_case, tmp_path, watched):
    case_dir = tmp_path / "case"
    shutil.copytree(probe_case, case_dir)
    weak = (PROBE_CASE.replace("relevance: high", "relevance: low")
            .replace("{H1: I, H2: C, H3: C}", "{H1: I, H2: I, H3: C}")
            + "credibility: {own_actions: low, third_party: low, press: low}\n")
    (case_dir / "case.yaml").write_text(weak, encoding="utf-8")
    page = watched.page
    with serving(case_dir) as url:
        ach = httpx.get(f"{url}/api/ach", timeout=60).json()
        assert (ach["leader"], ach["leader_words"], ach["tied"]) == ("H3", None, [])
        show(page, url + "/ach")
        verdict = page.locator(".verdict").inner_text()
        assert "no clear leader: H3 ranks first" in verdict
        assert "likely" not in verdict
        watched.assert_clean(url + "/")


def test_a_clear_leader_gets_words_of_likelihood(live_server, watched):
    page = watched.page
    ach = httpx.get(f"{live_server}/api/ach", timeout=60).json()
    assert ach["leader_words"] and not ach["tied"]
    show(page, live_server + "/ach")
    assert f"makes {ach['leader']} “{ach['leader_words']}”" in page.locator(".verdict").inner_text()
    watched.assert_clean(live_server + "/")


def test_the_offline_report_shows_ties_unknown_sides_and_sources(probe_case, tmp_path, watched):
    page = watched.page
    path = open_report(probe_case, tmp_path, page)
    page.locator(".track-list > li").wait_for()
    assert "tie between H2 and H3" in page.locator("#overview .verdict").inner_text()
    assert "tie between H2 and H3" in page.locator("#ach .verdict").inner_text()
    assert "side unknown" in page.locator(".track-list > li").inner_text()
    assert f"{BRIGADE} (side unknown)" in squeeze(page.locator(".brief li.track").inner_text())
    assert page.locator(".matrix td.label .independent").all_inner_texts() == [sources_text(1)]
    screenshot(page, "report-tie")
    watched.assert_clean(path.as_uri())
