"""The picture as the dashboard and the offline report show it: plain dicts and lists,
shaped as in ``view_models.py``.

Every statement and event goes out as one item shape (``Items``), so a claim, a piece
of evidence, a timeline entry and an indicator hit all link to their sentence alike.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from itertools import islice

import msgspec
import numpy

from sitrep.analysis.brief import Brief
from sitrep.analysis.contradictions import ClaimRecord, Evidence, claim_order
from sitrep.analysis.picture import Picture
from sitrep.analysis.tracks import TrackPoint
from sitrep.model import DateValue, Event, Ref, Report, Statement
from sitrep.outputs.exports import Located, event_feature, located_events, track_features
from sitrep.outputs.sources import reported_for, sentence_url
from sitrep.outputs.view_models import CLEAR_RATING, LINKS_PER_ROW
from sitrep.registry import vocabulary


TRACK_POINTS = 100  # the latest points of a track the API's map sends
NO_FEATURES = b'{"type":"FeatureCollection","features":[]}'
LINK_KEYS = ("ref", "doc_id", "item_id", "start", "end", "publisher", "published", "reported_for",
             "document", "title", "url", "sentence_url")


class Items:
    """Every statement and event of a picture as an API item, made when asked: 130,000
    items kept as dicts would hold more memory than the picture itself."""

    def __init__(self, picture: Picture):
        self.picture = picture

    def records(self) -> Iterator[tuple[Report, Statement | Event]]:
        """Every statement and event with its report."""
        for report in self.picture.reports.values():
            for record in (*report.statements, *report.events):
                yield report, record

    def __getitem__(self, ref: Ref) -> dict:
        return self.item(*self.record(ref))

    def record(self, ref: Ref) -> tuple[Report, Statement | Event]:
        """The report and the record a ref names (a report holds a dozen: a scan is
        cheaper than an index of every item)."""
        report = self.picture.reports[ref.doc_id]
        for record in (*report.statements, *report.events):
            if record.id == ref.item_id:
                return report, record
        raise KeyError(ref)

    def item(self, report: Report, record: Statement | Event) -> dict:
        return _item(self.picture, report, record)

    def link(self, ref: Ref) -> dict:
        item = self[ref]
        return {key: item[key] for key in LINK_KEYS}

    def evidence(self, evidence: Evidence) -> dict:
        return {**self[evidence.item.ref], "reason": evidence.reason}


def _item(picture: Picture, report: Report, record: Statement | Event) -> dict:
    is_event = isinstance(record, Event)
    date, precision = _date(record.time.start if is_event else record.date, report)
    return {
        "type": "event" if is_event else "statement",
        "ref": picture.cite(Ref(report.doc_id, record.id)), "doc_id": report.doc_id,
        "item_id": record.id, "start": record.start, "end": record.end,
        "date": date, "precision": precision, "kind": record.kind,
        "modality": record.modality if is_event else None,
        "negated": record.negated if is_event else None,
        "actor": record.actor if is_event else None,
        "speaker": None if is_event else record.speaker,
        "side": record.actor_side if is_event else record.speaker_side,
        "publisher": report.publisher, "source": report.publisher, "text": record.text,
        "published": report.published.isoformat() if report.published else None,
        "reported_for": reported_for(record), "document": report.name, "title": report.title,
        "url": report.url, "sentence_url": sentence_url(report.url, record.text),
    }


def _date(value: DateValue | None, report: Report) -> tuple[str | None, str | None]:
    """The item's own date, else its document's publication date (precision "published")."""
    if value is not None:
        return value.date.isoformat(), value.precision
    if report.published is not None:
        return report.published.isoformat(), "published"
    return None, None


# -- timeline ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Timeline:
    """Everything the timeline may show as of one date, before filters and paging: the
    records themselves, made into items only for the page asked."""

    items: list[tuple[Report, Statement | Event]]  # by date, undated last
    claims: list[ClaimRecord]  # by the claim's date
    facets: dict[str, list[str]]
    source: Items


def timeline(picture: Picture, items: Items) -> Timeline:
    order = {doc_id: (r.published is None, r.published, r.name)
             for doc_id, r in picture.reports.items()}

    def when(entry: tuple[Report, Statement | Event]) -> tuple:
        """As ``_date`` dates the item, without making its text (130,000 strings)."""
        report, record = entry
        value = record.time.start if isinstance(record, Event) else record.date
        date = value.date if value is not None else report.published
        return date is None, date or dt.date.min, order[report.doc_id], record.start

    listed = sorted(items.records(), key=when)
    claims = sorted(picture.finder.records.values(), key=claim_order)

    def values(*keys: str) -> list[str]:
        return sorted({v for entry in listed for k in keys
                       if (v := _facet(*entry, k)) is not None})

    facets = {"actors": values("actor", "speaker"), "kinds": values("kind"),
              "modalities": values("modality"), "sources": values("source")}
    return Timeline(listed, claims, facets, items)


def _facet(report: Report, record: Statement | Event, key: str) -> str | None:
    """The item's value for a timeline filter, read off its record (as ``_item`` gives it)."""
    is_event = isinstance(record, Event)
    if key == "source":
        return report.publisher
    if key == "kind":
        return record.kind
    if key == "speaker":
        return None if is_event else record.speaker
    return getattr(record, key) if is_event else None  # actor, modality: events only


