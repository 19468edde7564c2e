"""Exports of the picture for other tools: GeoJSON, ACLED-like CSV and KML.

Every exported item keeps its provenance: the document, its publisher and date, the
sentence it came from and its offsets, and the ``DOCNAME#ID`` a brief cites it by.
An event is placed at its destination, else its location, else its origin; the
place's precision says how far to trust the point.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from sitrep.analysis.picture import Picture
from sitrep.analysis.tracks import Track
from sitrep.geo.admin import admin_areas, country_codes
from sitrep.model import Event, PlacePoint, Ref, Report
from sitrep.outputs.sources import reported_for, sentence_url
from sitrep.registry import vocabulary

# ACLED's precision codes: 1 a town or finer, 2 near a town or part of a region, 3 a
# region or wider.
GEO_PRECISION = {"city": 1, "facility": 1, "area": 2, "region": 3, "country": 3}
KML_NS = "http://www.opengis.net/kml/2.2"
OBSERVED = "observed"  # the modality of what was seen happen, not claimed, planned or imagined


@dataclass(frozen=True, slots=True)
class Located:
    """An event with the place it is mapped at."""

    report: Report
    event: Event
    role: str  # destination, location or origin
    point: PlacePoint | None


def events(picture: Picture, *, observed_only: bool = False) -> Iterator[Located]:
    """Every event of the picture in publication order, with its place where resolved;
    ``observed_only``: only those reported as observed and not negated (what ACLED codes)."""
    for report in _in_order(picture):
        for event in report.events:
            if observed_only and (event.modality != OBSERVED or event.negated):
                continue
            role, name = next(((r, getattr(event, r)) for r in ("destination", "location", "origin")
                               if getattr(event, r)), (None, None))
            yield Located(report, event, role, report.places.get(name) if name else None)


def geojson(picture: Picture, *, observed_only: bool = False) -> dict:
    """An RFC 7946 FeatureCollection: one Point per located event, one LineString per
    track (coordinates lon, lat)."""
    features = [event_feature(picture, item)
                for item in events(picture, observed_only=observed_only)
                if item.point is not None]
    return {"type": "FeatureCollection", "features": [*features, *track_features(picture)]}


def located_events(picture: Picture) -> Iterator[Located]:
    """The events with a place on the map, in publication order."""
    return (item for item in events(picture) if item.point is not None)


def event_feature(picture: Picture, item: Located) -> dict:
    """The Point feature of a located event."""
    return {"type": "Feature", "id": picture.cite(_ref(item)),
            "geometry": {"type": "Point",
                         "coordinates": [round(item.point.lon, 6), round(item.point.lat, 6)]},
            "properties": {"layer": "event", **_event_properties(picture, item)}}


def track_features(picture: Picture) -> Iterator[dict]:
    """A LineString feature per track of two located points or more."""
    for track in picture.tracks():
        points = [p for p in track.points if p.lat is not None]
        if len(points) < 2:
            continue
        yield {
            "type": "Feature", "id": f"track:{track.subject}",
            "geometry": {"type": "LineString",
                         "coordinates": [[round(p.lon, 6), round(p.lat, 6)] for p in points]},
            "properties": {"layer": "track", "subject": track.subject, "places": track.places,
                           "side": track.side,
                           "withdrawals_undone": [w.end.place for w in track.withdrawals()
                                                  if not w.lasted],
                           "times": [p.date for p in points],
                           "refs": [picture.cite(p.ref) for p in points],
                           "sources": picture.independent(p.ref for p in track.points),
                           "border_km": [p.position.border_km if p.position else None
                                         for p in points]}}


def kml(picture: Picture, *, observed_only: bool = False) -> str:
    """A KML document: a style per event kind (its colour in the registry), events as
    placemarks and tracks as lines whose points carry their dates, so that Google Earth's
    time slider animates them. Every event placemark has a time: its own, else its
    document's publication date (ExtendedData's ``time_from`` says which)."""
    ET.register_namespace("", KML_NS)
    root = ET.Element(f"{{{KML_NS}}}kml")
    document = _sub(root, "Document")
    _sub(document, "name", picture.case.name)
    located = [item for item in events(picture, observed_only=observed_only) if item.point]
    registry = vocabulary()
    for kind in sorted({item.event.kind for item in located}):
        _style(document, kind, registry.event_kind(kind).colour)
    events_folder = _sub(document, "Folder")
    _sub(events_folder, "name", "Events")
    for item in located:
        _event_placemark(events_folder, picture, item)
    tracks_folder = _sub(document, "Folder")
    _sub(tracks_folder, "name", "Tracks")
    for track in picture.tracks():
        _track(tracks_folder, track, picture)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _style(document: ET.Element, kind: str, colour: str) -> None:
    """An icon style ``#kind-KIND`` in the kind's colour (KML writes aabbggrr)."""
    red, green, blue = colour[1:3], colour[3:5], colour[5:7]
    style = _sub(document, "Style")
    style.set("id", f"kind-{kind}")
    _sub(_sub(style, "IconStyle"), "color", f"ff{blue}{green}{red}")
    _sub(_sub(style, "LabelStyle"), "scale", "0.8")


