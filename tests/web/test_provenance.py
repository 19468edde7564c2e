"""Every cited item names its publisher, its document's publication date and its article
(URL or file), and links to its sentence: in the brief's text, Markdown and JSON, in the
dashboard's API and in the exports; the brief and the dashboard cite the same date."""

from __future__ import annotations

import json

import httpx

from sitrep.analysis.brief import build_brief
from sitrep.case import load_case
from sitrep.outputs.brief import render_brief
from sitrep.store import Store
from sitrep.store.location import sqlite_url
from tests.web.conftest import open_report
from tests.web.test_browser import browser, show, watched  # noqa: F401

CITED = ("ref", "doc_id", "document", "publisher", "published", "reported_for", "url",
         "sentence_url", "text", "start", "end")


def get(url: str, **params) -> dict:
    return httpx.get(url, params=params or None, timeout=60).json()


def cited_sources(brief: dict) -> list[dict]:
    """Every "source" the JSON brief gives beside a citation."""
    found = []
    for record in brief["contradictions"]:
        found += [record["source"], *(e["source"] for e in record["evidence"])]
    found += [p["source"] for t in brief["tracks"] for p in t["points"]]
    found += [s for i in brief["indicators"] for s in i["evidence_sources"]]
    found += [s["source"] for s in brief["statements"]]
    return found


def test_the_json_brief_gives_each_citation_its_document_sentence_and_article(live_server):
    brief = get(f"{live_server}/api/brief")
    sources = cited_sources(brief)
    assert len(sources) > 50
    texts = {}
    for source in sources:
        assert set(CITED) <= set(source)
        assert source["publisher"] and source["published"] and (source["url"] or source["file"])
        if source["doc_id"] not in texts:
            texts[source["doc_id"]] = get(f"{live_server}/api/documents/{source['doc_id']}")["text"]
        assert texts[source["doc_id"]][source["start"]:source["end"]] == source["text"]
        assert source["sentence_url"].startswith(source["url"] + "#:~:text=")
    # The statement's own date is told apart from the date it is cited by.
    assert any(s["reported_for"] and s["reported_for"] != s["published"] for s in sources)


def test_the_dashboard_cites_an_item_by_the_date_the_brief_cites_it_by(live_server):
    brief = get(f"{live_server}/api/brief")
    items = {i["ref"]: i for i in get(f"{live_server}/api/timeline", limit=10000)["items"]}
    compared = 0
    for source in cited_sources(brief):
        item = items[source["ref"]]
        assert (item["publisher"], item["published"], item["reported_for"], item["url"]) == (
            source["publisher"], source["published"], source["reported_for"], source["url"])
        compared += 1
    claims = get(f"{live_server}/api/contradictions")["contradictions"]
    for cited in brief["contradictions"]:  # the brief lists up to its limit
        record = next(r for r in claims if r["claim"]["ref"] == cited["claim"])
        assert record["claim"]["published"] == cited["source"]["published"]
    assert compared > 50


def test_text_and_markdown_briefs_cite_publisher_publication_date_and_article(web_case):
    with Store.open(sqlite_url(web_case)) as store:
        made = build_brief(store, load_case(web_case))
        text, markdown = render_brief(made, "text"), render_brief(made, "md")
        data = json.loads(render_brief(made, "json"))
    for statement in data["statements"]:
        source = statement["source"]
        cite = f"{source['publisher']}, {source['published']}, {source['ref']}"
        assert cite in " ".join(text.split())  # the text brief wraps long lines
        assert (f"{source['publisher']}, {source['published']}, "
                f"[{source['ref']}]({source['sentence_url']})") in markdown
        assert f"<{source['url']}>" in markdown
        assert source["url"] in text.split()  # whole on its line, so that it opens when copied


PROVENANCE_LINKS = """() => [...document.querySelectorAll("#overview .provenance")].map((p) => [
  p.querySelector("a.cite")?.getAttribute("href") || "",
  p.querySelector("a.article")?.getAttribute("href") || ""])"""


def test_the_offline_report_links_each_citation_to_the_sentence_and_the_article(
        web_case, tmp_path, watched):  # noqa: F811
    page = watched.page
    open_report(web_case, tmp_path, page)
    page.wait_for_selector("#overview .provenance")
    links = page.evaluate(PROVENANCE_LINKS)
    assert len(links) > 20
    for sentence, article in links:
        assert article.startswith("https://") and sentence.startswith(article + "#:~:text=")


def test_the_dashboards_claims_cite_the_date_the_brief_cites(live_server, watched):  # noqa: F811
    brief = get(f"{live_server}/api/brief")
    first = brief["contradictions"][0]["source"]
    page = watched.page
    show(page, live_server + "/claims")
    claim = page.locator(".contradiction .side.claim .provenance").first
    cited = " ".join(claim.inner_text().split())
    reported = (f", reported for {first['reported_for']}"
                if first["reported_for"] != first["published"] else "")
    assert cited.startswith(f"{first['publisher']}, {first['published']}{reported} "
                            f"{first['ref']}")
    show(page, live_server + "/")
    overview = " ".join(page.locator(".brief blockquote .provenance").first.inner_text().split())
    assert overview == cited