def claim(record: ClaimRecord, items: Items) -> dict:
    return {"claim": items[record.claim.item.ref],
            "against": [items.evidence(e) for e in record.against],
            "confirming": [items.evidence(e) for e in record.confirming],
            "status": record.status}


def filtered_timeline(base: Timeline, filters: dict[str, str | None], limit: int,
                      offset: int) -> dict:
    """The items and claims that match every filter given (``actor`` matches an event's
    actor or a statement's speaker), one page of each."""
    wanted = {k: v for k, v in filters.items() if v}
    items = base.source

    def matches(report: Report, record: Statement | Event) -> bool:
        return all((_facet(report, record, "actor") == value
                    or _facet(report, record, "speaker") == value) if key == "actor"
                   else _facet(report, record, key) == value for key, value in wanted.items())

    listed = [i for i in base.items if matches(*i)] if wanted else base.items
    claims = ([c for c in base.claims if matches(*items.record(c.claim.item.ref))]
              if wanted else base.claims)
    return {"items": [items.item(*entry) for entry in listed[offset:offset + limit]],
            "total": {"items": len(listed), "claims": len(claims)},
            "facets": base.facets,
            "claims": [claim(c, items) for c in claims[offset:offset + limit]]}


# -- claims, indicators, ACH ------------------------------------------------------------

def contradictions(brief: Brief, items: Items, limit: int, offset: int) -> dict:
    """One page of the contradicted claims with their evidence, and each source's record."""
    independent = brief.picture.independent
    listed = [{"why": r.why, "status": r.status, "side": r.claim.item.side,
               "sources": independent(e.item.ref for e in r.against),
               **claim(r, items)} for r in brief.contradictions[offset:offset + limit]]
    sources = [{"source": r.source, "side": r.side, "contradicted": r.contradicted,
                "confirmed": r.confirmed, "open": r.open} for r in brief.sources]
    return {"contradictions": listed, "total": len(brief.contradictions), "sources": sources}


def indicators(brief: Brief, items: Items, hits: int) -> list[dict]:
    """The brief's indicator board, the first ``hits`` hits of each linked to its sentence."""
    cite = brief.picture.cite
    return [{"id": s.indicator.id, "name": s.indicator.name, "status": s.status,
             "sources": s.sources, "sources_against": s.sources_against,
             "first_seen": s.first_seen.isoformat() if s.first_seen else None,
             "last_seen": s.last_seen.isoformat() if s.last_seen else None,
             "evidence": [cite(h.ref) for h in s.hits[:hits]], "evidence_total": len(s.hits),
             "hits": [{**items.link(h.ref), "text": h.text,
                       "date": h.date.isoformat() if h.date else None, "speaker": h.speaker,
                       "against": h.against} for h in s.hits[:hits]]}
            for s in brief.indicators]


