"""Hostile servers on loopback: decompression bombs, headers sent a byte at a time,
private addresses in IPv6 clothing, pages in windows-1251. Each test is bounded in time."""

from __future__ import annotations

import gzip
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sitrep.alerts import Dispatcher
from sitrep.case import load_case
from sitrep.errors import FetchError
from sitrep.extract import build_pipeline
from sitrep.sources import Fetcher, read_url
from sitrep.sources.addresses import check_public, non_public
from sitrep.store import Store
from sitrep.store.location import sqlite_url
from sitrep.watch import Watcher

GOOD_PAGE = """<!DOCTYPE html><html><head><title>Ferry service resumed at Ostrel</title></head>
<body><article><h1>Ferry service resumed at Ostrel</h1>
<p>The ferry between Ostrel and the island of Vask resumed on Friday after a storm, the port
authority said.</p><p>Two crossings a day are planned until the end of the month.</p>
</article></body></html>"""
BOMB_MEGABYTES = 250  # inflated by the inner layer: far above the 10 MB budget and 200 MB


def stacked_gzip_bomb() -> bytes:
    """``Content-Encoding: gzip, gzip`` over 250 MB of zeros: under a kilobyte on the wire."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1 << 20)
    inner = b"".join(packer.compress(zeros) for _ in range(BOMB_MEGABYTES)) + packer.flush()
    return gzip.compress(inner, 9)


class Hostile(BaseHTTPRequestHandler):
    bomb = b""
    hits: list[str] = []

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        Hostile.hits.append(self.path)
        try:
            self._route()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _route(self) -> None:
        html = "text/html; charset=utf-8"
        if self.path == "/bomb":
            self._send(self.bomb, html, {"Content-Encoding": "gzip, gzip"})
        elif self.path == "/two-layers":
            self._send(gzip.compress(zlib.compress(GOOD_PAGE.encode())), html,
                       {"Content-Encoding": "deflate, gzip"})
        elif self.path == "/three-layers":
            body = gzip.compress(gzip.compress(gzip.compress(GOOD_PAGE.encode())))
            self._send(body, html, {"Content-Encoding": "gzip, gzip, gzip"})
        elif self.path == "/brotli":
            self._send(b"\x1b\x03\x00", html, {"Content-Encoding": "br"})
        elif self.path == "/slow-headers":
            self._drip(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: "
                       + b"z" * 200 + b"\r\n\r\n")
        elif self.path in CHARSET_PAGES:
            self._send(*CHARSET_PAGES[self.path])
        else:
            self._send(GOOD_PAGE.encode(), html)

    def _send(self, data: bytes, content_type: str, headers: dict[str, str] | None = None):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _drip(self, data: bytes) -> None:
        """A byte every 0.2 s: each read of the client gets something well within its
        read timeout, so only a deadline over the whole fetch ends it."""
        for byte in data:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(0.2)
        self.close_connection = True


@pytest.fixture(scope="module")
def hostile():
    Hostile.bomb = stacked_gzip_bomb()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetch_error(url: str, **options) -> str:
    with Fetcher(sleep=lambda seconds: None, **options) as fetcher:
        with pytest.raises(FetchError) as caught:
            fetcher.get(url)
    return str(caught.value)


# --- decompression ----------------------------------------------------------------


def test_a_stacked_gzip_bomb_is_cut_at_the_budget(hostile):
    assert len(Hostile.bomb) < 2000
    started = time.monotonic()
    error = fetch_error(f"{hostile}/bomb")

    assert error == (f"{hostile}/bomb: response exceeds the limit of 10.0 MB once "
                     "decompressed")
    assert time.monotonic() - started < 10


def test_two_honest_layers_are_read(hostile):
    with Fetcher() as fetcher:
        response = fetcher.get(f"{hostile}/two-layers")
    assert response.body == GOOD_PAGE.encode()


@pytest.mark.parametrize(("path", "problem"), [
    ("/three-layers", "3 stacked Content-Encodings; at most 2 are read"),
    ("/brotli", "unsupported Content-Encoding 'br' (sitrep reads gzip, deflate)")])
def test_more_layers_or_unknown_encodings_are_refused(hostile, path, problem):
    assert fetch_error(f"{hostile}{path}") == f"{hostile}{path}: {problem}"


MEASURE = textwrap.dedent("""
    import resource, subprocess, sys
    done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=240)
    print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(done.stderr)
