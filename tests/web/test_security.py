"""The dashboard against hostile requests: writes without the token or from another
origin, URL ingestion aimed inward, paths that climb out of the static folder.

Markup in documents is covered in test_api.py (JSON strings) and test_browser.py (shown
as text); the Content-Security-Policy and the Host check in test_api.py.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import sys
from urllib.parse import urlsplit

import httpx
import pytest

from sitrep.web.app import STATIC
from tests.conftest import serving_pages
from tests.web.conftest import ingested, serving

TOKEN = "correct-horse-battery-staple"
ARTICLE = ("<html><head><title>Bridge at Osna closed</title></head><body><article>"
           "<p>The Osna bridge was closed to military traffic on Friday, engineers said.</p>"
           "<p>Convoys were sent north through Brenna instead, officials reported.</p>"
           "</article></body></html>")


def copy_case(web_case, tmp_path):
    case_dir = tmp_path / "case"
    shutil.copytree(web_case, case_dir)
    return case_dir


def writes(url: str) -> list[tuple[str, str]]:
    """Every write route the API describes: (method, path)."""
    paths = httpx.get(f"{url}/openapi.json", timeout=30).json()["paths"]
    return [(method.upper(), path) for path, operations in paths.items()
            for method in operations if method not in ("get", "head")]


def test_every_write_needs_the_token_and_reads_do_not(web_case, tmp_path):
    case_dir = copy_case(web_case, tmp_path)
    case_yaml = (case_dir / "case.yaml").read_bytes()
    with serving(case_dir, token=TOKEN) as url:
        routes = writes(url)
        assert ("PUT", "/api/ach/ratings") in routes and ("POST", "/api/ingest") in routes
        for method, path in routes:
            for headers in ({}, {"X-Sitrep-Token": "wrong"}, {"Authorization": "Bearer wrong"},
                            {"Authorization": f"Basic {TOKEN}"}):
                response = httpx.request(method, url + path, json={}, headers=headers)
                assert response.status_code == 401, (method, path, headers)
                assert response.headers["www-authenticate"] == "Bearer"
                assert "token" in response.json()["detail"]
        assert (case_dir / "case.yaml").read_bytes() == case_yaml
        assert httpx.get(f"{url}/api/documents").status_code == 200

        row = httpx.get(f"{url}/api/ach", timeout=60).json()["rows"][0]["id"]
        change = {"row": row, "hypothesis": "H1", "rating": "II"}
        for headers in ({"X-Sitrep-Token": TOKEN}, {"Authorization": f"Bearer {TOKEN}"}):
            response = httpx.put(f"{url}/api/ach/ratings", json=change, headers=headers,
                                 timeout=60)
            assert response.status_code == 200, response.text
        response = httpx.post(f"{url}/api/ingest", json={"url": "file:///etc/passwd"},
                              headers={"X-Sitrep-Token": TOKEN})
        assert response.status_code == 422  # past the guard, refused for what it asks


def test_a_write_sent_from_another_origin_is_refused(web_case, tmp_path):
    """A page elsewhere that the analyst has open cannot change the case through the
    browser, token or not."""
    case_dir = copy_case(web_case, tmp_path)
    case_yaml = (case_dir / "case.yaml").read_bytes()
    with serving(case_dir) as url:
        row = httpx.get(f"{url}/api/ach", timeout=60).json()["rows"][0]["id"]
        change = {"row": row, "hypothesis": "H1", "rating": "II"}
        for origin in ("http://attacker.example", "null", url.replace("127.0.0.1", "localhost")):
            response = httpx.put(f"{url}/api/ach/ratings", json=change, headers={"Origin": origin})
            assert response.status_code == 403, origin
            assert "another origin" in response.json()["detail"]
        assert (case_dir / "case.yaml").read_bytes() == case_yaml
        same = httpx.put(f"{url}/api/ach/ratings", json=change, headers={"Origin": url},
                         timeout=60)
        assert same.status_code == 200


def test_serve_beyond_loopback_makes_a_token_and_prints_it(tmp_path):
    (tmp_path / "case.yaml").write_text("name: Beyond loopback\n")
    process = subprocess.Popen([sys.executable, "-m", "sitrep.cli", "--case", str(tmp_path),
                                "serve", "--host", "0.0.0.0", "--port", "0"],
                               stderr=subprocess.PIPE, text=True,
                               env={k: v for k, v in os.environ.items()
                                    if k not in ("SITREP_DATABASE_URL", "SITREP_TOKEN")})
    try:
        token = port = None
        for line in process.stderr:
            if match := re.search(r"/\?token=([\w-]+)", line):
                token = match.group(1)
            if match := re.search(r"running on http://0\.0\.0\.0:(\d+)", line):
                port = match.group(1)
                break
        assert token and len(token) >= 32 and port
        url = f"http://127.0.0.1:{port}/api/ingest"
        assert httpx.post(url, json={"url": "ftp://x"}).status_code == 401
        assert httpx.post(url, json={"url": "ftp://x"},
                          headers={"Authorization": f"Bearer {token}"}).status_code == 422
    finally:
        process.terminate()
        process.wait(timeout=10)


# --- URL ingestion from the page --------------------------------------------------------


def test_a_url_ingested_from_the_page_is_stored_and_shows_at_once(web_case, tmp_path):
    with serving_pages({"/osna.html": (200, "text/html", ARTICLE)}) as site, \
            serving(copy_case(web_case, tmp_path), allow_private_urls=True) as url:
        before = httpx.get(f"{url}/api/brief", timeout=60).json()["documents"]
        result = ingested(url, f"{site.url}/osna.html")
        [document] = result["documents"]
        assert (document["title"], document["status"], result["errors"]) == (
            "Bridge at Osna closed", "added", [])
        assert result["status"] == "done"
        assert httpx.get(f"{url}/api/brief", timeout=60).json()["documents"] == before + 1
        listed = {d["doc_id"] for d in httpx.get(f"{url}/api/documents").json()}
        assert document["doc_id"] in listed
        again = ingested(url, f"{site.url}/osna.html")
        assert again["documents"][0]["status"] == "unchanged"

        failed = ingested(url, f"{site.url}/gone")
        assert (failed["status"], failed["errors"]) == ("failed",
                                                        [f"{site.url}/gone: HTTP 404 Not Found"])


def test_a_url_ingested_into_a_case_with_a_bad_pack_names_the_pack_row(web_case, tmp_path):
    """The case's pack is read when the page is extracted: a bad row is named (file, line,
    field), not a server error, and nothing is stored."""
    case_dir = copy_case(web_case, tmp_path)
    (case_dir / "pack").mkdir()
    (case_dir / "pack" / "pack.yaml").write_text("name: broken\n", encoding="utf-8")
    (case_dir / "pack" / "people.tsv").write_text("Ana Vel\t\tEnvoy\tXX\n", encoding="utf-8")
    with serving_pages({"/osna.html": (200, "text/html", ARTICLE)}) as site, \
            serving(case_dir, allow_private_urls=True) as url:
        before = httpx.get(f"{url}/api/brief", timeout=60).json()["documents"]
        result = ingested(url, f"{site.url}/osna.html")
        assert result["status"] == "failed"
        assert "people.tsv:1: side: 'XX'" in result["errors"][0]
        assert httpx.get(f"{url}/api/brief", timeout=60).json()["documents"] == before


@pytest.mark.parametrize("target", [
    "{site}/osna.html", "http://localhost:{port}/osna.html", "http://[::1]:{port}/osna.html",
    "http://2130706433:{port}/osna.html", "http://10.0.0.8/", "http://169.254.169.254/latest/"])
def test_url_ingestion_refuses_this_machine_and_its_network(live_server, target):
    with serving_pages({"/osna.html": (200, "text/html", ARTICLE)}) as site:
        before = httpx.get(f"{live_server}/api/documents").json()
        port = urlsplit(site.url).port
        response = httpx.post(f"{live_server}/api/ingest",
                              json={"url": target.format(site=site.url, port=port)})
        assert response.status_code == 422
        [problem] = response.json()["detail"]
        assert problem["loc"] == ["body", "url"] and "refused" in problem["msg"]
        assert "--allow-private-urls" in problem["msg"]
        assert sum(site.hits.values()) == 0
        assert httpx.get(f"{live_server}/api/documents").json() == before


@pytest.mark.parametrize("target", ["file:///etc/passwd", "/etc/passwd", "case.yaml",
                                    "../case.yaml", "ftp://example.org/x", "javascript:alert(1)",
                                    " "])
def test_url_ingestion_takes_only_http_urls(live_server, target):
    response = httpx.post(f"{live_server}/api/ingest", json={"url": target})
    assert response.status_code == 422


# --- paths ------------------------------------------------------------------------------

TRAVERSALS = [
    "/static/../app.py", "/static/..%2fapp.py", "/static/..%2F..%2Fweb%2Fapp.py",
    "/static/%2e%2e/app.py", "/static/%2e%2e%2fapp.py", "/static/..%5capp.py",
    "/static/..\\app.py", "/static/%252e%252e%252fapp.py", "/static/....//app.py",
    "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/..%2f..%2f..%2fcase.yaml",
    "/static/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "/static/%00app.py",
    "/static/app.js%00.py", "/api/documents/..%2f..%2fstatic%2fapp.js",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_path_reaches_a_file_outside_the_static_folder(live_server, web_case, path):
    """Sent byte for byte (httpx would fold the dots): whatever the answer, it holds
    nothing of the files beside or above the static folder."""
    host, port = urlsplit(live_server).hostname, urlsplit(live_server).port
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    assert response.status in (400, 404), (path, response.status)
    outside = [(STATIC.parent / "app.py").read_text(encoding="utf-8"),
               (web_case / "case.yaml").read_text(encoding="utf-8")]
    assert not any(text[:200] in body for text in outside)
    assert "root:" not in body


def test_the_static_files_themselves_are_served(live_server):
    response = httpx.get(f"{live_server}/static/app.js")
    assert response.status_code == 200
    assert response.text == (STATIC / "app.js").read_text(encoding="utf-8")
