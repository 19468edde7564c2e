"""URLs and feeds over real HTTP on loopback, and through a swapped httpx transport."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from sitrep.documents import Metadata
from sitrep.errors import FetchError, SourceError
from sitrep.model import Document
from sitrep.sources import Fetcher, iter_documents, read_url
from sitrep.sources.web import check_public

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<title>Air defence units deployed near Korvin</title>
<meta name="author" content="Petra Lund">
<meta property="article:published_time" content="2024-04-02T06:30:00Z">
<script>var adSlot = "banner-tracker-5521";</script>
</head>
<body>
<article>
<h1>Air defence units deployed near Korvin</h1>
<p>Two batteries of surface-to-air missiles were deployed on the hills east of Korvin on Monday, the regional governor said.</p>
<p>Witnesses reported radar vehicles and supply trucks moving along the coastal road throughout the night.</p>
<p>The ministry described the deployment as a routine rotation and said no further units were expected.</p>
</article>
</body>
</html>
"""

PLAIN_TEXT = ("Naval exercises began in the northern gulf on Wednesday, with six warships "
              "and two submarines taking part.\n\nObservers said the drills would last ten days.\n")

FEED_PAGE = """<!DOCTYPE html>
<html><head><title>{title}</title></head>
<body><article>
<h1>{title}</h1>
<p>{first}</p>
<p>{second}</p>
</article></body></html>
"""

PAGES = {
    "/a1.html": FEED_PAGE.format(
        title="Checkpoint reopened at Lisec",
        first="The border checkpoint at Lisec reopened to civilian traffic on Saturday after a week of closure.",
        second="Soldiers at the crossing inspected every vehicle, and queues stretched for three kilometres."),
    "/a2.html": FEED_PAGE.format(
        title="Fuel depot struck overnight",
        first="A fuel depot on the outskirts of Marden was struck by drones overnight, officials said.",
        second="Firefighters brought the blaze under control by morning; no casualties were reported."),
    "/a3.html": FEED_PAGE.format(
        title="Reservists called up in three districts",
        first="Reservists in three eastern districts received call-up notices on Thursday, local media reported.",
        second="The defence ministry said the call-up was limited and would last no more than two months."),
}

RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Eastern Front Monitor</title>
<link>http://{host}/</link>
<description>Daily reports from the eastern border.</description>
<item><title>Checkpoint reopened at Lisec</title><link>http://{host}/a1.html</link>
<pubDate>Sat, 06 Apr 2024 09:15:00 GMT</pubDate></item>
<item><title>Fuel depot struck overnight</title><link>http://{host}/a2.html</link>
<pubDate>Sun, 07 Apr 2024 22:40:00 GMT</pubDate></item>
</channel></rss>
"""

PARTIAL_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Eastern Front Monitor</title>
<item><title>Removed story</title><link>http://{host}/missing</link>
<pubDate>Mon, 08 Apr 2024 10:00:00 GMT</pubDate></item>
<item><title>Checkpoint reopened at Lisec</title><link>http://{host}/a1.html</link>
<pubDate>Sat, 06 Apr 2024 09:15:00 GMT</pubDate></item>
</channel></rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Northern Desk</title>
<id>urn:uuid:6a0e1c52-northern-desk</id>
<updated>2024-04-11T12:00:00Z</updated>
<entry>
<title>Reservists called up in three districts</title>
<link rel="alternate" href="http://{host}/a3.html"/>
<id>urn:uuid:6a0e1c52-entry-1</id>
<updated>2024-04-11T08:00:00Z</updated>
<author><name>Tomas Brenner</name></author>
</entry>
</feed>
"""