def ach(brief: Brief, items: Items, limit: int, offset: int) -> dict:
    """The ACH ranking and checks, and one page of the matrix's rows, each with the
    analyst's own ratings and links to the first sentences it rests on."""
    case, result = brief.case, brief.ach
    hypotheses = [{"id": h.id, "name": h.name, "description": h.description}
                  for h in case.hypotheses]
    if result is None:
        return {"hypotheses": hypotheses, "rows": [], "scores": [], "leader": None,
                "leader_words": None, "tied": [], "evidence_count": 0, "most_diagnostic": [],
                "sensitivity": [], "ratings": _ratings()}
    refs = _row_refs(brief)
    overrides = case.ach.overrides
    rows = []
    for row in result.rows[offset:offset + limit]:
        own = overrides.get(row.id) or (overrides.get(row.id.rsplit(":", 1)[0])
                                        if row.reading else None) or {}
        rows.append({"id": row.id, "label": row.label, "ratings": dict(row.ratings),
                     "overrides": dict(own), "credibility": row.credibility,
                     "relevance": row.relevance, "reading": row.reading,
                     "citations": list(row.citations), "sources": row.sources,
                     "evidence": [items.link(ref)
                                  for ref in refs.get(row.id, ())[:LINKS_PER_ROW]]})
    return {"hypotheses": hypotheses, "rows": rows,
            "scores": [asdict(s) for s in result.scores],
            "leader": result.leader if result.evidence_count else None,
            "leader_words": result.leader_words if result.evidence_count else None,
            "tied": list(result.tied),
            "evidence_count": result.evidence_count,
            "most_diagnostic": [asdict(d) for d in result.most_diagnostic],
            "sensitivity": [asdict(s) for s in result.sensitivity],
            "ratings": _ratings()}


def _ratings() -> list[str]:
    """What PUT /api/ach/ratings accepts: the registry's ratings, and NA to clear one."""
    return [*vocabulary().ratings, CLEAR_RATING]


def _row_refs(brief: Brief) -> dict[str, list[Ref]]:
    """The statements and events behind each ACH row, by row id (as Picture.ach makes them)."""
    picture = brief.picture
    refs = {f"indicator:{s.indicator.id}": [h.ref for h in s.hits if not h.against]
            for s in brief.indicators if s.status in vocabulary().tripped}
    for record in picture.finder.records.values():
        if record.claim.assertion == "no_attack":
            cite = picture.cite(record.claim.item.ref)
            for reading in ("truthful", "deceptive"):
                refs[f"{cite}:{reading}"] = [record.claim.item.ref]
    return refs


# -- map --------------------------------------------------------------------------------

def map_layers(picture: Picture, items: Items) -> tuple[dict, list[dict], list[dict]]:
    """Country outlines (the case's country at risk and its region of interest marked: the
    map opens on them), a Point per located event in publication order, and a LineString
    per track, each track point linked to its sentence."""
    return (_countries(picture), [event_feature(picture, item)
                                  for item in located_events(picture)],
            list(_tracks(picture, items)))


def _countries(picture: Picture) -> dict:
    at_risk = picture.case.country_at_risk
    region = set(picture.case.watched_countries())
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": iso2, "geometry": geometry,
         "properties": {"iso2": iso2, "name": name, "at_risk": iso2 == at_risk,
                        "in_region": iso2 in region}}
        for iso2, name, geometry in _outlines()]}


def _tracks(picture: Picture, items: Items) -> Iterator[dict]:
    """Each track's feature with its points linked to their sentences, one at a time (the
    links of every point at once would hold a hundred megabytes)."""
    for feature, points in _track_features(picture):
        feature["properties"]["points"] = [{**items.link(p.ref), "place": p.place,
                                            "date": p.date} for p in points]
        yield feature


def _track_features(picture: Picture) -> Iterator[tuple[dict, list[TrackPoint]]]:
    """Each track's feature with its located points, in the order of its coordinates."""
    tracks = {f"track:{t.subject}": t for t in picture.tracks()}
    for feature in track_features(picture):
        yield feature, [p for p in tracks[feature["id"]].points if p.lat is not None]


