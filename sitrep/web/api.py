"""The JSON API under /api: every route read-only except PUT /api/ach/ratings and
POST /api/ingest (both behind the write guard of ``app.py``).

Answers are JSON bytes made once per picture and kept (see ``dashboard.py``); the
response models only describe them in /openapi.json. Every text goes out as a JSON
string, for the front end to insert as text, never as markup.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError

from sitrep.case import CASE_FILE
from sitrep.errors import FetchError
from sitrep.model import Ref
from sitrep.outputs import view_models, views
from sitrep.outputs.brief import brief_json
from sitrep.registry import vocabulary
from sitrep.sources import Fetcher, is_url
from sitrep.sources.addresses import check_public
from sitrep.web import models
from sitrep.web.dashboard import Dashboard, Snapshot, encode
from sitrep.web.documents import document_detail

router = APIRouter(prefix="/api")

AsOf = Annotated[dt.date | None, Query(
    description="Only documents published by this date (YYYY-MM-DD); default: every document.")]
Limit = Annotated[int, Query(ge=1, le=1_000_000, description="Most entries in each list.")]
Offset = Annotated[int, Query(ge=0, description="Entries of each list to skip.")]
NOT_FOUND = {404: {"model": models.Problem}}
WRITE_REFUSED = {
    401: {"model": models.Problem, "description": "the server wants its token and got none "
                                                  "or another (see sitrep serve --token)"},
    403: {"model": models.Problem, "description": "sent by a page of another origin"}}


def _dashboard(request: Request) -> Dashboard:
    return request.app.state.dashboard


def _json(body: bytes) -> Response:
    return Response(body, media_type="application/json")


@router.get("/brief", response_model=view_models.Brief)
def brief(request: Request, as_of: AsOf = None) -> Response:
    """The brief, as ``sitrep brief --format json`` gives it; not recorded as a brief made."""
    snapshot = _dashboard(request).snapshot(as_of)
    return _json(snapshot.value(("brief",), lambda s: encode(brief_json(s.brief))))


@router.get("/vocabulary", response_model=view_models.Vocabulary)
def vocabulary_() -> Response:
    """The kinds with their labels, map shapes and colours, the modalities and the
    rating scale: what the front end draws with, from the registry."""
    return _json(encode(vocabulary().front_end()))


@router.get("/map", response_model=view_models.Map)
def map_(request: Request, as_of: AsOf = None,
         events: Annotated[int, Query(ge=1, le=1_000_000, description=(
             "Most located events, the latest published."))] = 1000,
         tracks: Annotated[int, Query(ge=0, le=1_000_000, description=(
             "Most tracks, the longest."))] = 100,
         bbox: Annotated[str | None, Query(description=(
             "west,south,east,north in degrees: only the located events and the tracks "
             "inside (the view on screen); west above east crosses the antimeridian."))
             ] = None,
         countries: Annotated[bool, Query(description=(
             "Send the country outlines (false: an empty collection, for a page that "
             "has them and asks again as the view moves)."))] = True) -> Response:
    """Country outlines, located events and the tracks of units and named systems, each
    event and track point naming its sentence by ref (GET /api/items/{doc_id}/{item_id}
    links it)."""
    snapshot = _dashboard(request).snapshot(as_of)
    box = _bbox(bbox) if bbox is not None else None

    layers = snapshot.value(("map",), lambda s: views.encoded_map(s.brief.picture))
    if box is not None:  # views change with every pan: answered, never kept
        return _json(views.encoded_map_view(layers, views.encoded_events(layers, events, box),
                                            views.encoded_tracks(layers, tracks, box),
                                            countries))
    return _json(snapshot.value(("map", events, tracks, countries), lambda s: (
        views.encoded_map_view(layers, views.encoded_events(layers, events),
                               views.encoded_tracks(layers, tracks), countries))))


@router.get("/items/{doc_id}/{item_id}", response_model=view_models.Item,
            responses=NOT_FOUND)
def item(doc_id: str, item_id: str, request: Request, as_of: AsOf = None) -> Response:
    """One statement or event as the timeline lists it, linked to its sentence: what a
    track point of the map names."""
    snapshot = _dashboard(request).snapshot(as_of)
    try:
        return _json(encode(snapshot.items()[Ref(doc_id, item_id)]))
    except KeyError:
        raise HTTPException(404, f"no statement or event {item_id!r} in document "
                                 f"{doc_id!r}") from None


def _bbox(value: str) -> tuple[float, float, float, float]:
    """west, south, east, north from "w,s,e,n" (a 422 answer names what is wrong)."""
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        _invalid("bbox", "is not four numbers west,south,east,north", where="query")
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        _invalid("bbox", "is not a box of longitudes -180..180 and latitudes -90..90 "
                         "with south below north", where="query")
    return west, south, east, north


@router.get("/timeline", response_model=view_models.Timeline)
def timeline(request: Request, as_of: AsOf = None, actor: str | None = None,
             kind: str | None = None, modality: str | None = None,
             source: str | None = None, limit: Limit = 200, offset: Offset = 0) -> Response:
    """Statements and events by date, and the claims beside their evidence; filters
    (exact values, from ``facets``) apply to both, ``limit`` and ``offset`` to each list."""
    snapshot = _dashboard(request).snapshot(as_of)
    filters = {"actor": actor, "kind": kind, "modality": modality, "source": source}

    def make(s: Snapshot) -> bytes:
        base = s.value(("timeline",), lambda s: views.timeline(s.brief.picture, s.items()))
        return encode(views.filtered_timeline(base, filters, limit, offset))

    return _json(snapshot.value(("timeline", *filters.values(), limit, offset), make))


@router.get("/contradictions", response_model=view_models.Contradictions)
def contradictions(request: Request, as_of: AsOf = None, limit: Limit = 100,
                   offset: Offset = 0) -> Response:
    """The contradicted claims with the evidence against and for them, and each source's
    record of claims contradicted, confirmed and open."""
    snapshot = _dashboard(request).snapshot(as_of)

    def make(s: Snapshot) -> bytes:
        return encode(views.contradictions(s.brief, s.items(), limit, offset))

    return _json(snapshot.value(("contradictions", limit, offset), make))


@router.get("/indicators", response_model=view_models.Indicators)
def indicators(request: Request, as_of: AsOf = None,
               hits: Annotated[int, Query(ge=0, le=1_000_000, description=(
                   "Most hits listed per indicator."))] = 100) -> Response:
    """The indicator board, each hit linked to its sentence."""
    snapshot = _dashboard(request).snapshot(as_of)
    return _json(snapshot.value(("indicators", hits), lambda s: encode(
        {"indicators": views.indicators(s.brief, s.items(), hits)})))


@router.get("/ach", response_model=view_models.Ach)
def ach(request: Request, as_of: AsOf = None, limit: Limit = 1000,
        offset: Offset = 0) -> Response:
    """The hypotheses ranked against the evidence, the matrix and its sensitivity checks."""
    return _json(_ach(_dashboard(request).snapshot(as_of), limit, offset))


def _ach(snapshot: Snapshot, limit: int, offset: int) -> bytes:
    return snapshot.value(("ach", limit, offset),
                          lambda s: encode(views.ach(s.brief, s.items(), limit, offset)))


@router.put("/ach/ratings", response_model=view_models.Ach,
            responses={**WRITE_REFUSED,
                       409: {"model": models.Problem,
                             "description": "the case has no case.yaml to keep the rating in"}})
def rate(change: models.RatingChange, request: Request, as_of: AsOf = None,
         limit: Limit = 1000, offset: Offset = 0) -> Response:
    """Save the analyst's rating of a row against a hypothesis into case.yaml
    (``ach.overrides``) and answer as GET /api/ach does, re-ranked. The row must be one
    of the ACH as of ``as_of``; rating NA removes the analyst's rating."""
    dashboard = _dashboard(request)
    if not (dashboard.directory / CASE_FILE).is_file():
        raise HTTPException(409, f"the case at {dashboard.directory} has no {CASE_FILE} to "
                                 "keep ratings in; write one with `sitrep init`")
    snapshot = dashboard.snapshot(as_of)
    hypotheses = [h.id for h in snapshot.case.hypotheses]
    rows = snapshot.value(("rows",), lambda s: {r.id for r in s.brief.ach.rows}
                          if s.brief.ach else set())
    if change.hypothesis not in hypotheses:
        _invalid("hypothesis", "is not a hypothesis of the case; known: "
                 + (", ".join(hypotheses) or "none"))
    if change.row not in rows:
        _invalid("row", "is not a row of the ACH"
                 + (f" as of {as_of}" if as_of else "") + "; see GET /api/ach")
    rating = None if change.rating == view_models.CLEAR_RATING else change.rating
    dashboard.rate(change.row, change.hypothesis, rating)
    return _json(_ach(dashboard.snapshot(as_of), limit, offset))