# An Atom entry that carries its article inline and has no <link>.
ATOM_INLINE_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Northern Desk</title>
<id>tag:northern-desk.example,2024:feed</id>
<updated>2024-04-12T12:00:00Z</updated>
<entry>
<title>Bridge closed to military traffic</title>
<id>tag:northern-desk.example,2024:entry-2</id>
<updated>2024-04-12T07:00:00Z</updated>
<content type="text">The Osna bridge was closed to military traffic on Friday for repairs, engineers said.</content>
</entry>
</feed>
"""

# An RSS item with no link whose description is (escaped) HTML, as most feeds send it.
RSS_INLINE_HTML_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Coast Desk</title>
<item><title>Patrol boats leave harbour</title>
<guid isPermaLink="false">coast-desk-item-7</guid>
<pubDate>Tue, 09 Apr 2024 05:00:00 GMT</pubDate>
<description>&lt;p&gt;Two patrol boats &lt;b&gt;left&lt;/b&gt; the harbour at Brenna before dawn.&lt;/p&gt;</description>
</item>
</channel></rss>
"""

SLOW_SECONDS = 3.0


class Handler(BaseHTTPRequestHandler):
    counter = itertools.count(1)
    user_agents: list[str] = []
    hits: Counter = Counter()  # requests per path, for the retry tests

    def log_message(self, format, *args):  # keep the test output quiet
        pass

    def _send(self, status: int, body: bytes | str, content_type: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        try:
            self._route()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as the limit tests intend

    def _route(self):
        host = self.headers["Host"]
        path = self.path
        Handler.user_agents.append(self.headers.get("User-Agent", ""))
        Handler.hits[path] += 1
        if path == "/article.html":
            self._send(200, ARTICLE_HTML)
        elif path == "/plain.txt":
            self._send(200, PLAIN_TEXT, "text/plain; charset=utf-8")
        elif path in PAGES:
            self._send(200, PAGES[path])
        elif path == "/counter.txt":
            n = next(Handler.counter)
            self._send(200, f"Situation update number {n}: the front line did not move today.\n",
                       "text/plain")
        elif path == "/broken":
            self._send(500, "<html><body><p>Internal error</p></body></html>")
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._send(200, PLAIN_TEXT, "text/plain")
        elif path == "/loop":
            self._send(302, b"", headers={"Location": "/loop"})
        elif path == "/moved":
            self._send(301, b"", headers={"Location": "/article.html"})
        elif path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "50000000")
            self.end_headers()
            self._stream(50_000_000)
        elif path == "/huge-chunks":
            # No Content-Length: the body runs until the connection closes.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self._stream(1_000_000)
        elif path.startswith("/flaky-"):  # /flaky-N: 503 to the first N requests, then the page
            if Handler.hits[path] <= int(path.rsplit("-", 1)[1]):
                self._send(503, "<p>Service unavailable</p>")
            else:
                self._send(200, PLAIN_TEXT, "text/plain")
        elif path == "/always-503":
            self._send(503, "<p>Service unavailable</p>")
        elif path == "/reset":  # a TCP reset instead of an answer
            self._reset()
        elif path == "/reset-mid-body":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"Convoy sighted. " * 100)
            self._reset()
        elif path == "/drop":  # the connection closed with no answer
            self.close_connection = True
        elif path == "/trickle":  # one byte every 0.1 s, for up to 30 s
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(300):
                self.wfile.write(b"x")
                time.sleep(0.1)
        elif path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "700000000")
            self.end_headers()
            self._stream(700_000_000)
        elif path == "/huge-undeclared":  # 700 MB with no Content-Length
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self._stream(700_000_000)
        elif path == "/octet":
            self._send(200, bytes(range(256)) * 64, "application/octet-stream")
        elif path == "/pdf":
            self._send(200, b"%PDF-1.7\n" + bytes(range(256)) * 16, "application/pdf")
        elif path == "/image.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "image/png")
        elif path == "/feed.xml":
            self._send(200, RSS_FEED.format(host=host), "application/rss+xml")
        elif path == "/partial-feed.xml":
            self._send(200, PARTIAL_FEED.format(host=host), "application/rss+xml")
        elif path == "/atom.xml":
            self._send(200, ATOM_FEED.format(host=host), "application/atom+xml")
        elif path == "/atom-inline.xml":
            self._send(200, ATOM_INLINE_FEED, "application/atom+xml")
        elif path == "/rss-inline.xml":
            self._send(200, RSS_INLINE_HTML_FEED, "application/rss+xml")
        elif path == "/bad-feed.xml":
            self._send(200, "<rss><channel><item>", "application/rss+xml")
        else:  # /missing and anything else
            self._send(404, "<html><body><p>Not found</p></body></html>")

    def _reset(self) -> None:
        """Close with a TCP RST: no lingering, and nothing of the socket left open."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()
        self.wfile.close()
        self.connection.close()
        self.wfile = io.BytesIO()  # for the handler's own flush afterwards
        self.close_connection = True

    def _stream(self, total: int) -> None:
        chunk = b"Convoy sighted on the ring road. " * 2000  # 66 kB
        sent = 0
        while sent < total:
            self.wfile.write(chunk)
            sent += len(chunk)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    yield f"http://{host}:{port}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def fetcher():
    f = Fetcher(sleep=lambda seconds: None)  # retries without the pauses
    yield f
    f.close()


def only(results) -> Document | SourceError:
    items = list(results)
    assert len(items) == 1, items
    return items[0]


def one_document(url: str, fetcher: Fetcher) -> Document:
    item = only(read_url(url, fetcher))
    assert isinstance(item, Document), item
    return item


def one_error(url: str, fetcher: Fetcher) -> SourceError:
    item = only(read_url(url, fetcher))
    assert isinstance(item, SourceError), item
    return item


# --- pages ----------------------------------------------------------------------


def test_html_article(server, fetcher):
    url = f"{server}/article.html"

    doc = one_document(url, fetcher)

    assert "Two batteries of surface-to-air missiles were deployed" in doc.text
    assert "routine rotation" in doc.text
    assert "<p>" not in doc.text and "banner-tracker-5521" not in doc.text
    assert doc.title == "Air defence units deployed near Korvin"
    assert doc.author == "Petra Lund"
    assert doc.published == dt.date(2024, 4, 2)
    assert doc.url == url
    assert doc.source == url
    assert doc.name == "article"
    assert len(doc.id) == 16


def test_plain_text_article(server, fetcher):
    url = f"{server}/plain.txt"

    doc = one_document(url, fetcher)

    assert doc.text == PLAIN_TEXT.strip()
    assert doc.url == url
    assert doc.title is None and doc.published is None
    assert doc.name == "plain.txt"


def test_fetcher_sends_its_user_agent(server, fetcher):
    before = len(Handler.user_agents)

    one_document(f"{server}/plain.txt", fetcher)

    assert Handler.user_agents[before:] and Handler.user_agents[-1].startswith("sitrep/")


def test_redirect_is_followed_to_the_final_url(server, fetcher):
    doc = one_document(f"{server}/moved", fetcher)

    assert doc.url == f"{server}/article.html"
    assert doc.title == "Air defence units deployed near Korvin"


def test_overrides_apply_to_urls(server, fetcher):
    item = only(read_url(f"{server}/article.html", fetcher,
                         overrides=Metadata(publisher="Korvin Courier", author="Desk")))

    assert isinstance(item, Document)
    assert item.publisher == "Korvin Courier"
    assert item.author == "Desk"
    assert item.title == "Air defence units deployed near Korvin"


# --- failures -------------------------------------------------------------------


def test_404_is_an_error(server, fetcher):
    url = f"{server}/missing"

    error = one_error(url, fetcher)

    assert isinstance(error, FetchError)
    assert error.source == url
    assert "404" in str(error) and url in str(error)


def test_500_is_an_error(server, fetcher):
    error = one_error(f"{server}/broken", fetcher)

    assert "500" in str(error)
    assert f"{server}/broken" in str(error)


def test_slow_server_times_out(server):
    started = time.monotonic()
    with Fetcher(timeout=0.5, retries=0) as fetcher:
        error = one_error(f"{server}/slow", fetcher)

    assert "timed out" in str(error)
    assert f"{server}/slow" in str(error)
    assert time.monotonic() - started < SLOW_SECONDS - 1


def test_redirect_loop_is_an_error(server, fetcher):
    error = one_error(f"{server}/loop", fetcher)

    assert "too many redirects" in str(error)


def test_declared_size_over_limit_is_an_error(server):
    started = time.monotonic()
    with Fetcher(max_bytes=100_000) as fetcher:
        error = one_error(f"{server}/huge", fetcher)

    assert "limit" in str(error)
    assert "0.1 MB" in str(error)
    assert "50.0 MB" in str(error)
    assert time.monotonic() - started < 2


def test_streamed_size_over_limit_is_an_error(server):
    with Fetcher(max_bytes=100_000) as fetcher:
        error = one_error(f"{server}/huge-chunks", fetcher)

    assert "exceeds the limit" in str(error)
    assert "0.1 MB" in str(error)


def test_streamed_body_under_limit_is_read(server):
    fetcher = Fetcher(max_bytes=2_000_000)
    try:
        doc = one_document(f"{server}/huge-chunks", fetcher)
    finally:
        fetcher.close()

    assert doc.text.startswith("Convoy sighted on the ring road.")


def test_unsupported_content_type_is_an_error(server, fetcher):
    error = one_error(f"{server}/image.png", fetcher)

    assert "unsupported content type" in str(error)
    assert "image/png" in str(error)


def test_refused_connection_is_an_error(fetcher):
    # A port that was just free: nothing listens on it.
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    error = one_error(f"http://127.0.0.1:{port}/article.html", fetcher)

    assert "request failed" in str(error)


# --- faults: retries, resets, size, time, content -----------------------------------


class Pauses(list):
    """An injected sleep: records each pause instead of taking it."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def test_a_passing_failure_is_tried_again_with_growing_pauses(server):
    pauses = Pauses()
    with Fetcher(sleep=pauses) as fetcher:
        doc = one_document(f"{server}/flaky-2", fetcher)

    assert doc.text == PLAIN_TEXT.strip()
    assert Handler.hits["/flaky-2"] == 3
    assert pauses == [0.5, 1.0]


