"""The dashboard's API over real HTTP: the app served by uvicorn on loopback, asked with httpx."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import httpx
import pytest
import yaml

from sitrep.analysis.brief import build_brief
from sitrep.case import load_case
from sitrep.cli import main
from sitrep.outputs import view_models
from sitrep.outputs.brief import render_brief
from sitrep.registry import vocabulary
from sitrep.store import Store
from sitrep.store.location import sqlite_url
from sitrep.web import app as web_app
from sitrep.web import models
from sitrep.web.app import CSP, hosts_for
from tests.conftest import write_report
from tests.web.conftest import XSS_IMG, XSS_NAME, XSS_SCRIPT, serving

READ_ROUTES = {
    "/api/brief": view_models.Brief, "/api/map": view_models.Map,
    "/api/timeline": view_models.Timeline, "/api/contradictions": view_models.Contradictions,
    "/api/indicators": view_models.Indicators, "/api/ach": view_models.Ach,
    "/api/search?q=Yelnya": models.Search, "/api/vocabulary": view_models.Vocabulary,
}
PAGES = ("/", "/map", "/timeline", "/claims", "/indicators", "/ach", "/documents/abc", "/search")


def get(url: str, **params) -> httpx.Response:
    return httpx.get(url, params=params or None, timeout=60)


def put_rating(url: str, row: str, hypothesis: str, rating: str, **params) -> httpx.Response:
    return httpx.put(f"{url}/api/ach/ratings", params=params, timeout=60,
                     json={"row": row, "hypothesis": hypothesis, "rating": rating})


def documents(url: str) -> dict[str, dict]:
    return {d["name"]: d for d in get(f"{url}/api/documents").json()}


@pytest.mark.parametrize("path", READ_ROUTES)
def test_every_route_answers_in_its_documented_shape(live_server, path):
    response = get(live_server + path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    READ_ROUTES[path].model_validate(response.json())  # the models refuse unknown keys


def test_the_vocabulary_is_the_registry_s(live_server):
    served = get(f"{live_server}/api/vocabulary").json()
    assert served == json.loads(json.dumps(vocabulary().front_end()))
    assert list(served["event_kinds"]) == list(vocabulary().event_kinds)  # in registry order
    assert served["event_kinds"]["attack"]["shape"] == "diamond"
    assert list(served["ratings"]) == ["CC", "C", "N", "I", "II"]


def test_documents_list_and_one_document(live_server):
    listed = get(f"{live_server}/api/documents").json()
    assert len(listed) == 21
    for entry in listed:
        models.DocumentSummary.model_validate(entry)
    first = listed[0]
    document = get(f"{live_server}/api/documents/{first['doc_id']}").json()
    models.Document.model_validate(document)
    assert {k: document[k] for k in first} == first
    text = document["text"]
    assert document["sentences"] and all(0 <= s["start"] < s["end"] <= len(text)
                                         for s in document["sentences"])
    assert all(text[m["start"]:m["end"]] == m["text"] for m in document["mentions"])


def test_items_point_at_their_sentences(live_server):
    """Every item's offsets cut its own text out of its document."""
    timeline = get(f"{live_server}/api/timeline").json()
    texts = {}
    for item in timeline["items"][:60]:
        if item["doc_id"] not in texts:
            document = get(f"{live_server}/api/documents/{item['doc_id']}").json()
            texts[item["doc_id"]] = document["text"]
        assert texts[item["doc_id"]][item["start"]:item["end"]] == item["text"]


def test_brief_is_the_cli_brief_and_is_not_recorded(live_server, web_case):
    served = get(f"{live_server}/api/brief").json()
    with Store.open(sqlite_url(web_case)) as store:
        assert served == json.loads(render_brief(build_brief(store, load_case(web_case)),
                                                 "json"))
        assert store.previous_brief(None) is None  # the API never records a brief
    earlier = get(f"{live_server}/api/brief", as_of="2021-12-01").json()
    assert earlier["as_of"] == "2021-12-01" and 0 < earlier["documents"] < served["documents"]