@router.post("/ingest", response_model=models.IngestJob, status_code=202,
             responses=WRITE_REFUSED)
def ingest(change: models.IngestRequest, request: Request) -> Response:
    """Start fetching a web page or an RSS/Atom feed, to extract and store it as ``sitrep
    ingest URL`` does; the answer comes at once, with the job to follow on GET
    /api/ingest/{job}. Unless the server allows private URLs, a URL whose host resolves
    to a loopback, private, link-local or other non-public address is refused (422), and
    so is a redirect to one or a connection that reaches one."""
    url = change.url.strip()
    if not is_url(url):
        _invalid("url", "is not an http:// or https:// URL")
    public_only = not request.app.state.allow_private_urls
    if public_only:
        try:
            check_public(url)
        except FetchError as error:
            _invalid("url", error.problem)
    dashboard = _dashboard(request)

    def work() -> dict:
        with Fetcher(public_only=public_only) as fetcher:
            return dashboard.ingest(url, fetcher)

    return Response(encode(request.app.state.jobs.start(url, work)), status_code=202,
                    media_type="application/json")


@router.get("/ingest/{job}", response_model=models.IngestJob, responses=NOT_FOUND)
def ingest_job(job: str, request: Request) -> Response:
    """An ingestion started by POST /api/ingest: running, done (documents stored) or
    failed (nothing stored; ``errors`` says why)."""
    found = request.app.state.jobs.get(job)
    if found is None:
        raise HTTPException(404, "no such ingestion job (jobs are kept while the server "
                                 "runs, the latest 200)")
    return _json(encode(found))