def test_retries_are_bounded_and_the_error_says_how_many(server):
    pauses = Pauses()
    with Fetcher(sleep=pauses) as fetcher:
        error = one_error(f"{server}/always-503", fetcher)

    assert str(error) == f"{server}/always-503: HTTP 503 Service Unavailable (tried 3 times)"
    assert Handler.hits["/always-503"] == 3 and pauses == [0.5, 1.0]


@pytest.mark.parametrize("path", ["/reset", "/reset-mid-body", "/drop"])
def test_a_reset_or_dropped_connection_is_tried_again_then_named(server, path):
    before = Handler.hits[path]
    with Fetcher(sleep=Pauses(), retries=1) as fetcher:
        error = one_error(f"{server}{path}", fetcher)

    assert "request failed" in str(error) and "(tried 2 times)" in str(error)
    assert str(error).startswith(f"{server}{path}: ")
    assert Handler.hits[path] - before == 2


def test_a_timeout_is_tried_again(server):
    before = Handler.hits["/slow"]
    with Fetcher(timeout=0.3, retries=1, sleep=Pauses()) as fetcher:
        error = one_error(f"{server}/slow", fetcher)

    assert str(error) == f"{server}/slow: timed out (tried 2 times)"
    assert Handler.hits["/slow"] - before == 2