def test_openapi_describes_every_route(live_server):
    schema = get(f"{live_server}/openapi.json").json()
    paths = schema["paths"]
    assert set(paths) == {"/api/brief", "/api/map", "/api/timeline", "/api/contradictions",
                          "/api/indicators", "/api/ach", "/api/ach/ratings", "/api/documents",
                          "/api/documents/{doc_id}", "/api/search", "/api/ingest",
                          "/api/ingest/{job}", "/api/vocabulary",
                          "/api/items/{doc_id}/{item_id}"}
    for path, operations in paths.items():
        for method, operation in operations.items():
            answer = operation["responses"].get("200") or operation["responses"]["202"]
            content = answer["content"]["application/json"]
            assert content["schema"], (method, path)
    assert "requestBody" in paths["/api/ach/ratings"]["put"]
    assert "requestBody" in paths["/api/ingest"]["post"]
    assert {"Timeline", "Ach", "Map", "Document", "RatingChange", "IngestRequest",
            "IngestJob"} <= set(schema["components"]["schemas"])


@pytest.mark.parametrize("path", ["/", "/map", "/api/ach", "/api/documents/nope",
                                  "/static/no-such-file.js", "/openapi.json"])
def test_security_headers_on_every_response(live_server, path):
    headers = get(live_server + path).headers
    assert headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_pages_answer_with_the_single_page_app(live_server):
    first = get(live_server + "/")
    assert first.status_code == 200 and first.headers["content-type"].startswith("text/html")
    for path in PAGES:
        response = get(live_server + path)
        assert response.status_code == 200 and response.text == first.text, path


def test_a_missing_front_end_gets_a_placeholder_page(live_server, tmp_path, monkeypatch):
    monkeypatch.setattr(web_app, "STATIC", tmp_path)
    response = get(live_server + "/timeline")
    assert response.status_code == 200 and "front end is missing" in response.text
    assert response.headers["content-security-policy"] == CSP


def test_markup_in_a_document_comes_back_as_json_strings_unchanged(live_server):
    entry = documents(live_server)[XSS_NAME]
    assert entry["title"] == f"Probe {XSS_SCRIPT}" and entry["publisher"].endswith(XSS_IMG)
    response = get(f"{live_server}/api/documents/{entry['doc_id']}")
    assert XSS_SCRIPT in response.json()["text"] and XSS_IMG in response.json()["text"]
    assert "\\u003c" not in response.text and XSS_SCRIPT in response.text  # plain JSON strings
    items = [i for i in get(f"{live_server}/api/timeline", limit=10000).json()["items"]
             if i["doc_id"] == entry["doc_id"]]
    assert any(XSS_SCRIPT in i["text"] or XSS_IMG in i["text"] for i in items)
    assert all(i["publisher"] == entry["publisher"] for i in items)
    hits = get(f"{live_server}/api/search", q="onerror").json()["hits"]
    assert hits and XSS_IMG in hits[0]["text"]


def test_unknown_document_is_404_with_a_message(live_server):
    response = get(f"{live_server}/api/documents/0000000000000000")
    assert response.status_code == 404
    assert response.json() == {"detail": "no document with id '0000000000000000'"}


def test_bad_parameters_are_422(live_server):
    assert get(f"{live_server}/api/brief", as_of="2022-13-01").status_code == 422
    assert get(f"{live_server}/api/timeline", limit=0).status_code == 422
    assert get(f"{live_server}/api/search").status_code == 422


