"""Airports and military airfields for the gazetteer, from ``airportsdata`` (MIT).

airportsdata lists some 28,000 airfields by official name, ICAO code, country and
reference point. Kept are those with an IATA code (airports with airline service) and
the military ones (a name with a word marked military in ``airfield_words.tsv``): some
8,000, without the private strips that make up most of the rest. A news report rarely
writes an airfield's official name: each also gets its short forms, the name without
the words that only say it is an airfield ("Incirlik" for "Incirlik Air Base", "Akrotiri"
for "RAF Akrotiri") and without the town it serves where the name starts with it
("Heathrow", "Heathrow Airport" for "London Heathrow Airport"). The gazetteer decides
which short forms to keep (``Gazetteer`` build): a town's own name stays the town's.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from sitrep.data import data_lines
from sitrep.geo.names import name_key

_WORD_BREAKS = re.compile(r"[\s\-]+")


@dataclass(frozen=True, slots=True)
class Airfield:
    name: str  # "London Heathrow Airport"
    short_names: tuple[str, ...]  # ("Heathrow", "Heathrow Airport")
    country: str  # ISO alpha-2 ("XK" for Kosovo)
    lat: float
    lon: float
    icao: str
    iata: str
    military: bool


def airfield_words() -> dict[str, bool]:
    """The words of ``airfield_words.tsv``, each with whether it marks a military airfield."""
    words = {}
    for line in data_lines("airfield_words.tsv"):
        word, military = line.split("\t")
        if military not in ("yes", "no"):
            raise ValueError(f"airfield_words.tsv: {word!r}: military must be yes or no, "
                             f"not {military!r}")
        words[name_key(word)] = military == "yes"
    return words


def read_airfields(path: Path, words: dict[str, bool]) -> list[Airfield]:
    """The airfields of airportsdata's ``airports.csv`` worth a place in the gazetteer."""
    found = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            military = any(words.get(name_key(w)) for w in _words(row["name"]))
            if not (row["iata"] or military):
                continue
            town = re.split(r"[,/]", row["city"])[0]
            found.append(Airfield(row["name"], short_names(row["name"], town, words),
                                  row["country"], float(row["lat"]), float(row["lon"]),
                                  row["icao"], row["iata"], military))
    return found


def short_names(name: str, town: str, words: dict[str, bool]) -> tuple[str, ...]:
    """The forms a text may call an airfield by: without the airfield words at either end
    of its name, and without the town it serves before them, alone and with the last
    word ("Washington Dulles International Airport" -> "Dulles", "Dulles Airport")."""
    parts = _words(name)
    start, end = 0, len(parts)
    while start < end and name_key(parts[start]) in words:
        start += 1
    while end > start and name_key(parts[end - 1]) in words:
        end -= 1
    core = parts[start:end]
    if not core or end == len(parts) and start == 0:
        return ()
    forms = [] if name_key(" ".join(core)) == name_key(town) else [" ".join(core)]
    town_length = len(_words(town))
    if town and len(core) > town_length and (
            name_key(" ".join(core[:town_length])) == name_key(town)):
        rest = core[town_length:]
        forms += [" ".join(rest), " ".join(rest + parts[end:]), " ".join(rest + parts[-1:])]
    return tuple(dict.fromkeys(f for f in forms if name_key(f) != name_key(name)))


def _words(name: str) -> list[str]:
    return [w for w in _WORD_BREAKS.split(name) if w]