@pytest.mark.parametrize(("path", "requests"), [
    ("/missing", 1), ("/loop", 6), ("/huge-declared", 1), ("/image.png", 1)])
def test_failures_that_would_recur_are_not_tried_again(server, path, requests):
    before = Handler.hits[path]
    pauses = Pauses()
    with Fetcher(sleep=pauses, max_bytes=100_000) as fetcher:
        one_error(f"{server}{path}", fetcher)

    assert Handler.hits[path] - before == requests  # a redirect loop: 1 + 5 redirects
    assert pauses == []


@pytest.mark.parametrize("path", ["/huge-declared", "/huge-undeclared"])
def test_hundreds_of_megabytes_are_cut_at_the_limit(server, path):
    """700 MB, declared or not: the default fetcher stops at 10 MB, in well under the
    time the whole body would take."""
    started = time.monotonic()
    with Fetcher() as fetcher:
        error = one_error(f"{server}{path}", fetcher)

    assert "the limit is 10.0 MB" in str(error) or "exceeds the limit of 10.0 MB" in str(error)
    assert time.monotonic() - started < 5


def test_a_body_dripped_byte_by_byte_is_cut_at_the_deadline(server):
    """Each byte comes well within the read timeout; the deadline bounds the whole."""
    started = time.monotonic()
    with Fetcher(timeout=0.5, deadline=1.0) as fetcher:
        error = one_error(f"{server}/trickle", fetcher)

    assert str(error) == f"{server}/trickle: response took over 1 s"
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(("path", "content_type"), [
    ("/octet", "application/octet-stream"), ("/pdf", "application/pdf")])
