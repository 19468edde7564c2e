"""Land borders and bearings: how far a place lies from a country's frontier, and in
which direction another place lies.

Outlines come from ``countryinfo`` (Natural Earth 1:110m, read from disk): shared
borders there use the same vertices on both sides, but vertices are tens of km apart,
so distances are good to roughly 10-20 km, and a coastal town may fall just outside
its country's outline. A country's land border is the part of its outline within
``BORDER_TOLERANCE_KM`` of a listed neighbour's outline; everything else is coast.
A neighbour without an outline in the data (Hungary, Serbia, Montenegro, Kosovo)
leaves its stretch of border uncounted. A country with no neighbour found (an
island) measures to its whole outline.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from functools import lru_cache
from math import cos, radians, sin

import numpy as np
import shapely
from countryinfo import CountryInfo
from shapely.geometry import shape

from sitrep.geo.distance import EARTH_RADIUS_KM, haversine_km

BORDER_TOLERANCE_KM = 5.0  # shared borders coincide in the data; slack for the few that don't
STEP_DEGREES = 0.1  # outline pieces this long get their own neighbour label
KM_PER_DEGREE = 111.2  # a degree of latitude; a degree of longitude is less, so the test is strict
COMPASS_POINTS = ("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
                  "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW")


@dataclass(frozen=True, slots=True)
class BorderDistance:
    """Where a point stands with respect to a country's land border."""

    km: float  # great-circle distance to the nearest land-border point, >= 0
    inside: bool  # the point lies inside (or on) the country's outline
    nearest: tuple[float, float]  # (lat, lon) of that border point
    neighbour: str | None  # alpha-2 code of the country across it; None for a whole coastline


@dataclass(frozen=True, slots=True)
class _Border:
    area: shapely.Geometry  # the country, prepared for point-in-polygon tests
    lonlat: np.ndarray  # (n, 2) the border's vertices
    trig: np.ndarray  # (4, n) sines and cosines of their latitudes and longitudes, kept for speed
    pieces: np.ndarray  # (m, 2) the two vertex indices of each border piece
    neighbours: tuple[str | None, ...]  # per piece


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, dict], dict[str, list[str]], dict[str, str]]:
    """Outline and neighbour codes by alpha-2, and alpha-3 -> alpha-2, from every record.

    Built from every record rather than CountryInfo(code), which resolves names and
    aliases too ("UK") and for "PS" picks a duplicate record that has no outline."""
    outlines: dict[str, dict] = {}
    borders: dict[str, list[str]] = {}
    alpha2_of: dict[str, str] = {}
    for record in CountryInfo.all().values():
        iso = record.get("ISO") or {}
        alpha2, alpha3 = iso.get("alpha2"), iso.get("alpha3")
        if not alpha2:
            continue
        if alpha3:
            alpha2_of.setdefault(alpha3, alpha2)
        features = (record.get("geoJSON") or {}).get("features")
        if features and alpha2 not in outlines:
            outlines[alpha2] = features[0]["geometry"]
            borders[alpha2] = list(record.get("borders") or [])
    return outlines, borders, alpha2_of


@lru_cache(maxsize=1)
def _capitals() -> dict[str, tuple[str, float, float]]:
    capitals = {}
    for record in CountryInfo.all().values():
        alpha2 = (record.get("ISO") or {}).get("alpha2")
        point = record.get("capital_latlng")
        if alpha2 and record.get("capital") and point and len(point) == 2:
            capitals.setdefault(alpha2, (record["capital"], float(point[0]), float(point[1])))
    return capitals


def capital(country: str) -> tuple[str, float, float] | None:
    """The capital's name, latitude and longitude, or None where the data has none."""
    return _capitals().get(country.strip().upper())


def outline(country: str) -> dict:
    """The country's GeoJSON geometry (lon, lat order), e.g. to draw it on a map; a copy,
    so that callers cannot alter the cached one."""
    return copy.deepcopy(_geometry(country.strip().upper()))


def _geometry(code: str) -> dict:
    outlines = _index()[0]
    if code not in outlines:
        raise ValueError(f"no outline for country {code!r}: not an ISO 3166-1 alpha-2 code, "
                         "or countryinfo has no outline for it")
    return outlines[code]


def _area(country: str) -> shapely.Geometry:
    area = shape(_geometry(country))
    return area if area.is_valid else area.buffer(0)  # a few outlines self-touch (Sweden)