def map_view(layers: tuple[dict, list[dict], list[dict]], events: int,
             bbox: tuple[float, float, float, float] | None = None) -> dict:
    """The outlines, the latest ``events`` located events (of those inside ``bbox``, west,
    south, east, north, if given) and every track."""
    countries, points, tracks = layers
    shown = points if bbox is None else [p for p in points
                                         if _inside(p["geometry"]["coordinates"], *bbox)]
    return {"countries": countries,
            "events": {"type": "FeatureCollection", "features": shown[-events:] + tracks},
            "total": {"events": len(points), "tracks": len(tracks)}}


@dataclass(frozen=True, slots=True)
class EncodedTrack:
    """A track's feature as the JSON that goes out, and the box of its points (west,
    south, east, north), to tell whether a view shows it."""

    box: tuple[float, float, float, float]
    feature: bytes


@dataclass(frozen=True, slots=True)
class EncodedMap:
    """What the API's map answers from, kept small: the outlines as the JSON that goes out
    (every answer holds them), each track's feature whose points name their sentences by
    ref only (the link comes from /api/items when a point is opened: every point's link
    would make 30 MB), and each located event with its coordinates, made into a feature
    only when a view shows it (100,000 features would hold 100 MB)."""

    picture: Picture
    countries: bytes
    located: list[tuple[float, float, Located]]  # lon, lat, the event; publication order
    tracks: list[EncodedTrack]  # the longest first, as Picture.tracks gives them
    features: EncodedFeatures  # of the located events, those shown lately
    lonlat: numpy.ndarray  # the located events' coordinates, a row each: a view's in one pass


def encoded_map(picture: Picture) -> EncodedMap:
    located = [(round(i.point.lon, 6), round(i.point.lat, 6), i)
               for i in located_events(picture)]
    return EncodedMap(picture, _encode(_countries(picture)), located,
                      [_encoded_track(picture, feature, points)
                       for feature, points in _track_features(picture)], EncodedFeatures(),
                      numpy.array([(lon, lat) for lon, lat, _ in located],
                                  dtype=float).reshape(-1, 2))


def _encoded_track(picture: Picture, feature: dict, points: list[TrackPoint]) -> EncodedTrack:
    """The track's feature with its latest ``TRACK_POINTS`` points (where the unit went
    last; a subject named in thousands of reports has thousands, megabytes a track);
    ``points_total`` counts them all, ``sitrep export --format geojson`` gives them."""
    properties, latest = feature["properties"], slice(-TRACK_POINTS, None)
    lons, lats = [p.lon for p in points[latest]], [p.lat for p in points[latest]]
    feature["geometry"]["coordinates"] = feature["geometry"]["coordinates"][latest]
    for key in ("times", "refs", "border_km"):
        properties[key] = properties[key][latest]
    properties["points_total"] = len(points)
    properties["points"] = [
        {"ref": picture.cite(p.ref), "doc_id": p.ref.doc_id, "item_id": p.ref.item_id,
         "place": p.place, "date": p.date} for p in points[latest]]
    return EncodedTrack((min(lons), min(lats), max(lons), max(lats)), _encode(feature))


def encoded_tracks(layers: EncodedMap, tracks: int,
                   bbox: tuple[float, float, float, float] | None = None) -> bytes:
    """The first (longest) ``tracks`` track features (of those whose points' box meets
    ``bbox``), joined by commas."""
    shown = (t.feature for t in layers.tracks if bbox is None or _meets(t.box, bbox))
    return b",".join(islice(shown, tracks))  # stops at the last one sent


def encoded_events(layers: EncodedMap, events: int,
                   bbox: tuple[float, float, float, float] | None = None) -> bytes:
    """The latest ``events`` located event features (of those inside ``bbox``), joined by
    commas."""
    shown = (range(len(layers.located)) if bbox is None
             else numpy.flatnonzero(_all_inside(layers.lonlat, *bbox)).tolist())
    return b",".join(layers.features.get(index, lambda i: _encode(marker_feature(
        layers.picture, layers.located[i][2]))) for index in shown[-events:])