def test_wrong_content_types_are_named(server, fetcher, path, content_type):
    error = one_error(f"{server}{path}", fetcher)

    assert str(error) == f"{server}{path}: unsupported content type {content_type!r}"


# --- URLs handed in by a web page: public addresses only --------------------------------


def resolving(monkeypatch, addresses: dict[str, list[str]]) -> None:
    """Host names resolve to the given addresses (the tests use no DNS)."""
    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (a, port or 0)) for a in addresses[host]]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(("url", "kind"), [
    ("http://127.0.0.1:8000/api/documents", "loopback"), ("http://localhost/", "loopback"),
    ("http://127.1/", "loopback"), ("http://2130706433/", "loopback"),
    ("http://0x7f000001/", "loopback"), ("http://[::1]/", "loopback"),
    ("http://[::ffff:127.0.0.1]/", "loopback"), ("http://0.0.0.0/", "unspecified"),
    ("http://10.0.0.8/", "private"), ("http://192.168.1.1/admin", "private"),
    ("http://[fd00::1]/", "private"), ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://[fe80::1]/", "link-local"), ("http://224.0.0.1/", "multicast"),
    ("http://100.64.0.1/", "non-public")])
def test_private_and_local_addresses_are_refused_in_any_spelling(url, kind):
    with pytest.raises(FetchError, match=f"refused: .* is an? {kind} address"):
        check_public(url)


def test_a_host_with_any_private_address_is_refused(monkeypatch):
    resolving(monkeypatch, {"news.example.org": ["93.184.216.34", "10.0.0.8"],
                            "public.example.org": ["93.184.216.34"]})
    check_public("https://public.example.org/a.html")
    with pytest.raises(FetchError, match=r"news.example.org is a private address \(10.0.0.8\)"):
        check_public("https://news.example.org/a.html")


def test_a_public_only_fetcher_never_connects_to_loopback(server):
    before = sum(Handler.hits.values())
    with Fetcher(public_only=True) as fetcher:
        error = one_error(f"{server}/article.html", fetcher)

    assert "refused: 127.0.0.1 is a loopback address" in str(error)
    assert sum(Handler.hits.values()) == before


def test_a_redirect_to_a_private_address_is_refused(monkeypatch):
    """The check runs before every request: a public page cannot bounce the fetch inward."""
    resolving(monkeypatch, {"news.example.org": ["93.184.216.34"],
                            "169.254.169.254": ["169.254.169.254"]})
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"location": "http://169.254.169.254/latest/"})

    client = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)
    with Fetcher(client, public_only=True) as fetcher:
        error = one_error("https://news.example.org/story", fetcher)

    assert seen == ["https://news.example.org/story"]
    assert "refused: 169.254.169.254 is a link-local address" in str(error)


# --- feeds ----------------------------------------------------------------------


def test_rss_feed_gives_each_linked_article(server, fetcher):
    results = list(read_url(f"{server}/feed.xml", fetcher))

    assert len(results) == 2
    assert all(isinstance(r, Document) for r in results), results
    first, second = results
    assert "checkpoint at Lisec reopened" in first.text
    assert "fuel depot on the outskirts of Marden" in second.text
    assert first.url == f"{server}/a1.html" and second.url == f"{server}/a2.html"
    # The pages carry no dates: they come from the items' pubDate.
    assert first.published == dt.date(2024, 4, 6)
    assert second.published == dt.date(2024, 4, 7)
    assert first.publisher == second.publisher == "Eastern Front Monitor"
    assert first.title == "Checkpoint reopened at Lisec"
    assert first.id != second.id


