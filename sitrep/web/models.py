"""The shapes of the API's own answers and requests (errors, ratings sent, ingestion,
documents, search): what /openapi.json publishes beside the views' shapes
(``sitrep/outputs/view_models.py``).

The routes answer with JSON they serialise themselves, so these models describe the
answers rather than build them; the tests check every answer against them. Unknown
keys are refused, so a key added to an answer must be added here too.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sitrep.outputs.view_models import Model, Rating


class Problem(Model):
    """An error: what went wrong, in words (401, 403, 404, 409, 502)."""

    detail: str


class RatingChange(Model):
    row: str = Field(min_length=1, description="an AchRow id")
    hypothesis: str = Field(min_length=1)
    rating: Rating = Field(description="NA: remove the analyst's rating, the computed one "
                                       "applies again")


class IngestRequest(Model):
    url: str = Field(min_length=1, max_length=2048,
                     description="an http(s) URL of a web page or an RSS/Atom feed; on a "
                                 "public address unless the server allows private ones")


class IngestedDocument(Model):
    doc_id: str
    name: str
    title: str | None
    status: Literal["added", "new version", "unchanged"]
    version: int


class IngestJob(Model):
    """An ingestion of a URL: a page gives one document, a feed one per entry."""

    job: str = Field(description="the job's id: GET /api/ingest/{job} for how it stands")
    url: str
    status: Literal["running", "done", "failed"] = Field(
        description="done: at least one document stored; failed: none (see errors)")
    documents: list[IngestedDocument]
    errors: list[str] = Field(description="each input that could not be read (a feed's "
                                          "entries one by one), naming it and the problem")


class DocumentSummary(Model):
    doc_id: str
    name: str
    title: str | None
    publisher: str | None
    published: str | None
    url: str | None


class Span(Model):
    start: int
    end: int


class Mention(Span):
    kind: str
    text: str
    entity: str | None = Field(description="the name of the entity it resolved to")
    entity_id: str | None


class StatementSpan(Span):
    id: str
    kind: str
    speaker: str | None


class EventSpan(Span):
    id: str
    kind: str
    modality: str


class Document(DocumentSummary):
    text: str
    sentences: list[Span]
    mentions: list[Mention]
    statements: list[StatementSpan]
    events: list[EventSpan]


class SearchHit(Model):
    doc_id: str
    name: str
    published: str | None
    start: int
    end: int
    snippet: str = Field(description="the sentence around the match, matched words in [brackets]")
    text: str = Field(description="the whole sentence")


class Search(Model):
    hits: list[SearchHit]