""")


def test_ingest_of_a_bomb_then_a_page_stores_the_page_in_little_memory(hostile, tmp_path):
    """The batch goes on after the bomb; the ingest process peaks far below the bomb's
    size (a wrapper process measures its one child)."""
    command = [sys.executable, "-c", MEASURE, sys.executable, "-m", "sitrep.cli", "--case",
               str(tmp_path), "ingest", "--no-extract", f"{hostile}/bomb", f"{hostile}/good.html"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    status, peak_kb = map(int, done.stdout.split("\n", 1)[0].split())

    assert status == 1, done.stdout  # some inputs failed
    assert "exceeds the limit of 10.0 MB once decompressed" in done.stdout
    assert peak_kb < 200 * 1024, f"{peak_kb / 1024:.0f} MB"
    with Store.open(sqlite_url(tmp_path)) as store:
        assert [d.title for d in store.documents()] == ["Ferry service resumed at Ostrel"]


WATCH_CASE = """name: Hostile watch
country_at_risk: UA
watch:
  sources:
    - {{url: {base}/bomb, kind: page}}
    - {{url: {base}/good.html, kind: page}}
  backoff: {{first: 1m, max: 4m}}
"""


def test_a_watched_bomb_is_recorded_as_failed_and_skipped_after_a_restart(hostile, tmp_path):
    (tmp_path / "case.yaml").write_text(WATCH_CASE.format(base=hostile))
    pipeline = build_pipeline(fast=True, region=("UA",))

    def watcher(store: Store, fetcher: Fetcher, warnings: list[str]) -> Watcher:
        case = load_case(tmp_path)
        dispatcher = Dispatcher(tmp_path / "alerts.jsonl", None, echo=lambda line: None,
                                warn=warnings.append, sleep=lambda seconds: None)
        return Watcher(case, store, pipeline, fetcher=fetcher, dispatcher=dispatcher,
                       warn=warnings.append)

    warnings: list[str] = []
    with Store.open(sqlite_url(tmp_path)) as store, Fetcher() as fetcher:
        first = watcher(store, fetcher, warnings).poll()
        state = store.watch_sources()[f"{hostile}/bomb"]
    assert (first.polled, first.failed, len(first.documents)) == (2, 1, 1)
    assert state.failures == 1 and "exceeds the limit" in state.last_error
    assert warnings == [f"{hostile}/bomb: response exceeds the limit of 10.0 MB once "
                        "decompressed; next try in 1m (error 1 in a row)"]

    Hostile.hits.clear()
    with Store.open(sqlite_url(tmp_path)) as store, Fetcher() as fetcher:
        again = watcher(store, fetcher, []).poll()  # a restart: the bomb waits its backoff
    assert again.polled == 0 and Hostile.hits == []


# --- the deadline ------------------------------------------------------------------


def test_headers_sent_a_byte_at_a_time_are_cut_at_the_deadline(hostile):
    started = time.monotonic()
    error = fetch_error(f"{hostile}/slow-headers", timeout=5, deadline=1.0)

    assert error == f"{hostile}/slow-headers: response took over 1 s"
    assert time.monotonic() - started < 3


def test_ingest_goes_past_a_slow_source_by_the_deadline_set_in_the_environment(hostile,
                                                                            tmp_path):
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "sitrep.cli", "--case", str(tmp_path), "ingest", "--no-extract",
         f"{hostile}/slow-headers", f"{hostile}/good.html"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "SITREP_FETCH_DEADLINE": "1.5"})

    assert time.monotonic() - started < 30
    assert f"{hostile}/slow-headers: response took over 1.5 s" in done.stdout + done.stderr
    with Store.open(sqlite_url(tmp_path)) as store:
        assert len(store.documents()) == 1


# --- public addresses only --------------------------------------------------------------


@pytest.mark.parametrize(("address", "reason"), [
    ("::127.0.0.1", "a loopback address (127.0.0.1)"),  # IPv4-compatible
    ("::ffff:127.0.0.1", "a loopback address (127.0.0.1)"),  # IPv4-mapped
    ("::ffff:10.1.2.3", "a private address (10.1.2.3)"),
    ("64:ff9b::7f00:1", "a loopback address (127.0.0.1)"),  # NAT64
    ("64:ff9b::a9fe:a9fe", "a link-local address (169.254.169.254)"),
    ("64:ff9b:1::a00:1", "a local NAT64 address (64:ff9b:1::a00:1)"),
    ("2002:7f00:1::", "a loopback address (127.0.0.1)"),  # 6to4
    ("2002:c0a8:101::1", "a private address (192.168.1.1)"),
    ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "a private address (10.0.0.1)"),  # Teredo client
    ("fe80::1%eth0", "a scoped address (fe80::1%eth0)"),
])
def test_private_addresses_inside_ipv6_are_found(address, reason):
    assert non_public(address) == reason


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1::1",
                                     "64:ff9b::5db8:d822", "2002:5db8:d822::1"])
def test_public_addresses_in_any_form_pass(address):
    assert non_public(address) is None


@pytest.mark.parametrize("url", ["http://[::127.0.0.1]/", "http://[64:ff9b::7f00:1]/",
                                 "http://[2002:7f00:1::]/", "http://[64:ff9b::a9fe:a9fe]/",
                                 "http://[fe80::1%25eth0]/"])
def test_urls_naming_such_addresses_are_refused(url):
    with pytest.raises(FetchError, match="refused|cannot resolve"):
        check_public(url)


def test_the_address_actually_connected_is_checked(hostile, monkeypatch):
    """A name that resolves to a public address for the check and to loopback for the
    connection (DNS rebinding) is refused on the connected socket, before any request."""
    answers = iter(["93.184.216.34", "127.0.0.1"])
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host != "rebind.example":
            return real(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port or 0))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    port = hostile.rsplit(":", 1)[1]
    Hostile.hits.clear()
    error = fetch_error(f"http://rebind.example:{port}/good.html", public_only=True, retries=0)

    assert "refused: rebind.example connected to a loopback address (127.0.0.1)" in error
    assert Hostile.hits == []


# --- charsets of fetched pages ------------------------------------------------------

RUSSIAN_TITLE = "Паромное сообщение с Острелем восстановлено"
RUSSIAN_TEXT = ("Паром между Острелем и островом Васк возобновил работу в пятницу после шторма, "
                "сообщила администрация порта. До конца месяца запланировано два рейса в день.")


def russian_page(head: str = "") -> bytes:
    return (f"<!DOCTYPE html><html><head>{head}<title>{RUSSIAN_TITLE}</title></head><body>"
            f"<article><h1>{RUSSIAN_TITLE}</h1><p>{RUSSIAN_TEXT}</p><p>{RUSSIAN_TEXT}</p>"
            "</article></body></html>").encode("windows-1251")


CHARSET_PAGES = {
    "/header.html": (russian_page(), "text/html; charset=windows-1251"),
    "/meta.html": (russian_page('<meta charset="windows-1251">'), "text/html"),
    "/http-equiv.html": (russian_page('<meta http-equiv="Content-Type" '
                                      'content="text/html; charset=windows-1251">'), "text/html"),
    "/undeclared.html": (russian_page(), "text/html"),
    "/bom.html": (b"\xef\xbb\xbf" + russian_page().decode("windows-1251").encode("utf-8"),
                  "text/html; charset=windows-1251"),  # the BOM outranks the header
}


@pytest.mark.parametrize("path", sorted(CHARSET_PAGES))
def test_a_windows_1251_page_is_stored_in_cyrillic(hostile, path):
    with Fetcher() as fetcher:
        [document] = list(read_url(f"{hostile}{path}", fetcher))

    assert document.title == RUSSIAN_TITLE
    assert RUSSIAN_TEXT in document.text
    assert "\ufffd" not in document.text and not document.warnings