def test_timeline_filters_facets_and_claims(live_server):
    full = get(f"{live_server}/api/timeline", limit=100_000).json()
    items, facets = full["items"], full["facets"]
    assert full["total"]["items"] == len(items) > 100
    first_page = get(f"{live_server}/api/timeline").json()  # 200 items unless asked
    assert first_page["items"] == items[:200] and first_page["total"] == full["total"]
    dates = [i["date"] for i in items if i["date"]]
    assert dates == sorted(dates)
    assert {"Russia", "Jens Stoltenberg"} <= set(facets["actors"])
    assert {"observed", "claimed"} <= set(facets["modalities"])
    assert {i["type"] for i in items} == {"event", "statement"}
    assert any(c["status"] == "contradicted" and c["against"] for c in full["claims"])

    speaker = get(f"{live_server}/api/timeline", actor="Jens Stoltenberg").json()
    assert speaker["items"] and all("Jens Stoltenberg" in (i["actor"], i["speaker"])
                                    for i in speaker["items"])
    assert all(c["claim"]["speaker"] == "Jens Stoltenberg" for c in speaker["claims"])
    observed = get(f"{live_server}/api/timeline", modality="observed", kind="deploy").json()
    assert observed["items"] and all(i["modality"] == "observed" and i["kind"] == "deploy"
                                     for i in observed["items"])
    assert observed["facets"] == facets
    page = get(f"{live_server}/api/timeline", limit=5, offset=5).json()
    assert page["items"] == items[5:10] and page["total"] == full["total"]


def test_contradictions_with_evidence_and_sources(live_server):
    body = get(f"{live_server}/api/contradictions").json()
    assert body["total"] == len(body["contradictions"]) > 0
    first = body["contradictions"][0]
    assert first["status"] == "contradicted" and first["against"][0]["reason"]
    assert first["claim"]["publisher"] and first["claim"]["ref"].count("#") == 1
    assert any(s["contradicted"] for s in body["sources"])


def test_indicators_link_hits_to_sentences(live_server):
    brief = get(f"{live_server}/api/brief").json()["indicators"]
    # The brief lists at most its limit of each indicator's hits; the board as many as asked.
    limit = max(len(i["evidence"]) for i in brief)
    one = get(f"{live_server}/api/indicators", hits=1).json()["indicators"]
    assert all(len(i["hits"]) <= 1 for i in one)  # the board lists as many hits as asked
    assert any(i["evidence_total"] > 1 for i in one)  # and that limit is in play
    board = get(f"{live_server}/api/indicators", hits=limit).json()["indicators"]
    assert [{k: v for k, v in i.items() if k != "hits"} for i in board] == [
        {k: v for k, v in i.items() if k != "evidence_sources"} for i in brief]
    # The brief and the board cite each hit by the same publisher, date and article.
    cited = ("ref", "doc_id", "publisher", "published", "reported_for", "url", "sentence_url")
    assert [[{k: s[k] for k in cited} for s in i["evidence_sources"]] for i in brief] == [
        [{k: h[k] for k in cited} for h in i["hits"]] for i in board]
    hit = next(h for i in board for h in i["hits"])
    text = get(f"{live_server}/api/documents/{hit['doc_id']}").json()["text"]
    assert text[hit["start"]:hit["end"]] == hit["text"]


def test_map_has_outlines_events_and_tracks(live_server):
    body = get(f"{live_server}/api/map").json()
    countries = {f["properties"]["iso2"]: f for f in body["countries"]["features"]}
    assert len(countries) > 150 and countries["UA"]["properties"]["at_risk"]
    assert not countries["RU"]["properties"]["at_risk"]
    assert countries["UA"]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    features = body["events"]["features"]
    points = [f for f in features if f["geometry"]["type"] == "Point"]
    tracks = [f for f in features if f["properties"]["layer"] == "track"]
    assert points and tracks
    assert set(points[0]["properties"]) == {  # what a marker is drawn with, and its ref
        "layer", "ref", "doc_id", "item_id", "kind", "modality", "negated", "place",
        "place_kind", "time_start"}
    track = tracks[0]
    assert track["geometry"]["type"] == "LineString"
    assert len(track["properties"]["points"]) == len(track["geometry"]["coordinates"])
    assert body["total"]["tracks"] == len(tracks)
    assert track["properties"]["points_total"] == len(track["properties"]["points"])  # < 100