def test_feed_article_has_same_id_as_the_page_itself(server, fetcher):
    from_feed = list(read_url(f"{server}/feed.xml", fetcher))[0]
    direct = one_document(f"{server}/a1.html", fetcher)

    assert isinstance(from_feed, Document)
    assert from_feed.id == direct.id


def test_atom_feed_with_one_entry(server, fetcher):
    doc = one_document(f"{server}/atom.xml", fetcher)

    assert "Reservists in three eastern districts" in doc.text
    assert doc.url == f"{server}/a3.html"
    assert doc.published == dt.date(2024, 4, 11)
    assert doc.publisher == "Northern Desk"
    assert doc.author == "Tomas Brenner"


def test_malformed_feed_is_one_error(server, fetcher):
    error = one_error(f"{server}/bad-feed.xml", fetcher)

    assert "feed" in str(error)


def test_malformed_feed_error_names_the_feed(server, fetcher):
    url = f"{server}/bad-feed.xml"

    error = one_error(url, fetcher)

    assert url in str(error)


def test_feed_item_that_404s_does_not_stop_the_others(server, fetcher):
    results = list(read_url(f"{server}/partial-feed.xml", fetcher))

    assert len(results) == 2
    error, doc = results
    assert isinstance(error, SourceError)
    assert f"{server}/missing" in str(error) and "404" in str(error)
    assert isinstance(doc, Document)
    assert "checkpoint at Lisec reopened" in doc.text


def test_atom_entry_with_inline_content_and_no_link(server, fetcher):
    doc = one_document(f"{server}/atom-inline.xml", fetcher)

    assert "The Osna bridge was closed to military traffic" in doc.text


def test_rss_item_with_inline_html_description_has_no_markup(server, fetcher):
    doc = one_document(f"{server}/rss-inline.xml", fetcher)

    assert "Two patrol boats" in doc.text
    assert "<p>" not in doc.text and "<b>" not in doc.text


# --- several inputs ---------------------------------------------------------------


def test_iter_documents_mixes_urls_and_files(server, fetcher, tmp_path: Path):
    local = tmp_path / "local-report.txt"
    local.write_text("Militia groups withdrew from the hills above Tarnow on Tuesday.\n",
                     encoding="utf-8")
    specs = [f"{server}/article.html", f"{server}/missing", str(local)]

    results = list(iter_documents(specs, fetcher=fetcher))

    assert len(results) == 3
    first, second, third = results
    assert isinstance(first, Document) and first.url == f"{server}/article.html"
    assert isinstance(second, SourceError) and f"{server}/missing" in str(second)
    assert isinstance(third, Document) and third.source == str(local)
    assert "Militia groups withdrew" in third.text


# --- ids ---------------------------------------------------------------------------


def test_same_url_twice_gives_the_same_id(server, fetcher):
    first = one_document(f"{server}/article.html", fetcher)
    second = one_document(f"{server}/article.html", fetcher)

    assert first.id == second.id


def test_changed_content_gives_a_new_id_for_the_same_url(server, fetcher):
    url = f"{server}/counter.txt"

    first = one_document(url, fetcher)
    second = one_document(url, fetcher)

    assert first.text != second.text
    assert first.id != second.id
    assert first.url == second.url == url


# --- a swapped transport ------------------------------------------------------------


def test_mock_transport_serves_an_article():
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"},
                              text=ARTICLE_HTML)

    url = "https://news.example.org/2024/04/air-defence.html"
    fetcher = Fetcher(httpx.Client(transport=httpx.MockTransport(handler)))
    try:
        doc = one_document(url, fetcher)
    finally:
        fetcher.close()

    assert seen == [url]
    assert "surface-to-air missiles" in doc.text
    assert doc.title == "Air defence units deployed near Korvin"
    assert doc.url == url
    assert doc.name == "air-defence"


def test_mock_transport_connect_error_is_request_failed():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    url = "https://news.example.org/unreachable"
    with Fetcher(httpx.Client(transport=httpx.MockTransport(handler)),
                 sleep=lambda seconds: None) as fetcher:
        error = one_error(url, fetcher)

    assert isinstance(error, FetchError)
    assert "request failed" in str(error)
    assert url in str(error)