def marker_feature(picture: Picture, item: Located) -> dict:
    """A located event's Point feature with what its marker is drawn with and the ref
    that GET /api/items/{doc_id}/{item_id} links when it is opened: every event's link
    and sentence would make a thousand markers a megabyte (and the link's sentence URL
    was 80 % of the time to make a view of new events)."""
    event, point, start = item.event, item.point, item.event.time.start
    ref = picture.cite(Ref(item.report.doc_id, event.id))
    return {"type": "Feature", "id": ref,
            "geometry": {"type": "Point",
                         "coordinates": [round(point.lon, 6), round(point.lat, 6)]},
            "properties": {"layer": "event", "ref": ref, "doc_id": item.report.doc_id,
                           "item_id": event.id, "kind": event.kind,
                           "modality": event.modality, "negated": event.negated,
                           "place": point.name, "place_kind": point.kind,
                           "time_start": start.iso() if start else None}}


class EncodedFeatures:
    """The event features encoded last, by the event's place in ``EncodedMap.located``, at
    most ``size`` of them (about 0.3 KB each): a view panned or zoomed a little shows
    mostly the events the one before did, and encoding 1,000 again took 0.25 s."""

    def __init__(self, size: int = 3_000):
        self.size = size
        self._kept: OrderedDict[int, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, index: int, make: Callable[[int], bytes]) -> bytes:
        with self._lock:
            kept = self._kept.get(index)
            if kept is not None:
                self._kept.move_to_end(index)
                return kept
        made = make(index)
        with self._lock:
            self._kept[index] = made
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return made


def encoded_map_view(layers: EncodedMap, events: bytes, tracks: bytes,
                     countries: bool = True) -> bytes:
    """The map's answer as JSON bytes, from the features ``encoded_events`` and
    ``encoded_tracks`` chose; the outlines left empty unless ``countries``."""
    features = b",".join(part for part in (events, tracks) if part)
    outlines = layers.countries if countries else NO_FEATURES
    return (b'{"countries":' + outlines
            + b',"events":{"type":"FeatureCollection","features":[' + features
            + b']},"total":{"events":' + str(len(layers.located)).encode()
            + b',"tracks":' + str(len(layers.tracks)).encode() + b"}}")


def _encode(value) -> bytes:
    """Compact UTF-8 JSON, as the API's other answers are; msgspec writes it about five
    times as fast as json.dumps, which took half the time to make a view of new events."""
    return msgspec.json.encode(value)


def _inside(point: Sequence[float], west: float, south: float, east: float, north: float) -> bool:
    lon, lat = point[0], point[1]
    across = west <= lon <= east if west <= east else (lon >= west or lon <= east)
    return across and south <= lat <= north


def _all_inside(lonlat: numpy.ndarray, west: float, south: float, east: float,
                north: float) -> numpy.ndarray:
    """``_inside`` for every row of coordinates at once: a mask."""
    lon, lat = lonlat[:, 0], lonlat[:, 1]
    across = (lon >= west) & (lon <= east) if west <= east else (lon >= west) | (lon <= east)
    return across & (lat >= south) & (lat <= north)


def _meets(box: Sequence[float], view: tuple[float, float, float, float]) -> bool:
    """Whether a box (west, south, east, north; west not above east) meets a view, which
    crosses the antimeridian where its west lies above its east."""
    west, south, east, north = view
    if not (box[1] <= north and box[3] >= south):
        return False
    if west <= east:
        return box[0] <= east and box[2] >= west
    return box[2] >= west or box[0] <= east


@cache
def _outlines() -> tuple[tuple[str, str, dict], ...]:
    """(ISO alpha-2, name, GeoJSON geometry) of every country with an outline."""
    from countryinfo import CountryInfo

    from sitrep.geo.borders import outline

    names = {}
    for record in CountryInfo.all().values():
        iso2 = (record.get("ISO") or {}).get("alpha2")
        if iso2 and (record.get("geoJSON") or {}).get("features"):
            names.setdefault(iso2, record.get("name") or iso2)
    return tuple((iso2, name, outline(iso2)) for iso2, name in sorted(names.items()))