def _event_placemark(folder: ET.Element, picture: Picture, item: Located) -> None:
    event, report = item.event, item.report
    mark = _sub(folder, "Placemark")
    _sub(mark, "name", f"{vocabulary().event_kind(event.kind).label}: "
                       f"{event.subject or event.actor or item.point.name}")
    _sub(mark, "description", f"{event.text}\n— {_provenance(picture, item)}")
    _sub(mark, "styleUrl", f"#kind-{event.kind}")
    time_from = _time(mark, event, report)
    data = _sub(mark, "ExtendedData")
    fields = {"kind": event.kind, "modality": event.modality, "negated": str(event.negated).lower(),
              "actor": event.actor, "side": event.actor_side, "subject": event.subject,
              "place": item.point.name, "sentence": event.text, "source": report.publisher,
              "published": report.published.isoformat() if report.published else None,
              "url": report.url, "document": report.name, "ref": picture.cite(_ref(item)),
              "time_from": time_from}
    for name, value in fields.items():
        field = _sub(data, "Data")
        field.set("name", name)
        _sub(field, "value", "" if value is None else str(value))
    _sub(_sub(mark, "Point"), "coordinates", f"{item.point.lon:.6f},{item.point.lat:.6f}")


def render_export(picture: Picture, output_format: str, *, observed_only: bool = False) -> str:
    """``geojson``, ``csv`` or ``kml`` (STIX has its own module); ``observed_only``: the
    events reported as observed and not negated, tracks as they are."""
    if output_format == "geojson":
        return json.dumps(geojson(picture, observed_only=observed_only), ensure_ascii=False,
                          indent=1) + "\n"
    if output_format == "csv":
        return acled_csv(picture, observed_only=observed_only)
    if output_format == "kml":
        return kml(picture, observed_only=observed_only)
    raise ValueError(f"unknown export format {output_format!r}")


def _in_order(picture: Picture) -> list[Report]:
    return sorted(picture.reports.values(),
                  key=lambda r: (r.published is None, r.published, r.name))


def _ref(item: Located) -> Ref:
    return Ref(item.report.doc_id, item.event.id)


def _event_properties(picture: Picture, item: Located) -> dict:
    event, report = item.event, item.report
    start, end = event.time.start, event.time.end
    return {
        "kind": event.kind, "modality": event.modality, "negated": event.negated,
        "hedged": event.hedged, "actor": event.actor, "actor_side": event.actor_side,
        "subject": event.subject, "quantity": event.quantity, "origin": event.origin,
        "destination": event.destination, "via": event.via, "location": event.location,
        "place": item.point.name, "place_role": item.role, "place_kind": item.point.kind,
        "country": item.point.country,
        "time_start": start.iso() if start else None, "time_end": end.iso() if end else None,
        "time_precision": start.precision if start else None,
        "plover": event.plover, "plover_mode": event.plover_mode, "cameo": event.cameo,
        "asserted_by": event.asserted_by,
        "ref": picture.cite(_ref(item)), "doc_id": report.doc_id, "document": report.name,
        "publisher": report.publisher,
        "published": report.published.isoformat() if report.published else None,
        "url": report.url, "sentence": event.text, "start": event.start, "end": event.end,
        "title": report.title, "reported_for": reported_for(event),
        "sentence_url": sentence_url(report.url, event.text),
    }


def _provenance(picture: Picture, item: Located) -> str:
    report = item.report
    published = report.published.isoformat() if report.published else "undated"
    return (f"{report.publisher or 'unknown source'}, {published}, {picture.cite(_ref(item))}, "
            f"{report.url or report.source or report.name}")


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{KML_NS}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _time(mark: ET.Element, event: Event, report: Report) -> str | None:
    """The event's TimeStamp or TimeSpan, else its document's publication date; returns
    where the time came from ("event" or "published"), None when there is none."""
    start, end = event.time.start, event.time.end
    if start is None:
        if report.published is None:
            return None
        _sub(_sub(mark, "TimeStamp"), "when", report.published.isoformat())
        return "published"
    if end is None or end.iso() == start.iso():
        _sub(_sub(mark, "TimeStamp"), "when", start.iso())
    else:
        span = _sub(mark, "TimeSpan")
        _sub(span, "begin", start.iso())
        _sub(span, "end", end.iso())
    return "event"


