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
from collections.abc import Iterator
from dataclasses import dataclass

from sitrep.analysis.picture import Picture
from sitrep.analysis.tracks import Track
from sitrep.model import Event, PlacePoint, Ref, Report
from sitrep.registry import vocabulary

ACLED_COLUMNS = ("event_date", "time_precision", "event_type", "sub_event_type", "actor1",
                 "actor2", "country", "admin1", "location", "latitude", "longitude",
                 "geo_precision", "source", "notes", "plover", "plover_mode", "cameo",
                 "modality", "negated", "ref", "url")
# ACLED's precision codes: 1 a town or finer, 2 near a town or part of a region, 3 a
# region or wider. Time: 1 a day, 2 a week or less, 3 a month or more. admin1 is filled
# only where the place is itself a first-level region: the gazetteer keeps GeoNames'
# admin1 codes, not their names.
GEO_PRECISION = {"city": 1, "facility": 1, "area": 2, "region": 3, "country": 3}
KML_NS = "http://www.opengis.net/kml/2.2"


@dataclass(frozen=True, slots=True)
class Located:
    """An event with the place it is mapped at."""

    report: Report
    event: Event
    role: str  # destination, location or origin
    point: PlacePoint | None


def events(picture: Picture) -> Iterator[Located]:
    """Every event of the picture in publication order, with its place where resolved."""
    for report in _in_order(picture):
        for event in report.events:
            role, name = next(((r, getattr(event, r)) for r in ("destination", "location", "origin")
                               if getattr(event, r)), (None, None))
            yield Located(report, event, role, report.places.get(name) if name else None)


def geojson(picture: Picture) -> dict:
    """An RFC 7946 FeatureCollection: one Point per located event, one LineString per
    track (coordinates lon, lat)."""
    features = [{"type": "Feature", "id": picture.cite(_ref(item)),
                 "geometry": {"type": "Point",
                              "coordinates": [round(item.point.lon, 6), round(item.point.lat, 6)]},
                 "properties": {"layer": "event", **_event_properties(picture, item)}}
                for item in events(picture) if item.point is not None]
    for track in picture.tracks():
        points = [p for p in track.points if p.lat is not None]
        if len(points) < 2:
            continue
        features.append({
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
                                         for p in points]}})
    return {"type": "FeatureCollection", "features": features}


def acled_csv(picture: Picture) -> str:
    """One row per event, ACLED's columns first, then PLOVER, CAMEO and provenance."""
    registry = vocabulary()
    out = io.StringIO()
    writer = csv.DictWriter(out, ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in events(picture):
        event, report, point = item.event, item.report, item.point
        kind = registry.event_kind(event.kind)
        start = event.time.start
        writer.writerow({
            "event_date": start.date.isoformat() if start else (report.published.isoformat()
                                                     if report.published else ""),
            "time_precision": _time_precision(event),
            "event_type": kind.acled_event_type, "sub_event_type": kind.acled_sub_event_type,
            "actor1": event.actor or "", "actor2": "",
            "country": point.country if point and point.country else "",
            "admin1": point.name if point and point.kind == "region" else "",
            "location": point.name if point else "",
            "latitude": f"{point.lat:.5f}" if point else "",
            "longitude": f"{point.lon:.5f}" if point else "",
            "geo_precision": GEO_PRECISION.get(point.kind, 3) if point else "",
            "source": report.publisher or "",
            "notes": event.text, "plover": event.plover or "",
            "plover_mode": event.plover_mode or "", "cameo": event.cameo or "",
            "modality": event.modality, "negated": str(event.negated).lower(),
            "ref": picture.cite(_ref(item)), "url": report.url or ""})
    return out.getvalue()


def kml(picture: Picture) -> str:
    """A KML document: events as placemarks with a TimeStamp or TimeSpan and tracks as
    lines whose points carry their dates, so Google Earth's time slider animates them."""
    ET.register_namespace("", KML_NS)
    root = ET.Element(f"{{{KML_NS}}}kml")
    document = _sub(root, "Document")
    _sub(document, "name", picture.case.name)
    events_folder = _sub(document, "Folder")
    _sub(events_folder, "name", "Events")
    for item in events(picture):
        if item.point is None:
            continue
        mark = _sub(events_folder, "Placemark")
        _sub(mark, "name", f"{item.event.kind}: {item.event.subject or item.event.actor or ''}")
        _sub(mark, "description", f"{item.event.text}\n— {_provenance(picture, item)}")
        _time(mark, item.event)
        _sub(_sub(mark, "Point"), "coordinates", f"{item.point.lon:.6f},{item.point.lat:.6f}")
    tracks_folder = _sub(document, "Folder")
    _sub(tracks_folder, "name", "Tracks")
    for track in picture.tracks():
        _track(tracks_folder, track, picture)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def render_export(picture: Picture, output_format: str) -> str:
    """``geojson``, ``csv`` or ``kml`` (STIX has its own module)."""
    if output_format == "geojson":
        return json.dumps(geojson(picture), ensure_ascii=False, indent=1) + "\n"
    if output_format == "csv":
        return acled_csv(picture)
    if output_format == "kml":
        return kml(picture)
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
    }


def _time_precision(event: Event) -> int:
    start, end = event.time.start, event.time.end
    if start is None or start.precision != "day":
        return 3
    if end is None or (end.date - start.date).days == 0:
        return 1
    return 2 if (end.date - start.date).days <= 7 else 3


def _provenance(picture: Picture, item: Located) -> str:
    report = item.report
    published = report.published.isoformat() if report.published else "undated"
    return f"{report.publisher or 'unknown source'}, {published}, {picture.cite(_ref(item))}"


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{KML_NS}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _time(mark: ET.Element, event: Event) -> None:
    start, end = event.time.start, event.time.end
    if start is None:
        return
    if end is None or end.iso() == start.iso():
        _sub(_sub(mark, "TimeStamp"), "when", start.iso())
    else:
        span = _sub(mark, "TimeSpan")
        _sub(span, "begin", start.iso())
        _sub(span, "end", end.iso())


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