def test_a_track_point_names_its_sentence_and_the_items_route_links_it(live_server):
    tracks = [f for f in get(f"{live_server}/api/map").json()["events"]["features"]
              if f["properties"]["layer"] == "track"]
    point = tracks[0]["properties"]["points"][0]
    assert set(point) == {"ref", "doc_id", "item_id", "place", "date"}  # no link per point
    item = get(f"{live_server}/api/items/{point['doc_id']}/{point['item_id']}").json()
    assert item["ref"] == point["ref"] and item["type"] == "event"
    view_models.Item.model_validate(item)
    text = get(f"{live_server}/api/documents/{point['doc_id']}").json()["text"]
    assert text[item["start"]:item["end"]] == item["text"]
    missing = get(f"{live_server}/api/items/{point['doc_id']}/e999999")
    assert missing.status_code == 404 and "e999999" in missing.json()["detail"]


def test_a_map_event_names_its_sentence_and_the_items_route_links_it(live_server):
    body = get(f"{live_server}/api/map").json()
    point = next(f for f in body["events"]["features"] if f["properties"]["layer"] == "event")
    props = point["properties"]
    item = get(f"{live_server}/api/items/{props['doc_id']}/{props['item_id']}").json()
    assert item["ref"] == props["ref"] and item["kind"] == props["kind"]
    assert item["modality"] == props["modality"] and item["text"]
    assert len(json.dumps(point)) < 400  # a marker, not its link: ~1 KB with the link


def test_a_view_of_the_map_may_leave_the_outlines_out(live_server):
    full = get(f"{live_server}/api/map").json()
    bare = get(f"{live_server}/api/map", countries="false").json()
    assert bare["countries"] == {"type": "FeatureCollection", "features": []}
    assert bare["events"] == full["events"] and bare["total"] == full["total"]
    assert full["countries"]["features"]


def test_the_map_sends_the_longest_tracks_and_those_in_view(live_server):
    full = get(f"{live_server}/api/map").json()
    tracks = [f for f in full["events"]["features"] if f["properties"]["layer"] == "track"]
    one = get(f"{live_server}/api/map", tracks=1).json()
    assert [f for f in one["events"]["features"] if f["properties"]["layer"] == "track"] \
        == tracks[:1] and one["total"] == full["total"]
    lon, lat = tracks[-1]["geometry"]["coordinates"][0]
    box = f"{lon - 0.01},{lat - 0.01},{lon + 0.01},{lat + 0.01}"
    near = get(f"{live_server}/api/map", bbox=box).json()
    shown = [f for f in near["events"]["features"] if f["properties"]["layer"] == "track"]
    assert tracks[-1] in shown
    for track in shown:  # each passes by the view: the box of its points meets it
        xs, ys = zip(*track["geometry"]["coordinates"])
        assert min(xs) <= lon + 0.01 and max(xs) >= lon - 0.01
        assert min(ys) <= lat + 0.01 and max(ys) >= lat - 0.01
    far = get(f"{live_server}/api/map", bbox="-170,-80,-169,-79").json()
    assert not [f for f in far["events"]["features"] if f["properties"]["layer"] == "track"]


def test_the_map_answers_for_the_view_on_screen(live_server):
    full = get(f"{live_server}/api/map").json()
    points = [f for f in full["events"]["features"] if f["properties"]["layer"] == "event"]
    lon, lat = points[0]["geometry"]["coordinates"][:2]
    box = f"{lon - 0.01},{lat - 0.01},{lon + 0.01},{lat + 0.01}"
    near = get(f"{live_server}/api/map", bbox=box).json()
    inside = [f for f in near["events"]["features"] if f["properties"]["layer"] == "event"]
    assert inside == [p for p in points if abs(p["geometry"]["coordinates"][0] - lon) <= 0.01
                      and abs(p["geometry"]["coordinates"][1] - lat) <= 0.01]
    assert len(inside) < len(points) and near["total"] == full["total"]
    empty = get(f"{live_server}/api/map", bbox="-170,-80,-169,-79").json()
    assert not [f for f in empty["events"]["features"] if f["properties"]["layer"] == "event"]
    wrong = httpx.get(f"{live_server}/api/map", params={"bbox": "30,50,40"})
    assert wrong.status_code == 422 and "bbox" in wrong.text


