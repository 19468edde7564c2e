"""Shared fixtures: the shared seeds beside the checkout, and small documents written here."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sitrep.documents import Metadata, make_document
from sitrep.extract import build_pipeline

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def gazetteer():
    """The real gazetteer, built once per machine into the user cache (about 30 s)."""
    from sitrep.geo.gazetteer import Gazetteer

    return Gazetteer.open()


@pytest.fixture(scope="session")
def pipeline(gazetteer):
    return build_pipeline()


@pytest.fixture(scope="module")
def cluster(gazetteer):
    """Two single-threaded Dask worker processes on loopback; the gazetteer is built before
    they start."""
    import distributed  # Dask loads only for the tests that ask for workers

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=":0") as cluster:
        yield cluster


@pytest.fixture
def shared_dir() -> Path:
    """``../shared`` (seeds, gold, scorer); tests that need it skip with a message when absent."""
    if not (SHARED / "seeds").is_dir() or not (SHARED / "eval" / "score.py").is_file():
        pytest.skip(f"{SHARED} is absent: the real-world seeds and the scorer live outside the repository")
    return SHARED


def write_report(directory: Path, name: str, text: str, **meta) -> Path:
    """A .txt report with a sidecar .meta.json."""
    import json

    path = directory / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    if meta:
        (directory / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return path


def sample_document(text: str = "Officials said the convoy reached the depot.", *,
                    url: str | None = None, published: dt.date | None = dt.date(2022, 2, 1)):
    return make_document(text, name="sample", source="test",
                         metadata=Metadata(url=url, published=published, publisher="Test Wire"))


@contextmanager
def serving_pages(pages: dict[str, tuple[int, str, str]]) -> Iterator:
    """A plain HTTP server on 127.0.0.1 answering each path with its (status, content
    type, body), 404 for any other; yields the server: ``url`` its base URL, ``hits``
    the requests per path."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

        def do_GET(self):
            httpd.hits[self.path] += 1
            status, content_type, body = pages.get(self.path, (404, "text/plain", "not found"))
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.hits = Counter()
    httpd.url = "http://127.0.0.1:%d" % httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