def _track(folder: ET.Element, track: Track, picture: Picture) -> None:
    """A track as a line plus one dated placemark per point, in order."""
    points = [p for p in track.points if p.lat is not None]
    if len(points) < 2:
        return
    line = _sub(folder, "Placemark")
    _sub(line, "name", track.subject)
    _sub(line, "description", " → ".join(track.places))
    dated = [p.date for p in points if p.date]
    if dated:
        span = _sub(line, "TimeSpan")
        _sub(span, "begin", dated[0])
        _sub(span, "end", dated[-1])
    _sub(_sub(line, "LineString"), "coordinates",
         " ".join(f"{p.lon:.6f},{p.lat:.6f}" for p in points))
    for point in points:
        mark = _sub(folder, "Placemark")
        _sub(mark, "name", f"{track.subject}: {point.place}")
        _sub(mark, "description", f"{point.text}\n— {picture.cite(point.ref)}")
        if point.date:
            _sub(_sub(mark, "TimeStamp"), "when", point.date)
        _sub(_sub(mark, "Point"), "coordinates", f"{point.lon:.6f},{point.lat:.6f}")


# -- ACLED-shaped CSV ----------------------------------------------------------------
# ACLED's columns first, in ACLED's order, each holding what ACLED's codebook says or
# left empty where sitrep cannot know it (docs/exports.md lists which and why): an empty
# cell is "unknown", never a guess. sitrep's columns follow: modality and negation (ACLED
# codes observed events only), the kind, PLOVER and CAMEO codes, and the way back to the
# source: the sentence, its offsets, the document, its publication date and URL, and the
# "DOCNAME#ID" a brief cites.

ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
                 "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2",
                 "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region",
                 "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
                 "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
                 "timestamp")
SITREP_COLUMNS = ("modality", "negated", "sitrep_kind", "plover", "plover_mode", "cameo",
                  "actor_side", "sentence", "sentence_start", "sentence_end", "document",
                  "doc_id", "published", "url", "ref")
COLUMNS = ACLED_COLUMNS + SITREP_COLUMNS


def acled_csv(picture: Picture, *, observed_only: bool = False) -> str:
    """One row per event in publication order; ``observed_only``: only events reported
    as observed and not negated, as ACLED would code them."""
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    numbers: Counter[str] = Counter()  # event_id_cnty: the country's code and a running number
    for item in events(picture, observed_only=observed_only):
        row = {**_when(item), **_what(item.event), **_where(item),
               **_row_provenance(picture, item)}
        if row.get("iso"):
            numbers[row["iso"]] += 1
            row["event_id_cnty"] = f"{_alpha3(item)}{numbers[row['iso']]}"
        writer.writerow(row)
    return out.getvalue()


def _when(item: Located) -> dict:
    """ACLED's event date: the event's own, else the report's publication date (the
    latest it can have happened: time_precision 3)."""
    start = item.event.time.start
    date = start.date if start else item.report.published
    return {"event_date": date.isoformat() if date else "", "year": date.year if date else "",
            "time_precision": _time_precision(item.event)}


def _what(event: Event) -> dict:
    registry = vocabulary()
    kind = registry.event_kind(event.kind)
    return {"disorder_type": registry.acled_disorder_types.get(kind.acled_event_type, ""),
            "event_type": kind.acled_event_type, "sub_event_type": kind.acled_sub_event_type,
            "actor1": event.actor or "", "notes": event.text,
            "modality": event.modality, "negated": str(event.negated).lower(),
            "sitrep_kind": event.kind, "plover": event.plover or "",
            "plover_mode": event.plover_mode or "", "cameo": event.cameo or "",
            "actor_side": event.actor_side or ""}


def _where(item: Located) -> dict:
    point = item.point
    if point is None:
        return {}
    codes = country_codes(point.country)
    areas = admin_areas(point.name, point.kind, point.lat, point.lon, point.country)
    return {"iso": codes.numeric if codes else "", "country": codes.name if codes else "",
            "admin1": areas.admin1, "admin2": areas.admin2, "location": point.name,
            "latitude": f"{point.lat:.5f}", "longitude": f"{point.lon:.5f}",
            "geo_precision": GEO_PRECISION.get(point.kind, 3)}


def _row_provenance(picture: Picture, item: Located) -> dict:
    report, event = item.report, item.event
    return {"source": report.publisher or "", "sentence": event.text,
            "sentence_start": event.start, "sentence_end": event.end, "document": report.name,
            "doc_id": report.doc_id,
            "published": report.published.isoformat() if report.published else "",
            "url": report.url or "", "ref": picture.cite(Ref(report.doc_id, event.id))}


def _alpha3(item: Located) -> str:
    return country_codes(item.point.country).alpha3


def _time_precision(event: Event) -> int:
    """ACLED's codes: 1 the day is known, 2 the week, 3 only the month or less."""
    start, end = event.time.start, event.time.end
    if start is None or start.precision != "day":
        return 3
    if end is None or (end.date - start.date).days == 0:
        return 1
    return 2 if (end.date - start.date).days <= 7 else 3