def test_ach_matrix(live_server):
    body = get(f"{live_server}/api/ach").json()
    assert [h["id"] for h in body["hypotheses"]] == ["H1", "H2", "H3"]
    assert body["ratings"] == ["CC", "C", "N", "I", "II", "NA"]
    assert body["leader"] == body["scores"][0]["id"]
    row = body["rows"][0]
    assert row["id"].startswith("indicator:") and row["evidence"]
    assert any(r["reading"] == "deceptive" for r in body["rows"])


def test_big_lists_come_in_pages(live_server):
    full_map = get(f"{live_server}/api/map").json()
    one = get(f"{live_server}/api/map", events=1).json()
    points = [f for f in one["events"]["features"] if f["properties"]["layer"] == "event"]
    assert one["total"] == full_map["total"] and full_map["total"]["events"] > 1
    assert points == [f for f in full_map["events"]["features"]
                      if f["properties"]["layer"] == "event"][-1:]
    board = get(f"{live_server}/api/indicators", hits=1).json()["indicators"]
    assert all(len(i["hits"]) <= 1 and len(i["evidence"]) <= 1 for i in board)
    assert any(i["evidence_total"] > 1 for i in board)
    ach = get(f"{live_server}/api/ach").json()
    page = get(f"{live_server}/api/ach", limit=2, offset=1).json()
    assert page["rows"] == ach["rows"][1:3] and page["scores"] == ach["scores"]
    assert page["evidence_count"] == len(ach["rows"])
    contradictions = get(f"{live_server}/api/contradictions", limit=1).json()
    assert len(contradictions["contradictions"]) == 1 and contradictions["total"] > 1


