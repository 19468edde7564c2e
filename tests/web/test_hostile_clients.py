"""The dashboard's server against hostile clients and slow sources: body limits, errors
that repeat nothing, ingestion off the request path, IPv6 loopback, the Host allow-list
on a wildcard address. Servers on loopback, every wait bounded."""

from __future__ import annotations

import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from sitrep.web.app import MAX_BODY
from tests.conftest import serving_pages
from tests.web.conftest import ingested, serving

ARTICLE = """<!DOCTYPE html><html><head><title>Grain barges held at Tervo</title></head>
<body><article><h1>Grain barges held at Tervo</h1>
<p>Nine grain barges were held at the river port of Tervo on Sunday while inspectors searched
them, the harbour master said.</p><p>Traffic resumed in the evening.</p></article></body></html>
"""


def test_a_big_put_is_refused_at_the_limit_without_echoing_it(live_server):
    marker = b'{"row": "' + b"Q" * (2 * 1024 * 1024) + b'"}'
    started = time.monotonic()
    response = httpx.put(f"{live_server}/api/ach/ratings", content=marker,
                         headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 413
    assert response.json() == {"detail": f"the request body is over the limit of {MAX_BODY} "
                                         "bytes"}
    assert time.monotonic() - started < 10


def test_a_big_body_sent_without_a_length_is_cut_at_the_limit(live_server):
    def chunks():
        for _ in range(200):  # 12.8 MB, never declared
            yield b"Q" * 65536

    response = httpx.post(f"{live_server}/api/ingest", content=chunks(),
                          headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 413
    assert len(response.content) < 200


def test_an_invalid_body_under_the_limit_is_not_repeated_back(live_server):
    row = "Q" * 30000
    for body in ('{"row": "' + row + '", "hypothesis": 7, "rating": "??"}',
                 '{"row": "' + row):  # the second is not JSON at all
        response = httpx.put(f"{live_server}/api/ach/ratings", content=body,
                             headers={"Content-Type": "application/json"}, timeout=30)
        assert response.status_code == 422
        assert "QQQQ" not in response.text and len(response.text) < 2000
    unknown = httpx.put(f"{live_server}/api/ach/ratings", timeout=30,
                        json={"row": row, "hypothesis": "H1", "rating": "C"})
    assert unknown.status_code == 422 and "QQQQ" not in unknown.text


class Dripping(BaseHTTPRequestHandler):
    """Sends its headers a byte every 0.2 s, for as long as the client listens."""

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        try:
            for byte in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"z" * 400:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


def test_a_slow_source_delays_no_other_request_or_ingestion(web_case, tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_FETCH_DEADLINE", "25")  # over the first extraction's start-up
    slow = ThreadingHTTPServer(("127.0.0.1", 0), Dripping)
    slow.daemon_threads = True
    threading.Thread(target=slow.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    slow_url = f"http://127.0.0.1:{slow.server_address[1]}/story.html"
    case_dir = tmp_path / "case"
    shutil.copytree(web_case, case_dir)
    try:
        with serving_pages({"/tervo.html": (200, "text/html", ARTICLE)}) as site, \
                serving(case_dir, allow_private_urls=True) as url:
            started = time.monotonic()
            posted = httpx.post(f"{url}/api/ingest", json={"url": slow_url}, timeout=10)
            assert posted.status_code == 202 and posted.json()["status"] == "running"
            assert time.monotonic() - started < 2

            assert httpx.get(f"{url}/api/documents", timeout=10).status_code == 200
            other = ingested(url, f"{site.url}/tervo.html", wait=30)
            assert other["status"] == "done"
            waiting = httpx.get(f"{url}/api/ingest/{posted.json()['job']}", timeout=10).json()
            assert waiting["status"] == "running"  # the slow one is still being fetched

            slow_job = ingested_job(url, posted.json()["job"], wait=40)
            assert slow_job["status"] == "failed"
            assert slow_job["errors"] == [f"{slow_url}: response took over 25 s"]
    finally:
        slow.shutdown()
        slow.server_close()


def ingested_job(base: str, job: str, wait: float) -> dict:
    ends = time.monotonic() + wait
    while True:
        found = httpx.get(f"{base}/api/ingest/{job}", timeout=10).json()
        if found["status"] != "running":
            return found
        assert time.monotonic() < ends
        time.sleep(0.1)


def test_an_unknown_job_is_404(live_server):
    assert httpx.get(f"{live_server}/api/ingest/nope", timeout=10).status_code == 404


def test_serve_on_ipv6_loopback_answers(web_case):
    with serving(web_case, host="::1") as url:
        assert url.startswith("http://[::1]:")
        response = httpx.get(f"{url}/api/brief", timeout=60)
    assert response.status_code == 200 and response.json()["documents"] > 0


def test_a_wildcard_server_answers_only_allowed_host_names_reads_too(web_case):
    allowed = ["127.0.0.1", "localhost", "situation.example", "Situation.Example", "[::1]"]
    refused = ["attacker.example", "situation.example.attacker.example", "[::2]", ""]
    with serving(web_case, host="0.0.0.0", token="t" * 32,
                 allowed_hosts=["situation.example"]) as url:
        port = url.rsplit(":", 1)[1]
        answers = {host: httpx.get(f"http://127.0.0.1:{port}/api/vocabulary", timeout=60,
                                   headers={"Host": f"{host}:{port}" if host else ""}
                                   ).status_code for host in allowed + refused}
    assert answers == {**{host: 200 for host in allowed}, **{host: 400 for host in refused}}
