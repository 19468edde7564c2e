"""Shared fixtures of the web tests: the example case ingested once, and the real app
serving it with uvicorn on 127.0.0.1 in a background thread.

- ``web_case`` (session): a case directory holding a copy of
  ``examples/ukraine-2022/case.yaml`` and a store ``sitrep.db`` with the 20 example
  reports ingested as ``sitrep ingest`` does (about 4 s), plus one report whose text,
  title and publisher hold markup (``XSS_NAME``, texts ``XSS_SCRIPT`` and ``XSS_IMG``),
  for tests that markup from documents is shown as text. Do not write to it.
- ``live_server`` (session): the base URL, ``http://127.0.0.1:PORT`` (no trailing
  slash), of the app over ``web_case``; pages at ``/``, ``/map``, ...; the API under
  ``/api``. Read-only: for PUT /api/ach/ratings use ``writable_server``. Browser
  tests: ``page.goto(live_server + "/timeline")``.
- ``writable_server``: a fresh copy of ``web_case`` served on its own port for one
  test; a ``Served`` with ``url`` and ``case`` (the copy's directory).
- ``serving(case_dir, **options)``: the context manager behind both, for a case of a
  test's own; ``options`` go to ``sitrep.web.app.server`` (``token``,
  ``allow_private_urls``).
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from sitrep.case import load_case
from sitrep.examples import example_case_dir
from sitrep.store import Store
from sitrep.store.location import sqlite_url
from tests.conftest import write_report

XSS_NAME = "zz-markup-probe"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(2)>"
XSS_TEXT = (f"Russian troops moved to Yelnya on 9 February, officials said {XSS_SCRIPT} "
            f"in a statement. Satellite images showed tanks near Klintsy {XSS_IMG} "
            "on Wednesday.")


@dataclass(frozen=True)
class Served:
    url: str
    case: Path


@contextmanager
def serving(case_dir: Path, **options) -> Iterator[str]:
    """The app over a case (its ``sitrep.db``) on 127.0.0.1 and a free port, served by
    uvicorn in a background thread; yields the base URL and stops the server after."""
    from sitrep.web.app import server
    from sitrep.web.dashboard import Dashboard

    store = Store.open(sqlite_url(case_dir))
    running = server(Dashboard(case_dir, store), port=0, log_level="warning", **options)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    host, port = running.servers[0].sockets[0].getsockname()[:2]
    try:
        yield f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)
        store.close()


@pytest.fixture(scope="session")
def web_case(tmp_path_factory, gazetteer) -> Path:
    from sitrep.extract import build_pipeline
    from sitrep.ingest import ingest_inputs

    case_dir = tmp_path_factory.mktemp("web-case")
    shutil.copy(example_case_dir() / "case.yaml", case_dir / "case.yaml")
    probes = tmp_path_factory.mktemp("web-probe")
    write_report(probes, XSS_NAME, XSS_TEXT, title=f"Probe {XSS_SCRIPT}",
                 publisher=f"Probe Wire {XSS_IMG}", published="2022-02-10")
    case = load_case(case_dir)
    with Store.open(sqlite_url(case_dir)) as store:
        report = ingest_inputs([str(example_case_dir()), str(probes)], store,
                               build_pipeline(region=case.watched_countries()))
    assert not report.errors, report.errors
    return case_dir


@pytest.fixture(scope="session")
def live_server(web_case) -> Iterator[str]:
    with serving(web_case) as url:
        yield url


@pytest.fixture
def writable_server(web_case, tmp_path) -> Iterator[Served]:
    case_dir = tmp_path / "case"
    shutil.copytree(web_case, case_dir)
    with serving(case_dir) as url:
        yield Served(url, case_dir)


def ingested(base: str, url: str, wait: float = 60) -> dict:
    """POST /api/ingest (answered at once, 202), then GET the job until it is no longer
    running; the finished job."""
    started = httpx.post(f"{base}/api/ingest", json={"url": url}, timeout=10)
    assert started.status_code == 202, started.text
    job = started.json()
    ends = time.monotonic() + wait
    while job["status"] == "running":
        assert time.monotonic() < ends, f"ingesting {url} took over {wait} s"
        time.sleep(0.1)
        job = httpx.get(f"{base}/api/ingest/{job['job']}", timeout=10).json()
    return job


def open_report(case_dir: Path, tmp_path: Path, page) -> Path:
    """The case's offline report written to a file and opened from disk in the page."""
    from sitrep.analysis.brief import build_brief
    from sitrep.outputs.report import render_report

    with Store.open(sqlite_url(case_dir)) as store:
        html = render_report(build_brief(store, load_case(case_dir)))
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    return path