def _invalid(field: str, problem: str, where: str = "body"):
    """A 422 answer shaped like FastAPI's own validation errors; the value sent is not
    repeated back."""
    raise RequestValidationError([{"type": "value_error", "loc": (where, field),
                                   "msg": problem}])


@router.get("/documents", response_model=list[models.DocumentSummary])
def documents(request: Request) -> Response:
    """Every stored document, by publication date, without its text."""
    return _json(_dashboard(request).documents())


@router.get("/documents/{doc_id}", response_model=models.Document, responses=NOT_FOUND)
def document(doc_id: str, request: Request) -> Response:
    """One document: its text and the offsets of its sentences, mentions, statements
    and events."""
    detail = document_detail(_dashboard(request).store, doc_id)
    if detail is None:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    return _json(encode(detail))


@router.get("/search", response_model=models.Search)
def search(request: Request, q: Annotated[str, Query(min_length=1, description=(
               'Every word required; "a phrase", prefix*.'))],
           limit: Annotated[int, Query(ge=1, le=500)] = 20) -> Response:
    """Sentences that match a full-text query, best first."""
    hits = _dashboard(request).store.search(q, limit=limit)
    return _json(encode({"hits": [
        {"doc_id": h.document.id, "name": h.document.name,
         "published": h.document.published.isoformat() if h.document.published else None,
         "start": h.start, "end": h.end, "snippet": h.snippet, "text": h.sentence}
        for h in hits]}))
