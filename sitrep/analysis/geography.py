"""Where places lie relative to the country at risk: distance to its land border,
bearing to its capital, and whether a movement heads towards it."""

from __future__ import annotations

from functools import lru_cache

from sitrep.analysis.tracks import Position
from sitrep.geo.borders import bearing, capital, compass, distance_to_border, outline
from sitrep.model import Event, Report

TOWARDS_KM = 150  # a movement with no known origin heads towards the country if it ends this close


class Geography:
    def __init__(self, country: str | None):
        try:
            self.country = country if country and outline(country) else None
        except ValueError:  # no outline for this country in the data
            self.country = None
        self.capital = capital(self.country) if self.country else None
        self.position = lru_cache(maxsize=4096)(self._position)
        self.border_km = lru_cache(maxsize=4096)(self._border_km)

    def _position(self, lat: float, lon: float) -> Position | None:
        if self.country is None:
            return None
        found = distance_to_border(self.country, lat, lon)
        degrees = bearing(lat, lon, self.capital[1], self.capital[2]) if self.capital else None
        return Position(round(found.km, 1), found.inside,
                        round(degrees, 1) if degrees is not None else None,
                        compass(degrees) if degrees is not None else None)

    def _border_km(self, lat: float, lon: float) -> float | None:
        """Distance to the border; 0 for a place inside the country."""
        position = self.position(lat, lon)
        if position is None:
            return None
        return 0.0 if position.inside else position.border_km

    def towards(self, event: Event, report: Report) -> bool:
        """Whether a movement ends nearer the country than it started (or, from an unknown
        origin, ends close to it)."""
        end = report.places.get(event.destination or "")
        if end is None:
            return False
        end_km = self.border_km(end.lat, end.lon)
        if end_km is None:
            return False
        start = report.places.get(event.origin or "")
        start_km = self.border_km(start.lat, start.lon) if start else None
        return end_km < start_km if start_km is not None else end_km <= TOWARDS_KM
