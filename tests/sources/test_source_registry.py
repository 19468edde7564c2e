"""The sources registry: each target goes to the source type that reads it."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from sitrep.errors import SourceError
from sitrep.model import Document
from sitrep.sources import Fetcher, iter_documents, registry, resolve

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Border Wire</title>
<item><title>Convoy seen</title><guid>entry-1</guid>
<description>A convoy of trucks was seen moving north on Tuesday.</description></item>
</channel></rss>"""
PAGE = b"<html><body><p>Engineers built a bridge over the river on Friday.</p></body></html>"


def serve(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/rss"):
        return httpx.Response(200, content=FEED, headers={"content-type": "application/rss+xml"})
    return httpx.Response(200, content=PAGE, headers={"content-type": "text/html"})


@pytest.fixture
def fetcher():
    with Fetcher(httpx.Client(transport=httpx.MockTransport(serve))) as fetcher:
        yield fetcher


def test_each_kind_of_target_resolves_to_its_source(tmp_path: Path):
    report = tmp_path / "report.txt"
    report.write_text("Tanks moved west.\n")
    assert resolve(str(tmp_path)).name == "directory"
    assert resolve(str(report)).name == "file"
    assert resolve("https://example.org/news/1.html").name == "url"
    assert resolve("feed:https://example.org/rss").name == "feed"
    assert resolve("feed://example.org/rss").name == "feed"
    with pytest.raises(SourceError, match="no such file or directory"):
        resolve(str(tmp_path / "missing.txt"))


def test_a_feed_target_reads_the_entries_and_refuses_a_page(fetcher):
    entries = list(iter_documents(["feed:https://example.org/rss"], fetcher=fetcher))
    assert [type(e) for e in entries] == [Document]
    assert "convoy of trucks" in entries[0].text and entries[0].publisher == "Border Wire"
    refused = list(iter_documents(["feed:https://example.org/page.html"], fetcher=fetcher))
    assert len(refused) == 1 and isinstance(refused[0], SourceError)
    assert "https://example.org/page.html: not a feed (text/html)" in str(refused[0])


def test_a_plain_url_reads_a_page_or_a_feed_by_its_answer(fetcher):
    page, entry = iter_documents(["https://example.org/page.html", "https://example.org/rss"],
                                 fetcher=fetcher)
    assert "built a bridge" in page.text and "convoy of trucks" in entry.text


class NotesSource:
    """A toy source type: ``note:TEXT`` is a document holding TEXT."""

    name = "note"

    def matches(self, target: str) -> bool:
        return target.startswith("note:")

    def read(self, target, reading):
        from sitrep.documents import make_document

        yield make_document(target.removeprefix("note:"), name="note", source=target,
                            metadata=reading.overrides)


@pytest.fixture
def with_notes(monkeypatch):
    monkeypatch.setattr(registry, "SOURCES", list(registry.SOURCES))
    registry.register(NotesSource())


def test_a_registered_source_type_is_resolved_and_read(with_notes):
    assert resolve("note:Troops crossed the river.").name == "note"
    (document,) = iter_documents(["note:Troops crossed the river."])
    assert document.text.startswith("Troops crossed the river.")


def test_registering_a_name_again_replaces_that_source_in_its_place(monkeypatch):
    monkeypatch.setattr(registry, "SOURCES", list(registry.SOURCES))
    names = [s.name for s in registry.SOURCES]
    file_source = registry.resolve(__file__)
    registry.register(file_source)
    assert [s.name for s in registry.SOURCES] == names