@lru_cache(maxsize=64)
def _border(country: str) -> _Border:
    """Cut the outline into short pieces and label each with the neighbour it runs along."""
    outlines, borders, alpha2_of = _index()
    area = _area(country)
    rings = [ring for polygon in getattr(area, "geoms", [area])
             for ring in (polygon.exterior, *polygon.interiors)]
    starts, ends = [], []
    for ring in shapely.segmentize(rings, STEP_DEGREES):
        xy = shapely.get_coordinates(ring)
        starts.append(xy[:-1])
        ends.append(xy[1:])
    start, end = np.concatenate(starts), np.concatenate(ends)
    # The cut GeoJSON makes along the antimeridian (Russia, Fiji) is neither border nor coast.
    keep = ~((np.abs(start[:, 0]) == 180) & (np.abs(end[:, 0]) == 180))
    start, end = start[keep], end[keep]

    codes = [alpha2_of[b] for b in borders[country] if alpha2_of.get(b) in outlines]
    labels: tuple[str | None, ...] = (None,) * len(start)
    if codes:
        middles = shapely.points((start + end) / 2)
        gaps = np.array([shapely.distance(middles, _area(code)) for code in codes]) * KM_PER_DEGREE
        on_border = gaps.min(axis=0) <= BORDER_TOLERANCE_KM
        if on_border.any():
            labels = tuple(codes[i] for i in gaps.argmin(axis=0)[on_border])
            start, end = start[on_border], end[on_border]
    lonlat, pieces = np.unique(np.vstack((start, end)), axis=0, return_inverse=True)
    lon, lat = np.radians(lonlat).T
    shapely.prepare(area)
    return _Border(area, lonlat, np.array((np.sin(lat), np.cos(lat), np.sin(lon), np.cos(lon))),
                   pieces.reshape(2, -1).T, labels)


def _project(lat0: float, lon0: float, trig: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Azimuthal-equidistant x (east) and y (north) in km around (lat0, lon0): distances
    from the centre are exact great-circle distances, so the nearest piece is found
    correctly however far away it is."""
    sin_lat, cos_lat, sin_lon, cos_lon = trig
    sin0, cos0 = sin(radians(lat0)), cos(radians(lat0))
    sin_lon0, cos_lon0 = sin(radians(lon0)), cos(radians(lon0))
    cos_dlon = cos_lon * cos_lon0 + sin_lon * sin_lon0
    x = cos_lat * (sin_lon * cos_lon0 - cos_lon * sin_lon0)
    y = cos0 * sin_lat - sin0 * cos_lat * cos_dlon
    chord = np.hypot(x, y)
    scale = EARTH_RADIUS_KM * np.arctan2(chord, sin0 * sin_lat + cos0 * cos_lat * cos_dlon)
    scale /= np.maximum(chord, 1e-300)  # at the centre itself x = y = 0 whatever the scale
    return x * scale, y * scale


def distance_to_border(country: str, lat: float, lon: float) -> BorderDistance:
    """Distance from (lat, lon) to the nearest land border of ``country`` (alpha-2)."""
    border = _border(country.strip().upper())
    x, y = _project(lat, lon, border.trig)
    first, second = border.pieces.T
    ax, ay = x[first], y[first]
    dx, dy = x[second] - ax, y[second] - ay
    t = np.clip(-(ax * dx + ay * dy) / np.maximum(dx * dx + dy * dy, 1e-300), 0.0, 1.0)
    i = int(np.argmin((ax + t * dx) ** 2 + (ay + t * dy) ** 2))
    start, end = border.lonlat[first[i]], border.lonlat[second[i]]
    near_lon, near_lat = start + t[i] * (end - start)
    return BorderDistance(
        km=haversine_km(lat, lon, near_lat, near_lon),
        inside=bool(shapely.intersects_xy(border.area, (lon + 180.0) % 360.0 - 180.0, lat)),
        nearest=(float(near_lat), float(near_lon)),
        neighbour=border.neighbours[i])


def bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial great-circle bearing from the first point to the second: degrees clockwise
    from north, in [0, 360)."""
    phi1, phi2, dlam = radians(lat1), radians(lat2), radians(lon2 - lon1)
    y = sin(dlam) * cos(phi2)
    x = cos(phi1) * sin(phi2) - sin(phi1) * cos(phi2) * cos(dlam)
    return math.degrees(math.atan2(y, x)) % 360.0


def compass(degrees: float) -> str:
    """The 16-point compass name of a bearing, each point covering 22.5 degrees centred on it."""
    return COMPASS_POINTS[int((degrees % 360.0) / 22.5 + 0.5) % 16]