def test_a_rating_re_ranks_and_is_kept_in_case_yaml(writable_server):
    """The analyst rates rows against the leader until it loses the lead: each rating
    re-scores at once, and every one is kept in case.yaml with its comments."""
    url, case_yaml = writable_server.url, writable_server.case / "case.yaml"
    before_text = case_yaml.read_text(encoding="utf-8")
    before = get(f"{url}/api/ach").json()
    leader = before["leader"]
    rated, after = [], before
    for row in (r["id"] for r in before["rows"]):
        response = put_rating(url, row, leader, "II")
        assert response.status_code == 200, response.text
        previous, after = after, response.json()
        rated.append(row)
        view_models.Ach.model_validate(after)
        assert next(r for r in after["rows"] if r["id"] == row)["overrides"] == {leader: "II"}
        score = {s["id"]: s["inconsistency"] for s in after["scores"]}
        assert score[leader] <= {s["id"]: s["inconsistency"] for s in previous["scores"]}[leader]
        if after["leader"] != leader:
            break
    assert after["leader"] != leader
    assert get(f"{url}/api/ach").json() == after
    assert leader not in get(f"{url}/api/brief").json()["bottom_line"]

    saved = yaml.safe_load(case_yaml.read_text(encoding="utf-8"))
    assert saved["ach"]["overrides"] == {row: {leader: "II"} for row in rated}
    assert load_case(writable_server.case).ach.overrides == saved["ach"]["overrides"]
    comments = [line for line in before_text.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(c in case_yaml.read_text(encoding="utf-8") for c in comments)

    for row in rated:
        removed = put_rating(url, row, leader, "NA").json()
    assert removed["scores"] == before["scores"]
    assert case_yaml.read_text(encoding="utf-8") == before_text


def test_a_rating_reaches_every_date_kept(writable_server):
    url = writable_server.url
    earlier = get(f"{url}/api/ach", as_of="2022-02-16").json()
    latest = get(f"{url}/api/ach").json()
    row = earlier["rows"][0]["id"]
    assert row in {r["id"] for r in latest["rows"]}
    response = put_rating(url, row, "H2", "II", as_of="2022-02-16")
    assert response.status_code == 200
    assert response.json()["rows"][0]["overrides"] == {"H2": "II"}
    again = {r["id"]: r for r in get(f"{url}/api/ach").json()["rows"]}
    assert again[row]["overrides"] == {"H2": "II"} and again[row]["ratings"]["H2"] == "II"


def test_bad_ratings_are_422_and_change_nothing(writable_server):
    url, case_yaml = writable_server.url, writable_server.case / "case.yaml"
    before = case_yaml.read_text(encoding="utf-8")
    row = get(f"{url}/api/ach").json()["rows"][0]["id"]
    for change, field in [((row, "H1", "XX"), "rating"), ((row, "H9", "I"), "hypothesis"),
                          (("indicator:no-such", "H1", "I"), "row")]:
        response = put_rating(url, *change)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", field]
    response = httpx.put(f"{url}/api/ach/ratings", json={"row": row}, timeout=60)
    assert response.status_code == 422
    assert case_yaml.read_text(encoding="utf-8") == before


def test_a_rating_without_case_yaml_is_refused(writable_server):
    (writable_server.case / "case.yaml").unlink()
    response = put_rating(writable_server.url, "indicator:more-btgs", "H1", "I")
    assert response.status_code == 409 and "case.yaml" in response.json()["detail"]


def test_new_documents_and_case_edits_show_at_once(writable_server, tmp_path):
    from sitrep.extract import build_pipeline
    from sitrep.ingest import ingest_inputs

    url, case_dir = writable_server.url, writable_server.case
    count = get(f"{url}/api/brief").json()["documents"]
    get(f"{url}/api/ach")
    report = write_report(tmp_path, "late-report", "NATO said Russian troops moved to Gomel.",
                          publisher="Late Wire", published="2022-02-20")
    with Store.open(sqlite_url(case_dir)) as store:
        ingest_inputs([str(report)], store, build_pipeline(with_entities=False))
    assert get(f"{url}/api/brief").json()["documents"] == count + 1
    assert "late-report" in documents(url)

    case_yaml = case_dir / "case.yaml"
    case_yaml.write_text(case_yaml.read_text(encoding="utf-8").replace(
        "name: Full-scale invasion", "name: All-out invasion"), encoding="utf-8")
    names = [h["name"] for h in get(f"{url}/api/ach").json()["hypotheses"]]
    assert "All-out invasion" in names


def test_a_broken_case_yaml_is_named(writable_server):
    (writable_server.case / "case.yaml").write_text("name: [", encoding="utf-8")
    response = get(f"{writable_server.url}/api/ach")
    assert response.status_code == 409 and "case.yaml" in response.json()["detail"]


def test_other_host_names_are_refused(live_server):
    response = httpx.get(f"{live_server}/api/ach", headers={"Host": "attacker.example"})
    assert response.status_code == 400


def test_serve_listens_on_loopback_by_default(tmp_path):
    (tmp_path / "case.yaml").write_text("name: Loopback\n")
    options = {p.name: p.default for p in main.commands["serve"].params}
    assert (options["host"], options["port"]) == ("127.0.0.1", 8000)
    assert hosts_for("127.0.0.1") == ["127.0.0.1", "localhost", "::1"]
    assert hosts_for("0.0.0.0") == ["127.0.0.1", "localhost", "::1"]
    assert hosts_for("::", ["Situation.Example"]) == ["127.0.0.1", "localhost", "::1",
                                                      "situation.example"]

    process = subprocess.Popen([sys.executable, "-m", "sitrep.cli", "--case", str(tmp_path),
                                "serve", "--port", "0"], stderr=subprocess.PIPE, text=True,
                               env={k: v for k, v in os.environ.items()
                                    if k != "SITREP_DATABASE_URL"})
    try:
        address = None
        for line in process.stderr:
            if match := re.search(r"running on http://([\d.]+):(\d+)", line):
                address = match.groups()
                break
        assert address and address[0] == "127.0.0.1"
        assert get(f"http://127.0.0.1:{address[1]}/api/documents").json() == []
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_case_without_documents_or_hypotheses(tmp_path):
    (tmp_path / "case.yaml").write_text("name: Empty\n", encoding="utf-8")
    Store.open(sqlite_url(tmp_path)).close()
    with serving(tmp_path) as url:
        for path, model in READ_ROUTES.items():
            response = get(url + path)
            assert response.status_code == 200, (path, response.text)
            model.model_validate(response.json())
        assert get(f"{url}/api/ach").json()["rows"] == []
        response = put_rating(url, "indicator:x", "H1", "I")
        assert response.status_code == 422
